"""Reference data for the rule-level tests, and the command that regenerates them.

The rule-level tests run the workflow with ``config/ci.yaml`` in a temporary copy of the
repository and compare every Parquet table with ``tests/reference/<slug>/<table>.parquet``
column by column within the tolerances of ``tests/reference/tolerances.yaml``.

Regenerate the references (only on purpose, after a deliberate change of the physics or of
``config/ci.yaml``) with::

    python -m nanomag.reference --regenerate
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from nanomag.runner import ROOT, run_ci_target

REFERENCE_DIR = ROOT / "tests" / "reference"


def data_tables(results: Path) -> dict[str, Path]:
    """``{"<slug>/<table>": path}`` of every table under ``results/<slug>/data/``."""
    return {f"{p.parent.parent.name}/{p.stem}": p
            for p in sorted(results.glob("*/data/*.parquet"))}


def load_tolerances() -> dict[str, Any]:
    import yaml

    return yaml.safe_load((REFERENCE_DIR / "tolerances.yaml").read_text())


def column_tolerance(tolerances: Mapping[str, Any], table: str, column: str) -> tuple[float, float]:
    """(rtol, atol) for one column: per-table/column override, else the default."""
    default = tolerances["default"]
    override = tolerances.get("tables", {}).get(table, {}).get(column, {})
    return float(override.get("rtol", default["rtol"])), float(override.get("atol", default["atol"]))


def compare_tables(table: str, produced: Path, reference: Path,
                   tolerances: Mapping[str, Any]) -> list[str]:
    """Differences between a produced and a reference table, one line each (empty if none).

    Numeric columns are compared within (rtol, atol); other columns must be equal. Each
    numeric column's worst deviation is reported when it fails.
    """
    from nanomag.io import read_table

    new, new_meta = read_table(produced)
    old, old_meta = read_table(reference)
    problems = []
    if list(new.columns) != list(old.columns):
        return [f"{table}: columns {list(new.columns)} != reference {list(old.columns)}"]
    if len(new) != len(old):
        return [f"{table}: {len(new)} rows != reference {len(old)}"]
    if new_meta.get("units") != old_meta.get("units"):
        problems.append(f"{table}: column units changed")
    for column in new.columns:
        a, b = new[column].to_numpy(), old[column].to_numpy()
        if np.issubdtype(a.dtype, np.number) and np.issubdtype(b.dtype, np.number):
            rtol, atol = column_tolerance(tolerances, table, column)
            excess = np.abs(a - b) - (atol + rtol * np.abs(b))
            if np.any(excess > 0):
                worst = int(np.argmax(excess))
                problems.append(
                    f"{table}.{column}: worst deviation at row {worst}: {a[worst]!r} vs "
                    f"reference {b[worst]!r} (|diff| = {abs(a[worst] - b[worst]):.3g}, "
                    f"rtol={rtol:g}, atol={atol:g})")
        elif not np.array_equal(a.astype(str), b.astype(str)):
            worst = int(np.flatnonzero(a.astype(str) != b.astype(str))[0])
            problems.append(f"{table}.{column}: row {worst}: {a[worst]!r} vs reference "
                            f"{b[worst]!r}")
    return problems


def regenerate(cores: int = 2) -> list[Path]:
    """Rebuild the ``ci`` target in a temporary directory and store its tables as references."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tables = data_tables(run_ci_target(Path(tmp), cores))
        written = []
        for name, path in tables.items():
            target = REFERENCE_DIR / f"{name}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regenerate", action="store_true",
                        help="rebuild tests/reference/ from the ci target")
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.regenerate:
        parser.error("nothing to do: pass --regenerate to rebuild the reference tables")
    for path in regenerate(args.cores):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
