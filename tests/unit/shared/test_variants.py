"""Variants (issue 15): overrides, refinements, registries, convergence measurement."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from nanomag.config import ConfigError, grid
from nanomag.manifest import Pipeline, load_manifest
from nanomag.variants import (
    Variants,
    apply_overrides,
    column_changes,
    common_points,
    deep_merge,
    get_path,
    load_convergence,
    load_readings,
    cpu_time_limit,
    quantile_stderr,
    refine_value,
    sampling_changes,
    set_path,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "config/config.yaml").read_text())


@pytest.fixture(scope="module")
def manifest():
    return load_manifest(ROOT / "config/figures.yaml")


def _registry(tmp_path, text):
    path = tmp_path / "readings.yaml"
    path.write_text(text)
    return path


# --- overrides --------------------------------------------------------------------------

def test_deep_merge_keeps_untouched_keys_and_does_not_modify_inputs():
    base = {"fig1": {"a": 1, "grid": {"start": 0, "stop": 1, "num": 3}}, "fig2": {"b": 2}}
    merged = deep_merge(base, {"fig1": {"grid": {"num": 5}}})
    assert merged == {"fig1": {"a": 1, "grid": {"start": 0, "stop": 1, "num": 5}},
                      "fig2": {"b": 2}}
    assert base["fig1"]["grid"]["num"] == 3


def test_deep_merge_refuses_a_key_the_configuration_does_not_have():
    with pytest.raises(KeyError, match="typo"):
        deep_merge({"fig1": {"a": 1}}, {"fig1": {"typo": 2}})


def test_key_paths_index_lists_and_set_copies():
    tree = {"measured": {"samples": [{"b_mt": 204.6}, {"b_mt": 24.1}]}}
    assert get_path(tree, "measured.samples.1.b_mt") == 24.1
    changed = set_path(tree, "measured.samples.0.b_mt", 206.6)
    assert changed["measured"]["samples"][0]["b_mt"] == 206.6
    assert tree["measured"]["samples"][0]["b_mt"] == 204.6
    with pytest.raises(KeyError, match="samples.2"):
        set_path(tree, "measured.samples.2.b_mt", 1.0)


def test_apply_overrides_sets_several_paths():
    result = apply_overrides({"a": {"x": 1, "y": 2}, "b": {"z": 3}}, {"a.y": 5, "b.z": [1]})
    assert result == {"a": {"x": 1, "y": 5}, "b": {"z": [1]}}


# --- refinements --------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [{"start": -3.0, "stop": 3.0, "num": 121},
                                  {"start": 1e-8, "stop": 1e-4, "num": 25, "log": True},
                                  {"start": 0.0, "stop": 2.5, "num": 2}])
def test_double_num_keeps_every_base_point(spec):
    base = grid(spec)
    refined = grid(refine_value(spec, "double_num"))
    assert refined.size == 2 * base.size - 1
    np.testing.assert_allclose(refined[::2], base, rtol=1e-13, atol=0)
    # and halves the spacing (in log for log grids)
    step = np.diff(np.log(base) if spec.get("log") else base)
    refined_step = np.diff(np.log(refined) if spec.get("log") else refined)
    np.testing.assert_allclose(refined_step, step[0] / 2, rtol=1e-9)


@pytest.mark.parametrize("spec", [{"start": 0.025, "stop": 5.0, "num": 200},
                                  {"start": 1.0, "stop": 5.0, "num": 161},
                                  {"start": 1e-8, "stop": 1e-2, "num": 301, "log": True}])
def test_subsample_is_every_kth_point_of_the_base_grid(spec):
    base = grid(spec)
    coarse = grid(refine_value(spec, {"subsample": 4}))
    np.testing.assert_allclose(coarse, base[::4], rtol=1e-12)


def test_counts_and_cutoffs():
    assert refine_value([64, 48], "double") == [128, 96]
    assert refine_value(2000, "quadruple") == 8000
    assert refine_value(201, "double_points") == 401
    assert refine_value(100.0, {"scale": 1.2}) == pytest.approx(120.0)
    assert refine_value([{"start": 0, "stop": 1, "num": 3}] * 2, "double_num")[1]["num"] == 5
    with pytest.raises(ConfigError):
        refine_value(3.0, "double_num")
    with pytest.raises(ConfigError):
        refine_value(2.5, "double_points")
    with pytest.raises(ConfigError):
        refine_value(1, "triple")


# --- registries ---------------------------------------------------------------------------

def test_the_project_registries_are_valid(config, manifest):
    readings = load_readings(ROOT / "config/readings.yaml", config,
                             ROOT / "workflow/schemas/readings.schema.yaml",
                             ROOT / "workflow/schemas/config.schema.yaml")
    assert readings["emr_anisotropy"]["extra_dipole_min_distance"]["alternatives"] == {
        "exempt": {"nanocrystals.extra_obeys_min_distance": False},
        "obeys": {"nanocrystals.extra_obeys_min_distance": True}}
    load_convergence(ROOT / "config/convergence.yaml", config, manifest,
                     ROOT / "workflow/schemas/convergence.schema.yaml")


def test_every_computed_table_has_a_convergence_entry(manifest):
    registry = yaml.safe_load((ROOT / "config/convergence.yaml").read_text())
    missing = [f"{p}/{t}" for p, paper in manifest["papers"].items()
               for t in (paper.get("tables") or {}) if t not in registry.get(p, {})]
    assert not missing


READING = """
emr_anisotropy:
  sign_convention:
    description: "sign convention of Eqs. 4-5"
    section: "Eqs. 3-5"
    keys: [{key}]
    default: paper
    alternatives: {{paper: {default}, standard: standard}}
"""


def test_registry_refuses_a_default_that_is_not_the_configured_value(tmp_path, config):
    path = _registry(tmp_path, READING.format(key="fig1.convention", default="standard"))
    with pytest.raises(ConfigError, match="configuration has 'paper'"):
        load_readings(path, config, ROOT / "workflow/schemas/readings.schema.yaml")


def test_registry_refuses_an_unknown_key_path(tmp_path, config):
    path = _registry(tmp_path, READING.format(key="fig1.conventoin", default="paper"))
    with pytest.raises(ConfigError, match="unknown key path emr_anisotropy.fig1.conventoin"):
        load_readings(path, config, ROOT / "workflow/schemas/readings.schema.yaml")


def test_registry_refuses_an_alternative_the_schema_refuses(tmp_path, config):
    path = _registry(tmp_path, READING.format(key="fig1.convention", default="paper")
                     .replace("standard: standard", "standard: sideways"))
    with pytest.raises(ConfigError, match="sideways"):
        load_readings(path, config, ROOT / "workflow/schemas/readings.schema.yaml",
                      ROOT / "workflow/schemas/config.schema.yaml")


def test_registry_with_several_keys_needs_each_key(tmp_path, config):
    text = """
cluster_pairing:
  bcs_branch:
    description: "which BCS solution"
    section: "Sec. 3"
    keys: [fig1.bcs_branch, fig2.bcs_branch]
    default: global_minimum
    alternatives:
      global_minimum: {fig1.bcs_branch: global_minimum, fig2.bcs_branch: global_minimum}
      largest_gap: {fig1.bcs_branch: largest_gap}
"""
    with pytest.raises(ConfigError, match="needs a value for each"):
        load_readings(_registry(tmp_path, text), config,
                      ROOT / "workflow/schemas/readings.schema.yaml")


def test_convergence_registry_refuses_a_key_outside_the_tables_slice(tmp_path, config, manifest):
    path = tmp_path / "convergence.yaml"
    path.write_text("orbital_dimers:\n  equal_particles:\n    refine: {fig4.chi_over_chicz: "
                    "double_num}\n    promise: {atol: 1.0e-9}\n")
    with pytest.raises(ConfigError, match="not in the table's slices"):
        load_convergence(path, config, manifest, ROOT / "workflow/schemas/convergence.schema.yaml")


# --- what a variant recomputes ------------------------------------------------------------

def _variants(config, manifest, readings, convergence=None):
    return Variants(Pipeline(manifest, config, ROOT / "config/anchors"), readings,
                    convergence or {})


def test_only_tables_whose_slice_or_inputs_change_are_recomputed(config, manifest):
    readings = load_readings(ROOT / "config/readings.yaml", config,
                             ROOT / "workflow/schemas/readings.schema.yaml")
    v = _variants(config, manifest, readings)
    obeys = v.reading_variant("emr_anisotropy", "extra_dipole_min_distance", "obeys")
    # the shared slice `nanocrystals` also feeds the Fig. 4 tables
    assert v.affected_tables(obeys) == ["anisotropy_distribution", "fisher_density",
                                        "ligand_thickness"]
    assert v.reading_figures("emr_anisotropy", "extra_dipole_min_distance") == ["fig5"]
    assert v.table_file(obeys, "anisotropy_distribution") == \
        "results/readings/emr_anisotropy/extra_dipole_min_distance/obeys/data/" \
        "anisotropy_distribution.parquet"
    assert v.table_file(obeys, "resonance_field") == "results/emr_anisotropy/data/resonance_field.parquet"
    assert v.table_slice(obeys, "anisotropy_distribution")["extra_obeys_min_distance"] is True
    # the default alternative is the main configuration: nothing to recompute
    exempt = v.reading_variant("emr_anisotropy", "extra_dipole_min_distance", "exempt")
    assert v.affected_tables(exempt) == []
    # a table computed from a changed table is recomputed too (orbital: Bessel zeros)
    convergence = {"orbital_dimers": {"bessel_zeros": {"refine": {"bessel_zeros.z_max":
                                                                  {"scale": 1.2}}}}}
    v = _variants(config, manifest, readings, convergence)
    affected = v.affected_tables(v.convergence_variant("orbital_dimers"))
    assert {"bessel_zeros", "zfs_temperature", "chain_moment"} <= set(affected)
    assert "equal_particles" not in affected


# --- measuring convergence ---------------------------------------------------------------

def test_common_points_match_a_grid_and_its_refinement_despite_round_off():
    base_x = grid({"start": -3.0, "stop": 3.0, "num": 7})
    fine_x = grid({"start": -3.0, "stop": 3.0, "num": 13})
    base = pd.DataFrame({"x": base_x, "y": base_x ** 2})
    refined = pd.DataFrame({"x": fine_x, "y": fine_x ** 2 + 1e-3})
    b, r = common_points(base, refined, ["x"])
    assert len(b) == 7
    np.testing.assert_allclose(r["x"], base_x, atol=1e-12)
    rows = column_changes(base, refined, ["x"], {}, {"atol": 2e-3})
    assert rows[0]["max_change"] == pytest.approx(1e-3) and rows[0]["passed"]
    assert not column_changes(base, refined, ["x"], {}, {"atol": 5e-4})[0]["passed"]


def test_common_points_match_repeated_keys_in_table_order():
    """Two jump ends at one field (keys equal to the key resolution) in both tables: the
    first is matched with the first, the second with the second."""
    base = pd.DataFrame({"x": [0.0, 0.5, 0.5 + 1e-13, 1.0], "y": [1.0, 2.0, 3.0, 4.0]})
    refined = pd.DataFrame({"x": [0.0, 0.25, 0.5, 0.5, 0.75, 1.0],
                            "y": [1.0, 9.0, 2.0, 3.0, 9.0, 4.0]})
    b, r = common_points(base, refined, ["x"])
    np.testing.assert_array_equal(b["y"], [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(r["y"], b["y"])


def test_max_rel_per_curve():
    base = pd.DataFrame({"curve": [0, 0, 1, 1], "t": [1.0, 2.0, 1.0, 2.0],
                         "m": [1.0, 2.0, 1e-4, 2e-4]})
    refined = base.assign(m=base["m"] * 1.0005)
    promise = {"max_rel": 1e-3}
    assert column_changes(base, refined, ["curve", "t"], {"m": promise}, {},
                          scale_by=["curve"])[0]["passed"]
    worse = base.assign(m=base["m"] + [0, 0, 1e-6, 1e-6])  # 0.5 % of the small curve
    assert column_changes(base, worse, ["curve", "t"], {"m": promise}, {})[0]["passed"]
    assert not column_changes(base, worse, ["curve", "t"], {"m": promise}, {},
                              scale_by=["curve"])[0]["passed"]


def test_label_columns_must_be_equal():
    base = pd.DataFrame({"x": [0.0, 1.0], "phase": ["para", "dia"], "v": [1.0, 2.0]})
    rows = column_changes(base, base.assign(phase=["para", "para"]), ["x"], {}, {"atol": 0})
    labels = [r for r in rows if r["column"] == "phase"][0]
    assert labels["max_change"] == 1 and not labels["passed"]


def test_quantile_stderr_matches_the_normal_theory():
    rng = np.random.default_rng(1)
    x = rng.normal(size=40000)
    # median of a unit normal: sqrt(pi / 2) / sqrt(n)
    assert quantile_stderr(x, 0.5) == pytest.approx(np.sqrt(np.pi / 2 / x.size), rel=0.05)
    # the error of a 1000-point sample's 99 % quantile, the density read off all 40000 points:
    # the normal quantiles at q +- sqrt(q (1 - q) / 1000), half their distance
    from scipy.stats import norm

    h = np.sqrt(0.99 * 0.01 / 1000)
    expected = 0.5 * (norm.ppf(0.99 + h) - norm.ppf(0.99 - h))
    assert quantile_stderr(x, 0.99, n=1000) == pytest.approx(expected, rel=0.05)
    assert quantile_stderr(x, 0.99, n=1000) > 5 * quantile_stderr(x, 0.99)


def test_sampling_changes_judge_nested_samples_in_standard_errors():
    rng = np.random.default_rng(2)
    refined = pd.DataFrame({"g": np.repeat([1, 2], 4000), "a": rng.lognormal(size=8000)})
    base = refined.groupby("g").head(1000)  # the first quarter, as with nested seeds
    spec = {"group_by": "g", "columns": {"a": "log10_abs"}, "quantiles": [0.5],
            "fractions_below": {"a": [1.0]}, "sigmas": 3.0}
    rows = sampling_changes(base, refined, spec)
    assert len(rows) == 4 and all(r["passed"] for r in rows)
    shifted = refined.assign(a=refined["a"] * np.where(refined.index >= 0, 3.0, 1.0))
    shifted.loc[base.index, "a"] = base["a"]  # the base sample kept, the rest drawn wider
    assert not all(r["passed"] for r in sampling_changes(base, shifted, spec))


def test_cpu_time_limit_stops_a_search_that_does_not_end():
    with pytest.raises(TimeoutError):
        with cpu_time_limit(0.2):
            while True:
                pass
    with cpu_time_limit(5.0):  # a quick computation is untouched
        assert sum(range(1000)) == 499500


def test_closest_pair_summary_of_the_emr_reading_plot():
    from nanomag.emr_anisotropy.plots.readings import closest_pair_summary

    table = pd.DataFrame({"n_nc": [2, 2, 2, 10, 10, 10],
                          "a_mt": [500.0, -150.0, 5.0, 1000.0, 2.0, -1.0],
                          "closest_pair_nm": [0.05, 0.10, 0.40, 0.02, 0.30, 0.50]})
    s = closest_pair_summary(table)
    assert s["max_abs_a_mt"] == 1000.0
    assert s["n_large"] == 3 and s["large_below_bond"] == 1.0
    # medians of the large-|A| ensembles: n_NC = 2 -> (0.05 + 0.10)/2, n_NC = 10 -> 0.02
    assert s["median_closest_large_nm_min"] == pytest.approx(0.02)
    assert s["median_closest_large_nm_max"] == pytest.approx(0.075)
    low, high = np.quantile(np.log10([500, 150, 5, 1000, 2, 1]), [0.01, 0.99])
    assert s["span_decades"] == pytest.approx(high - low)
