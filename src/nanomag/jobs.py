"""What each generic workflow rule does, callable from its thin script or from a shell.

The scripts in ``workflow/scripts/`` only unpack the ``snakemake`` object and call one of
these functions, so every job can also be run by hand for debugging, e.g.::

    python -c "from nanomag.jobs import compute_table; compute_table(...)"
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Mapping, Sequence

log = logging.getLogger("nanomag")


def start_logging(log_path: str | Path | None) -> None:
    """Start a job: its log lines (and warnings) go to its Snakemake log file, and it ends
    with the run's main process (:func:`nanomag.runlock.end_with_main_process`).

    Only the project's messages are logged at INFO; other libraries log warnings (fontTools
    alone writes about 230 INFO lines per PDF while subsetting fonts).
    """
    from nanomag.runlock import end_with_main_process

    end_with_main_process()
    handlers = [logging.FileHandler(log_path, mode="w")] if log_path else None
    logging.basicConfig(level=logging.WARNING, handlers=handlers, force=True,
                        format="%(asctime)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    logging.captureWarnings(True)


def compute_table(function_path: str, params: Mapping[str, Any], output: str | Path,
                  rule: str, input_tables: Mapping[str, str] | None = None,
                  chunk_index: int | None = None) -> None:
    """Compute one table with its library function and write it as Parquet.

    Parameters
    ----------
    function_path : str
        ``"module:function"`` of the table function (see ``docs/architecture.md``).
    params : mapping
        The table's config slice.
    output : path
        Parquet file to write.
    rule : str
        Rule name recorded in the table's metadata.
    input_tables : mapping of str to path, optional
        Other tables the function reads (manifest ``inputs``).
    chunk_index : int, optional
        For chunked tables: which chunk of ``params["n_chunks"]`` to compute.
    """
    from nanomag.io import read_table, write_table
    from nanomag.config import resolve

    function = resolve(function_path)
    started = time.perf_counter()
    log.info("computing %s with %s", output, function_path)
    args: list[Any] = [dict(params)]
    if input_tables:
        args.append({name: read_table(path)[0] for name, path in input_tables.items()})
    if chunk_index is not None:
        args += [chunk_index, int(params["n_chunks"])]
    table = function(*args)
    recorded = dict(params)
    if chunk_index is not None:
        recorded["chunk_index"] = chunk_index
    write_table(table, output, rule=rule, params=recorded)
    log.info("wrote %d rows in %.2f s", len(table.frame), time.perf_counter() - started)


def merge_chunks(chunk_paths: Sequence[str | Path], output: str | Path, rule: str,
                 params: Mapping[str, Any]) -> None:
    """Concatenate chunk tables in chunk order into one table."""
    from nanomag.io import Table, concat_tables, read_table, write_table

    tables = []
    for path in chunk_paths:
        frame, meta = read_table(path)
        tables.append(Table(frame, meta["units"], meta.get("description", ""),
                            meta.get("extra", {}), tuple(meta.get("nullable", ()))))
    merged = concat_tables(tables)
    # The merged table does not depend on how it was chunked.
    recorded = {k: v for k, v in params.items() if k != "n_chunks"}
    write_table(merged, output, rule=rule, params=recorded)
    log.info("merged %d chunks into %d rows", len(tables), len(merged.frame))


def draw_figure(function_path: str, params: Mapping[str, Any],
                table_paths: Mapping[str, str | Path], outputs: Sequence[str | Path]) -> None:
    """Draw one figure from its tables and save it as PDF and PNG."""
    from nanomag.io import read_table
    from nanomag.config import resolve
    from nanomag.plotting import save_figure, use_style

    use_style()
    tables = {name: read_table(path)[0] for name, path in table_paths.items()}
    figure = resolve(function_path)(tables, dict(params))
    save_figure(figure, outputs)
    log.info("drew %s", ", ".join(map(str, outputs)))


def paper_scorecard(anchor_path: str | Path, paper: str, output: str | Path,
                    rule: str, table_paths: Mapping[str, str | Path] | None = None,
                    slices: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """Evaluate every anchor of one paper and write its scorecard table.

    ``table_paths`` maps the pipeline tables that anchors name (``table:``) to their files,
    ``slices`` the config slices they name (``config:``) to their values.
    """
    from nanomag.io import write_table
    from nanomag.scorecard import scorecard_table

    table = scorecard_table(anchor_path, paper, table_paths, slices)
    write_table(table, output, rule=rule,
                params={"anchors": str(anchor_path),
                        "tables": {k: str(v) for k, v in (table_paths or {}).items()},
                        "slices": dict(slices or {})})
    counts = table.frame["verdict"].value_counts().to_dict()
    log.info("%s: %s", paper, counts)


def merge_scorecards(paths: Sequence[str | Path], parquet_output: str | Path,
                     markdown_output: str | Path, html_output: str | Path, rule: str) -> None:
    """Join the papers' scorecards into ``<results root>/scorecard.parquet``, ``.md``, ``.html``."""
    import pandas as pd

    from nanomag.io import Table, read_table, replace_atomically, write_table
    from nanomag.scorecard import (NOT_COMPUTED, SCORECARD_UNITS, scorecard_html,
                                   scorecard_markdown)

    frame = pd.concat([read_table(p)[0] for p in paths], ignore_index=True)
    write_table(Table(frame, SCORECARD_UNITS, "Scorecard of all papers", nullable=NOT_COMPUTED),
                parquet_output,
                rule=rule, params={"papers": [Path(p).parent.name for p in paths]})
    for output, text in ((markdown_output, scorecard_markdown(frame)),
                         (html_output, scorecard_html(frame))):
        with replace_atomically(output) as temporary:
            temporary.write_text(text)
