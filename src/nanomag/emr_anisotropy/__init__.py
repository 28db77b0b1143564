"""Magnetic anisotropy of CdSe nanocrystal ensembles from angular-dependent EMR.

Reproduction of seed ``001_44705f8847786b07.txt`` (J. Phys. Chem. C / ACS 2020): random
magnetic dipoles interacting through the dipole-dipole energy of Eq. 2 produce an effective
traceless tensor D (Eq. 3) whose in-plane combinations A, B, C set the angular variation of
the EMR resonance field (Eqs. 4-5).

Modules
-------
dipolar
    F_dip of Eq. 2 for any dipole set, the closed-form tensor D, the fit of Eq. 3, A, B, C;
    Fig. 3 (random dipoles in a cylinder).
resonance
    Suhl-Smit resonance field H_res(alpha_H) of Eqs. 4-5; Fig. 1.
ensembles
    Nanocrystal ensembles (ligand-shell contacts, surface dipoles, Fisher-distributed extra
    dipoles); Fig. 4 densities; Fig. 5 Monte Carlo of A and B (chunked).
magnetometry
    Arithmetic of the magnetization statements (Fig. 2 is experimental only).
"""
