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


# --- strict reading of config files -------------------------------------------------------

from nanomag.config import (BASE_MEM_MB, estimate_mem_mb, grid_points, load_config_file,
                            memory_errors, non_finite_errors)


@pytest.mark.parametrize("text,expected", [
    ("a: 1\nb: 2\na: 3\n", r"bad\.yaml:3: duplicate key 'a' \(first given on line 1\)"),
    ("fig:\n  x: 1\n  y: 2\n  x: 1\n", r"bad\.yaml:4: duplicate key 'x' \(first given on line 2\)"),
    ("a:\n\tb: 1\n", r"bad\.yaml:2: YAML syntax error: .*tabs are not allowed"),
    ("a: [1, 2\nb: 3\n", r"bad\.yaml:\d: YAML syntax error: .*flow sequence on line 1"),
    ("a: {b: 1\n", r"bad\.yaml:\d: YAML syntax error"),
    ("- 1\n- 2\n", r"bad\.yaml: the top level must be a mapping"),
])
def test_config_file_errors_name_the_file_and_line(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=expected):
        load_config_file(path)


def test_shipped_config_files_load_strictly():
    for name in ("config.yaml", "ci.yaml"):
        assert load_config_file(ROOT / "config" / name) == _config(name)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused_naming_the_key(value):
    config = _config()
    config["orbital_dimers"]["fig4"]["probe_field"] = value
    with pytest.raises(ConfigError, match=r"orbital_dimers\.fig4\.probe_field = .*finite"):
        validate_config(config, SCHEMA)


def test_non_finite_numbers_are_found_in_lists_and_grids():
    found = non_finite_errors({"a": [1.0, float("nan")], "g": {"start": float("-inf")}, "n": 3})
    assert found == ["a.1 = nan: every number must be finite",
                     "g.start = -inf: every number must be finite"]


def test_a_number_yaml_reads_as_a_string_gets_a_hint(tmp_path):
    path = tmp_path / "edit.yaml"
    path.write_text("orbital_dimers:\n  fig2:\n    d_over_a: 1e3\n")
    config = _config()
    config["orbital_dimers"]["fig2"].update(load_config_file(path)["orbital_dimers"]["fig2"])
    with pytest.raises(ConfigError, match=r"d_over_a = '1e3'.*hint: YAML reads 1e3 as a string"):
        validate_config(config, SCHEMA)


# --- every range bounded ---------------------------------------------------------------------

CONFIG_SCHEMAS = ["config", "orbital_dimers", "vibrational_magnetism", "cluster_pairing",
                  "emr_anisotropy", "granular_exchange"]


def _unbounded(node, path=""):
    """Numbers without a lower and an upper bound, arrays without maxItems, bounds that are
    not numbers (YAML reads 1.0e5 as a string)."""
    found = []
    if isinstance(node, dict):
        types = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
        bounds = {k: v for k, v in node.items()
                  if k in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")}
        found += [f"{path}.{k} = {v!r} is not a number" for k, v in bounds.items()
                  if not isinstance(v, (int, float)) or isinstance(v, bool)]
        if {"number", "integer"} & set(types) and not {"enum", "const"} & set(node) and not (
                {"minimum", "exclusiveMinimum"} & set(bounds)
                and {"maximum", "exclusiveMaximum"} & set(bounds)):
            found.append(f"{path}: number without both bounds")
        if "array" in types and "maxItems" not in node:
            found.append(f"{path}: array without maxItems")
        for key, value in node.items():
            found += _unbounded(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _unbounded(value, f"{path}.{index}")
    return found


@pytest.mark.parametrize("name", CONFIG_SCHEMAS)
def test_every_number_and_size_of_the_schema_is_bounded_on_both_sides(name):
    schema = yaml.safe_load((ROOT / f"workflow/schemas/{name}.schema.yaml").read_text())
    assert _unbounded(schema) == []


def test_the_bounds_check_finds_what_it_should():
    schema = {"properties": {"a": {"type": "number", "minimum": 0},
                             "b": {"type": "array", "items": {"type": "integer", "minimum": 0,
                                                              "maximum": "1.0e5"}}}}
    assert _unbounded(schema) == [".properties.a: number without both bounds",
                                  ".properties.b: array without maxItems",
                                  ".properties.b.items.maximum = '1.0e5' is not a number"]


# --- memory estimate before a job starts ---------------------------------------------------

def test_grid_points_multiply_the_two_largest_axes_and_add_curves():
    map_slice = {"map_a_nm": {"start": 1.0, "stop": 10.0, "num": 181},
                 "map_jsd_ev": {"start": 1.0, "stop": 5.0, "num": 201},
                 "curve_a_nm": {"start": 1.0, "stop": 10.0, "num": 91},
                 "curve_jsd_ev": [0.5, 1.0], "u_ev": 5.0}
    assert grid_points(map_slice) == 181 * 201 + 2
    curves = {"kfa": [{"start": 40.0, "stop": 60.0, "num": 20001},
                      {"start": 40.0, "stop": 60.0, "num": 40001}],
              "n_particles": {"start": 2, "stop": 20}}
    assert grid_points(curves) == 19 + 20001 + 40001
    assert grid_points({"u_ev": 5.0}) == 1


def test_memory_estimate_and_refusal():
    slice_1e4 = {"u_ev": {"start": 1.0, "stop": 5.0, "num": 10000},
                 "jsd_ev": {"start": 0.1, "stop": 5.0, "num": 10000}}
    # 1e8 points x 1024 B = 102400 MB, plus the base
    assert estimate_mem_mb(slice_1e4) == BASE_MEM_MB + 102400
    assert estimate_mem_mb({}, {}) == BASE_MEM_MB + 1  # 2 points round up to 1 MB
    errors = memory_errors({"table fig4_map": (estimate_mem_mb(slice_1e4), "granular.fig4"),
                            "table small": (600, "granular.fig3")}, limit_mb=18000)
    assert len(errors) == 1
    assert errors[0].startswith("granular.fig4: grid sizes need an estimated 102900 MB")


def test_shipped_configurations_fit_in_a_small_machine():
    """Every table of both shipped configurations is estimated below 4 GB."""
    from nanomag.config import config_slice

    manifest = yaml.safe_load((ROOT / "config/figures.yaml").read_text())
    for name in ("config.yaml", "ci.yaml"):
        config = _config("config.yaml")
        if name == "ci.yaml":
            for paper, part in _config(name).items():
                if isinstance(part, dict) and paper in config:
                    for key, value in part.items():
                        config[paper][key] = value
        for paper, entry in manifest["papers"].items():
            for table, spec in (entry.get("tables") or {}).items():
                try:
                    cfg = config_slice(config, paper, spec["config"])
                except KeyError:
                    continue
                assert estimate_mem_mb(cfg) < 4000, (name, paper, table)


def test_a_validated_configuration_is_remembered_and_an_edit_revalidated(tmp_path,
                                                                          monkeypatch):
    """nanomag.config.VALIDATED_CACHE: a configuration valid once is not validated again;
    an edited one is, and its error is raised (errors are never remembered)."""
    import copy

    import nanomag.config as config_module

    repo = Path(__file__).resolve().parents[3]
    schema = repo / "workflow/schemas/config.schema.yaml"
    config = yaml.safe_load((repo / "config/config.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config_module, "_validated_keys", {})
    calls = []
    original = config_module.validation_errors
    monkeypatch.setattr(config_module, "validation_errors",
                        lambda *a, **k: calls.append(1) or original(*a, **k))
    config_module.validate_config(config, schema)
    config_module.validate_config(config, schema)
    assert len(calls) == 1
    bad = copy.deepcopy(config)
    bad["orbital_dimers"]["fig9"]["n_max"] = "twenty"
    for _ in range(2):
        with pytest.raises(ConfigError, match="n_max"):
            config_module.validate_config(bad, schema)
    assert len(calls) == 3
