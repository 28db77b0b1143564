"""The single degenerate shell: single-particle moments, units and sweep grids.

A shell of orbital angular momentum ``l`` has ``M = 2l + 1`` orbital projections
``lambda = -l..l`` and ``2M`` single-particle states ``k = (lambda, sigma)``. In the field the
state ``k`` has the energy ``-omega m_k`` with the magnetic number ``m_k = lambda + 2 sigma``
(Eq. 1 of the paper). The time-reversed partner of ``k = (lambda, up)`` is
``kbar = (-lambda, down)``; the pair ``p = (k, kbar)`` carries ``m_k + m_kbar = 0``.

Units: energies in ``Delta0 = G M / 2`` (the BCS gap of the half-filled shell, the paper's
energy scale), hence ``G = 2 / M``; temperatures in the same unit, with
``Tc = Delta0 / 2`` (the paper's mean-field critical temperature of the half-filled shell).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

#: Mean-field critical temperature of the half-filled shell [Delta0] (paper, after Eq. 12).
TC_OVER_DELTA0 = 0.5

# Units of the columns that the canonical and BCS response tables share.
RESPONSE_UNITS = {"shell_m": "1", "n_electrons": "1", "t_over_tc": "Tc",
                  "omega_over_omegac": "omega_c", "omega_over_delta0": "Delta0",
                  "gap_over_delta0": "Delta0", "moment_mub": "mu_B",
                  "chi_mub2_per_v_delta0": "mu_B^2/(V Delta0)"}


def check_shell(shell_m: int, n_electrons: int | float | None = None) -> None:
    """Validate a shell size and particle number.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M = 2l + 1`` [1]; must be odd and >= 1.
    n_electrons : int or float, optional
        Particle number in the shell [1], 0 <= N <= 2M.

    Raises
    ------
    ValueError
        If ``M`` is not a positive odd integer or ``N`` is outside ``[0, 2M]``.
    """
    if int(shell_m) != shell_m or shell_m < 1 or shell_m % 2 != 1:
        raise ValueError(f"shell_m must be a positive odd integer (M = 2l + 1), got {shell_m}")
    if n_electrons is not None and not 0 <= n_electrons <= 2 * shell_m:
        raise ValueError(f"n_electrons must lie in [0, 2M] = [0, {2 * shell_m}], "
                         f"got {n_electrons}")


def coupling(shell_m: int) -> float:
    """Pairing strength ``G`` [Delta0] in the units of the package: ``G = 2 / M``.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M`` [1].

    Returns
    -------
    float
        ``G`` [Delta0], from ``Delta0 = G M / 2``.
    """
    check_shell(shell_m)
    return 2.0 / shell_m


def single_particle_moments(shell_m: int) -> np.ndarray:
    """Magnetic numbers ``m_k = lambda + 2 sigma`` of the ``2M`` states of the shell.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M = 2l + 1`` [1].

    Returns
    -------
    numpy.ndarray of int, shape (2M,)
        First the spin-up states ``lambda + 1`` for ``lambda = -l..l``, then the spin-down
        states ``lambda - 1`` [mu_B].
    """
    check_shell(shell_m)
    l = (shell_m - 1) // 2
    lam = np.arange(-l, l + 1)
    return np.concatenate([lam + 1, lam - 1])


def pair_moments(shell_m: int) -> np.ndarray:
    """Magnetic number of the spin-up member of each time-reversed pair.

    The pair ``p = ((lambda, up), (-lambda, down))`` has members with ``m = +-(lambda + 1)``;
    its two quasiparticles have the energies ``E -+ omega (lambda + 1)``.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M`` [1].

    Returns
    -------
    numpy.ndarray of int, shape (M,)
        ``lambda + 1`` for ``lambda = -l..l`` [mu_B].
    """
    check_shell(shell_m)
    l = (shell_m - 1) // 2
    return np.arange(-l, l + 1) + 1


def _values(spec: Any) -> np.ndarray:
    """A list of values or a ``{start, stop, num}`` grid spec as a float array."""
    from nanomag.config import grid

    if isinstance(spec, Mapping):
        return grid(spec)
    return np.atleast_1d(np.asarray(spec, dtype=float))


def sweep_points(params: Mapping[str, Any]) -> dict[str, Any]:
    """Decode the sweep of a figure's config slice.

    Parameters
    ----------
    params : mapping
        ``shells``: list of ``{m, n_electrons}``; and either a field sweep
        (``temperatures_over_tc``: list [Tc], ``omega_over_omegac``: grid [omega_c]) or a
        temperature sweep (``omegas_over_omegac``: list [omega_c], ``temperature_over_tc``:
        grid [Tc]).

    Returns
    -------
    dict
        ``sweep`` ("field" or "temperature"), ``shells`` (list of (M, N)), ``fixed`` (the
        listed values) and ``grid`` (the swept values), both in the units above.

    Raises
    ------
    ValueError
        If the slice defines neither or both sweeps.
    """
    field = "omega_over_omegac" in params and "temperatures_over_tc" in params
    temp = "temperature_over_tc" in params and "omegas_over_omegac" in params
    if field == temp:
        raise ValueError("config slice must define either a field sweep (temperatures_over_tc "
                         "+ omega_over_omegac) or a temperature sweep (omegas_over_omegac + "
                         "temperature_over_tc)")
    shells = [(int(s["m"]), int(s["n_electrons"])) for s in params["shells"]]
    for m, n in shells:
        check_shell(m, n)
    if field:
        return {"sweep": "field", "shells": shells,
                "fixed": _values(params["temperatures_over_tc"]),
                "grid": _values(params["omega_over_omegac"])}
    return {"sweep": "temperature", "shells": shells,
            "fixed": _values(params["omegas_over_omegac"]),
            "grid": _values(params["temperature_over_tc"])}
