r"""Intergrain exchange coupling with Coulomb blockade (Eqs. 12, 17, 21 and 31-34).

Two spherical ferromagnetic grains of radius :math:`a` at surface distance :math:`d`; free
electrons in a well :math:`-U` with subbands split by :math:`\pm J_{sd}`; Fermi level
:math:`E_F<0` below the barrier top (0). With :math:`C = 2m_e/\hbar^2` and spin
:math:`s=\pm1`,

.. math::

    e_{s0} = -U + sJ_{sd},\quad k_{F,s}^2 = C(E_F+U-sJ_{sd}),\quad
    k_{max,s}^2 = C(U-sJ_{sd}),\quad \varkappa_s(k)=\sqrt{k_{max,s}^2-k^2},\quad
    |\tau_s(k)|^2 = 4k^2/k_{max,s}^2,

both squared momenta clipped at 0 (half metal :math:`U+E_F<J_{sd}<U`, semimetal
:math:`J_{sd}>U`, Eq. 21). The integration variable :math:`k` is :math:`k_z` (the transverse
momentum has been integrated). Let :math:`\sigma` be an occupied subband of grain 1 and
:math:`t` the subband of grain 2 it couples to: :math:`t=\sigma` (FM) or :math:`t=-\sigma`
(AFM). Each configuration energy is a sum over :math:`\sigma` of three terms (the zero-order
:math:`(E_F+\epsilon)/2` part of Eqs. 12/17 is the same in both configurations and dropped):

.. math::

    E_1 &= \frac{1}{4\pi^2}\sum_\sigma\int_0^{k_{F\sigma}}\!dk\,(k_{F\sigma}^2-k^2)
           \frac{\pi a}{\varkappa_\sigma}\,e_{t0}\frac{|\tau_\sigma|^2
           e^{-2\varkappa_\sigma d}}{2\varkappa_\sigma},\\
    E_2 &= -\frac{h\,a}{8\pi^2}\sum_\sigma\int_0^{k_{Ft}}\!dk_1\int_0^{k_{F\sigma}}\!dk_2\,
           \min(k_{Ft}^2-k_1^2,\,k_{F\sigma}^2-k_2^2)\,
           \frac{\mathrm{Re}(\hat T\hat P^*)}{\varkappa_2},\\
    E_3 &= -\frac{h\,a}{8\pi^2}\sum_\sigma\int_0^{k_{max,t}}\!dk_1\int_0^{k_{F\sigma}}\!dk_2\,
           \Xi\,\frac{|\hat T|^2/\varkappa_2}{x+\tilde\epsilon_c},

with :math:`\Xi=\max(0,k_{F\sigma}^2-k_2^2-\max(0,k_{Ft}^2-k_1^2))`,
:math:`x=(k_1^2-k_2^2)/C+(t-\sigma)J_{sd}`, :math:`\varkappa_1=\varkappa_t(k_1)`,
:math:`\varkappa_2=\varkappa_\sigma(k_2)` and (Eqs. 31, 33 with :math:`F_i=1`)

.. math::

    \hat T &= e_{t0}\tau_1^*\tau_2\frac{\varkappa_1+\varkappa_2}{k_1^2+\varkappa_2^2}
              e^{-\varkappa_2 d},\\
    \hat P &= \tau_1^*\tau_2\Big[\frac{(\varkappa_1+\varkappa_2)e^{-\varkappa_1 d}}
              {k_2^2+\varkappa_1^2}+\frac{(\varkappa_1+\varkappa_2)e^{-\varkappa_2 d}}
              {k_1^2+\varkappa_2^2}+g\,e^{-(\varkappa_1+\varkappa_2)d/2}
              \frac{\sinh((\varkappa_1-\varkappa_2)d/2)}{\varkappa_1-\varkappa_2}\Big].

The exchange energy is :math:`J=E^{AFM}-E^{FM}` (:math:`J>0`: ferromagnetic, Eq. 3). The
factor :math:`2m_e/\hbar^2` that makes Eqs. 12/17 an energy is included (the printed
equations are energy squared times length squared); ``g`` (printed 1, the overlap integral
gives 2) and the hopping prefactor ``h`` (printed 1 relative to the first term) are options.

Two more readings are options. *Contact area* (``contact_area``): the factors
:math:`\pi a/\varkappa_\sigma` of :math:`E_1` and :math:`1/\varkappa_2` of :math:`E_2`,
:math:`E_3` are the overlap areas of Eq. 32 (:math:`\pi a/\varkappa_i`,
:math:`2\pi a/\varkappa_j`) at each state's decay constant, as Eqs. 12/17 print them
(``"per_state"``), or the one contact area :math:`S_c=\pi a/\varkappa_0` of Secs. 4 and 6.2
for every state (``"fermi_level"``: every area factor :math:`1/\varkappa` becomes
:math:`1/\varkappa_0`, :math:`\varkappa_0=\sqrt{-CE_F}`, the printed prefactors kept).
Since :math:`\varkappa\ge\varkappa_0`, the second reading enlarges every term.
*Hopping term* (``hopping_term``): the full third term with its denominators
:math:`x+\tilde\epsilon_c` (``"full"``) or Eq. 22 (``"eq22"``): the third term at
:math:`\tilde\epsilon_c=0` (the :math:`S_cJ_1` of Eq. 22) times
:math:`1-f(\tilde\epsilon_c/\Delta\epsilon)`, :math:`f(r)=\sqrt r\arctan(1/\sqrt r)`,
with :math:`\Delta\epsilon=\gamma\hbar\sqrt{h_B}/(\sqrt{2m_e}d)`, :math:`h_B=-E_F`
(:mod:`nanomag.granular_exchange.closed_form`). Both readings agree at
:math:`\tilde\epsilon_c=0` and as :math:`\tilde\epsilon_c\to\infty`.

Every term is proportional to :math:`a` except through :math:`\tilde\epsilon_c`, so
:math:`J(a,\tilde\epsilon_c) = a\,[A + B(\tilde\epsilon_c)]` with
:math:`B=-\sum_i W_i/(x_i+\tilde\epsilon_c)` over the quadrature nodes of :math:`E_3`:
grain-size sweeps reuse the nodes.

Quadrature: Gauss-Legendre on maps that remove the kinks and square-root edges: the
:math:`E_2` domain is split along :math:`k_1^2-k_2^2=k_{Ft}^2-k_{F\sigma}^2` (both parts
parametrised by the smaller Fermi momentum), the :math:`E_3` domain is split at
:math:`k_1=k_{Ft}`; below, :math:`k_1=\sqrt{K^2+D}` and :math:`k_2=K\sin\psi`; above,
:math:`k_1=k_{max,t}\sin\varphi`.

References
----------
O. G. Udalov and I. S. Beloborodov, "Influence of the Coulomb interaction on the exchange
coupling in granular magnets", J. Phys.: Condens. Matter; Eqs. 3, 12-21, 31-34.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from nanomag.constants import BOLTZMANN_EV_PER_K, ELECTRON_MASS_KG, ELECTRON_VOLT_J, HBAR_J_S
from nanomag.granular_exchange.closed_form import blockade_factor, energy_interval_ev
from nanomag.io import Table

#: :math:`2m_e/\hbar^2` [eV^-1 nm^-2] (26.2468...).
C_INV_EV_NM2 = 2.0 * ELECTRON_MASS_KG * ELECTRON_VOLT_J / HBAR_J_S**2 * 1e-18
#: :math:`\hbar^2/2m_e` [eV nm^2].
HBAR2_2M_EV_NM2 = 1.0 / C_INV_EV_NM2
#: Kelvin per eV.
KELVIN_PER_EV = 1.0 / BOLTZMANN_EV_PER_K

DEFAULT_NODES = (64, 48)
#: Readings of the contact areas (config ``contact_area``): each state's areas of Eq. 32 as
#: Eqs. 12/17 print them, or S_c = pi a / kappa_0 of Secs. 4 and 6.2 for every state.
CONTACT_AREAS = ("per_state", "fermi_level")
#: Readings of the hopping term (config ``hopping_term``): the full third term of Eqs. 12/17
#: or its charging-energy dependence from Eq. 22.
HOPPING_TERMS = ("full", "eq22")
_CHUNK_ELEMENTS = 32_768  # elements per work array: keeps a chunk in cache


@lru_cache(maxsize=16)
def _gauss_legendre_unit(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [0, 1]."""
    x, w = np.polynomial.legendre.leggauss(int(n))
    return 0.5 * (x + 1.0), 0.5 * w


def _block_terms(ks2, kt2, d, ef, eps_c, g, nodes, fermi_level_area=False):
    r"""Per-unit-radius energy terms of (sigma, t) blocks, vectorised over blocks.

    Parameters
    ----------
    ks2, kt2 : numpy.ndarray
        Unclipped :math:`k_{max}^2 = C(U - sJ_{sd})` of the occupied subband sigma of
        grain 1 and of the partner subband t of grain 2 [nm^-2], shape (n,).
    d : float
        Surface distance [nm].
    ef : float
        Fermi energy (< 0) [eV].
    eps_c : numpy.ndarray
        Charging energies [eV], shape (m,).
    g : float
        Factor of the sinh term of P [1].
    nodes : (int, int)
        Gauss-Legendre nodes (outer, inner) per sub-domain.
    fermi_level_area : bool
        Area factors at :math:`\varkappa_0` for every state (contact area ``"fermi_level"``)
        instead of at each state's :math:`\varkappa`.

    Returns
    -------
    e1, e2 : numpy.ndarray
        :math:`E_1/a`, :math:`E_2/a` (without the hopping prefactor) [eV/nm], shape (n,).
    e3 : numpy.ndarray
        :math:`E_3/a` (without the hopping prefactor) [eV/nm], shape (n, m).

    Notes
    -----
    The blocks are processed in chunks that keep the work arrays in cache. Every block's
    values are independent of the others in its chunk (no BLAS reductions across blocks),
    so a map computed in parts equals the whole map bit for bit.
    """
    n_out, n_in = nodes
    grid = (*_gauss_legendre_unit(n_out), *_gauss_legendre_unit(n_in))
    n = ks2.size
    e1 = np.zeros(n)
    e2 = np.zeros(n)
    e3 = np.zeros((n, eps_c.size))
    chunk = max(1, _CHUNK_ELEMENTS // (n_out * n_in))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        for start in range(0, n, chunk):
            sl = slice(start, min(n, start + chunk))
            e1[sl], e2[sl], e3[sl] = _chunk_terms(ks2[sl], kt2[sl], d, -C_INV_EV_NM2 * ef,
                                                  eps_c, g, fermi_level_area, *grid)
    return e1, e2, e3


def _hop(k1s, kap1, kap2, decay2):
    r"""Reduced tunnelling element :math:`(\varkappa_1+\varkappa_2)e^{-\varkappa_2 d}/
    (k_1^2+\varkappa_2^2)` [nm]: :math:`\hat T = e_{t0}\tau_1^*\tau_2` times this.

    ``decay2`` is :math:`e^{-\varkappa_2 d}`, computed once by the caller and shared with
    :func:`_overlap_middle` (an exponential is the costliest operation per quadrature node).
    """
    return (kap1 + kap2) * decay2 / (k1s + kap2 * kap2)


def _overlap_middle(kap1, kap2, d, decay2):
    r""":math:`e^{-(\varkappa_1+\varkappa_2)d/2}\sinh((\varkappa_1-\varkappa_2)d/2)/
    (\varkappa_1-\varkappa_2) = (e^{-\varkappa_2 d}-e^{-\varkappa_1 d})/(2(\varkappa_1-
    \varkappa_2))` [nm], written with ``expm1`` (no cancellation at equal decay constants);
    ``decay2`` is :math:`e^{-\varkappa_2 d}`. At :math:`\varkappa_1=\varkappa_2` the limit
    :math:`(d/2)e^{-\varkappa_2 d}`."""
    dk = np.asarray(kap1 - kap2)
    with np.errstate(invalid="ignore", divide="ignore"):
        middle = np.asarray(-decay2 * np.expm1(-dk * d) / (2.0 * dk))
    equal = dk == 0.0
    if equal.any():
        middle = np.where(equal, 0.5 * d * decay2, middle)
    return middle


def matrix_elements(k1, k2, kmax_t2, kmax_s2, d_nm, e_t0_ev, sinh_factor=1.0):
    r"""Tunnelling and overlap elements :math:`\hat T`, :math:`\hat P` (Eqs. 31, 33 with
    :math:`F_i = 1`, without the :math:`1/\Omega` normalisation).

    Parameters
    ----------
    k1, k2 : array_like
        :math:`k_z` of the state of grain 2 (subband t) and of grain 1 (subband sigma)
        [nm^-1], below their band tops.
    kmax_t2, kmax_s2 : float
        :math:`k_{max}^2 = C(U - sJ_{sd})` of the two subbands [nm^-2].
    d_nm : float
        Surface distance [nm].
    e_t0_ev : float
        Potential of grain 2 for subband t, :math:`-U + tJ_{sd}` [eV].
    sinh_factor : float
        Factor g of the middle (sinh) term of P (printed 1; the z-integral gives 2) [1].

    Returns
    -------
    T, P : numpy.ndarray of complex
        :math:`\hat T` [eV nm] and :math:`\hat P` [nm]:
        :math:`\hat T = e_{t0}\tau_1^*\tau_2(\varkappa_1+\varkappa_2)e^{-\varkappa_2 d}/
        (k_1^2+\varkappa_2^2)`, :math:`\hat P = \tau_1^*\tau_2[\ldots]` (module docstring).
    """
    k1 = np.asarray(k1, float)
    k2 = np.asarray(k2, float)
    kap1 = np.sqrt(kmax_t2 - k1 * k1)
    kap2 = np.sqrt(kmax_s2 - k2 * k2)
    taus = np.conj(2.0 * k1 / (k1 + 1j * kap1)) * (2.0 * k2 / (k2 + 1j * kap2))
    decay1, decay2 = np.exp(-kap1 * d_nm), np.exp(-kap2 * d_nm)
    a_t = _hop(k1 * k1, kap1, kap2, decay2)
    a_p = _hop(k2 * k2, kap2, kap1, decay1)
    return (e_t0_ev * taus * a_t,
            taus * (a_t + a_p + sinh_factor * _overlap_middle(kap1, kap2, d_nm, decay2)))


def _chunk_terms(Ks, Kt, d, q0, eps_c, g, fermi_level_area, xo, wo, xi, wi):
    """Body of :func:`_block_terms` for one chunk of blocks (arrays of shape (n,))."""
    C = C_INV_EV_NM2
    pref = 1.0 / (8.0 * np.pi**2)
    kappa0 = np.sqrt(q0)

    def area(kap):
        """Decay constant of an area factor [nm^-1]: the state's own, or kappa_0."""
        return kappa0 if fermi_level_area else kap
    kfs2 = np.maximum(Ks - q0, 0.0)
    kft2 = np.maximum(Kt - q0, 0.0)
    ktc = np.maximum(Kt, 0.0)
    et = -Kt / C
    occ = kfs2 > 0.0
    both = occ & (kft2 > 0.0)
    active_b = occ & (ktc > 0.0)
    kfs = np.sqrt(kfs2)
    # 16 / (k_max,t^2 k_max,s^2): |tau_1|^2 |tau_2|^2 = 16 k1^2 k2^2 / (Kt Ks)
    tau_norm = 16.0 / (np.where(Kt > 0, Kt, 1.0) * np.where(Ks > 0, Ks, 1.0))

    def col(v):
        return v[:, None, None]

    Ks3, Kt3 = col(Ks), col(Kt)

    # ---- E1: one-dimensional and smooth (kappa >= kappa_0 > 0)
    k = kfs[:, None] * xo[None, :]
    kap = np.sqrt(Ks[:, None] - k * k)
    f1 = ((kfs2[:, None] - k * k) * (np.pi / area(kap)) * (4.0 * k * k / Ks[:, None])
          * np.exp(-2.0 * kap * d) / (2.0 * kap))
    # einsum, not f1 @ wo: BLAS gemv rounds a row differently depending on its position
    e1 = np.where(occ, et * kfs * np.einsum("ni,i->n", f1, wo) / (4.0 * np.pi**2), 0.0)

    # ---- E2: split along k1^2 - k2^2 = D; both parts parametrised by w in [0, k_P]
    D = kft2 - kfs2
    kp2 = np.minimum(kfs2, kft2)
    kp = np.sqrt(kp2)
    w = col(kp) * xo[None, :, None]
    w2 = w * w
    root = np.sqrt(w2 + col(np.abs(D)))
    # outer-only factors: weight, min(...) = k_P^2 - w^2, e_t0 |tau|^2 normalisation
    outer = col(kp * et * tau_norm) * wo[None, :, None] * (col(kp2) - w2)
    s = xi[None, None, :]
    sigma_is_p = col(D >= 0.0)
    # in AFM blocks the sign of D is fixed by sigma: most chunks need no np.where
    all_sigma_p = bool(np.all(D >= 0.0))
    all_t_p = bool(np.all(D < 0.0))
    e2 = np.zeros(Ks.size)
    for region in (1, 2):
        if region == 1:
            vp, vq, jac = w, s * root, outer * root
        else:
            vp, vq, jac = s * w, root, outer * (w2 / root)
        if all_sigma_p:
            k1, k2 = vq, vp
        elif all_t_p:
            k1, k2 = vp, vq
        else:
            k2 = np.where(sigma_is_p, vp, vq)
            k1 = np.where(sigma_is_p, vq, vp)
        k1s, k2s = k1 * k1, k2 * k2
        kap1 = np.sqrt(Kt3 - k1s)
        kap2 = np.sqrt(Ks3 - k2s)
        decay1, decay2 = np.exp(-kap1 * d), np.exp(-kap2 * d)
        a_t = _hop(k1s, kap1, kap2, decay2)
        a_p = _hop(k2s, kap2, kap1, decay1)
        integrand = ((k1s * k2s) * a_t * (a_t + a_p + g * _overlap_middle(kap1, kap2, d, decay2))
                     / area(kap2))
        e2 += np.einsum("nij,j->n", jac * integrand, wi)
    e2 = np.where(both, -pref * e2, 0.0)

    # ---- E3 region A: k1 < k_Ft, k1 = sqrt(w^2 + max(D,0)), K = sqrt(w^2 + max(-D,0)),
    #      k2 = K sin(psi); Xi = C x = K^2 cos^2(psi)
    kcap = np.sqrt(w2 + col(np.maximum(-D, 0.0)))
    k1 = np.sqrt(w2 + col(np.maximum(D, 0.0)))
    psi = 0.5 * np.pi * s
    kcos = kcap * np.cos(psi)
    k2 = kcap * np.sin(psi)
    k1s, k2s = k1 * k1, k2 * k2
    xi_a = kcos * kcos
    kap1 = np.sqrt(Kt3 - k1s)
    kap2 = np.sqrt(Ks3 - k2s)
    a_t = _hop(k1s, kap1, kap2, np.exp(-kap2 * d))
    outer_a = col(kp * et * et * tau_norm) * wo[None, :, None] * (w / k1) * (0.5 * np.pi)
    weight_a = (outer_a * kcos * xi_a * k1s * k2s * a_t * a_t / area(kap2)) * wi[None, None, :]
    weight_a = np.where(both[:, None], weight_a.reshape(Ks.size, -1), 0.0)
    x_a = np.where(both[:, None], (xi_a / C).reshape(Ks.size, -1), 1.0)

    # ---- E3 region B: k_Ft < k1 < k_max,t with k1 = k_max,t sin(phi); Xi = k_Fs^2 - k2^2
    kmt = np.sqrt(ktc)
    phi0 = np.arcsin(np.sqrt(np.where(ktc > 0, kft2 / np.where(ktc > 0, ktc, 1.0), 0.0)))
    span = 0.5 * np.pi - phi0
    phi = col(phi0) + col(span) * xo[None, :, None]
    k1 = col(kmt) * np.sin(phi)
    kap1 = col(kmt) * np.cos(phi)
    k2 = col(kfs) * np.sin(psi)
    kcos = col(kfs) * np.cos(psi)
    k1s, k2s = k1 * k1, k2 * k2
    xi_b = kcos * kcos
    kap2 = np.sqrt(Ks3 - k2s)
    a_t = _hop(k1s, kap1, kap2, np.exp(-kap2 * d))
    outer_b = col(span * et * et * tau_norm) * wo[None, :, None] * kap1 * (0.5 * np.pi)
    weight_b = (outer_b * kcos * xi_b * k1s * k2s * a_t * a_t / area(kap2)) * wi[None, None, :]
    weight_b = np.where(active_b[:, None], weight_b.reshape(Ks.size, -1), 0.0)
    x_b = np.where(active_b[:, None], ((k1s - k2s + col(Ks - Kt)) / C).reshape(Ks.size, -1), 1.0)

    # B(eps_c) = -sum W / (x + eps_c)
    e3 = np.empty((Ks.size, eps_c.size))
    for j, ec in enumerate(eps_c):
        e3[:, j] = -pref * (np.sum(weight_a / (x_a + ec), axis=1)
                            + np.sum(weight_b / (x_b + ec), axis=1))
    return e1, e2, e3


def _nodes(nodes) -> tuple[int, int]:
    n_out, n_in = (int(v) for v in nodes)
    if n_out < 2 or n_in < 2:
        raise ValueError(f"quadrature needs at least 2 x 2 nodes, got {nodes}")
    return n_out, n_in


def _subband_k2(u, jsd):
    r""":math:`k_{max}^2 = C(U - sJ_{sd})` of s = +1 (minority, band bottom :math:`-U+J_{sd}`)
    and s = -1 (majority) [nm^-2], rounded to 1e-9 nm^-2 (relative 4e-11 for U >= 1 eV): the
    values of aligned (U, Jsd) grids, equal up to round-off, then coincide exactly and the FM
    blocks, functions of one subband only, are evaluated once for all of them."""
    return (np.round(C_INV_EV_NM2 * (u - jsd), 9), np.round(C_INV_EV_NM2 * (u + jsd), 9))


def _check_inputs(u, jsd, d_nm, ef_ev):
    if not ef_ev < 0.0:
        raise ValueError(f"the model needs E_F < 0 (below the barrier top), got {ef_ev} eV")
    if not d_nm > 0.0:
        raise ValueError(f"the surface distance must be positive, got d = {d_nm} nm")
    if np.any(u <= 0.0) or np.any(jsd < 0.0):
        raise ValueError("the model needs U > 0 and Jsd >= 0")
    if np.any(u + ef_ev <= 0.0):
        raise ValueError(f"no occupied states: U + E_F <= 0 for some U (E_F = {ef_ev} eV)")


def configuration_energies_per_radius(u_ev, jsd_ev, d_nm, ef_ev, eps_c_ev=0.0, sinh_factor=1.0,
                                      hopping_prefactor=1.0, nodes=DEFAULT_NODES,
                                      contact_area="per_state", hopping_term="full"):
    r"""Energies of the FM and AFM configurations divided by the grain radius.

    Parameters
    ----------
    u_ev, jsd_ev : array_like
        Depth of the well U [eV] and subband splitting :math:`J_{sd}` [eV]; broadcast
        together (shape S).
    d_nm : float
        Surface distance d [nm].
    ef_ev : float
        Fermi energy :math:`E_F < 0` measured from the barrier top [eV].
    eps_c_ev : array_like
        Charging energies :math:`\tilde\epsilon_c` [eV], 1-D (length m) or scalar.
    sinh_factor : float
        Factor g of the sinh term of the overlap P (printed 1; the integral gives 2) [1].
    hopping_prefactor : float
        Factor h multiplying the second and third terms relative to the first [1].
    nodes : (int, int)
        Gauss-Legendre nodes (outer, inner) per sub-domain.
    contact_area : {"per_state", "fermi_level"}
        Area factors at each state's decay constant (Eqs. 12/17, 32) or the one contact area
        :math:`\pi a/\varkappa_0` of Secs. 4 and 6.2 (module docstring).
    hopping_term : {"full", "eq22"}
        Charging-energy dependence of the third term: the full denominators, or Eq. 22
        (its value at :math:`\tilde\epsilon_c = 0` times :math:`1 - f`).

    Returns
    -------
    e_fm, e_afm : numpy.ndarray
        :math:`E^{FM}/a`, :math:`E^{AFM}/a` without the configuration-independent zero-order
        part [eV/nm], shape S + (m,).

    Notes
    -----
    Eqs. 12 and 17 (21 for :math:`J_{sd}>U`) with the matrix elements of Eqs. 31-34
    (:math:`F_i = 1`); see the module docstring.
    """
    _check_reading("contact_area", contact_area, CONTACT_AREAS)
    _check_reading("hopping_term", hopping_term, HOPPING_TERMS)
    u, jsd = np.broadcast_arrays(np.asarray(u_ev, float), np.asarray(jsd_ev, float))
    shape = u.shape
    u = u.ravel()
    jsd = jsd.ravel()
    _check_inputs(u, jsd, d_nm, ef_ev)
    eps = np.atleast_1d(np.asarray(eps_c_ev, float))
    if eps.ndim != 1 or np.any(eps < 0.0):
        raise ValueError(f"eps_c_ev must be a scalar or 1-D array of values >= 0, got {eps_c_ev}")
    nodes = _nodes(nodes)
    k_up, k_dn = _subband_k2(u, jsd)
    h = float(hopping_prefactor)
    g = float(sinh_factor)
    area0 = contact_area == "fermi_level"
    eps_nodes = eps if hopping_term == "full" else np.zeros(1)

    # FM blocks depend on one subband only, i.e. on U - Jsd or U + Jsd: evaluate each distinct
    # k_max^2 once; on a map with equal U and Jsd steps this halves the work.
    uniq, inverse = np.unique(np.concatenate([k_up, k_dn]), return_inverse=True)
    e1, e2, e3 = _block_terms(uniq, uniq, float(d_nm), float(ef_ev), eps_nodes, g, nodes, area0)
    e3 = _charging_dependence(e3, eps, float(d_nm), float(ef_ev), hopping_term)
    per_band = e1[:, None] + h * (e2[:, None] + e3)
    fm = per_band[inverse[: u.size]] + per_band[inverse[u.size:]]

    # AFM blocks: (sigma = +, t = -) and (sigma = -, t = +)
    ks = np.concatenate([k_up, k_dn])
    kt = np.concatenate([k_dn, k_up])
    e1, e2, e3 = _block_terms(ks, kt, float(d_nm), float(ef_ev), eps_nodes, g, nodes, area0)
    e3 = _charging_dependence(e3, eps, float(d_nm), float(ef_ev), hopping_term)
    blocks = e1[:, None] + h * (e2[:, None] + e3)
    afm = blocks[: u.size] + blocks[u.size:]
    if not (np.all(np.isfinite(fm)) and np.all(np.isfinite(afm))):
        raise RuntimeError(f"non-finite configuration energy for U in [{u.min()}, {u.max()}] eV, "
                           f"Jsd in [{jsd.min()}, {jsd.max()}] eV, d = {d_nm} nm, E_F = {ef_ev} eV")
    return fm.reshape(shape + (eps.size,)), afm.reshape(shape + (eps.size,))


def _check_reading(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")


def _charging_dependence(e3, eps, d_nm, ef_ev, hopping_term):
    r"""Third term at the charging energies ``eps`` [eV/nm], shape (n, m).

    ``e3`` holds the full third term at ``eps`` (``"full"``: returned as is) or at
    :math:`\tilde\epsilon_c = 0` only (``"eq22"``: times :math:`1-f(\tilde\epsilon_c/
    \Delta\epsilon)`, :math:`\Delta\epsilon` of Sec. 6.2 with :math:`h_B=-E_F`).
    """
    if hopping_term == "full":
        return e3
    delta_eps = energy_interval_ev(-ef_ev, d_nm)
    return e3[:, :1] * (1.0 - blockade_factor(eps, delta_eps))[None, :]


def exchange_per_radius(u_ev, jsd_ev, d_nm, ef_ev, eps_c_ev=0.0, sinh_factor=1.0,
                        hopping_prefactor=1.0, nodes=DEFAULT_NODES, contact_area="per_state",
                        hopping_term="full"):
    r""":math:`J/a = A + B(\tilde\epsilon_c)` [eV/nm], shape of ``u_ev``/``jsd_ev`` + (m,).

    Parameters are those of :func:`configuration_energies_per_radius`. The grain radius
    enters only through :math:`\tilde\epsilon_c`, so one call with all the charging energies
    of a grain-size sweep gives the whole sweep.
    """
    fm, afm = configuration_energies_per_radius(u_ev, jsd_ev, d_nm, ef_ev, eps_c_ev, sinh_factor,
                                                hopping_prefactor, nodes, contact_area,
                                                hopping_term)
    return afm - fm


def exchange_energy(u_ev, jsd_ev, a_nm, d_nm, ef_ev, eps_c_ev, sinh_factor=1.0,
                    hopping_prefactor=1.0, nodes=DEFAULT_NODES, contact_area="per_state",
                    hopping_term="full") -> np.ndarray:
    r"""Intergrain exchange :math:`J = E^{AFM} - E^{FM}` [eV] (> 0 ferromagnetic).

    Parameters
    ----------
    u_ev, jsd_ev : array_like
        U [eV] and :math:`J_{sd}` [eV], broadcast together.
    a_nm : float
        Grain radius [nm].
    d_nm, ef_ev : float
        Surface distance [nm] and Fermi energy [eV].
    eps_c_ev : float
        Charging energy [eV] (0 for :math:`\varepsilon\to\infty`).
    sinh_factor, hopping_prefactor, nodes, contact_area, hopping_term
        See :func:`configuration_energies_per_radius`.

    Returns
    -------
    numpy.ndarray
        J [eV], shape of the broadcast ``u_ev``, ``jsd_ev``.
    """
    per_a = exchange_per_radius(u_ev, jsd_ev, d_nm, ef_ev, float(eps_c_ev), sinh_factor,
                                hopping_prefactor, nodes, contact_area, hopping_term)
    return float(a_nm) * per_a[..., 0]


def hopping_energy_per_radius(u_ev, jsd_ev, d_nm, ef_ev, eps_c_ev, configuration="fm",
                              sinh_factor=1.0, nodes=DEFAULT_NODES) -> np.ndarray:
    r"""The third ('hopping') term :math:`E_3/a` of one configuration [eV/nm].

    Parameters
    ----------
    u_ev, jsd_ev : float
        U [eV] and :math:`J_{sd}` [eV].
    d_nm, ef_ev : float
        Surface distance [nm] and Fermi energy [eV].
    eps_c_ev : array_like
        Charging energies [eV], 1-D.
    configuration : {"fm", "afm"}
        Alignment of the grain moments.

    Returns
    -------
    numpy.ndarray
        :math:`E_3/a` for each charging energy (hopping prefactor 1) [eV/nm].
    """
    u = np.atleast_1d(float(u_ev))
    jsd = float(jsd_ev)
    _check_inputs(u, np.atleast_1d(jsd), d_nm, ef_ev)
    k_up, k_dn = _subband_k2(u, jsd)
    if configuration == "fm":
        ks, kt = np.concatenate([k_up, k_dn]), np.concatenate([k_up, k_dn])
    elif configuration == "afm":
        ks, kt = np.concatenate([k_up, k_dn]), np.concatenate([k_dn, k_up])
    else:
        raise ValueError(f"configuration must be 'fm' or 'afm', got {configuration!r}")
    eps = np.atleast_1d(np.asarray(eps_c_ev, float))
    _, _, e3 = _block_terms(ks, kt, float(d_nm), float(ef_ev), eps, float(sinh_factor),
                            _nodes(nodes))
    return e3.sum(axis=0)


# ----------------------------------------------------------------------------- tables
def model_options(params: dict) -> dict:
    """Keyword arguments of the model (the readings ``sinh_factor``, ``hopping_prefactor``,
    ``contact_area``, ``hopping_term`` and the ``quadrature_nodes``) taken from a (merged)
    config slice."""
    return dict(sinh_factor=float(params.get("sinh_factor", 1.0)),
                hopping_prefactor=float(params.get("hopping_prefactor", 1.0)),
                nodes=tuple(params.get("quadrature_nodes", DEFAULT_NODES)),
                contact_area=str(params.get("contact_area", "per_state")),
                hopping_term=str(params.get("hopping_term", "full")))


def _grid(spec):
    from nanomag.config import grid

    return grid(spec)


#: Readings of the denominator of Delta J / J (config ``relative_change_denominator``):
#: the text's "relative difference between the solid and the dash-dotted lines" (J_inf), or
#: J_eps + J_inf, which its "diverges where J_eps + J_inf = 0" (Sec. 6.3, Fig. 4) suggests.
DENOMINATORS = ("j_inf", "sum")


def relative_change_percent(j_eps, j_inf, denominator: str = "j_inf", where: str = ""):
    r""":math:`\Delta J/J = (J_\varepsilon - J_\infty)/D` [%].

    Parameters
    ----------
    j_eps, j_inf : array_like
        Exchange at finite and infinite permittivity (same unit).
    denominator : {"j_inf", "sum"}
        :math:`D = J_\infty` or :math:`D = J_\varepsilon + J_\infty`.
    where : str
        Name of the table, for the error message.

    Raises
    ------
    RuntimeError
        If the denominator vanishes at a grid point.
    """
    if denominator not in DENOMINATORS:
        raise ValueError(f"relative_change_denominator must be one of {DENOMINATORS}, "
                         f"got {denominator!r}")
    den = j_inf if denominator == "j_inf" else j_eps + j_inf
    if np.any(den == 0.0):
        raise RuntimeError(f"Delta J / J undefined (denominator 0) in {where}; "
                           "move the grid off J_sd = 0")
    return 100.0 * (j_eps - j_inf) / den


def exchange_vs_splitting_table(params: dict) -> Table:
    r"""Fig. 3: :math:`z_nJ` vs :math:`J_{sd}` for several radii, finite and infinite
    :math:`\varepsilon`, and :math:`\Delta J/J`.

    Parameters
    ----------
    params : dict
        ``u_ev`` [eV], ``d_nm`` [nm], ``ef_ev`` [eV], ``jsd_ev`` (grid) [eV], ``a_nm`` (list)
        [nm], ``eps_c_times_a_ev_nm`` [eV nm], ``z_n`` [1], model options.

    Returns
    -------
    Table
        Columns ``jsd_ev``, ``a_nm``, ``zj_k`` (finite permittivity), ``zj_inf_k``
        (:math:`\tilde\epsilon_c = 0`), ``delta_j_over_j_percent``.
    """
    jsd = _grid(params["jsd_ev"])
    radii = np.asarray(params["a_nm"], float)
    eps = np.concatenate([[0.0], float(params["eps_c_times_a_ev_nm"]) / radii])
    per_a = exchange_per_radius(float(params["u_ev"]), jsd, float(params["d_nm"]),
                                float(params["ef_ev"]), eps, **model_options(params))
    scale = float(params["z_n"]) * KELVIN_PER_EV
    zj_inf = scale * radii[None, :] * per_a[:, :1]
    zj = scale * radii[None, :] * per_a[:, 1:]
    frame = pd.DataFrame({
        "jsd_ev": np.repeat(jsd, radii.size),
        "a_nm": np.tile(radii, jsd.size),
        "zj_k": zj.ravel(),
        "zj_inf_k": zj_inf.ravel(),
        "delta_j_over_j_percent": relative_change_percent(
            zj, zj_inf, params.get("relative_change_denominator", "j_inf"), "fig3").ravel(),
    })
    units = {"jsd_ev": "eV", "a_nm": "nm", "zj_k": "K", "zj_inf_k": "K",
             "delta_j_over_j_percent": "%"}
    return Table(frame, units, "z_n J vs Jsd at several grain radii (Eqs. 12, 17)")


def relative_change_map_table(params: dict, chunk_index: int = 0, n_chunks: int = 1) -> Table:
    r"""Fig. 4: :math:`\Delta J/J` on a (U, :math:`J_{sd}`) map, every pixel its own integrals.

    Parameters
    ----------
    params : dict
        ``u_ev`` and ``jsd_ev`` (grids) [eV], ``a_nm`` [nm], ``d_nm`` [nm], ``ef_ev`` [eV],
        ``eps_c_times_a_ev_nm`` [eV nm], ``z_n`` [1], model options.
    chunk_index, n_chunks : int
        This chunk and the number of chunks: chunk ``i`` holds the U rows
        ``[i n_U / n_chunks, (i + 1) n_U / n_chunks)`` (integer division). Every pixel is
        computed independently of the others, so the chunks concatenated in order equal the
        whole map bit for bit, for any ``n_chunks``.

    Returns
    -------
    Table
        Columns ``u_ev``, ``jsd_ev``, ``zj_k``, ``zj_inf_k``, ``delta_j_over_j_percent``
        (``jsd_ev`` varies fastest).
    """
    u_all = _grid(params["u_ev"])
    if not 0 <= chunk_index < n_chunks <= u_all.size:
        raise ValueError(f"chunk {chunk_index} of {n_chunks}: needs 0 <= chunk < n_chunks <= "
                         f"{u_all.size} (the U rows of the map)")
    u = u_all[chunk_index * u_all.size // n_chunks:(chunk_index + 1) * u_all.size // n_chunks]
    jsd = _grid(params["jsd_ev"])
    a = float(params["a_nm"])
    eps = np.array([0.0, float(params["eps_c_times_a_ev_nm"]) / a])
    uu, jj = np.meshgrid(u, jsd, indexing="ij")
    fm, afm = configuration_energies_per_radius(uu, jj, float(params["d_nm"]),
                                                float(params["ef_ev"]), eps,
                                                **model_options(params))
    per_a = afm - fm
    scale = float(params["z_n"]) * KELVIN_PER_EV * a
    zj_inf = scale * per_a[..., 0]
    zj = scale * per_a[..., 1]
    frame = pd.DataFrame({
        "u_ev": uu.ravel(), "jsd_ev": jj.ravel(), "zj_k": zj.ravel(), "zj_inf_k": zj_inf.ravel(),
        "delta_j_over_j_percent": relative_change_percent(
            zj, zj_inf, params.get("relative_change_denominator", "j_inf"), "fig4").ravel(),
    })
    units = {"u_ev": "eV", "jsd_ev": "eV", "zj_k": "K", "zj_inf_k": "K",
             "delta_j_over_j_percent": "%"}
    return Table(frame, units, "relative change of J due to the Coulomb blockade vs (U, Jsd)")


def grain_size_map_table(params: dict) -> Table:
    r"""Figs. 5a, 6a, 7a: :math:`z_nJ` and :math:`z_nJ/a` on an (a, :math:`J_{sd}`) map.

    Uses :math:`J = a[A + B(\tilde\epsilon_c)]`: one set of quadrature weights per
    :math:`J_{sd}` serves every radius.

    Parameters
    ----------
    params : dict
        ``u_ev`` [eV], ``d_nm`` [nm], ``ef_ev`` [eV], ``map_a_nm`` and ``map_jsd_ev`` (grids)
        [nm, eV], ``eps_c_times_a_ev_nm`` [eV nm], ``z_n`` [1], model options.

    Returns
    -------
    Table
        Columns ``a_nm``, ``jsd_ev``, ``zj_k``, ``zj_inf_k``, ``zj_over_a_k_per_nm``
        (``a_nm`` varies fastest).
    """
    radii = _grid(params["map_a_nm"])
    jsd = _grid(params["map_jsd_ev"])
    return _grain_size_frame(params, radii, jsd, "z_n J on the (a, Jsd) plane")


def grain_size_curves_table(params: dict) -> Table:
    r"""Figs. 5b/6b insets and 7b: :math:`z_nJ(a)` at a few splittings.

    Parameters
    ----------
    params : dict
        As :func:`grain_size_map_table` with ``curve_a_nm`` (grid) [nm] and ``curve_jsd_ev``
        (list) [eV].

    Returns
    -------
    Table
        Columns ``a_nm``, ``jsd_ev``, ``zj_k``, ``zj_inf_k``, ``zj_over_a_k_per_nm``.
    """
    radii = _grid(params["curve_a_nm"])
    jsd = np.asarray(params["curve_jsd_ev"], float)
    return _grain_size_frame(params, radii, jsd, "z_n J vs grain radius at fixed Jsd")


def splitting_curves_table(params: dict) -> Table:
    r"""Figs. 5b, 6b: :math:`z_nJ` vs :math:`J_{sd}` for a few radii.

    Parameters
    ----------
    params : dict
        As :func:`grain_size_map_table` with ``curve_radii_nm`` (list) [nm] and
        ``map_jsd_ev`` (grid) [eV].

    Returns
    -------
    Table
        Columns ``a_nm``, ``jsd_ev``, ``zj_k``, ``zj_inf_k``, ``zj_over_a_k_per_nm``.
    """
    radii = np.asarray(params["curve_radii_nm"], float)
    jsd = _grid(params["map_jsd_ev"])
    return _grain_size_frame(params, radii, jsd, "z_n J vs Jsd at fixed grain radius")


def _grain_size_frame(params, radii, jsd, description) -> Table:
    eps = np.concatenate([[0.0], float(params["eps_c_times_a_ev_nm"]) / radii])
    per_a = exchange_per_radius(float(params["u_ev"]), jsd, float(params["d_nm"]),
                                float(params["ef_ev"]), eps, **model_options(params))
    scale = float(params["z_n"]) * KELVIN_PER_EV
    zj_over_a = scale * per_a[:, 1:]
    frame = pd.DataFrame({
        "a_nm": np.tile(radii, jsd.size),
        "jsd_ev": np.repeat(jsd, radii.size),
        "zj_k": (zj_over_a * radii[None, :]).ravel(),
        "zj_inf_k": (scale * per_a[:, :1] * radii[None, :]).ravel(),
        "zj_over_a_k_per_nm": zj_over_a.ravel(),
    })
    units = {"a_nm": "nm", "jsd_ev": "eV", "zj_k": "K", "zj_inf_k": "K",
             "zj_over_a_k_per_nm": "K/nm"}
    return Table(frame, units, description)
