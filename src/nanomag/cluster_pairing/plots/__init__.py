"""One plot module per figure of the paper: ``fig<N>.draw(tables, params)``."""
