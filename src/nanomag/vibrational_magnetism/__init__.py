"""Vibrationally induced magnetism in supramolecular aggregates (Fransson), Figs. 1-5.

Modules
-------
dimer
    Spin dimer J S1.S2 + I S1zS2z + D(S1z^2+S2z^2) + alpha(S1z+S2z) for any S by block
    diagonalisation; the printed Eq. 5 and a field-on-one-spin variant; Eq. 2 levels (Fig. 1)
    and the (J, alpha) phase maps (Fig. 2).
anharmonic
    Mean displacement coth(beta omega0/2)/omega0 (Eq. 7, Fig. 3) and alpha(T); the (J, T)
    phase maps (Fig. 4).
lattice
    2D Gaussian couplings and the k-averaged moment per site (Fig. 5).
"""
