"""Variants of a paper's configuration: readings side by side, and numerical convergence.

A *variant* is a set of overrides ``{key path: value}`` of one paper's config
(``config[<paper>]``; a key path is dotted, ``"nanocrystals.extra_obeys_min_distance"``,
with integers indexing lists, ``"measured.samples.0.b_mt"``). Two registries define them:

- ``config/readings.yaml``: per paper, every *reading* (a documented choice where the paper
  is ambiguous, inconsistent or silent): description, the section of the paper that makes it
  ambiguous, the key paths it sets, the default alternative (checked to equal the current
  config) and the alternatives. Variant ``readings/<paper>/<reading>/<alternative>``.
- ``config/convergence.yaml``: per paper and table, the table's resolution parameters with
  how each is refined, and the accuracy the table promises. The refinements of a paper form
  one variant ``convergence/<paper>``.

A variant recomputes, with the same library functions and rules as the main pipeline, only
the tables whose config slice (or input table) it changes; every other table is read from
the main results. :class:`Variants` gives the workflow rules (``workflow/rules/variants.smk``)
their targets, inputs and params; the job functions at the end of this module are what the
rules' scripts call. ``python -m nanomag.variants`` writes ``docs/readings.md``.
"""

from __future__ import annotations

import copy
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from nanomag.config import ConfigError, as_list, config_slice

if TYPE_CHECKING:  # pandas is imported where a job compares tables: the Snakefile reads this
    import pandas as pd  # module at every start, and pandas costs a no-op run 0.3 s

log = logging.getLogger("nanomag")

READINGS_FILE = "config/readings.yaml"
CONVERGENCE_FILE = "config/convergence.yaml"
READINGS_SCHEMA = "workflow/schemas/readings.schema.yaml"
CONVERGENCE_SCHEMA = "workflow/schemas/convergence.schema.yaml"


# ---------------------------------------------------------------------------------------
# Key paths and overrides
# ---------------------------------------------------------------------------------------

def _segments(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in str(path).split(".")]


def get_path(tree: Any, path: str) -> Any:
    """Value at a dotted key path (integers index lists).

    Raises
    ------
    KeyError
        Naming the path and the first segment that does not exist.
    """
    node = tree
    for segment in _segments(path):
        if isinstance(segment, int) and isinstance(node, list) and 0 <= segment < len(node):
            node = node[segment]
        elif isinstance(node, Mapping) and segment in node:
            node = node[segment]
        else:
            raise KeyError(f"key path '{path}': no '{segment}'")
    return node


def set_path(tree: Any, path: str, value: Any) -> Any:
    """A deep copy of ``tree`` with the value at ``path`` replaced (the path must exist)."""
    get_path(tree, path)
    result = copy.deepcopy(tree)
    *parents, last = _segments(path)
    node = result
    for segment in parents:
        node = node[segment]
    node[last] = copy.deepcopy(value)
    return result


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` merged in: mappings recursively, everything else replaced.

    Neither argument is modified. A key of ``override`` absent from ``base`` is refused (a
    variant changes existing options, it never invents one).
    """
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if key not in merged:
            raise KeyError(f"override key '{key}' is not in the configuration")
        if isinstance(value, Mapping) and isinstance(merged[key], Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def apply_overrides(paper_config: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict:
    """``paper_config`` with every ``{key path: value}`` of ``overrides`` set."""
    result = copy.deepcopy(dict(paper_config))
    for path, value in overrides.items():
        result = set_path(result, path, value)
    return result


# ---------------------------------------------------------------------------------------
# Refinements (convergence)
# ---------------------------------------------------------------------------------------

def _refine_grid_num(value: Any, new_num) -> Any:
    if isinstance(value, list):
        return [_refine_grid_num(v, new_num) for v in value]
    if not (isinstance(value, Mapping) and {"start", "stop", "num"} <= set(value)):
        raise ConfigError(f"a grid refinement needs {{start, stop, num}} grids, got {value!r}")
    return {**value, "num": new_num(int(value["num"]))}


def _subsampled(value: Any, k: int) -> Any:
    """Every k-th point of a grid from its start: ``start`` kept, ``stop`` the last such point."""
    if isinstance(value, list):
        return [_subsampled(v, k) for v in value]
    if not (isinstance(value, Mapping) and {"start", "stop", "num"} <= set(value)):
        raise ConfigError(f"subsample needs {{start, stop, num}} grids, got {value!r}")
    num = int(value["num"])
    kept = (num - 1) // k
    if kept < 1:
        return dict(value)
    start, stop = float(value["start"]), float(value["stop"])
    if value.get("log", False):
        last = start * (stop / start) ** (kept * k / (num - 1))
    else:
        last = start + (stop - start) * kept * k / (num - 1)
    return {**value, "stop": stop if kept * k == num - 1 else last, "num": kept + 1}


def _scaled(value: Any, factor: float, integer: bool) -> Any:
    if isinstance(value, list):
        return [_scaled(v, factor, integer) for v in value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"cannot scale {value!r}")
    result = value * factor
    return int(round(result)) if integer or isinstance(value, int) else float(result)


def refine_value(value: Any, operation: Any) -> Any:
    """The refined value of one resolution parameter.

    Parameters
    ----------
    value
        The current value: a grid ``{start, stop, num}`` (or a list of grids), a count, a
        list of counts (quadrature nodes) or a number (a cut-off).
    operation : str or mapping
        - ``"double_num"``: grid ``num -> 2 num - 1``: the refined linear or logarithmic grid
          holds every point of the base grid (halved spacing);
        - ``"double_points"``: an integer count of points of a linear grid, ``n -> 2 n - 1``;
        - ``"double"`` / ``"quadruple"``: counts (or lists of counts) times 2 / 4;
        - ``{"subsample": k}``: every k-th point of the grid from its start (``stop`` becomes
          the last of them), a subset of the base grid (only
          for grids whose points are computed independently of each other: it makes a costly
          table's convergence run cheaper, its accuracy is measured on the common points);
        - ``{"scale": f}``: a cut-off or window times ``f``;
        - ``{"set": v}``: the value ``v``.

    Raises
    ------
    ConfigError
        If the operation does not apply to the value.
    """
    if operation == "double_num":
        return _refine_grid_num(value, lambda n: 2 * n - 1)
    if operation == "double_points":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"double_points needs an integer count, got {value!r}")
        return 2 * value - 1
    if operation == "double":
        return _scaled(value, 2, False)
    if operation == "quadruple":
        return _scaled(value, 4, False)
    if isinstance(operation, Mapping) and len(operation) == 1:
        (kind, argument), = operation.items()
        if kind == "subsample":
            return _subsampled(value, int(argument))
        if kind == "scale":
            return _scaled(value, float(argument), False)
        if kind == "set":
            return copy.deepcopy(argument)
    raise ConfigError(f"unknown refinement {operation!r}")


# ---------------------------------------------------------------------------------------
# Registries
# ---------------------------------------------------------------------------------------

def _load_yaml(path: str | Path) -> dict:
    """A registry or schema file, read as strictly as the configuration (libyaml; a key
    given twice, a tab or a syntax error is a :class:`ConfigError` naming file and line)."""
    from nanomag.config import load_config_file

    return load_config_file(path)


def _schema_errors(data: Any, schema_path: str | Path) -> list[str]:
    """Every violation of the JSON Schema ``schema_path`` by ``data`` (none if an earlier run
    found the same data valid against the same schema: :func:`nanomag.config.known_valid`)."""
    from nanomag.config import known_valid, remember_valid

    if known_valid(data, schema_path, "registry"):
        return []
    from jsonschema import Draft202012Validator

    schema = _load_yaml(schema_path)
    errors = [f"{'.'.join(map(str, e.absolute_path)) or '<top level>'}: {e.message}"
              for e in sorted(Draft202012Validator(schema).iter_errors(data),
                              key=lambda e: list(map(str, e.absolute_path)))]
    if not errors:
        remember_valid(data, schema_path, "registry")
    return errors


def normalise_reading(paper: str, name: str, entry: Mapping[str, Any],
                      paper_config: Mapping[str, Any]) -> dict[str, Any]:
    """Check one reading against the paper's config; alternatives as ``{path: value}``.

    Raises
    ------
    ConfigError
        If a key path does not exist in ``config[paper]``, an alternative does not give a
        value for exactly the reading's keys, the default is not an alternative, or the
        default alternative differs from the current configuration.
    """
    where = f"readings.{paper}.{name}"
    keys = list(entry["keys"])
    for key in keys:
        try:
            get_path(paper_config, key)
        except KeyError as error:
            raise ConfigError(f"{where}: unknown key path {paper}.{key} ({error})") from None
    alternatives = {}
    for alt, value in entry["alternatives"].items():
        if len(keys) == 1:
            overrides = {keys[0]: value}
        else:
            if not isinstance(value, Mapping) or set(value) != set(keys):
                raise ConfigError(f"{where}.alternatives.{alt}: needs a value for each of "
                                  f"{keys}, got {value!r}")
            overrides = {k: value[k] for k in keys}
        alternatives[str(alt)] = overrides
    default = str(entry["default"])
    if default not in alternatives:
        raise ConfigError(f"{where}: default '{default}' is not one of {sorted(alternatives)}")
    for key, value in alternatives[default].items():
        current = get_path(paper_config, key)
        if current != value:
            raise ConfigError(f"{where}: default '{default}' sets {paper}.{key} = {value!r} "
                              f"but the configuration has {current!r}; the registry must "
                              "name the configured choice as its default")
    return {**entry, "name": name, "paper": paper, "keys": keys, "default": default,
            "alternatives": alternatives, "plots": dict(entry.get("plots") or {})}


def load_readings(path: str | Path, config: Mapping[str, Any],
                  schema_path: str | Path = READINGS_SCHEMA,
                  config_schema: str | Path | None = None) -> dict[str, dict[str, dict]]:
    """Read and check the registry of readings (``config/readings.yaml``).

    With ``config_schema`` (``workflow/schemas/config.schema.yaml``) the configuration under
    every alternative is validated too, so no alternative is refused only inside its jobs.

    Returns
    -------
    dict
        ``{paper: {reading: entry}}``, every alternative as ``{key path: value}``.

    Raises
    ------
    ConfigError
        Listing every schema violation, or the first inconsistency with the configuration.
    """
    data = _load_yaml(path)
    errors = _schema_errors(data, schema_path)
    if errors:
        raise ConfigError(f"{path} is invalid:\n  " + "\n  ".join(errors))
    registry = {}
    for paper, readings in data.items():
        if paper not in config:
            raise ConfigError(f"{path}: paper '{paper}' has no configuration")
        registry[paper] = {name: normalise_reading(paper, name, entry, config[paper])
                           for name, entry in (readings or {}).items()}
    if config_schema:
        from nanomag.config import validate_config

        for paper, readings in registry.items():
            for name, entry in readings.items():
                for alt, overrides in entry["alternatives"].items():
                    variant = {**config, paper: apply_overrides(config[paper], overrides)}
                    try:
                        validate_config(variant, config_schema, paper=paper)
                    except ConfigError as error:
                        raise ConfigError(f"{path}: {paper}.{name} = {alt} gives an invalid "
                                          f"configuration: {error}") from None
    return registry


def load_convergence(path: str | Path, config: Mapping[str, Any],
                     manifest: Mapping[str, Any],
                     schema_path: str | Path = CONVERGENCE_SCHEMA) -> dict[str, dict[str, dict]]:
    """Read and check the convergence registry (``config/convergence.yaml``).

    Every refined key path must exist in the paper's config and lie inside the slice of the
    table that declares it; two tables refining one key must refine it the same way.

    Returns
    -------
    dict
        ``{paper: {table: entry}}``.
    """
    data = _load_yaml(path)
    errors = _schema_errors(data, schema_path)
    if errors:
        raise ConfigError(f"{path} is invalid:\n  " + "\n  ".join(errors))
    for paper, tables in data.items():
        known = (manifest["papers"].get(paper) or {}).get("tables") or {}
        operations: dict[str, Any] = {}
        for table, entry in tables.items():
            where = f"convergence.{paper}.{table}"
            if table not in known:
                raise ConfigError(f"{where}: the manifest has no table '{table}'")
            slices = as_list(known[table]["config"])
            for key, operation in (entry.get("refine") or {}).items():
                if _segments(key)[0] not in slices:
                    raise ConfigError(f"{where}: '{key}' is not in the table's slices {slices}")
                try:
                    value = get_path(config[paper], key)
                except KeyError as error:
                    raise ConfigError(f"{where}: unknown key path {paper}.{key} ({error})") \
                        from None
                refine_value(value, operation)  # refuses an operation that does not apply
                if key in operations and operations[key] != operation:
                    raise ConfigError(f"{where}: {key} is refined as {operation!r} here and "
                                      f"as {operations[key]!r} by another table")
                operations[key] = operation
    return data


# ---------------------------------------------------------------------------------------
# The workflow's view
# ---------------------------------------------------------------------------------------

class Variants:
    """Targets, inputs and params of the variant rules (``workflow/rules/variants.smk``).

    Parameters
    ----------
    pipeline : nanomag.manifest.Pipeline
        The main pipeline (manifest, config, results root, main table files).
    readings : dict
        :func:`load_readings` of ``config/readings.yaml``.
    convergence : dict
        :func:`load_convergence` of ``config/convergence.yaml``.

    A variant is named by its folder below the results root: ``readings/<paper>/<reading>/
    <alternative>`` or ``convergence/<paper>``.
    """

    def __init__(self, pipeline, readings: Mapping[str, Any],
                 convergence: Mapping[str, Any]) -> None:
        self.pipeline = pipeline
        self.readings = readings
        self.convergence = convergence
        self.root = pipeline.root
        # the configuration is fixed for a run: each variant's config and affected tables
        # are computed once (the rules' input functions ask for them many times)
        self._configs: dict[str, dict] = {}
        self._affected: dict[str, list[str]] = {}
        self._anchor_lists: dict[str, list[dict]] = {}

    def _anchors(self, paper: str) -> list[dict[str, Any]]:
        if paper not in self._anchor_lists:
            self._anchor_lists[paper] = self.pipeline._anchors(paper)
        return self._anchor_lists[paper]

    # -- naming ---------------------------------------------------------------------------
    @staticmethod
    def reading_variant(paper: str, reading: str, alternative: str) -> str:
        return f"readings/{paper}/{reading}/{alternative}"

    @staticmethod
    def convergence_variant(paper: str) -> str:
        return f"convergence/{paper}"

    @staticmethod
    def from_wildcards(w) -> str:
        """The variant of a rule's wildcards (``reading`` and ``alternative`` or none)."""
        keys = w.keys()
        if "reading" in keys:
            return f"readings/{w.paper}/{w.reading}/{w.alternative}"
        return f"convergence/{w.paper}"

    @staticmethod
    def paper_of(variant: str) -> str:
        return variant.split("/")[1]

    def overrides(self, variant: str) -> dict[str, Any]:
        """``{key path: value}`` of a variant."""
        parts = variant.split("/")
        if parts[0] == "readings":
            _, paper, reading, alternative = parts
            return dict(self.readings[paper][reading]["alternatives"][alternative])
        paper = parts[1]
        paper_config = self.pipeline.config[paper]
        refined = {}
        for entry in (self.convergence.get(paper) or {}).values():
            for key, operation in (entry.get("refine") or {}).items():
                refined[key] = refine_value(get_path(paper_config, key), operation)
        return refined

    def paper_config(self, variant: str) -> dict[str, Any]:
        """``config[paper]`` with the variant's overrides (do not modify the result)."""
        if variant not in self._configs:
            paper = self.paper_of(variant)
            self._configs[variant] = apply_overrides(self.pipeline.config[paper],
                                                     self.overrides(variant))
        return self._configs[variant]

    # -- tables -----------------------------------------------------------------------------
    def table_slice(self, variant: str, table: str) -> dict[str, Any]:
        paper = self.paper_of(variant)
        names = self.pipeline.table(paper, table)["config"]
        return config_slice({paper: self.paper_config(variant)}, paper, names)

    def affected_tables(self, variant: str) -> list[str]:
        """Tables of the variant's paper whose slice, or one of whose input tables, changes."""
        if variant in self._affected:
            return list(self._affected[variant])
        paper = self.paper_of(variant)
        tables = self.pipeline.papers[paper].get("tables") or {}
        variant_config = {paper: self.paper_config(variant)}
        affected: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, entry in tables.items():
                if name in affected:
                    continue
                own = (config_slice(variant_config, paper, entry["config"])
                       != self.pipeline.table_slice(paper, name))
                if own or set(entry.get("inputs", [])) & affected:
                    affected.add(name)
                    changed = True
        self._affected[variant] = sorted(affected)
        return sorted(affected)

    def table_file(self, variant: str, table: str) -> str:
        """The table under the variant: its own file if the variant changes it, else the main one."""
        paper = self.paper_of(variant)
        if table in self.affected_tables(variant):
            return f"{self.root}/{variant}/data/{table}.parquet"
        return self.pipeline.table_file(paper, table)

    def input_tables(self, variant: str, table: str) -> list[str]:
        paper = self.paper_of(variant)
        return [self.table_file(variant, t)
                for t in self.pipeline.table(paper, table).get("inputs", [])]

    def chunk_files(self, variant: str, table: str) -> list[str]:
        n_chunks = int(self.table_slice(variant, table)["n_chunks"])
        return [f"{self.root}/{variant}/data/chunks/{table}/chunk{i}.parquet"
                for i in range(n_chunks)]

    # -- readings ---------------------------------------------------------------------------
    def reading(self, paper: str, reading: str) -> dict[str, Any]:
        return self.readings[paper][reading]

    def reading_alternatives(self, paper: str, reading: str) -> list[str]:
        """Alternatives of a reading, the default first."""
        entry = self.reading(paper, reading)
        return [entry["default"]] + [a for a in entry["alternatives"] if a != entry["default"]]

    def figure_slice(self, variant: str, fig: str) -> dict[str, Any]:
        paper = self.paper_of(variant)
        names = self.pipeline.figure(paper, fig).get("config", [])
        return config_slice({paper: self.paper_config(variant)}, paper, names)

    def reading_figures(self, paper: str, reading: str) -> list[str]:
        """Implemented figures whose tables or own config slice depend on the reading.

        The reading's optional ``figures`` list restricts them to those that show it (a
        shared slice such as ``nanocrystals`` also reaches figures that do not use the key).
        """
        figures = []
        shown = self.reading(paper, reading).get("figures")
        for fig in self.pipeline.implemented_figures(paper):
            if shown is not None and fig not in shown:
                continue
            tables = set(self.pipeline.figure(paper, fig).get("tables", []))
            for alt in self.reading_alternatives(paper, reading):
                variant = self.reading_variant(paper, reading, alt)
                if (tables & set(self.affected_tables(variant))
                        or self.figure_slice(variant, fig)
                        != self.pipeline.figure_slice(paper, fig)):
                    figures.append(fig)
                    break
        return figures

    def reading_figure_tables(self, paper: str, reading: str, fig: str) -> list[str]:
        """Table files of a figure under every alternative (alternatives outer, tables inner)."""
        names = self.pipeline.figure(paper, fig).get("tables", [])
        return [self.table_file(self.reading_variant(paper, reading, alt), t)
                for alt in self.reading_alternatives(paper, reading) for t in names]

    def reading_plot_tables(self, paper: str, reading: str, plot: str) -> list[str]:
        names = self.reading(paper, reading)["plots"][plot]["tables"]
        return [self.table_file(self.reading_variant(paper, reading, alt), t)
                for alt in self.reading_alternatives(paper, reading) for t in names]

    def reading_anchor_ids(self, paper: str, reading: str) -> list[str]:
        """Anchors whose verdict can depend on the reading.

        Those that read a table or a config slice the reading changes, and those whose
        ``reading:`` field names it.
        """
        if paper not in self.pipeline.scored_papers():
            return []
        anchors = self._anchors(paper)
        tables, slices = set(), set()
        for alt in self.reading_alternatives(paper, reading):
            variant = self.reading_variant(paper, reading, alt)
            tables |= set(self.affected_tables(variant))
            variant_config = self.paper_config(variant)
            slices |= {s for s in self.pipeline.config[paper]
                       if variant_config[s] != self.pipeline.config[paper][s]}
        return [a["id"] for a in anchors
                if set(as_list(a.get("table"))) & tables or set(as_list(a.get("config"))) & slices
                or a.get("reading") == reading]

    def reading_anchor_tables(self, variant: str) -> dict[str, str]:
        """Files of the tables the reading's anchors read, under the variant."""
        paper, reading = variant.split("/")[1:3]
        ids = set(self.reading_anchor_ids(paper, reading))
        names = sorted({n for a in self._anchors(paper) if a["id"] in ids
                        for n in as_list(a.get("table"))})
        return {n: self.table_file(variant, n) for n in names}

    def reading_anchor_slices(self, variant: str) -> dict[str, Any]:
        paper, reading = variant.split("/")[1:3]
        ids = set(self.reading_anchor_ids(paper, reading))
        names = sorted({n for a in self._anchors(paper) if a["id"] in ids
                        for n in as_list(a.get("config"))})
        variant_config = self.paper_config(variant)
        return {n: variant_config[n] for n in names}

    def reading_scorecard_files(self, paper: str) -> list[str]:
        return [f"{self.root}/{self.reading_variant(paper, r, a)}/scorecard.parquet"
                for r in self.readings.get(paper, {})
                for a in self.reading_alternatives(paper, r)]

    def reading_paper_files(self, paper: str) -> list[str]:
        """Everything ``snakemake readings_<paper>`` builds."""
        files = []
        for reading, entry in self.readings.get(paper, {}).items():
            base = f"{self.root}/readings/{paper}/{reading}"
            for fig in self.reading_figures(paper, reading):
                files += [f"{base}/{fig}.png", f"{base}/{fig}.pdf"]
            for plot in entry["plots"]:
                files += [f"{base}/{plot}.png", f"{base}/{plot}.pdf"]
        files.append(f"{self.root}/readings/{paper}/scorecard.md")
        return files

    def reading_plot_names(self) -> str:
        names = {p for readings in self.readings.values() for r in readings.values()
                 for p in r["plots"]}
        return "|".join(sorted(names)) or "__none__"

    # -- convergence ------------------------------------------------------------------------
    def convergence_tables(self, paper: str) -> list[str]:
        """Every computed table of the paper (declared in the registry or not)."""
        return list(self.pipeline.papers[paper].get("tables") or {})

    def convergence_papers(self) -> list[str]:
        return [p for p in self.pipeline.papers if self.pipeline.papers[p].get("tables")]

    def convergence_entry(self, paper: str, table: str) -> dict[str, Any]:
        """The table's registry entry, checked against what the paper's refinement changes.

        A table missing from the registry, an ``exact`` table that the refinement changes, or
        a table with a promise that nothing refines gets an entry ``{"problem": ...}``, which
        the comparison reports as a miss.
        """
        entry = (self.convergence.get(paper) or {}).get(table)
        affected = table in self.affected_tables(self.convergence_variant(paper))
        if entry is None:
            return {"problem": "no entry in config/convergence.yaml"}
        if "exact" in entry and affected:
            return {**entry, "problem": "declared exact, but the paper's refinement changes its "
                                        "slice or inputs: declare its promise"}
        if "exact" not in entry and not affected:
            return {**entry, "problem": "declares a promise, but nothing refines it"}
        return dict(entry)

    def refined_slice_changes(self, paper: str, table: str) -> dict[str, str]:
        """``{key: "base -> refined"}`` of the refinements inside the table's slice."""
        slices = as_list(self.pipeline.table(paper, table)["config"])
        return {k: f"{_brief(get_path(self.pipeline.config[paper], k))} -> {_brief(v)}"
                for k, v in self.overrides(self.convergence_variant(paper)).items()
                if _segments(k)[0] in slices}

    def refined_table_file(self, paper: str, table: str) -> list[str]:
        """The refined table (empty list if the refinement does not change it)."""
        variant = self.convergence_variant(paper)
        return ([self.table_file(variant, table)]
                if table in self.affected_tables(variant) else [])



# ---------------------------------------------------------------------------------------
# Convergence measurement
# ---------------------------------------------------------------------------------------

#: Key columns are matched after rounding to this fraction of each column's span, so that
#: the points of a grid and of its refinement (equal up to round-off) coincide.
KEY_RESOLUTION = 1.0e-9


def _key_frame(frame: pd.DataFrame, keys: Sequence[str], spans: Mapping[str, tuple]) -> pd.DataFrame:
    import pandas as pd

    out = pd.DataFrame(index=frame.index)
    for key in keys:
        column = frame[key]
        if pd.api.types.is_float_dtype(column):
            low, span = spans[key]
            out[key] = np.rint((column.to_numpy() - low) / span / KEY_RESOLUTION).astype(np.int64)
        else:
            out[key] = column.to_numpy()
    return out


def common_points(base: pd.DataFrame, refined: pd.DataFrame,
                  keys: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of ``base`` and ``refined`` at the same key values, in the same order.

    With no keys the tables must have the same number of rows and are compared row by row.
    Rows whose keys coincide (to :data:`KEY_RESOLUTION`) within a table, such as the ends of
    first-order jumps that several levels make at one field, are matched in table order
    (the first with the first, ...).

    Raises
    ------
    ValueError
        If no common point exists.
    """
    import pandas as pd

    if not keys:
        if len(base) != len(refined):
            raise ValueError(f"no key columns and {len(base)} != {len(refined)} rows")
        return base.reset_index(drop=True), refined.reset_index(drop=True)
    spans = {}
    for key in keys:
        if pd.api.types.is_float_dtype(base[key]):
            values = np.concatenate([base[key].to_numpy(), refined[key].to_numpy()])
            low, high = float(values.min()), float(values.max())
            spans[key] = (low, high - low if high > low else 1.0)
    left, right = _key_frame(base, keys, spans), _key_frame(refined, keys, spans)
    for frame in (left, right):
        frame["_occurrence"] = frame.groupby(list(keys), sort=False).cumcount()
    left["_row_base"], right["_row_refined"] = np.arange(len(left)), np.arange(len(right))
    merged = left.merge(right, on=[*keys, "_occurrence"], how="inner")
    if merged.empty:
        raise ValueError("the base and refined tables have no point in common")
    return (base.iloc[merged["_row_base"].to_numpy()].reset_index(drop=True),
            refined.iloc[merged["_row_refined"].to_numpy()].reset_index(drop=True))


def column_changes(base: pd.DataFrame, refined: pd.DataFrame, keys: Sequence[str],
                   columns: Mapping[str, Mapping[str, float]],
                   default: Mapping[str, float],
                   scale_by: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Largest change of every compared column on the common points, against its promise.

    A point passes if ``|refined - base| <= atol + rtol |base| + max_rel max|base|`` (the
    promise's ``rtol``, ``atol`` and ``max_rel``, a fraction of the column's largest value;
    with ``scale_by`` the largest value within each group of those columns, e.g. per curve).
    Columns compared: those named in ``columns``, else every numeric column not a key; other
    columns that are not keys must be equal.
    """
    import pandas as pd

    b, r = common_points(base, refined, keys)
    names = list(columns) or [c for c in base.columns if c not in keys
                              and pd.api.types.is_numeric_dtype(base[c])
                              and not pd.api.types.is_bool_dtype(base[c])]
    rows = []
    for name in [c for c in base.columns if c not in keys and c not in names
                 and not pd.api.types.is_numeric_dtype(base[c])] if not columns else []:
        mismatches = int((b[name].astype(str) != r[name].astype(str)).sum())
        rows.append({"column": name, "points": len(b), "max_change": float(mismatches),
                     "max_change_over_max": float(mismatches) / max(len(b), 1),
                     "max_relative_change": 0.0, "rtol": 0.0, "atol": 0.0, "max_rel": 0.0,
                     "passed": mismatches == 0, "label": True})
    for name in names:
        promise = {**default, **(columns.get(name) or {})}
        x, y = b[name].to_numpy(dtype=float), r[name].to_numpy(dtype=float)
        change = np.abs(y - x)
        scale = float(np.max(np.abs(x))) if x.size else 0.0
        if scale_by:
            group_max = b[name].abs().groupby([b[c] for c in scale_by]).transform("max")
            scales = group_max.to_numpy(dtype=float)
        else:
            scales = np.full(x.size, scale)
        rtol, atol = float(promise.get("rtol", 0.0)), float(promise.get("atol", 0.0))
        max_rel = float(promise.get("max_rel", 0.0))
        allowed = atol + rtol * np.abs(x) + max_rel * scales
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = np.where(np.abs(x) > 0, change / np.abs(x), np.where(change > 0, np.inf, 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            over_max = np.where(scales > 0, change / scales, np.where(change > 0, np.inf, 0))
        rows.append({"column": name, "points": int(x.size),
                     "max_change": float(change.max()) if x.size else 0.0,
                     "max_change_over_max": float(over_max.max()) if x.size else 0.0,
                     "max_relative_change": float(np.max(relative)) if x.size else 0.0,
                     "rtol": rtol, "atol": atol, "max_rel": max_rel,
                     "passed": bool(np.all(change <= allowed * (1 + 1e-12)))})
    return rows


def quantile_stderr(values: np.ndarray, q: float, n: int | None = None) -> float:
    """Standard error of the ``q`` quantile of a sample of size ``n`` (order statistics).

    Half the distance between the quantiles of ``values`` at ``q +- sqrt(q (1 - q) / n)``,
    the binomial 68 % interval of the rank; no distribution is assumed. ``n`` defaults to
    ``values.size``; a larger ``values`` (the refined ensemble) than ``n`` (the base one)
    reads the density at the quantile off more points: in a heavy tail (the 99 % quantile
    rests on the top 1 % of the sample) the sample's own estimate is often several times
    too small.
    """
    n = values.size if n is None else int(n)
    half_width = math.sqrt(q * (1.0 - q) / n)
    low, high = np.quantile(values, [max(q - half_width, 0.0), min(q + half_width, 1.0)])
    return 0.5 * float(high - low)


def sampling_changes(base: pd.DataFrame, refined: pd.DataFrame,
                     spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Change of the Monte Carlo statistics a figure and its scorecard use, in standard errors.

    ``spec``: ``group_by`` (column), ``columns`` (``{name: "log10_abs" | "value"}``: the
    statistic's variable), ``quantiles`` (list), ``fractions_below`` (``{column: [x, ...]}``,
    the fraction of samples with ``|column| < x``) and ``sigmas`` (the promise: the change may
    be at most this many standard errors of the base statistic). The standard error of a
    quantile is that of the base sample's size with the density read off the refined sample
    (:func:`quantile_stderr`).
    """
    sigmas = float(spec.get("sigmas", 3.0))
    rows = []
    groups = spec.get("group_by")
    keys = sorted(base[groups].unique()) if groups else [None]

    def values(frame, column, transform, key):
        part = frame if key is None else frame[frame[groups] == key]
        x = part[column].to_numpy(dtype=float)
        return np.log10(np.abs(x)) if transform == "log10_abs" else x

    for key in keys:
        label = "" if key is None else f"{groups}={key}"
        for column, transform in (spec.get("columns") or {}).items():
            x, y = values(base, column, transform, key), values(refined, column, transform, key)
            for q in spec.get("quantiles", []):
                stderr = quantile_stderr(y, q, n=x.size)
                change = float(np.quantile(y, q) - np.quantile(x, q))
                rows.append({"column": f"{transform}({column}) q{q:g} {label}".strip(),
                             "points": int(x.size), "refined_points": int(y.size),
                             "max_change": abs(change), "stderr": stderr,
                             "sigmas": sigmas,
                             "passed": bool(abs(change) <= sigmas * stderr)})
        for column, thresholds in (spec.get("fractions_below") or {}).items():
            x = np.abs(values(base, column, "value", key))
            y = np.abs(values(refined, column, "value", key))
            for threshold in as_list(thresholds):
                p = float(np.mean(x < threshold))
                stderr = math.sqrt(max(p * (1 - p), 1.0 / x.size) / x.size)
                change = float(np.mean(y < threshold)) - p
                rows.append({"column": f"P(|{column}| < {threshold:g}) {label}".strip(),
                             "points": int(x.size), "refined_points": int(y.size),
                             "max_change": abs(change), "stderr": stderr, "sigmas": sigmas,
                             "passed": bool(abs(change) <= sigmas * stderr)})
    return rows


CONVERGENCE_UNITS = {
    "paper": "label", "table": "label", "column": "label", "resolution": "label",
    "promise": "label", "points": "1", "refined_points": "1",
    "max_change": "unit of the column", "max_change_over_max": "1",
    "max_relative_change": "1", "rtol": "1", "atol": "unit of the column", "max_rel": "1",
    "stderr": "unit of the statistic", "sigmas": "1", "measured": "label", "passed": "label",
}
CONVERGENCE_NULLABLE = ("max_change", "max_change_over_max", "max_relative_change", "rtol",
                        "atol", "max_rel", "stderr", "sigmas", "refined_points")


def _promise_text(entry: Mapping[str, Any]) -> str:
    if "exact" in entry:
        return f"exact: {entry['exact']}"
    if "sampling" in entry:
        return f"statistics within {entry['sampling'].get('sigmas', 3.0):g} standard errors"
    parts = []
    default = entry.get("promise") or {}
    for name, value in (("rtol", "rtol"), ("atol", "atol"), ("max_rel", "of max")):
        if name in default:
            parts.append(f"{value} {default[name]:g}" if name != "max_rel"
                         else f"{default[name]:g} {value}")
    text = ", ".join(parts)
    if entry.get("columns"):
        text += (" (" if text else "(") + "; ".join(
            f"{c}: " + ", ".join(f"{k} {v:g}" for k, v in p.items())
            for c, p in entry["columns"].items()) + ")"
    return text or "equal"


def _measured_text(row: Mapping[str, Any]) -> str:
    import pandas as pd

    if row.get("label") is True:
        return f"{int(row['max_change'])} of {int(row['points'])} labels differ"
    if row.get("stderr") is not None and not pd.isna(row.get("stderr")):
        return (f"change {row['max_change']:.3g} = {row['max_change'] / row['stderr']:.2f} "
                f"sigma (sigma {row['stderr']:.3g})" if row["stderr"] > 0
                else f"change {row['max_change']:.3g}")
    return (f"max |change| {row['max_change']:.3g} ({row['max_change_over_max']:.2g} of max"
            f"{' per curve' if row.get('scaled') else ''}, "
            f"{row['max_relative_change']:.2g} rel.)")


def compare_refined(paper: str, table: str, entry: Mapping[str, Any], base_path: str | Path,
                    refined_path: str | Path | None, resolution: Mapping[str, Any]) -> pd.DataFrame:
    """Rows of the convergence table for one table (one per compared column or statistic)."""
    import pandas as pd

    from nanomag.io import read_table

    resolution_text = "; ".join(f"{k}: {v}" for k, v in resolution.items()) or \
        ("inputs" if refined_path else "none")
    if "problem" in entry:
        return pd.DataFrame([{"paper": paper, "table": table, "resolution": resolution_text,
                              "promise": "-", "column": "(all)",
                              "measured": entry["problem"], "passed": "NO"}])
    common = {"paper": paper, "table": table, "resolution": resolution_text,
              "promise": _promise_text(entry)}
    if "exact" in entry:
        base = read_table(base_path)[0]
        return pd.DataFrame([{**common, "column": "(all)", "points": len(base),
                              "measured": "no resolution parameter", "passed": "yes"}])
    base = read_table(base_path)[0]
    refined = read_table(refined_path)[0]
    if "sampling" in entry:
        rows = sampling_changes(base, refined, entry["sampling"])
    else:
        rows = column_changes(base, refined, entry.get("keys", []), entry.get("columns") or {},
                              entry.get("promise") or {}, entry.get("scale_by", ()))
    frame = pd.DataFrame([{**common, **row, "scaled": bool(entry.get("scale_by"))}
                          for row in rows])
    frame["measured"] = [_measured_text(r) for r in frame.to_dict("records")]
    frame = frame.drop(columns=["label", "scaled"], errors="ignore")
    frame["passed"] = np.where(frame["passed"], "yes", "NO")
    return frame


def _convergence_table(frame: pd.DataFrame):
    from nanomag.io import Table

    frame = frame.reindex(columns=list(CONVERGENCE_UNITS))
    for column in ("points", "refined_points"):
        frame[column] = frame[column].astype(float)
    for column in ("column", "resolution", "promise", "measured", "passed"):
        frame[column] = frame[column].astype(str)
    return Table(frame, CONVERGENCE_UNITS, "Convergence of every computed table",
                 nullable=CONVERGENCE_NULLABLE + ("points",))


def convergence_markdown(frame: pd.DataFrame) -> str:
    """The convergence table: per table and column, refinement, promise, measured, verdict."""
    failed = frame[frame["passed"] != "yes"]
    lines = ["# Convergence", "",
             "Every computed table recomputed with its resolution parameters refined "
             "(`config/convergence.yaml`); per column the largest change on the common points "
             "(Monte Carlo tables: the change of the statistics the figures and scorecard use, "
             "in standard errors of the base sample) against the accuracy the table promises.",
             "", f"{frame['table'].nunique()} tables, {len(frame)} checks, "
             f"{len(failed)} miss their promise.", "",
             "| paper | table | refined | column | promised | measured | ok |",
             "|---|---|---|---|---|---|---|"]
    for row in frame.itertuples():
        cells = [row.paper, row.table, row.resolution, row.column, row.promise, row.measured,
                 row.passed]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def convergence_html(frame: pd.DataFrame) -> str:
    from html import escape

    style = ("body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse}"
             "th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top}th{background:#eee}")
    failed = int((frame["passed"] != "yes").sum())
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Convergence</title>"
             f"<style>{style}</style></head><body><h1>Convergence</h1>"
             "<p>Every computed table recomputed with its resolution parameters refined "
             "(config/convergence.yaml): the largest change of each column on the common points "
             "(Monte Carlo: change of the statistics in standard errors) against the promised "
             f"accuracy. {frame['table'].nunique()} tables, {len(frame)} checks, {failed} miss "
             "their promise.</p><table><tr>"
             + "".join(f"<th>{h}</th>" for h in ("paper", "table", "refined", "column",
                                                 "promised", "measured", "ok")) + "</tr>"]
    for row in frame.itertuples():
        colour = "#d9f2d9" if row.passed == "yes" else "#f8d0d0"
        cells = [row.paper, row.table, row.resolution, row.column, row.promise, row.measured,
                 row.passed]
        parts.append(f"<tr style='background:{colour}'>"
                     + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# Readings: comparison figures and scorecards
# ---------------------------------------------------------------------------------------

def _render(figure, dpi: float) -> np.ndarray:
    """RGBA pixels of a matplotlib figure."""
    import matplotlib.pyplot as plt

    figure.set_dpi(dpi)
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba()).copy()
    plt.close(figure)
    return pixels


def side_by_side(images: Sequence[np.ndarray], titles: Sequence[str], suptitle: str,
                 dpi: float = 150.0):
    """One figure with the rendered figures next to each other, each under its title.

    The ``suptitle`` is wrapped to the width of the images (about 14 characters of 9 pt text
    per inch), so that a long reading description does not widen the figure."""
    import textwrap

    import matplotlib.pyplot as plt

    height = max(i.shape[0] for i in images) / dpi
    widths = [i.shape[1] / dpi for i in images]
    lines = textwrap.wrap(suptitle, width=max(40, int(14 * sum(widths))))
    header = 0.45 + 0.16 * len(lines)   # the wrapped suptitle and the two-line titles [in]
    figure, axes = plt.subplots(1, len(images), figsize=(sum(widths), height + header),
                                gridspec_kw={"width_ratios": widths}, squeeze=False)
    for ax, image, title in zip(axes[0], images, titles):
        ax.imshow(image, interpolation="none")
        ax.set_title(title, fontsize=9, fontweight="bold")
        ax.set_axis_off()
    figure.suptitle("\n".join(lines), fontsize=9)
    figure.subplots_adjust(left=0.005, right=0.995, bottom=0.005,
                           top=1 - (header - 0.05) / (height + header), wspace=0.02)
    return figure


def _alternative_title(entry: Mapping[str, Any], alternative: str) -> str:
    overrides = entry["alternatives"][alternative]
    values = ", ".join(f"{k.split('.')[-1]} = {_short(v)}" for k, v in overrides.items())
    default = " (default)" if alternative == entry["default"] else ""
    return f"{alternative}{default}\n{values}"


def _short(value: Any) -> str:
    text = _brief(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _yaml(value: Any) -> str:
    """A config value as it is written in YAML (flow style)."""
    import yaml

    return yaml.safe_dump(value, default_flow_style=True, width=1000).strip().removesuffix("\n...")


def _brief(value: Any) -> str:
    """A config value in a few characters: a grid by its point count, floats to 6 digits."""
    if isinstance(value, list):
        return "[" + ", ".join(_brief(v) for v in value) + "]"
    if isinstance(value, Mapping) and {"start", "stop", "num"} <= set(value):
        return f"{value['num']} pts"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def draw_reading_figure(function_path: str, reading: Mapping[str, Any],
                        alternatives: Sequence[str], slices: Mapping[str, Mapping[str, Any]],
                        table_names: Sequence[str], table_paths: Sequence[str | Path],
                        outputs: Sequence[str | Path], title: str) -> None:
    """Draw a figure under every alternative of a reading and place them side by side.

    ``table_paths`` lists the figure's tables for each alternative in turn (alternatives
    outer, ``table_names`` inner), as :meth:`Variants.reading_figure_tables` orders them.
    """
    from nanomag.config import resolve
    from nanomag.io import read_table
    from nanomag.plotting import save_figure, use_style

    use_style()
    draw = resolve(function_path)
    n = len(table_names)
    images = []
    for index, alternative in enumerate(alternatives):
        paths = table_paths[index * n:(index + 1) * n]
        tables = {name: read_table(path)[0] for name, path in zip(table_names, paths)}
        images.append(_render(draw(tables, dict(slices[alternative])), dpi=150.0))
    figure = side_by_side(images, [_alternative_title(reading, a) for a in alternatives],
                          f"{title} - reading '{reading['name']}': {reading['description']}")
    save_figure(figure, outputs)
    log.info("drew %s", ", ".join(map(str, outputs)))


def draw_reading_plot(function_path: str, reading: Mapping[str, Any],
                      alternatives: Sequence[str], table_names: Sequence[str],
                      table_paths: Sequence[str | Path], outputs: Sequence[str | Path]) -> None:
    """A dedicated comparison plot: ``f({alternative: {table: frame}}, reading) -> Figure``."""
    from nanomag.config import resolve
    from nanomag.io import read_table
    from nanomag.plotting import save_figure, use_style

    use_style()
    n = len(table_names)
    tables = {alt: {name: read_table(path)[0]
                    for name, path in zip(table_names, table_paths[i * n:(i + 1) * n])}
              for i, alt in enumerate(alternatives)}
    save_figure(resolve(function_path)(tables, dict(reading)), outputs)


#: CPU seconds an anchor may take under a non-default alternative. The paper's evaluate
#: functions are written for the configured reading; under another one a search for a
#: quantity that does not exist there may not end (it is then "not computable").
ANCHOR_CPU_LIMIT_S = 60.0


class cpu_time_limit:
    """Context manager raising ``TimeoutError`` after ``seconds`` of this process's CPU time.

    CPU time (``ITIMER_PROF``), not wall time, so the limit does not depend on the load.
    Main thread only (signals); a no-op where ``SIGPROF`` does not exist.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self):
        import signal

        if hasattr(signal, "SIGPROF"):
            def expire(signum, frame):
                raise TimeoutError(f"no result within {self.seconds:g} CPU seconds")

            self._previous = signal.signal(signal.SIGPROF, expire)
            signal.setitimer(signal.ITIMER_PROF, self.seconds)
        return self

    def __exit__(self, *exc) -> bool:
        import signal

        if hasattr(signal, "SIGPROF"):
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, self._previous)
        return False


READING_CARD_UNITS = {
    "paper": "label", "reading": "label", "alternative": "label", "default": "label",
    "id": "label", "figure": "label", "quantity": "label", "expected_text": "label",
    "relation": "label", "unit": "label", "computed": "unit column", "verdict": "label",
    "finding": "label",
}


def reading_scorecard(anchor_path: str | Path, paper: str, reading: str, alternative: str,
                      default: str, anchor_ids: Sequence[str],
                      table_paths: Mapping[str, str | Path], slices: Mapping[str, Any],
                      output: str | Path, rule: str) -> None:
    """Evaluate the anchors a reading can change under one alternative; write them.

    A statement whose evaluation fails under a non-default alternative (the quantity does not
    exist in that reading, e.g. no crossover) is "not computable" with the error as finding.
    """
    import pandas as pd

    from nanomag.io import Table, read_table, write_table
    from nanomag.scorecard import evaluate_anchor, load_anchors

    tables = {name: read_table(path)[0] for name, path in table_paths.items()}
    wanted = set(anchor_ids)
    rows = []
    for anchor in load_anchors(anchor_path):
        if anchor["id"] not in wanted:
            continue
        try:
            if alternative == default:
                row = evaluate_anchor(anchor, tables, slices)
            else:
                with cpu_time_limit(ANCHOR_CPU_LIMIT_S):
                    row = evaluate_anchor(anchor, tables, slices)
        except (ValueError, RuntimeError, ArithmeticError, TimeoutError) as error:
            if alternative == default:
                raise  # the configured reading must evaluate, as in the main scorecard
            row = {**{k: anchor.get(k, "") for k in READING_CARD_UNITS},
                   "figure": str(anchor["figure"]), "expected_text": str(anchor["expected"]),
                   "relation": anchor.get("relation", "=="), "computed": math.nan,
                   "verdict": "not computable",
                   "finding": f"the statement has no value under this reading: {error}"}
        rows.append({"paper": paper, "reading": reading, "alternative": alternative,
                     "default": "yes" if alternative == default else "no",
                     **{k: row[k] for k in READING_CARD_UNITS
                        if k not in ("paper", "reading", "alternative", "default")}})
    frame = pd.DataFrame(rows, columns=list(READING_CARD_UNITS))
    frame["computed"] = frame["computed"].astype(float)
    write_table(Table(frame, READING_CARD_UNITS, f"{paper}: anchors under reading "
                      f"{reading} = {alternative}", nullable=("computed",)),
                output, rule=rule, params={"anchors": list(anchor_ids),
                                           "tables": {k: str(v) for k, v in table_paths.items()},
                                           "slices": dict(slices)})


def _verdict_cell(row) -> str:
    import pandas as pd

    if pd.isna(row["computed"]):
        return row["verdict"]
    return f"{row['computed']:.4g}: {row['verdict']}"


def _expected_cell(row) -> str:
    relation = "" if row["relation"] in ("==", "in") else row["relation"] + " "
    unit = "" if row["unit"] in ("1", "") else f" {row['unit']}"
    return f"{relation}{row['expected_text']}{unit}"


def readings_markdown(frame: pd.DataFrame, registry: Mapping[str, Mapping[str, Any]],
                      figures: Mapping[tuple[str, str], Sequence[str]] | None = None) -> str:
    """One section per reading: its registry entry, then each affected statement with the
    value and verdict under every alternative (one column per alternative)."""
    lines = ["# Readings side by side", "",
             "Each reading is a documented choice where a paper is ambiguous, inconsistent or "
             "silent (`config/readings.yaml`). For every statement of the scorecard that a "
             "reading can change: ours and the verdict under each alternative.", ""]
    for paper, readings in registry.items():
        lines += [f"## {paper}", ""]
        for name, entry in readings.items():
            lines += _reading_header(entry, "###")
            if figures and figures.get((paper, name)):
                lines += ["Comparison figures: " + ", ".join(
                    f"`readings/{paper}/{name}/{f}.png`" for f in figures[(paper, name)]), ""]
            part = frame[(frame["paper"] == paper) & (frame["reading"] == name)]
            if part.empty:
                lines += ["No statement of the scorecard depends on this reading.", ""]
                continue
            alternatives = [entry["default"]] + [a for a in entry["alternatives"]
                                                 if a != entry["default"]]
            header = ["id", "quantity", "paper"] + [
                a + (" (default)" if a == entry["default"] else "") for a in alternatives]
            lines += ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
            for anchor_id, rows in part.groupby("id", sort=False):
                by_alt = {r["alternative"]: r for r in rows.to_dict("records")}
                first = rows.iloc[0]
                cells = [anchor_id, first["quantity"], _expected_cell(first)] + [
                    _verdict_cell(by_alt[a]) if a in by_alt else "-" for a in alternatives]
                lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ")
                                               for c in cells) + " |")
            lines.append("")
    return "\n".join(lines)


def _reading_header(entry: Mapping[str, Any], level: str) -> list[str]:
    lines = [f"{level} {entry['name']}", "", entry["description"], "",
             f"- ambiguous in: {entry['section']}",
             f"- sets: {', '.join('`' + k + '`' for k in entry['keys'])}"]
    for alt, overrides in entry["alternatives"].items():
        mark = " **(default)**" if alt == entry["default"] else ""
        values = ", ".join(f"`{k}: {_yaml(v)}`" for k, v in overrides.items())
        note = (entry.get("notes") or {}).get(alt, "")
        lines.append(f"- `{alt}`{mark}: {values}" + (f" - {note}" if note else ""))
    return lines + [""]


def readings_html(frame: pd.DataFrame, registry: Mapping[str, Mapping[str, Any]],
                  figures: Mapping[tuple[str, str], Sequence[str]] | None = None) -> str:
    """The readings scorecard as a self-contained page for the Snakemake report."""
    from html import escape

    colours = {"reproduced": "#d9f2d9", "disagrees": "#f8d0d0", "not computable": "#e8e8e8"}
    style = ("body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse;"
             "margin-bottom:1.5em}th,td{border:1px solid #bbb;padding:3px 6px;"
             "vertical-align:top}th{background:#eee}")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Readings</title>"
             f"<style>{style}</style></head><body><h1>Readings side by side</h1>"
             "<p>Each reading is a documented choice where a paper is ambiguous, inconsistent "
             "or silent (config/readings.yaml). For every statement a reading can change: ours "
             "and the verdict under each alternative.</p>"]
    for paper, readings in registry.items():
        parts.append(f"<h2>{escape(paper)}</h2>")
        for name, entry in readings.items():
            parts.append(f"<h3>{escape(name)}</h3><p>{escape(entry['description'])}<br>"
                         f"ambiguous in: {escape(entry['section'])}<br>sets: "
                         f"{escape(', '.join(entry['keys']))}</p><ul>")
            for alt, overrides in entry["alternatives"].items():
                mark = " <b>(default)</b>" if alt == entry["default"] else ""
                parts.append(f"<li><code>{escape(alt)}</code>{mark}: "
                             f"{escape(', '.join(f'{k}: {_yaml(v)}' for k, v in overrides.items()))}</li>")
            parts.append("</ul>")
            if figures and figures.get((paper, name)):
                parts.append("<p>Comparison figures: " + escape(", ".join(
                    f"readings/{paper}/{name}/{f}.png" for f in figures[(paper, name)])) + "</p>")
            part = frame[(frame["paper"] == paper) & (frame["reading"] == name)]
            if part.empty:
                parts.append("<p>No statement of the scorecard depends on this reading.</p>")
                continue
            alternatives = [entry["default"]] + [a for a in entry["alternatives"]
                                                 if a != entry["default"]]
            parts.append("<table><tr><th>id</th><th>quantity</th><th>paper</th>" + "".join(
                f"<th>{escape(a)}{' (default)' if a == entry['default'] else ''}</th>"
                for a in alternatives) + "</tr>")
            for anchor_id, rows in part.groupby("id", sort=False):
                by_alt = {r["alternative"]: r for r in rows.to_dict("records")}
                first = rows.iloc[0]
                cells = "".join(
                    f"<td style='background:{colours[by_alt[a]['verdict']]}'>"
                    f"{escape(_verdict_cell(by_alt[a]))}"
                    + (f"<br><small>{escape(by_alt[a]['finding'])}</small>"
                       if by_alt[a]["finding"] else "") + "</td>"
                    if a in by_alt else "<td>-</td>" for a in alternatives)
                parts.append(f"<tr><td>{escape(anchor_id)}</td><td>{escape(first['quantity'])}"
                             f"</td><td>{escape(_expected_cell(first))}</td>{cells}</tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def merge_reading_scorecards(paths: Sequence[str | Path], registry: Mapping[str, Any],
                             parquet_output: str | Path, markdown_output: str | Path,
                             html_output: str | Path | None, rule: str,
                             figures: Mapping[str, Sequence[str]] | None = None) -> None:
    """Join per-alternative scorecards into one table, markdown and (optionally) HTML.

    ``figures`` maps ``"<paper>/<reading>"`` to the comparison figures of that reading.
    """
    import pandas as pd

    from nanomag.io import Table, read_table, write_table

    frames = [read_table(p)[0] for p in paths]
    frame = pd.concat(frames, ignore_index=True) if frames else \
        pd.DataFrame(columns=list(READING_CARD_UNITS))
    frame["computed"] = frame["computed"].astype(float)
    by_reading = {tuple(k.split("/")): v for k, v in (figures or {}).items()}
    write_table(Table(frame, READING_CARD_UNITS, "Scorecard under every reading",
                      nullable=("computed",)), parquet_output, rule=rule,
                params={"cards": [str(p) for p in paths]})
    Path(markdown_output).write_text(readings_markdown(frame, registry, by_reading))
    if html_output:
        Path(html_output).write_text(readings_html(frame, registry, by_reading))


def merge_convergence(paths: Sequence[str | Path], parquet_output: str | Path,
                      markdown_output: str | Path, html_output: str | Path, rule: str) -> None:
    import pandas as pd

    from nanomag.io import read_table, write_table

    frame = pd.concat([read_table(p)[0] for p in paths], ignore_index=True)
    write_table(_convergence_table(frame), parquet_output, rule=rule,
                params={"tables": [str(p) for p in paths]})
    Path(markdown_output).write_text(convergence_markdown(frame))
    Path(html_output).write_text(convergence_html(frame))


def write_paper_comparison(paper: str, tables: Sequence[str],
                           entries: Mapping[str, Mapping[str, Any]],
                           base_paths: Sequence[str | Path], refined_paths: Mapping[str, str],
                           resolution: Mapping[str, Mapping[str, Any]], output: str | Path,
                           rule: str) -> None:
    """Rule convergence_paper: the convergence rows of every table of one paper as Parquet.

    ``base_paths`` are the main tables in the order of ``tables``; ``refined_paths`` maps the
    tables the refinement changes to their refined files.
    """
    import pandas as pd

    from nanomag.io import write_table

    frames = []
    for table, base_path in zip(tables, base_paths):
        frame = compare_refined(paper, table, entries[table], base_path,
                                refined_paths.get(table), resolution.get(table, {}))
        failed = frame[frame["passed"] != "yes"]
        log.info("%s/%s: %d checks, %d miss their promise", paper, table, len(frame),
                 len(failed))
        frames.append(frame)
    write_table(_convergence_table(pd.concat(frames, ignore_index=True)), output, rule=rule,
                params={"entries": {k: dict(v) for k, v in entries.items()},
                        "resolution": {k: dict(v) for k, v in resolution.items()}})


def check_convergence(parquet: str | Path, output: str | Path, enforce: bool) -> None:
    """Fail (``RuntimeError`` with the numbers) if a table misses its promised accuracy.

    With ``enforce`` false (the small configuration, whose coarse grids are not meant to
    deliver the promises) the misses are only logged. Writes ``output`` when it passes.
    """
    from nanomag.io import read_table

    frame = read_table(parquet)[0]
    failed = frame[frame["passed"] != "yes"]
    lines = [f"{r.paper}/{r.table} {r.column}: promised {r.promise}, measured {r.measured} "
             f"(refined {r.resolution})" for r in failed.itertuples()]
    if lines and enforce:
        raise RuntimeError(f"{len(lines)} convergence checks miss their promised accuracy:\n  "
                           + "\n  ".join(lines))
    for line in lines:
        log.warning("not converged (not enforced in this configuration): %s", line)
    Path(output).write_text(f"{len(frame)} convergence checks of {frame['table'].nunique()} "
                            f"tables; {len(lines)} miss their promise"
                            f"{' (not enforced)' if lines else ''}.\n")


# ---------------------------------------------------------------------------------------
# docs/readings.md
# ---------------------------------------------------------------------------------------

def registry_markdown(registry: Mapping[str, Mapping[str, Any]]) -> str:
    """``docs/readings.md``: every reading of every paper, from the registry."""
    lines = ["# Readings", "",
             "<!-- generated by `python -m nanomag.variants` from config/readings.yaml -->", "",
             "A reading is a documented choice where a paper is ambiguous, inconsistent or "
             "silent. Each is a config option of its paper; `snakemake readings` (or "
             "`readings_<paper>`) draws every figure that depends on it under each alternative "
             "side by side (`results/readings/<paper>/<reading>/<fig>.png`) and evaluates the "
             "scorecard under each (`results/readings/scorecard.md`). The model notes "
             "(`docs/model-notes/<paper>.md`) give the physics of each choice.", ""]
    for paper, readings in registry.items():
        lines += [f"## {paper}", ""]
        for entry in readings.values():
            lines += _reading_header(entry, "###")
    return "\n".join(lines)


if __name__ == "__main__":
    import yaml

    from nanomag.config import validate_config

    with open("config/config.yaml") as handle:
        main_config = yaml.safe_load(handle)
    validate_config(main_config, "workflow/schemas/config.schema.yaml")
    registry = load_readings(READINGS_FILE, main_config)
    Path("docs/readings.md").write_text(registry_markdown(registry))
    print(f"docs/readings.md: {sum(len(r) for r in registry.values())} readings of "
          f"{len(registry)} papers")
