"""Colours of the four zero-field phases, shared by Figs. 3 and 4 (the paper's colour code)."""

PHASE_COLOURS = {
    "anti-aligned": "#9ecae1",   # blue
    "diamagnetic": "#a1d99b",    # green
    "paramagnetic": "#fcbba1",   # salmon
    "aligned": "#fb6a4a",        # red
}
