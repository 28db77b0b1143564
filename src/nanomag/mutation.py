"""Mutation testing of one paper's physics modules against its unit tests (mutmut).

Each physics module of ``src/nanomag/<paper>/`` (``plots/`` aside) is mutated one small change
at a time (an operator, a constant, a comparison, a returned value ...), and the paper's unit
tests ``tests/unit/<paper>/`` are run against every mutant. A mutant the tests do not notice
*survives*: either the tests miss a physics error, or the change is equivalent (it cannot
change any result). Equivalent mutants are listed with a reason in
``tests/mutation/equivalent.yaml``; surviving mutants that only change the text of a string
literal (descriptions, units, column names: checked by the rule-level reference comparison)
are counted apart as "text only"; the score is killed / (all - equivalent - text only)::

    python -m nanomag.mutation orbital_dimers            # all its physics modules
    python -m nanomag.mutation orbital_dimers --module chain
    python -m nanomag.mutation --all                     # the five papers, one after another

The run happens in a temporary copy of the repository (your tree is never touched; several
papers can run at once). It writes ``results/mutation/<paper>.md`` and ``.json`` (per module:
mutants, killed, survived, equivalent, score) and prints the surviving mutants with their
diffs. Tool: mutmut 3 (maintained, mutates in a copy and switches mutants at run time through
trampolines, so one test run per mutant needs no re-import of the package; cosmic-ray
rewrites the source in place, which several concurrent runs of this project cannot share).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from nanomag.runner import ROOT

PAPERS = ("orbital_dimers", "emr_anisotropy", "vibrational_magnetism", "granular_exchange",
          "cluster_pairing")
EQUIVALENT_FILE = ROOT / "tests" / "mutation" / "equivalent.yaml"
#: mutmut exit codes that count as killed (see mutmut.stats.status_by_exit_code)
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def physics_modules(paper: str) -> list[str]:
    """Module names (``chain``, ``bcs`` ...) of a paper's physics, ``plots/`` aside."""
    folder = ROOT / "src" / "nanomag" / paper
    return sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")


def load_equivalent() -> dict[str, str]:
    """``{mutant name: reason}`` of the mutants documented as equivalent."""
    import yaml

    if not EQUIVALENT_FILE.exists():
        return {}
    entries = yaml.safe_load(EQUIVALENT_FILE.read_text()) or {}
    return {str(k): str(v) for k, v in entries.items()}


def _prepare(workdir: Path, paper: str, modules: list[str]) -> None:
    """Copy the repository into ``workdir`` and configure mutmut for ``paper``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".snakemake", "results",
                                    "mutants", ".venv", ".cache", ".git", ".hypothesis")
    for name in ("src", "tests", "config", "workflow", "pyproject.toml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=ignore)
        else:
            shutil.copy2(source, workdir / name)
    text = (workdir / "pyproject.toml").read_text()
    # the suite's own pytest options (e.g. xdist) must not apply inside mutmut's runs
    text = re.sub(r"\[tool\.pytest\.ini_options\].*?(?=\n\[|\Z)", "", text, flags=re.S)
    only = ", ".join(f'"src/nanomag/{paper}/{m}.py"' for m in modules)
    text += f"""
[tool.pytest.ini_options]
testpaths = ["tests/unit/{paper}"]

[tool.mutmut]
source_paths = ["src"]
only_mutate = [{only}]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]
pytest_add_cli_args_test_selection = ["tests/unit/{paper}"]
also_copy = ["config", "workflow"]
use_git_change_detection = false
"""
    (workdir / "pyproject.toml").write_text(text)


def _results(workdir: Path) -> dict[str, str]:
    """``{mutant name: status}`` from mutmut's result files in ``workdir/mutants``."""
    from mutmut.stats import status_by_exit_code

    statuses = {}
    for meta in sorted((workdir / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text())
        for name, code in data.get("exit_code_by_key", {}).items():
            statuses[name] = status_by_exit_code[code]
    return statuses


def is_text_only(diff: str) -> bool:
    """True if a mutant only changes the text inside string literals.

    Such mutants alter descriptions, units, labels or column names: metadata that the
    rule-level comparison with ``tests/reference/`` checks (names, units), not physics.
    They are reported apart and not counted in the score.
    """
    import io
    import tokenize

    removed = [line[1:] for line in diff.splitlines()
               if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    if not removed or len(removed) != len(added):
        return False

    def shape(line: str) -> list[tuple[int, str]] | None:
        # a line of a statement that spans several lines ends in an open bracket ("EOF in
        # multi-line statement"): its tokens up to the end of the line are all there is
        tokens = []
        try:
            for token in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline):
                tokens.append(token)
        except tokenize.TokenError:
            pass
        except (IndentationError, SyntaxError):
            return None
        return [(t.type, "" if t.type == tokenize.STRING else t.string) for t in tokens]

    return all(shape(a) is not None and shape(a) == shape(b) and a != b
               for a, b in zip(removed, added))


#: ``mutmut show <name>`` for many mutants in one process: the same functions and the same
#: output (header line and diff), without starting Python, mutmut and libcst once per mutant
_SHOW_MANY = """
import json, sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
from mutmut.stats import status_by_exit_code
shown = {}
for name in json.load(sys.stdin):
    data = find_mutant(name)
    header = f"# {name}: {status_by_exit_code[data.exit_code_by_key[name]]}"
    shown[name] = (header + "\\n" + get_diff_for_mutant(name, path=data.path)).strip()
json.dump(shown, sys.stdout)
"""


def _diffs(workdir: Path, names: list[str]) -> dict[str, str]:
    """``{mutant name: output of mutmut show}`` for ``names``, in one mutmut process."""
    if not names:
        return {}
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    shown = subprocess.run([sys.executable, "-c", _SHOW_MANY], cwd=workdir,
                           input=json.dumps(names), capture_output=True, text=True, env=env,
                           check=True)
    return json.loads(shown.stdout)


def _run_mutmut(command: list[str], workdir: Path, env: dict,
                time_limit: float | None) -> subprocess.CompletedProcess:
    """Run mutmut; after ``time_limit`` seconds stop it and its workers (SIGTERM to its
    process group: mutmut 3.8 keeps running its queue on SIGINT). Every verdict reached is
    already in mutmut's files; the mutants in flight or not reached stay "not checked"."""
    import signal

    proc = subprocess.Popen(command, cwd=workdir, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def run_paper(paper: str, modules: list[str] | None = None,
              max_children: int | None = None, time_limit: float | None = None,
              mutants: list[str] | None = None) -> dict:
    """Mutation-test one paper; return the per-module summary and the survivors' diffs.

    With ``time_limit`` [s] the run is interrupted after that time: the mutants not reached
    are counted as ``not_tested`` and left out of the score (a partial measurement; mutmut
    runs the mutants with the fastest tests first, so it is not a random sample). With
    ``mutants`` (mutmut name patterns, e.g. ``nanomag.cluster_pairing.bcs.x_locate_jumps*``)
    only the matching mutants run, the rest are not tested (a short re-run of the functions
    that changed).
    """
    modules = modules or physics_modules(paper)
    unknown = sorted(set(modules) - set(physics_modules(paper)))
    if unknown:
        raise SystemExit(f"{paper} has no physics module {unknown}; "
                         f"choose from {physics_modules(paper)}")
    equivalent = load_equivalent()
    with tempfile.TemporaryDirectory(prefix=f"nanomag-mutation-{paper}-") as tmp:
        workdir = Path(tmp)
        _prepare(workdir, paper, modules)
        command = [sys.executable, "-m", "mutmut", "run"]
        if max_children:
            command += ["--max-children", str(max_children)]
        command += list(mutants or [])
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1",
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        run = _run_mutmut(command, workdir, env, time_limit)
        statuses = _results(workdir)
        if not statuses or all(status == "not checked" for status in statuses.values()):
            raise RuntimeError(f"mutmut checked no mutant of {paper} (exit {run.returncode}):\n"
                               f"{run.stdout[-3000:]}\n"
                               f"{run.stderr[-3000:]}")
        diffs = _diffs(workdir, [name for name, status in statuses.items()
                                 if status not in KILLED and status != "not checked"
                                 and name not in equivalent])
    text_only = {name for name, diff in diffs.items() if is_text_only(diff)}
    survivors = {name: diff for name, diff in diffs.items() if name not in text_only}
    per_module = {}
    for module in modules:
        prefix = f"nanomag.{paper}.{module}."
        everything = {n: s for n, s in statuses.items() if n.startswith(prefix)}
        mine = {n: s for n, s in everything.items() if s != "not checked"}
        n_equivalent = sum(n in equivalent and s not in KILLED for n, s in mine.items())
        n_text = sum(n in text_only for n in mine)
        killed = sum(s in KILLED for s in mine.values())
        counted = len(mine) - n_equivalent - n_text
        per_module[module] = {"mutants": len(everything),
                              "not_tested": len(everything) - len(mine), "killed": killed,
                              "survived": counted - killed, "equivalent": n_equivalent,
                              "text_only": n_text,
                              "score": killed / counted if counted else 1.0}
    return {"paper": paper, "modules": per_module, "survivors": survivors}


def markdown(summary: dict) -> str:
    """The per-module score table and the surviving mutants of one paper."""
    lines = [f"## {summary['paper']}", "",
             "| module | mutants | killed | survived | equivalent | text only | score |",
             "|---|---|---|---|---|---|---|"]
    for module, row in summary["modules"].items():
        untested = row.get("not_tested", 0)
        score = f"{100 * row['score']:.1f} %"
        if untested:
            score += f" of the {row['mutants'] - untested} tested ({untested} not reached)"
        lines.append(f"| {module} | {row['mutants']} | {row['killed']} | {row['survived']} | "
                     f"{row['equivalent']} | {row['text_only']} | {score} |")
    if summary["survivors"]:
        lines += ["", "Surviving mutants:", ""]
        for name, diff in summary["survivors"].items():
            lines += [f"- `{name}`", "", "```diff", diff, "```", ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paper", nargs="?", choices=PAPERS)
    parser.add_argument("--all", action="store_true", help="every paper, one after another")
    parser.add_argument("--module", action="append", help="only this module (repeatable)")
    parser.add_argument("--max-children", type=int, default=None,
                        help="parallel mutant runs (default: all cores)")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="interrupt mutmut after this many seconds and report the mutants "
                             "tested so far (the rest as not tested)")
    parser.add_argument("--mutants", action="append", metavar="PATTERN",
                        help="only the mutants whose name matches (fnmatch, repeatable), "
                             "e.g. 'nanomag.cluster_pairing.bcs.x_locate_jumps*'")
    parser.add_argument("--output", type=Path, default=Path("results/mutation"))
    args = parser.parse_args(argv)
    if not args.all and not args.paper:
        parser.error("name a paper or pass --all")
    args.output.mkdir(parents=True, exist_ok=True)
    for paper in (PAPERS if args.all else [args.paper]):
        summary = run_paper(paper, args.module, args.max_children, args.time_limit,
                            args.mutants)
        (args.output / f"{paper}.json").write_text(json.dumps(summary, indent=1))
        text = markdown(summary)
        (args.output / f"{paper}.md").write_text(text)
        print(text)


if __name__ == "__main__":
    main()
