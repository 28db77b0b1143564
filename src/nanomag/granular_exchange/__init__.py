"""Udalov & Beloborodov, "Influence of the Coulomb interaction on the exchange coupling in
granular magnets" (seed 003): intergrain exchange with Coulomb blockade.

Modules: :mod:`~nanomag.granular_exchange.exchange` (Eqs. 12, 17, 31-34 and the figure
tables), :mod:`~nanomag.granular_exchange.closed_form` (charging energy, Eq. 22),
:mod:`~nanomag.granular_exchange.profiles` (Figs. 2 and 8),
:mod:`~nanomag.granular_exchange.observables` (scorecard quantities).
"""
