"""Step-wise destruction of pair correlations in micro clusters by a magnetic field.

Single degenerate shell of ``2M`` states (orbital projections ``lambda = -l..l``,
``M = 2l + 1``, spin 1/2) with the pairing Hamiltonian ``H = -G A+ A - omega (Lz + 2 Sz)``.

Modules
-------
seniority
    The exact canonical solution (seniority scheme, Eqs. 4-12 of the paper): integer
    degeneracy tables, partition function, canonical gap, susceptibility, heat capacity,
    T = 0 step positions.
bcs
    The finite-temperature BCS mean field in the same shell, with blocking by the field,
    the particle-number condition and a free-energy choice among several solutions.

Units used throughout: energies, temperatures (k_B = 1) and the Larmor energy
``hbar omega = mu_B B`` in units of ``Delta0 = G M / 2`` (so ``G = 2 / M``); magnetic moments
in ``mu_B``; susceptibility in ``mu_B^2 / (V Delta0)``; heat capacity in ``k_B``.
"""
