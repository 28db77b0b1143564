"""Parquet tables with the project's metadata.

Every table written by the pipeline carries one JSON blob under the schema-metadata key
``b"nanomag"``: the rule that wrote it, the exact parameters, the unit of every column and
the package version. There is no timestamp, so the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

METADATA_KEY = b"nanomag"


@dataclass(frozen=True)
class Table:
    """A computed table and the unit of each of its columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The data; column names carry their unit where they have one (``t_over_tf``,
        ``energy_mev``).
    units : dict of str to str
        Unit of every column, e.g. ``{"t_over_tf": "T/T_F", "chi_over_chil": "|chi_L|"}``;
        ``"1"`` for dimensionless numbers, ``"label"`` for categorical columns.
    description : str, optional
        One sentence saying what the table holds.
    extra : dict, optional
        Scalar results that belong with the table (a critical temperature, a fit), stored
        in the metadata.
    nullable : tuple of str, optional
        Columns allowed to hold NaN, meaning "no value" (a statement the scorecard cannot
        compute). Every other numeric column must be finite.
    """

    frame: pd.DataFrame
    units: Mapping[str, str]
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    nullable: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        missing = [c for c in self.frame.columns if c not in self.units]
        unknown = [c for c in self.units if c not in self.frame.columns]
        if missing or unknown:
            raise ValueError(
                f"Table units do not match columns: missing units for {missing}, "
                f"units for absent columns {unknown}"
            )


def _check_finite(frame: pd.DataFrame, path: str | Path, nullable: tuple[str, ...] = ()) -> None:
    numeric = frame.select_dtypes(include=[np.number])
    bad = [c for c in numeric.columns
           if not np.all(np.isfinite(values := numeric[c].to_numpy()))
           and (c not in nullable or np.any(np.isinf(values)))]
    if bad:
        raise ValueError(f"refusing to write {path}: non-finite values in columns {bad}")


def _to_jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def write_table(
    table: Table,
    path: str | Path,
    rule: str,
    params: Mapping[str, Any],
) -> None:
    """Write ``table`` to Parquet with the project's metadata.

    Parameters
    ----------
    table : Table
        Data and column units.
    path : str or Path
        Output file.
    rule : str
        Name of the Snakemake rule (or command) that produced the table.
    params : mapping
        The exact parameters used, stored as JSON.

    Raises
    ------
    ValueError
        If a numeric column holds NaN or infinity (NaN is allowed only in the table's
        ``nullable`` columns): no non-finite value is written silently.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from nanomag import __version__

    _check_finite(table.frame, path, table.nullable)
    arrow_table = pa.Table.from_pandas(table.frame, preserve_index=False)
    blob = {
        "rule": rule,
        "params": _to_jsonable(params),
        "units": dict(table.units),
        "description": table.description,
        "extra": _to_jsonable(dict(table.extra)),
        "nullable": list(table.nullable),
        "package": "nanomag",
        "version": __version__,
    }
    metadata = dict(arrow_table.schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(blob, sort_keys=True).encode()
    arrow_table = arrow_table.replace_schema_metadata(metadata)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(arrow_table, path, compression="zstd")


def read_table(path: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a table written by :func:`write_table`.

    Returns
    -------
    frame : pandas.DataFrame
    metadata : dict
        The JSON blob: ``rule``, ``params``, ``units``, ``description``, ``version``.
    """
    import pyarrow.parquet as pq

    arrow_table = pq.read_table(path)
    raw = (arrow_table.schema.metadata or {}).get(METADATA_KEY)
    metadata = json.loads(raw) if raw else {}
    return arrow_table.to_pandas(), metadata


def concat_tables(tables: list[Table]) -> Table:
    """Concatenate chunk tables (same columns and units) in the given order."""
    if not tables:
        raise ValueError("concat_tables needs at least one table")
    first = tables[0]
    for t in tables[1:]:
        if dict(t.units) != dict(first.units):
            raise ValueError("chunk tables have different column units")
    frame = pd.concat([t.frame for t in tables], ignore_index=True)
    return Table(frame, first.units, first.description, first.extra, first.nullable)
