"""Configuration: validation against the JSON Schema and small helpers for config values.

The whole configuration is validated before Snakemake builds its DAG. Errors name the key
(as a dotted path), the offending value and the allowed type or range.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import numpy as np


class ConfigError(ValueError):
    """A configuration value is of the wrong type, out of range, or unknown."""


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
    """Load the top-level schema and a registry that reads the schema files beside it.

    ``$ref: <slug>.schema.yaml`` in the top-level schema resolves to the sibling file.

    Returns
    -------
    schema : dict
    registry : referencing.Registry
    """
    import yaml
    from referencing import Registry, Resource

    path = Path(path)

    def retrieve(uri: str):
        with open(path.parent / uri) as handle:
            return Resource.from_contents(yaml.safe_load(handle))

    with open(path) as handle:
        schema = yaml.safe_load(handle)
    return schema, Registry(retrieve=retrieve)


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


def validation_errors(config: Mapping[str, Any], schema_path: str | Path) -> list[str]:
    """All violations of the schema by ``config``, one readable line each."""
    from jsonschema import Draft202012Validator

    schema, registry = load_schema(schema_path)
    validator = Draft202012Validator(schema, registry=registry)
    messages = []
    for error in sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path)):
        key = ".".join(str(p) for p in error.absolute_path) or "<top level>"
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            messages.append(f"{key}: {error.message}; allowed keys here: {allowed}")
        else:
            messages.append(f"{key} = {error.instance!r}: {error.message} "
                            f"(allowed: {_allowed(error.schema)})")
    return messages


def consistency_errors(config: Any, key: str = "") -> list[str]:
    """Relations the schema cannot express, checked everywhere in the config.

    - a grid ``{start, stop, num}`` needs ``start < stop`` (else it is empty), an integer
      range ``{start, stop}`` needs ``start <= stop``;
    - a pair ``<x>_min``/``<x>_max`` needs ``min <= max``;
    - a shell ``{m, n_electrons}`` needs ``0 < N < 2M`` (Pauli: at most 2M electrons in M
      orbitals, and a filled shell has nothing to pair);
    - a Monte Carlo slice needs ``n_chunks <= n_ensembles`` (no empty chunk jobs).
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
        for name, value in config.items():
            messages += consistency_errors(value, f"{key}.{name}" if key else str(name))
    elif isinstance(config, list):
        for index, value in enumerate(config):
            messages += consistency_errors(value, f"{key}.{index}")
    return messages


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def validate_config(config: Mapping[str, Any], schema_path: str | Path) -> None:
    """Validate the whole configuration before any job runs.

    Raises
    ------
    ConfigError
        Listing every bad key with its value and the allowed type or range.
    """
    messages = validation_errors(config, schema_path)
    if not messages:
        messages = consistency_errors(config)
    if messages:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(messages))


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
