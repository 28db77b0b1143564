"""Plot modules of the granular_exchange paper: ``fig<N>.draw(tables, params)``."""
