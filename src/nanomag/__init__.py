"""nanomag: reference reproduction of five papers on magnetism at the nanoscale.

Subpackages, one per paper: ``orbital_dimers``, ``emr_anisotropy``,
``vibrational_magnetism``, ``granular_exchange``, ``cluster_pairing``.
Shared modules: :mod:`nanomag.io` (Parquet with metadata), :mod:`nanomag.constants`,
:mod:`nanomag.plotting`, :mod:`nanomag.config`, :mod:`nanomag.manifest`,
:mod:`nanomag.scorecard`.

Imports are kept lazy: importing :mod:`nanomag` pulls in nothing heavy.
"""

__version__ = "0.1.0"
