"""Helpers shared by the figure modules of vibrational_magnetism (no physics)."""

from __future__ import annotations


def black_centred_cmap():
    """Diverging colour map with black at zero: blue/cyan for M < 0, red/yellow for M > 0."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "black_centred", ["#7fffff", "#1f4fd6", "#000000", "#d62728", "#ffe14d"])


def black_to_yellow_cmap():
    """Sequential colour map from black (M = 0, the paper's AFM colour) to yellow (M = 2S)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("black_yellow", ["#000000", "#d62728", "#ffe14d"])


def reading_note(ax, text: str, y: float = -0.02) -> None:
    """Write which reading of the paper a figure shows, below the axes grid."""
    from nanomag.plotting import wrapped_text

    wrapped_text(ax.figure, 0.5, y, text, ha="center", va="top", fontsize=7, color="0.25")


def moment_map_grid(n_panels: int):
    """A figure with ``n_panels`` colour-map panels in two columns (spare panels hidden).

    Returns
    -------
    (matplotlib.figure.Figure, numpy.ndarray of Axes)
    """
    import numpy as np

    from nanomag.plotting import new_figure

    ncols = 2 if n_panels > 1 else 1
    nrows = int(np.ceil(n_panels / ncols))
    fig, axes = new_figure(nrows, ncols, width_in=3.4 * ncols, height_in=2.7 * nrows,
                           layout="constrained")
    axes = np.atleast_1d(axes)
    for ax in axes.flat[n_panels:]:
        ax.set_visible(False)
    return fig, axes


def moment_map(fig, ax, frame, y_column: str, spin: float, signed: bool = True,
               y_scale: str = "linear"):
    """Colour map of <S1z + S2z> [hbar] vs J (x) and ``y_column`` (y), black at 0.

    Each grid point is the centre of a uniformly coloured cell. On uniform grids with
    linear axes the cells are drawn as one image (four 401 x 401 maps with colour bars:
    1.8-1.9 instead of 2.2-2.7 CPU-s for the PDF and PNG as meshes of 160,801
    quadrilaterals); otherwise as a mesh, rasterized in the PDF.

    Parameters
    ----------
    signed : bool
        True: diverging map over [-2S, 2S]; False: sequential map over [0, 2S] (for maps
        whose moment is never negative).
    y_scale : {"linear", "log"}
        Scale of the y axis.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The J values [meV] and the ``y_column`` values of the map.
    """
    import numpy as np

    j = np.unique(frame["exchange_mev"].to_numpy())
    y = np.unique(frame[y_column].to_numpy())
    moment = frame.pivot(index=y_column, columns="exchange_mev", values="total_moment")
    values = moment.loc[y, j].to_numpy()
    cmap, vmin = (black_centred_cmap(), -2 * spin) if signed else (black_to_yellow_cmap(), 0.0)
    ax.set_yscale(y_scale)
    if y_scale == "linear" and _uniform(j) and _uniform(y):
        half_x, half_y = 0.5 * (j[1] - j[0]), 0.5 * (y[1] - y[0])
        mesh = ax.imshow(values, origin="lower", aspect="auto", interpolation="nearest",
                         extent=(j[0] - half_x, j[-1] + half_x, y[0] - half_y, y[-1] + half_y),
                         cmap=cmap, vmin=vmin, vmax=2 * spin)
    else:
        mesh = ax.pcolormesh(j, y, values, cmap=cmap, vmin=vmin, vmax=2 * spin,
                             shading="nearest", rasterized=True)
    cbar = fig.colorbar(mesh, ax=ax, pad=0.02)
    cbar.set_label(r"$\langle S_1^z+S_2^z\rangle$ [$\hbar$]")
    return j, y


def _uniform(values) -> bool:
    """Whether ``values`` (sorted, at least two) are equally spaced (to 1e-9 of the step)."""
    import numpy as np

    steps = np.diff(values)
    return values.size > 1 and bool(np.all(np.abs(steps - steps[0]) <= 1e-9 * abs(steps[0])))
