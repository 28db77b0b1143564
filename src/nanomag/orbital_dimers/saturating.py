r"""Saturating dimer model (Sec. IV, Eqs. 9-10) and its zero-field phase diagram (Figs. 3-4).

Each moment follows :math:`M_i = M_0\tanh(V\chi_i|H_i|/M_0)\,\hat H_i` (Eq. 9). For moments
along the dimer axis (longitudinal direction, the only one that orders, footnote 7) the
self-consistent equations (3) + (9) become, with :math:`\mu_i = M_{zi}/M_0` and
:math:`r_i = \chi_i/\chi_c^z`,

.. math:: \mu_1 = \tanh[r_1(\mu_2 + h)],\qquad \mu_2 = \tanh[r_2(\mu_1 + h)],

where :math:`h = H d^3/(2M_0)` is the applied field in units of the dipolar field
:math:`2M_0/d^3` of one saturated particle at the other. At :math:`h = 0` this is Eq. (10).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table

#: Phase labels of Figs. 3 and 4, in order of increasing chi.
PHASES = ("anti-aligned", "diamagnetic", "paramagnetic", "aligned")
#: Points along each analytic line of Fig. 4 (drawing resolution) [1].
LINE_POINTS = 4001


def _residual(mu1, r1, r2, h):
    """F(mu1) = mu1 - tanh[r1 (tanh[r2 (mu1 + h)] + h)] and the pieces of its slope."""
    mu2 = np.tanh(r2 * (mu1 + h))
    t1 = np.tanh(r1 * (mu2 + h))
    return mu1 - t1, mu2, t1


def solve_dimer(r1, r2, h=0.0, lower=-1.0, upper=1.0, start=0.0, tol=1e-14, max_iter=200):
    r"""Solve the saturating dimer equations by vectorized, safeguarded Newton iteration.

    :math:`\mu_2` is eliminated exactly, :math:`\mu_2 = \tanh[r_2(\mu_1 + h)]`, and the root
    of :math:`F(\mu_1) = \mu_1 - \tanh[r_1(\mu_2(\mu_1) + h)]` is searched in a bracket
    with :math:`F(\mathrm{lower}) \le 0 \le F(\mathrm{upper})`. A Newton step is accepted
    when it stays inside the bracket and at least halves the previous step (the rule of
    Numerical Recipes' ``rtsafe``); otherwise the bracket is bisected. Since
    :math:`|\tanh| < 1`, :math:`[-1, 1]` is always a valid bracket.

    Parameters
    ----------
    r1, r2 : array_like
        Susceptibilities of the two particles [chi_c^z]; broadcast together.
    h : float
        Applied longitudinal field [2 M0 / d^3].
    lower, upper : float or array_like
        Bracket of :math:`\mu_1` [M0].
    start : float or array_like
        Initial :math:`\mu_1` [M0], inside the bracket.
    tol : float
        Convergence threshold on :math:`|F|` [M0].
    max_iter : int
        Maximal number of iterations.

    Returns
    -------
    mu1, mu2 : numpy.ndarray
        Self-consistent reduced moments :math:`M_{z1}/M_0`, :math:`M_{z2}/M_0` [M0].

    Raises
    ------
    RuntimeError
        If some point has not converged, naming its parameters.
    """
    r1, r2 = np.broadcast_arrays(np.asarray(r1, float), np.asarray(r2, float))
    lower = np.broadcast_to(np.asarray(lower, float), r1.shape).copy()
    upper = np.broadcast_to(np.asarray(upper, float), r1.shape).copy()
    mu1 = np.broadcast_to(np.asarray(start, float), r1.shape).copy()
    previous_step = np.full(r1.shape, np.inf)
    for _ in range(max_iter):
        residual, mu2, t1 = _residual(mu1, r1, r2, h)
        if np.max(np.abs(residual), initial=0.0) < tol:
            return mu1, mu2
        lower = np.where(residual < 0, mu1, lower)
        upper = np.where(residual > 0, mu1, upper)
        slope = 1.0 - r1 * r2 * (1.0 - t1**2) * (1.0 - mu2**2)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = mu1 - residual / slope
        accept = (np.isfinite(newton) & (newton > lower) & (newton < upper)
                  & (np.abs(newton - mu1) < 0.5 * np.abs(previous_step)))
        new_mu1 = np.where(accept, newton, 0.5 * (lower + upper))
        previous_step = new_mu1 - mu1
        mu1 = new_mu1
    bad = np.flatnonzero(np.abs(residual) >= tol)
    i = bad[0]
    raise RuntimeError(
        f"saturating dimer did not converge in {max_iter} iterations at "
        f"r1={r1.flat[i]:.6g}, r2={r2.flat[i]:.6g}, h={h:g} ({bad.size} points)")


def spontaneous_moments(r1, r2, order_threshold=1e-6):
    r"""Zero-field ordered moments of the dimer [M0].

    A moment :math:`\mu_1 > \epsilon` (``order_threshold``) solves Eq. (10) iff
    :math:`F(\epsilon) < 0`, since :math:`F(1) > 0` and :math:`F` is convex on
    :math:`\mu_1 > 0` for :math:`r_1 r_2 > 0` and increasing for :math:`r_1 r_2 < 0`. Where
    it does, it is found in the bracket :math:`[\epsilon, 1]`; elsewhere the zero-field
    state is :math:`\mu = 0`. The degenerate partner is :math:`(-\mu_1, -\mu_2)`.

    Parameters
    ----------
    r1, r2 : array_like
        Susceptibilities [chi_c^z].
    order_threshold : float
        Smallest moment [M0] counted as order.

    Returns
    -------
    mu1, mu2 : numpy.ndarray
        Reduced moments [M0], with :math:`\mu_1 \ge 0`.
    """
    r1, r2 = np.broadcast_arrays(np.asarray(r1, float), np.asarray(r2, float))
    ordered = _residual(order_threshold, r1, r2, 0.0)[0] < 0
    mu1, mu2 = np.zeros(r1.shape), np.zeros(r1.shape)
    if np.any(ordered):
        mu1[ordered], mu2[ordered] = solve_dimer(r1[ordered], r2[ordered], 0.0,
                                                 lower=order_threshold, upper=1.0, start=1.0)
    return mu1, mu2


def classify_phase(r1, r2, probe_field=1e-6, order_threshold=1e-6):
    r"""Zero-field phase of the dimer by the numerical method of footnote 7.

    Solve Eqs. (3) + (9) at H = 0; if the moments vanish, apply a weak field and read the
    sign of the response (para- or diamagnetic).

    Parameters
    ----------
    r1, r2 : array_like
        Susceptibilities [chi_c^z].
    probe_field : float
        Weak field [2 M0/d^3] used when the zero-field moments vanish.
    order_threshold : float
        Moment [M0] above which the dimer counts as ordered.

    Returns
    -------
    numpy.ndarray of int
        Index into :data:`PHASES`.
    """
    mu1, mu2 = spontaneous_moments(r1, r2, order_threshold)
    ordered = np.abs(mu1) > 0
    aligned = ordered & (mu1 * mu2 > 0)
    p1, p2 = solve_dimer(r1, r2, probe_field, start=0.0)
    paramagnetic = (p1 + p2) > 0
    return np.select([aligned, ordered, paramagnetic], [3, 0, 2], default=1)


def analytic_phase(r1, r2):
    r"""Phase from the analytic boundaries of Sec. IV [index into :data:`PHASES`].

    Ordered where :math:`r_1 r_2 > 1` (aligned for :math:`r_{1,2} > 0`, anti-aligned for
    :math:`r_{1,2} < 0`); otherwise para- or diamagnetic by the sign of :math:`\chi^{zz}`
    of Eq. (6), i.e. of :math:`r_1 + r_2 + 2 r_1 r_2`.
    """
    r1, r2 = np.asarray(r1, float), np.asarray(r2, float)
    ordered = r1 * r2 > 1.0
    return np.select([ordered & (r1 > 0), ordered, r1 + r2 + 2.0 * r1 * r2 > 0], [3, 0, 2],
                     default=1)


def para_dia_boundary(r1):
    r""":math:`r_2` on the line :math:`\chi^{zz} = 0`: :math:`r_2 = -r_1/(1 + 2r_1)` [chi_c^z]."""
    r1 = np.asarray(r1, float)
    return -r1 / (1.0 + 2.0 * r1)


def vector_moments(r1, r2, mu1, mu2, tol=1e-12, max_iter=20000):
    r"""Zero-field moments of Eqs. (3) + (9) as vectors, by Gauss-Seidel iteration [M0].

    No direction is imposed: the reduced field of particle j at particle i is
    :math:`\mathbf f_i = (-\mu_{jx}/2, -\mu_{jy}/2, \mu_{jz})` (Eq. 3 in units where
    :math:`V\chi_i\mathbf H_i/M_0 = r_i\mathbf f_i`, since :math:`\chi_c^z V = d^3/2`), and
    :math:`\boldsymbol\mu_i = \tanh(r_i|\mathbf f_i|)\,\hat{\mathbf f}_i` (Eq. 9).

    Parameters
    ----------
    r1, r2 : array_like, shape (P,)
        Susceptibilities [chi_c^z].
    mu1, mu2 : array_like, shape (P, 3)
        Starting moments [M0].
    tol : float
        Largest change of a component between sweeps at convergence [M0].
    max_iter : int
        Largest number of sweeps.

    Returns
    -------
    mu1, mu2 : numpy.ndarray, shape (P, 3)
        Moments [M0] after convergence (or ``max_iter`` sweeps).
    sweeps : int
        Number of sweeps done.
    """
    r1 = np.asarray(r1, float)[:, None]
    r2 = np.asarray(r2, float)[:, None]
    mu1 = np.array(mu1, dtype=float)
    mu2 = np.array(mu2, dtype=float)
    weight = np.array([-0.5, -0.5, 1.0])

    def respond(r, other):
        field = other * weight
        size = np.linalg.norm(field, axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            direction = np.where(size > 0, field / size, 0.0)
        return np.tanh(r * size) * direction

    for sweep in range(1, int(max_iter) + 1):
        new1 = respond(r1, mu2)
        new2 = respond(r2, new1)
        change = max(np.max(np.abs(new1 - mu1), initial=0.0), np.max(np.abs(new2 - mu2), initial=0.0))
        mu1, mu2 = new1, new2
        if change < tol:
            break
    return mu1, mu2, sweep


def largest_transverse_moment(config: dict, stride: int = 1, seed: int = 0,
                              floor: float = 1e-14, max_sweeps: int = 5000) -> dict:
    r"""Largest transverse moment [M0] of the vector solutions of Eqs. (3) + (9) on the Fig. 4 grid.

    Every ``stride``-th point of each axis of the ``fig4`` config slice starts from
    saturated moments in random
    directions (seeded) and is iterated (:func:`vector_moments`) until every transverse
    component is below ``floor`` or ``max_sweeps`` sweeps are done. Sec. IV states that the
    model yields :math:`m_{x,y} \simeq 0` (the moments settle along z), which the text
    assumes from there on.

    Returns
    -------
    dict
        ``value``: largest :math:`|\mu_{ix}|, |\mu_{iy}|` [M0] at the end; ``sweeps``: sweeps
        done; ``r1``, ``r2``: the grid point of the largest one [chi_c^z].
    """
    from nanomag.config import grid

    axis = grid(config["chi_over_chicz"])[::int(stride)]
    r1, r2 = (a.ravel() for a in np.meshgrid(axis, axis, indexing="ij"))
    rng = np.random.default_rng(seed)
    mu1, mu2 = rng.normal(size=(2, r1.size, 3))
    mu1 /= np.linalg.norm(mu1, axis=1, keepdims=True)
    mu2 /= np.linalg.norm(mu2, axis=1, keepdims=True)
    sweeps = 0
    while sweeps < max_sweeps:
        mu1, mu2, done = vector_moments(r1, r2, mu1, mu2, tol=0.0, max_iter=50)
        sweeps += done
        transverse = np.maximum(np.abs(mu1[:, :2]).max(axis=1), np.abs(mu2[:, :2]).max(axis=1))
        if transverse.max() < floor:
            break
    i = int(np.argmax(transverse))
    return {"value": float(transverse[i]), "sweeps": sweeps, "r1": float(r1[i]),
            "r2": float(r2[i])}


def boundary_lines_table(params: dict) -> Table:
    r"""Fig. 4: the analytic lines of Sec. IV, kept only where they separate two phases.

    - ``ordered``: :math:`\chi_1\chi_2 = (\chi_c^z)^2` (both branches);
    - ``para_dia``: :math:`\chi^{zz} = 0` of Eq. (6), :math:`r_2 = -r_1/(1 + 2r_1)`, its
      branch :math:`r_1 > -1/2` only, where :math:`r_1 r_2 = -r_1^2/(1 + 2r_1) \le 0`: the
      other branch (:math:`r_1 < -1/2`, :math:`r_1 r_2 \ge 1`) lies inside the
      anti-aligned phase and separates nothing;
    - ``noninteracting``: :math:`\chi_2 = -\chi_1`, the para/dia line without coupling.

    Parameters
    ----------
    params : dict
        ``chi_over_chicz``: the axis grid of Fig. 4 [chi_c^z]; the lines are sampled on
        ``LINE_POINTS`` points of the same range and clipped to it.

    Returns
    -------
    Table
        ``line`` (label), ``branch`` [1] (separates disjoint pieces), ``chi1_over_chicz``,
        ``chi2_over_chicz`` [chi_c^z].
    """
    from nanomag.config import grid

    axis = grid(params["chi_over_chicz"])
    low, high = float(axis.min()), float(axis.max())
    r1 = np.linspace(low, high, LINE_POINTS)
    pieces = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for branch, side in enumerate((r1 > 0, r1 < 0)):
            pieces.append(("ordered", branch, r1[side], 1.0 / r1[side]))
        para_dia = para_dia_boundary(r1)
    keep = 1.0 + 2.0 * r1 > 0
    pieces.append(("para_dia", 0, r1[keep], para_dia[keep]))
    pieces.append(("noninteracting", 0, r1, -r1))
    frames = []
    for line, branch, x, y in pieces:
        inside = (y >= low) & (y <= high)
        frames.append(pd.DataFrame({"line": line, "branch": branch, "chi1_over_chicz": x[inside],
                                    "chi2_over_chicz": y[inside]}))
    frame = pd.concat(frames, ignore_index=True).astype({"branch": np.int64})
    units = {"line": "label", "branch": "1", "chi1_over_chicz": "chi_c^z",
             "chi2_over_chicz": "chi_c^z"}
    return Table(frame, units, "Fig. 4: analytic phase boundaries of Sec. IV")


def equal_particles_table(params: dict) -> Table:
    r"""Fig. 3: zero-field moments of a dimer of equal particles vs :math:`\chi/\chi_c^z`.

    Parameters
    ----------
    params : dict
        ``chi_over_chicz``: grid spec ``{start, stop, num}`` [chi_c^z].

    Returns
    -------
    Table
        Per :math:`r`: total moment :math:`2m_z = M_{z1}+M_{z2}` and the two single-particle
        moments [M0] of the ordered state (positive branch; the degenerate branch is the
        negative of it), and the phase label.
    """
    from nanomag.config import grid

    r = grid(params["chi_over_chicz"])
    mu1, mu2 = spontaneous_moments(r, r)
    phase = classify_phase(r, r)
    frame = pd.DataFrame({
        "chi_over_chicz": r,
        "total_moment_over_m0": mu1 + mu2,
        "moment_1_over_m0": mu1,
        "moment_2_over_m0": mu2,
        "phase": np.asarray(PHASES)[phase],
    })
    units = {"chi_over_chicz": "chi_c^z", "total_moment_over_m0": "M0",
             "moment_1_over_m0": "M0", "moment_2_over_m0": "M0", "phase": "label"}
    return Table(frame, units, "Fig. 3: H = 0 solution of Eq. (10) for chi_1 = chi_2")


def phase_diagram_table(params: dict) -> Table:
    r"""Fig. 4: numerical zero-field phase on a grid of :math:`(\chi_1, \chi_2)/\chi_c^z`.

    Parameters
    ----------
    params : dict
        ``chi_over_chicz``: grid spec used for both axes [chi_c^z]; ``probe_field``
        [2 M0/d^3]: weak field for the para/dia decision.

    Returns
    -------
    Table
        One row per grid point: both susceptibilities, the numerical phase (footnote 7) and
        the phase from the analytic boundaries, and the spontaneous moments [M0].
    """
    from nanomag.config import grid

    axis = grid(params["chi_over_chicz"])
    r1, r2 = (a.ravel() for a in np.meshgrid(axis, axis, indexing="ij"))
    mu1, mu2 = spontaneous_moments(r1, r2)
    numerical = classify_phase(r1, r2, probe_field=params["probe_field"])
    frame = pd.DataFrame({
        "chi1_over_chicz": r1, "chi2_over_chicz": r2,
        "phase": np.asarray(PHASES)[numerical],
        "phase_analytic": np.asarray(PHASES)[analytic_phase(r1, r2)],
        "moment_1_over_m0": mu1, "moment_2_over_m0": mu2,
    })
    units = {"chi1_over_chicz": "chi_c^z", "chi2_over_chicz": "chi_c^z", "phase": "label",
             "phase_analytic": "label", "moment_1_over_m0": "M0", "moment_2_over_m0": "M0"}
    return Table(frame, units, "Fig. 4: phases of Eqs. (3) + (9) at H = 0, numerical and analytic")
