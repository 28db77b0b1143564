"""Plot modules of the emr_anisotropy paper, one per figure (``fig<N>.draw``)."""
