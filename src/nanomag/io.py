"""Parquet tables with the project's metadata.

Every table written by the pipeline carries one JSON blob under the schema-metadata key
``b"nanomag"``: the rule that wrote it, the exact parameters, the unit of every column and
the package version. There is no timestamp, so the same inputs give the same bytes.

Nothing is lost to a crash: every output is written to a temporary file beside it and
renamed into place when complete (:func:`replace_atomically`), so a table or figure is
either the old one, the new one, or absent. Every Parquet page carries a CRC checksum
(verified on reading), and :func:`damaged_outputs` finds truncated tables and figures
cheaply, so that the ``Snakefile`` removes them and the next plain run recomputes them.
"""

from __future__ import annotations

import json
import os
import shutil
from base64 import urlsafe_b64encode
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np

if TYPE_CHECKING:  # imported where a table is built: the Snakefile reads this module at
    import pandas as pd  # every start for its file checks, and pandas costs 0.3-0.5 s

METADATA_KEY = b"nanomag"
PARQUET_MAGIC = b"PAR1"


@contextmanager
def replace_atomically(path: str | Path):
    """Yield a temporary path beside ``path``; rename it to ``path`` if the block succeeds.

    The temporary file (``.<name>.<pid>.tmp<suffix>``, same folder, so the rename is atomic
    on POSIX) is removed if the block raises; ``path`` then keeps its previous content.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    _UNFINISHED.add(temporary)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        _UNFINISHED.discard(temporary)
        temporary.unlink(missing_ok=True)


_UNFINISHED: set[Path] = set()
"""Temporary files this process is writing (:func:`replace_atomically`)."""


def remove_unfinished_files() -> None:
    """Remove the temporary files this process is writing: called by a job that ends at
    once (its run was killed), which skips the clean-up of :func:`replace_atomically`."""
    for temporary in list(_UNFINISHED):
        try:
            temporary.unlink()
        except OSError:
            pass


def remove_stale_temporaries(folders, top_level=()) -> list[Path]:
    """Remove the temporary files (``.<name>.<pid>.tmp<suffix>``, :func:`replace_atomically`)
    in ``folders`` (searched recursively) and directly in the folders ``top_level`` (e.g. a
    results root, whose subfolders may belong to other configurations) whose writing process
    no longer exists: a job killed while writing (``kill -9``) leaves its file. Returns what
    was removed."""
    import re

    from nanomag.runlock import _alive

    pattern = re.compile(r"^\..+\.(\d+)\.tmp(\.[^.]+)?$")
    removed = []
    candidates = [sorted(Path(f).rglob(".*.tmp*")) if Path(f).is_dir() else [] for f in folders]
    candidates += [sorted(Path(f).glob(".*.tmp*")) if Path(f).is_dir() else [] for f in top_level]
    for found in candidates:
        for path in found:
            match = pattern.match(path.name)
            if match and path.is_file() and not _alive(int(match.group(1))):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def _complete(path: Path) -> bool:
    """Cheap structural check of a Parquet, PNG or PDF file (is it truncated?)."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(8)
        handle.seek(max(0, size - 1024))
        tail = handle.read()
    if path.suffix == ".parquet":
        footer = int.from_bytes(tail[-8:-4], "little") if size >= 12 else size
        return head[:4] == PARQUET_MAGIC and tail[-4:] == PARQUET_MAGIC and footer + 12 <= size
    if path.suffix == ".png":
        return head == b"\x89PNG\r\n\x1a\n" and tail[-12:-8] == b"\x00\x00\x00\x00" \
            and tail[-8:-4] == b"IEND"
    if path.suffix == ".pdf":
        return head[:5] == b"%PDF-" and b"%%EOF" in tail[-32:]
    return True


def damaged_outputs(folders) -> list[Path]:
    """Tables (``.parquet``) and figures (``.png``, ``.pdf``) in ``folders`` (searched
    recursively) that are truncated or not of their format: wrong magic bytes, a footer
    longer than the file, no PNG ``IEND`` chunk or PDF ``%%EOF``.

    Reads at most 1 KiB of each file (no pyarrow), so the ``Snakefile`` checks every output
    before each run. Temporary files (``.<name>...``) are skipped.
    """
    return [p for folder in map(Path, folders) if folder.is_dir()
            for suffix in ("parquet", "png", "pdf")
            for p in sorted(folder.rglob(f"*.{suffix}"))
            if not p.name.startswith(".") and p.is_file() and not _complete(p)]


OUTPUT_SUFFIXES = (".parquet", ".png", ".pdf", ".md", ".html")


def _record(metadata_dir: Path, path: Path) -> Path:
    """Snakemake's provenance record of an output: ``<metadata_dir>/<urlsafe base64 of the
    path>`` (Snakemake's file persistence; paths here are short enough for one name)."""
    return metadata_dir / urlsafe_b64encode(str(path).encode()).decode()


def backup_outputs(folders, backup_dir: str | Path,
                   metadata_dir: str | Path = ".snakemake/metadata") -> int:
    """Keep the tables, figures and scorecards in ``folders`` and their provenance records.

    Snakemake deletes a job's old outputs when the job starts, so a job that then fails
    (a bad value the checks could not foresee, a crash) would lose a good result. The
    ``Snakefile`` calls this when a run starts (``onstart``) and :func:`restore_outputs`
    when it fails (``onerror``). Outputs are hard-linked (no copy: they are always replaced
    by a rename, :func:`replace_atomically`, never rewritten in place, so a link keeps the
    old version); their Snakemake records (parameters, code, inputs of the job that wrote
    them), which Snakemake rewrites in place, are copied. Paths are relative to the
    working directory.

    Returns
    -------
    int
        Number of outputs kept (an older backup in ``backup_dir`` is removed first).
    """
    backup_dir, metadata_dir = Path(backup_dir), Path(metadata_dir)
    shutil.rmtree(backup_dir, ignore_errors=True)
    count = 0
    for folder in map(Path, folders):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.suffix in OUTPUT_SUFFIXES and path.is_file() \
                    and not path.name.startswith("."):
                target = backup_dir / "outputs" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, target)
                except FileNotFoundError:  # removed meanwhile (a concurrent run's job)
                    continue
                try:
                    (backup_dir / "records").mkdir(exist_ok=True)
                    shutil.copy2(_record(metadata_dir, path), _record(backup_dir / "records", path))
                except FileNotFoundError:  # no record (yet), or removed meanwhile
                    pass
                count += 1
    return count


def remove_stale_backups(folder: str | Path) -> list[Path]:
    """Remove the backups in ``folder`` (one per run, named by its PID) of runs that have
    ended without removing theirs (killed); return what was removed."""
    from nanomag.runlock import _alive

    removed = []
    for backup in sorted(Path(folder).glob("*")) if Path(folder).is_dir() else []:
        if backup.name.isdigit() and int(backup.name) != os.getpid() \
                and not _alive(int(backup.name)):
            shutil.rmtree(backup, ignore_errors=True)
            removed.append(backup)
    return removed


def restore_outputs(backup_dir: str | Path,
                    metadata_dir: str | Path = ".snakemake/metadata") -> list[Path]:
    """Put back every kept output that no longer exists, with its record; remove the backup.

    The failed job's record is replaced by the one of the job that wrote the restored
    output, so Snakemake still reruns it exactly when its parameters, code or inputs differ
    from those it was computed with.

    Returns
    -------
    list of Path
        The restored outputs (relative to the working directory).
    """
    backup_dir, metadata_dir = Path(backup_dir), Path(metadata_dir)
    outputs = backup_dir / "outputs"
    restored = []
    for saved in sorted(outputs.rglob("*")) if outputs.is_dir() else []:
        original = saved.relative_to(outputs)
        if saved.is_file() and not original.exists():
            original.parent.mkdir(parents=True, exist_ok=True)
            os.link(saved, original)
            record = _record(backup_dir / "records", original)
            if record.is_file():
                metadata_dir.mkdir(parents=True, exist_ok=True)
                shutil.copy2(record, _record(metadata_dir, original))
            else:
                _record(metadata_dir, original).unlink(missing_ok=True)
            restored.append(original)
    shutil.rmtree(backup_dir, ignore_errors=True)
    return restored


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
    with replace_atomically(path) as temporary:
        pq.write_table(arrow_table, temporary, compression="zstd", write_page_checksum=True)


def read_table(path: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a table written by :func:`write_table`.

    Returns
    -------
    frame : pandas.DataFrame
    metadata : dict
        The JSON blob: ``rule``, ``params``, ``units``, ``description``, ``version``.
    """
    import pyarrow.parquet as pq

    try:
        arrow_table = pq.read_table(path, page_checksum_verification=True)
    except (OSError, ValueError) as error:  # pyarrow.ArrowInvalid is a ValueError
        raise ValueError(f"cannot read table {path}: {error}; delete it and rerun to "
                         "recompute it") from error
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
    import pandas as pd

    frame = pd.concat([t.frame for t in tables], ignore_index=True)
    return Table(frame, first.units, first.description, first.extra, first.nullable)
