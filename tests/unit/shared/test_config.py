"""Config validation: the real config passes; bad values are refused with key and range."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from nanomag.config import ConfigError, grid, validate_config

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT / "workflow/schemas/config.schema.yaml"


def _config(name="config.yaml"):
    return yaml.safe_load((ROOT / "config" / name).read_text())


def test_shipped_config_is_valid():
    validate_config(_config(), SCHEMA)


@pytest.mark.parametrize("path,value,expected", [
    (("orbital_dimers", "fig9", "n_max"), "twenty", r"orbital_dimers\.fig9\.n_max.*not of type 'integer'"),
    (("orbital_dimers", "fig2", "d_over_a"), 1.5, r"orbital_dimers\.fig2\.d_over_a.*range \(2\.0, 1000\.0\]"),
    (("orbital_dimers", "fig4", "probe_field"), -1.0, r"orbital_dimers\.fig4\.probe_field"),
    (("orbital_dimers", "fig3", "chi_over_chicz", "num"), 1, r"chi_over_chicz\.num.*range \[2, 4001\]"),
    (("orbital_dimers", "fig9", "typo"), 3, r"'typo' was unexpected.*allowed keys"),
    (("orbital_dimers", "fig4", "chi_over_chicz", "stop"), -3.0, r"empty grid"),
    (("orbital_dimers", "fig9", "n_min"), 30, r"n_min = 30 must be <="),
])
def test_bad_values_are_refused_naming_the_key(path, value, expected):
    config = _config()
    node = config
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ConfigError, match=expected):
        validate_config(config, SCHEMA)


def test_grid_includes_exact_points():
    values = grid({"start": 0.0, "stop": 1.0, "num": 3, "include": [0.25]})
    assert values.tolist() == [0.0, 0.25, 0.5, 1.0]
    assert np.allclose(grid({"start": 1e-3, "stop": 1e-1, "num": 3, "log": True}),
                       [1e-3, 1e-2, 1e-1])
