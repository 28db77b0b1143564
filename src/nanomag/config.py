"""Configuration: validation against the JSON Schema and small helpers for config values.

The whole configuration is validated before Snakemake builds its DAG. Errors name the key
(as a dotted path), the offending value and the allowed type or range. Every number must be
finite (JSON Schema range checks are true for NaN, so NaN and infinity are refused first),
and every config file is re-read with a strict YAML loader that names the file and line of a
syntax error, a tab or a duplicate key (which plain YAML silently resolves to its last
value). Check files by hand with ``python -m nanomag.config config/ci.yaml my.yaml``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import yaml


class ConfigError(ValueError):
    """A configuration value is of the wrong type, out of range, or unknown."""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe YAML loader (libyaml's when available: 5-10x faster) that refuses a key
    given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ConfigError(f"{key_node.start_mark.name}:{line}: duplicate key {key!r} "
                                  f"(first given on line {seen[key]}); YAML would silently "
                                  "keep the last value")
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_config_file(path: str | Path) -> dict[str, Any]:
    """Read one YAML config file strictly.

    Parameters
    ----------
    path : str or Path
        A YAML (or JSON) configuration file.

    Returns
    -------
    dict
        Its content (an empty file gives ``{}``).

    Raises
    ------
    ConfigError
        Naming the file and line of a syntax error, a tab used for indentation, or a key
        given twice in one mapping; or if the top level is not a mapping.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        content = yaml.load(_stream(text, path), Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        hint = ("; tabs are not allowed in YAML indentation: indent with spaces"
                if "\t" in source or "\t" in str(error.problem) else "")
        context = (f" ({error.context} on line {error.context_mark.line + 1})"
                   if error.context and error.context_mark else "")
        raise ConfigError(f"{path}:{line}: YAML syntax error: {error.problem}{context}{hint}"
                          + (f"\n    {source.strip()}" if source.strip() else "")) from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys, "
                          f"got {type(content).__name__}")
    return content


def _stream(text: str, path: Path):
    """A text stream whose name (shown in YAML marks) is the file's path."""
    import io

    stream = io.StringIO(text)
    stream.name = str(path)
    return stream


def non_finite_errors(config: Any, key: str = "") -> list[str]:
    """Every NaN or infinite number in ``config``, named by its dotted key.

    JSON Schema range checks are true for NaN and a missing maximum lets infinity through,
    so these are refused before the schema is applied (YAML spells them ``.nan``, ``.inf``).
    """
    if isinstance(config, float) and not math.isfinite(config):
        return [f"{key or '<top level>'} = {config}: every number must be finite"]
    if isinstance(config, Mapping):
        return [m for name, value in config.items()
                for m in non_finite_errors(value, f"{key}.{name}" if key else str(name))]
    if isinstance(config, list):
        return [m for index, value in enumerate(config)
                for m in non_finite_errors(value, f"{key}.{index}")]
    return []


def grid(spec: Mapping[str, Any]) -> np.ndarray:
    """Build a 1-D grid from a config spec.

    Parameters
    ----------
    spec : mapping
        ``{start, stop, num}`` for a linear grid, with ``log: true`` for a logarithmic one
        (``start`` and ``stop`` are the values, not their exponents, and must be > 0).
        Optional ``include: [...]`` adds exact points (e.g. Bessel zeros) to the grid.

    Returns
    -------
    numpy.ndarray
        Sorted, unique grid values [unit of ``start``].
    """
    start, stop, num = float(spec["start"]), float(spec["stop"]), int(spec["num"])
    if num < 1:
        raise ConfigError(f"grid num must be >= 1, got {num}")
    if spec.get("log", False):
        if start <= 0 or stop <= 0:
            raise ConfigError(f"log grid needs start > 0 and stop > 0, got {start}, {stop}")
        values = np.geomspace(start, stop, num)
    else:
        values = np.linspace(start, stop, num)
    extra = np.asarray(spec.get("include", []), dtype=float)
    if extra.size:
        values = np.unique(np.concatenate([values, extra]))
    return values


def load_schema(path: str | Path) -> tuple[dict, Any]:
    """Load the top-level schema and a registry holding the schema files beside it.

    ``$ref: <slug>.schema.yaml`` in the top-level schema resolves to the sibling file.

    Returns
    -------
    schema : dict
    registry : referencing.Registry
    """
    from referencing import Registry, Resource

    path = Path(path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    siblings = [(p.name, Resource.from_contents(yaml.load(p.read_text(), Loader=loader)))
                for p in sorted(path.parent.glob("*.schema.yaml")) if p != path]
    schema = yaml.load(path.read_text(), Loader=loader)
    return schema, Registry().with_resources(siblings)


@lru_cache(maxsize=4)
def _validator(schema_path: Path, stamp: tuple[float, ...]):
    """The JSON Schema validator of ``schema_path``, loaded once per process (``stamp``:
    modification times of the schema files, so an edited schema is reloaded)."""
    from jsonschema import Draft202012Validator

    schema, registry = load_schema(schema_path)
    return Draft202012Validator(schema, registry=registry)


def _allowed(schema: Mapping[str, Any]) -> str:
    """Human description of what a (sub)schema allows: type, range, choices."""
    parts = []
    if "type" in schema:
        parts.append(f"type {schema['type']}")
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None or high is not None:
        left = "(" if "exclusiveMinimum" in schema else "["
        right = ")" if "exclusiveMaximum" in schema else "]"
        parts.append(f"range {left}{'-inf' if low is None else low}, "
                     f"{'inf' if high is None else high}{right}")
    if "enum" in schema:
        parts.append(f"one of {schema['enum']}")
    if "minItems" in schema or "maxItems" in schema:
        parts.append(f"{schema.get('minItems', 0)} to {schema.get('maxItems', 'any')} items")
    if schema.get("additionalProperties") is False and "properties" in schema:
        parts.append(f"keys {sorted(schema['properties'])}")
    if "description" in schema:
        parts.append(f"meaning: {schema['description']}")
    return "; ".join(parts) if parts else "see the schema"


def validation_errors(config: Mapping[str, Any], schema_path: str | Path,
                      paper: str | None = None) -> list[str]:
    """All violations of the schema by ``config``, one readable line each.

    With ``paper``, only ``config[paper]`` is checked, against that paper's schema file
    (``<paper>.schema.yaml`` beside ``schema_path``): a variant of one paper's config.
    """
    schema_path = Path(schema_path).resolve()
    stamp = tuple(p.stat().st_mtime for p in sorted(schema_path.parent.glob("*.schema.yaml")))
    validator = _validator(schema_path, stamp)
    instance, prefix = config, ()
    if paper is not None:
        validator = validator.evolve(schema={"$ref": f"{paper}.schema.yaml"})
        instance, prefix = config[paper], (paper,)
    messages = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        key = ".".join(str(p) for p in (*prefix, *error.absolute_path)) or "<top level>"
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            messages.append(f"{key}: {error.message}; allowed keys here: {allowed}")
        else:
            messages.append(f"{key} = {error.instance!r}: {error.message} "
                            f"(allowed: {_allowed(error.schema)}){_string_hint(error)}")
    return messages


def _string_hint(error) -> str:
    """A hint when YAML read a number as a string (``1e-6`` needs a dot: ``1.0e-6``)."""
    if error.validator != "type" or not isinstance(error.instance, str):
        return ""
    try:
        float(error.instance)
    except ValueError:
        return ""
    return (f"; hint: YAML reads {error.instance} as a string, write a float with a dot and "
            f"a signed exponent, e.g. 1.0e-6")


def consistency_errors(config: Any, key: str = "") -> list[str]:
    """Relations the schema cannot express, checked everywhere in the config.

    - a grid ``{start, stop, num}`` needs ``start < stop`` (else it is empty), an integer
      range ``{start, stop}`` needs ``start <= stop``;
    - a pair ``<x>_min``/``<x>_max`` needs ``min <= max``;
    - a shell ``{m, n_electrons}`` needs ``0 < N < 2M`` (Pauli: at most 2M electrons in M
      orbitals, and a filled shell has nothing to pair);
    - a Monte Carlo slice needs ``n_chunks <= n_ensembles``, a map chunked over its U rows
      ``n_chunks <= u_ev.num`` (no empty chunk jobs).
    """
    messages = []
    if isinstance(config, Mapping):
        keys = set(config)
        if {"start", "stop"} <= keys and _numbers(config["start"], config["stop"]):
            if "num" in keys and not config["start"] < config["stop"]:
                messages.append(f"{key}: empty grid, start = {config['start']} must be < "
                                f"stop = {config['stop']}")
            elif "num" not in keys and not config["start"] <= config["stop"]:
                messages.append(f"{key}: empty range, start = {config['start']} must be <= "
                                f"stop = {config['stop']}")
        for name, low in config.items():
            if isinstance(name, str) and name.endswith("_min"):
                high = config.get(name[:-4] + "_max")
                if _numbers(low, high) and low > high:
                    messages.append(f"{key}.{name} = {low} must be <= "
                                    f"{key}.{name[:-4]}_max = {high}")
        if {"m", "n_electrons"} <= keys and _numbers(config["m"], config["n_electrons"]) \
                and not 0 < config["n_electrons"] < 2 * config["m"]:
            messages.append(f"{key}.n_electrons = {config['n_electrons']} must lie in "
                            f"(0, 2M) = (0, {2 * config['m']}) for M = {config['m']}")
        if {"n_chunks", "n_ensembles"} <= keys \
                and _numbers(config["n_chunks"], config["n_ensembles"]) \
                and config["n_chunks"] > config["n_ensembles"]:
            messages.append(f"{key}.n_chunks = {config['n_chunks']} must be <= "
                            f"{key}.n_ensembles = {config['n_ensembles']}")
        rows = config.get("u_ev") if "n_chunks" in keys else None
        if isinstance(rows, Mapping) and _numbers(config["n_chunks"], rows.get("num")) \
                and config["n_chunks"] > rows["num"]:
            messages.append(f"{key}.n_chunks = {config['n_chunks']} must be <= "
                            f"{key}.u_ev.num = {rows['num']} (the map's U rows)")
        for name, value in config.items():
            messages += consistency_errors(value, f"{key}.{name}" if key else str(name))
    elif isinstance(config, list):
        for index, value in enumerate(config):
            messages += consistency_errors(value, f"{key}.{index}")
    return messages


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def validate_config(config: Mapping[str, Any], schema_path: str | Path,
                    paper: str | None = None) -> None:
    """Validate the whole configuration (or only ``config[paper]``) before any job runs.

    Raises
    ------
    ConfigError
        Listing every bad key with its value and the allowed type or range.
    """
    part = config if paper is None else {paper: config[paper]}
    if known_valid(config, schema_path, paper):
        return
    messages = non_finite_errors(part) or validation_errors(config, schema_path, paper)
    if not messages:
        messages = consistency_errors(part)
    if messages:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(messages))
    remember_valid(config, schema_path, paper)


def known_valid(data: Any, schema_path: str | Path, scope: str | None) -> bool:
    """Whether an earlier run found ``data`` valid against ``schema_path`` (``scope``: the
    paper, or another label of what was checked), with the same schema files and this
    module (:data:`VALIDATED_CACHE`)."""
    return _validation_key(data, schema_path, scope) in _validated()


def remember_valid(data: Any, schema_path: str | Path, scope: str | None) -> None:
    """Record that ``data`` is valid against ``schema_path`` (see :func:`known_valid`)."""
    _validated()[_validation_key(data, schema_path, scope)] = True


VALIDATED_CACHE = Path(".snakemake/nanomag_validated.json")
"""Configurations found valid by earlier runs (a hash of the configuration, the paper, every
schema file and this module), so that a run re-validates only what changed: a no-op run of
the full configuration validated 55 configurations (the readings' alternatives), about
0.3 s. Only successes are kept; kept only where Snakemake's folder exists."""
_validated_keys: dict[str, bool] | None = None


def _validation_key(config: Mapping[str, Any], schema_path: str | Path,
                    paper: str | None) -> str:
    import hashlib
    import json

    stamps = [(str(f), f.stat().st_mtime_ns, f.stat().st_size)
              for f in sorted(Path(schema_path).parent.glob("*.yaml")) + [Path(__file__)]]
    text = json.dumps([config, str(schema_path), paper, stamps], sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def _validated() -> dict[str, bool]:
    global _validated_keys
    if _validated_keys is None:
        _validated_keys = run_cache(VALIDATED_CACHE)
        if len(_validated_keys) > 5000:  # bounded: forget old configurations
            _validated_keys.clear()
    return _validated_keys


def run_cache(path: Path) -> dict[str, Any]:
    """A JSON dictionary kept between runs: read once per process from ``path``, written
    back (atomically) when the process exits if it changed, and only where the folder of
    ``path`` (Snakemake's ``.snakemake``) exists."""
    import atexit
    import json
    import os

    try:
        cache = json.loads(path.read_text())
    except (OSError, ValueError):
        cache = {}
    if not isinstance(cache, dict):
        cache = {}
    initial = json.dumps(cache, sort_keys=True)

    def save() -> None:
        text = json.dumps(cache, sort_keys=True)
        if text != initial and path.parent.is_dir():
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text)
            temporary.replace(path)

    atexit.register(save)
    return cache


def validate_config_files(paths) -> None:
    """Re-read every config file strictly (see :func:`load_config_file`).

    Snakemake reads config files with a plain YAML loader, which keeps the last of two
    equal keys; the ``Snakefile`` calls this for ``config/config.yaml`` and every
    ``--configfile`` so that the error names the file and line.

    Raises
    ------
    ConfigError
        For the first file that does not load.
    """
    for path in paths:
        load_config_file(path)


BASE_MEM_MB = 500
"""Memory of a job before it computes anything [MB]: Python, numpy, scipy, pyarrow and
matplotlib. Measured peak RSS of the small jobs: 130-300 MB (Snakemake benchmark files)."""

BYTES_PER_POINT = 1024
"""Memory per point of a table's grid [byte], with a factor 4 of margin over the largest
measured: 106 B per pixel for the granular_exchange Fig. 4 map (10.6 GB at 1e4 x 1e4) and
226 B per point for plotting a 1e8-point curve (22.6 GB)."""


def grid_points(cfg: Any) -> int:
    """Number of points a config slice asks for, as a job's memory scales with it.

    Grids (``{start, stop, num}``) and integer ranges (``{start, stop}``) at the top level
    of the slice may span a map: the two largest are multiplied. Grids inside lists (one
    curve per entry) are summed, as are plain lists of values.

    Parameters
    ----------
    cfg : mapping
        One job's config slice (possibly several merged slices).

    Returns
    -------
    int
        Points [1], at least 1.
    """
    axes, curves = [], 0
    for value in (cfg or {}).values():
        if _is_grid(value):
            axes.append(_grid_size(value))
        elif isinstance(value, list):
            curves += sum(_grid_size(v) if _is_grid(v) else 1 for v in value)
    axes.sort(reverse=True)
    return max(1, int(np.prod(axes[:2], dtype=float)) + curves)


def _is_grid(value: Any) -> bool:
    return isinstance(value, Mapping) and {"start", "stop"} <= set(value) and \
        _numbers(value["start"], value["stop"])


def _grid_size(spec: Mapping[str, Any]) -> int:
    if "num" in spec:
        return int(spec["num"]) + len(spec.get("include", []))
    return int(spec["stop"]) - int(spec["start"]) + 1


def estimate_mem_mb(*slices: Mapping[str, Any]) -> int:
    """Memory one job may need [MB], estimated from its config slices before it starts.

    ``BASE_MEM_MB + BYTES_PER_POINT * points`` with ``points`` the sum of
    :func:`grid_points` over ``slices`` (a figure job holds all its tables). Used as the
    Snakemake resource ``mem_mb`` of every job, and checked against the machine's memory
    before the DAG is built (:func:`memory_errors`).
    """
    points = sum(grid_points(s) for s in slices)
    return BASE_MEM_MB + int(np.ceil(points * BYTES_PER_POINT / 1e6))


MEMORY_VARIABLE = "NANOMAG_MAX_JOB_MEM_MB"


def machine_mem_mb(fraction: float = 0.75) -> int:
    """The most one job may use [MB]: ``fraction`` of this machine's physical memory, or
    the environment variable ``NANOMAG_MAX_JOB_MEM_MB`` if set (e.g. on a shared node)."""
    import os

    if os.environ.get(MEMORY_VARIABLE):
        return int(os.environ[MEMORY_VARIABLE])
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return int(fraction * total / 1e6)


def memory_errors(jobs: Mapping[str, tuple[int, str]], limit_mb: int) -> list[str]:
    """Jobs whose estimated memory exceeds ``limit_mb``, one line each naming the key.

    Parameters
    ----------
    jobs : mapping
        ``{job name: (estimated MB, config keys it reads)}``.
    limit_mb : int
        The most one job may use [MB].
    """
    return [f"{keys}: grid sizes need an estimated {mb} MB for {name} (about "
            f"{BYTES_PER_POINT} B per point, points = product of the two largest grids), "
            f"more than the {limit_mb} MB one job may use on this machine; reduce num"
            for name, (mb, keys) in jobs.items() if mb > limit_mb]


def as_list(value) -> list:
    """A name or a list of names, as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def config_slice(config: Mapping[str, Any], slug: str, names) -> dict[str, Any]:
    """Merge the named config slices of paper ``slug`` into one flat dict.

    Raises
    ------
    KeyError
        If a slice is missing or two slices define the same key.
    """
    merged: dict[str, Any] = {}
    for name in as_list(names):
        if name not in config[slug]:
            raise KeyError(f"config has no slice '{slug}.{name}'")
        part = config[slug][name]
        clash = set(merged) & set(part)
        if clash:
            raise KeyError(f"config slices of {slug} define {sorted(clash)} twice")
        merged.update(part)
    return merged


def resolve(function_path: str):
    """Import ``"package.module:function"`` (as the manifest and anchors name functions)."""
    import importlib

    module_name, _, attribute = function_path.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def main(argv: list[str] | None = None) -> None:
    """``python -m nanomag.config FILE...``: check config files as the workflow does.

    The files are merged in order over nothing (as ``--configfile`` merges them over
    ``config/config.yaml``, pass that first) and validated against the schema; Snakemake
    itself reports a YAML syntax error in a ``--configfile`` without file or line, this
    names both.
    """
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--schema", type=Path,
                        default=Path("workflow/schemas/config.schema.yaml"))
    args = parser.parse_args(argv)
    merged: dict[str, Any] = {}
    try:
        for path in args.files:
            _update(merged, load_config_file(path))
        validate_config(merged, args.schema)
    except ConfigError as error:
        sys.exit(str(error))
    print(f"valid: {', '.join(map(str, args.files))}")


def _update(base: dict, new: Mapping) -> None:
    """Recursive merge of ``new`` into ``base`` (as Snakemake merges config files)."""
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _update(base[key], value)
        else:
            base[key] = value


if __name__ == "__main__":
    main()
