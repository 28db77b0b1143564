"""The figure manifest ``config/figures.yaml`` and what the workflow derives from it.

The manifest lists every figure of the five papers (id, title, kind, caption, whether it is
implemented, the tables behind it and the function that draws it) and every table (the
function that computes it, its config slice, chunking and input tables). The Snakefile
derives ``rule all``, the per-paper targets and each rule's inputs from it.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from nanomag.config import as_list, config_slice, run_cache

PACKAGE_DIR = Path(__file__).resolve().parent
KINDS = {"computed", "schematic", "experimental"}


def load_manifest(path: str | Path) -> dict[str, Any]:
    """Read and check the manifest.

    Raises
    ------
    ValueError
        If a figure or table entry is incomplete or refers to a table that is not listed.
    """
    from nanomag.config import load_config_file

    manifest = load_config_file(path)  # strict (a repeated key is an error) and libyaml-fast
    problems = []
    for slug, paper in manifest["papers"].items():
        tables = paper.get("tables") or {}
        for fig_id, fig in paper["figures"].items():
            where = f"{slug}.{fig_id}"
            for key in ("title", "kind", "implemented", "caption"):
                if key not in fig:
                    problems.append(f"{where}: missing '{key}'")
            kinds = set(str(fig.get("kind", "")).split("+"))
            if not kinds <= KINDS:
                problems.append(f"{where}: kind {fig.get('kind')!r} not in {sorted(KINDS)}")
            if fig.get("implemented"):
                if "plot" not in fig:
                    problems.append(f"{where}: implemented but no 'plot' function")
                for table in fig.get("tables", []):
                    if table not in tables:
                        problems.append(f"{where}: table '{table}' is not in {slug}.tables")
        for name, table in tables.items():
            if "compute" not in table or "config" not in table:
                problems.append(f"{slug}.tables.{name}: needs 'compute' and 'config'")
            for dep in table.get("inputs", []):
                if dep not in tables:
                    problems.append(f"{slug}.tables.{name}: input '{dep}' is not a table")
    if problems:
        raise ValueError("config/figures.yaml is inconsistent:\n  " + "\n  ".join(problems))
    return manifest


def _module_file(name: str) -> Path | None:
    """Source file of a ``nanomag`` module or package, without importing it."""
    if not name.startswith("nanomag"):
        return None
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


IMPORTS_CACHE = Path(".snakemake/nanomag_imports.json")
"""Imports of every module read so far, keyed by file and stamped with its size and
modification time, so that a run re-parses only the modules edited since the last one (a
no-op run parsed 78 modules, about 0.4 s). Kept only where Snakemake's folder exists."""
_cache: dict[str, Any] | None = None


def _imports_cache() -> dict[str, Any]:
    global _cache
    if _cache is None:
        _cache = run_cache(IMPORTS_CACHE)
    return _cache


@lru_cache(maxsize=None)
def _imported_names(name: str, path: Path) -> tuple[str, ...]:
    """Names a module's source imports (absolute, also inside functions), read from its
    source once per edit of the file (:data:`IMPORTS_CACHE`)."""
    stat = path.stat()
    stamp = [stat.st_mtime_ns, stat.st_size]
    cache = _imports_cache()
    entry = cache.get(f"{name}:{path}")
    if entry is not None and entry["stamp"] == stamp:
        return tuple(entry["names"])
    names = _parse_imported_names(name, path)
    cache[f"{name}:{path}"] = {"stamp": stamp, "names": list(names)}
    return names


def _parse_imported_names(name: str, path: Path) -> tuple[str, ...]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            names.append(target)
            # "from nanomag.x import y" may name a submodule y
            names.extend(f"{target}.{alias.name}" for alias in node.names)
    return tuple(names)


@lru_cache(maxsize=None)
def module_dependencies(module_name: str) -> tuple[str, ...]:
    """Source files of ``module_name`` and of every ``nanomag`` module it imports, recursively.

    Imports are read from the source (also those inside functions), nothing is imported.
    Snakemake does not track imported modules, so rules list these files as inputs: editing
    a physics module reruns exactly the jobs that use it.

    Returns
    -------
    tuple of str
        Sorted paths relative to the current directory where possible.
    """
    seen: dict[str, Path] = {}
    stack = [module_name, "nanomag"]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        stack.append(name.rpartition(".")[0])  # importing a module runs its package __init__
        stack.extend(_imported_names(name, path))
    cwd = Path.cwd()
    files = set()
    for path in seen.values():
        try:
            files.add(str(path.relative_to(cwd)))
        except ValueError:
            files.add(str(path))
    return tuple(sorted(files))


def function_dependencies(function_path: str) -> list[str]:
    """Source files a ``"module:function"`` depends on (see :func:`module_dependencies`)."""
    return list(module_dependencies(function_path.partition(":")[0]))


class Pipeline:
    """What the workflow rules need to know, derived from the manifest and the config.

    ``workflow/rules/common.smk`` creates one instance; every target list, input list and
    config slice of the generic rules comes from its methods.

    Parameters
    ----------
    manifest : dict
        Content of ``config/figures.yaml`` (see :func:`load_manifest`).
    config : mapping
        The validated Snakemake config; ``results_root`` (default ``results``) is the folder
        every output of this configuration is written under.
    anchor_dir : str or Path
        Folder of the ``<slug>.yaml`` anchor files.
    """

    def __init__(self, manifest: Mapping[str, Any], config: Mapping[str, Any],
                 anchor_dir: str | Path = "config/anchors") -> None:
        self.papers = manifest["papers"]
        self.config = config
        self.anchor_dir = Path(anchor_dir)
        self.root = str(config.get("results_root", "results")).rstrip("/")
        self._anchor_cache: dict[str, list[dict[str, Any]]] = {}

    def table(self, paper: str, name: str) -> dict[str, Any]:
        return self.papers[paper]["tables"][name]

    def figure(self, paper: str, fig: str) -> dict[str, Any]:
        return self.papers[paper]["figures"][fig]

    def table_names(self, chunked: bool) -> str:
        """Regex alternation of the chunked (or unchunked) table names of all papers."""
        names = {n for p in self.papers.values() for n, t in (p.get("tables") or {}).items()
                 if bool(t.get("chunked", False)) == chunked}
        return "|".join(sorted(names)) or "__none__"

    def table_slice(self, paper: str, name: str) -> dict[str, Any]:
        return config_slice(self.config, paper, self.table(paper, name)["config"])

    def figure_slice(self, paper: str, fig: str) -> dict[str, Any]:
        return config_slice(self.config, paper, self.figure(paper, fig).get("config", []))

    def table_file(self, paper: str, name: str) -> str:
        return f"{self.root}/{paper}/data/{name}.parquet"

    def figure_files(self, paper: str, fig: str) -> list[str]:
        return [f"{self.root}/{paper}/figures/{fig}.pdf", f"{self.root}/{paper}/figures/{fig}.png"]

    def paper_scorecard_file(self, paper: str) -> str:
        return f"{self.root}/{paper}/scorecard.parquet"

    def scorecard_file(self) -> str:
        return f"{self.root}/scorecard.md"

    def input_tables(self, paper: str, name: str) -> list[str]:
        return [self.table_file(paper, t) for t in self.table(paper, name).get("inputs", [])]

    def figure_tables(self, paper: str, fig: str) -> list[str]:
        return [self.table_file(paper, t) for t in self.figure(paper, fig).get("tables", [])]

    def chunk_files(self, paper: str, name: str) -> list[str]:
        n_chunks = int(self.table_slice(paper, name)["n_chunks"])
        return [f"{self.root}/{paper}/data/chunks/{name}/chunk{i}.parquet"
                for i in range(n_chunks)]

    def report_category(self, paper: str) -> str:
        """Category of a paper's figures in the Snakemake report: slug and title."""
        return f"{paper}: {self.papers[paper]['title']}"

    def report_labels(self, paper: str, fig: str) -> dict[str, str]:
        """Columns shown for a figure in the Snakemake report."""
        entry = self.figure(paper, fig)
        return {"figure": f"Fig. {fig.removeprefix('fig')}", "title": entry["title"],
                "kind": entry["kind"]}

    def implemented_figures(self, paper: str) -> list[str]:
        return [f for f, entry in self.papers[paper]["figures"].items() if entry["implemented"]]

    def scored_papers(self) -> list[str]:
        """Papers with an anchor file and at least one implemented figure."""
        return [p for p in self.papers
                if (self.anchor_dir / f"{p}.yaml").exists() and self.implemented_figures(p)]

    def _anchors(self, paper: str) -> list[dict[str, Any]]:
        """The paper's anchors, read once per workflow (input functions ask many times)."""
        from nanomag.scorecard import load_anchors

        if paper not in self._anchor_cache:
            self._anchor_cache[paper] = load_anchors(self.anchor_dir / f"{paper}.yaml")
        return self._anchor_cache[paper]

    def anchor_modules(self, paper: str) -> list[str]:
        """Source files of every function the paper's anchors evaluate."""
        return sorted({f for a in self._anchors(paper) if "evaluate" in a
                       for f in function_dependencies(a["evaluate"])})

    def anchor_tables(self, paper: str) -> dict[str, str]:
        """Pipeline tables the paper's anchors read (``table:`` field), name to file.

        Raises
        ------
        ValueError
            If an anchor names a table the paper's manifest does not define.
        """
        names = sorted({n for a in self._anchors(paper) for n in as_list(a.get("table"))})
        unknown = [n for n in names if n not in (self.papers[paper].get("tables") or {})]
        if unknown:
            raise ValueError(f"config/anchors/{paper}.yaml names tables {unknown} that "
                             f"papers.{paper}.tables of the manifest does not define")
        return {n: self.table_file(paper, n) for n in names}

    def anchor_slices(self, paper: str) -> dict[str, Any]:
        """Config slices the paper's anchors read (``config:`` field), name to slice.

        They are the paper_scorecard rule's params, so editing one reruns the scorecard.
        """
        names = sorted({n for a in self._anchors(paper) for n in as_list(a.get("config"))})
        return {n: self.config[paper][n] for n in names}

    def paper_files(self, paper: str) -> list[str]:
        files = [f for fig in self.implemented_figures(paper)
                 for f in self.figure_files(paper, fig)]
        if paper in self.scored_papers():
            files.append(self.paper_scorecard_file(paper))
        return files

    def all_figure_files(self) -> list[str]:
        return [f for paper in self.papers for fig in self.implemented_figures(paper)
                for f in self.figure_files(paper, fig)]

    def ci_files(self) -> list[str]:
        """Figures and scorecards of the papers in ``config["ci"]["papers"]``."""
        return [f for paper in self.config["ci"]["papers"] for f in self.paper_files(paper)]


def figure_table_markdown(manifest: Mapping[str, Any], anchor_dir: str | Path) -> str:
    """The README's table of all figures: kind, title, status, model notes, statements.

    Each row links the figure to its paper's model notes and says how many statements of
    ``config/anchors/<paper>.yaml`` concern it (their verdicts: ``results/scorecard.md``).
    Regenerate the README table with ``python -m nanomag.manifest``.
    """
    from nanomag.scorecard import load_anchors

    lines = ["| paper | fig | kind | title | status | notes | statements |",
             "|---|---|---|---|---|---|---|"]
    for paper, entry in manifest["papers"].items():
        anchor_file = Path(anchor_dir) / f"{paper}.yaml"
        anchors = load_anchors(anchor_file) if anchor_file.exists() else []
        for fig, figure in entry["figures"].items():
            count = sum(re.fullmatch(rf"{fig}[a-z]?", str(a["figure"])) is not None
                        for a in anchors)  # fig2 counts the panels fig2a ... fig2f
            status = "done" if figure["implemented"] else "open"
            statements = f"[{count}](config/anchors/{paper}.yaml)" if count else "-"
            lines.append(f"| {paper} | {fig.removeprefix('fig')} | {figure['kind']} | "
                         f"{figure['title']} | {status} | "
                         f"[notes](docs/model-notes/{paper}.md) | {statements} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(figure_table_markdown(load_manifest("config/figures.yaml"), "config/anchors"), end="")
