"""Parquet tables with metadata: round trip, determinism, refusal of non-finite values."""

import numpy as np
import pandas as pd
import pytest

from nanomag.io import Table, read_table, write_table


def _table(values):
    return Table(pd.DataFrame({"t_over_tf": [1e-3, 2e-3], "chi_over_chil": values}),
                 {"t_over_tf": "T/T_F", "chi_over_chil": "|chi_L|"}, "test table")


def test_round_trip_keeps_values_and_metadata(tmp_path):
    path = tmp_path / "t.parquet"
    write_table(_table([1.5, -2.0]), path, rule="unit", params={"grid": {"num": 2}})
    frame, meta = read_table(path)
    assert frame["chi_over_chil"].tolist() == [1.5, -2.0]
    assert meta["rule"] == "unit"
    assert meta["params"] == {"grid": {"num": 2}}
    assert meta["units"]["t_over_tf"] == "T/T_F"
    assert "version" in meta


def test_same_inputs_give_same_bytes(tmp_path):
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    for path in (a, b):
        write_table(_table([1.0, 2.0]), path, rule="unit", params={"x": 1})
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_values_are_refused(tmp_path, bad):
    with pytest.raises(ValueError, match="chi_over_chil"):
        write_table(_table([1.0, bad]), tmp_path / "x.parquet", rule="unit", params={})


def test_every_column_needs_a_unit():
    with pytest.raises(ValueError, match="missing units"):
        Table(pd.DataFrame({"a": [1]}), {})


def test_nullable_columns_may_hold_nan_but_not_infinity(tmp_path):
    frame = pd.DataFrame({"computed": [1.0, np.nan]})
    table = Table(frame, {"computed": "1"}, nullable=("computed",))
    write_table(table, tmp_path / "ok.parquet", rule="unit", params={})
    assert np.isnan(read_table(tmp_path / "ok.parquet")[0]["computed"][1])
    with pytest.raises(ValueError, match="computed"):
        write_table(Table(pd.DataFrame({"computed": [np.inf]}), {"computed": "1"},
                          nullable=("computed",)), tmp_path / "bad.parquet", rule="unit",
                    params={})


# --- nothing lost: atomic replacement, damaged files, backups -------------------------------

from nanomag.io import backup_outputs, damaged_outputs, replace_atomically, restore_outputs


def test_a_failed_write_keeps_the_previous_table(tmp_path):
    path = tmp_path / "t.parquet"
    write_table(_table([1.0, 2.0]), path, rule="unit", params={})
    before = path.read_bytes()
    with pytest.raises(ValueError, match="non-finite"):
        write_table(_table([1.0, np.nan]), path, rule="unit", params={})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]  # no temporary left


def test_replace_atomically_renames_only_when_complete(tmp_path):
    path = tmp_path / "f.md"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        with replace_atomically(path) as temporary:
            temporary.write_text("half")
            raise RuntimeError("crash while writing")
    assert path.read_text() == "old"
    with replace_atomically(path) as temporary:
        temporary.write_text("new")
        assert path.read_text() == "old"
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.md"]


def _outputs(folder):
    """A table, a PNG and a PDF, as the pipeline writes them."""
    from nanomag.plotting import new_figure, save_figure

    write_table(_table([1.0, 2.0]), folder / "data" / "t.parquet", rule="unit", params={})
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    save_figure(fig, [folder / "figures" / "fig1.pdf", folder / "figures" / "fig1.png"])
    return [folder / "data" / "t.parquet", folder / "figures" / "fig1.pdf",
            folder / "figures" / "fig1.png"]


@pytest.mark.parametrize("keep", [0.5, 0.99, 0.0])
def test_truncated_tables_and_figures_are_found(tmp_path, keep):
    files = _outputs(tmp_path / "paper")
    assert damaged_outputs([tmp_path / "paper"]) == []
    for path in files:
        data = path.read_bytes()
        path.write_bytes(data[:int(keep * len(data))])
    assert damaged_outputs([tmp_path / "paper"]) == sorted(files, key=lambda p: (
        [".parquet", ".png", ".pdf"].index(p.suffix), p))


def test_a_damaged_page_is_reported_naming_the_file(tmp_path):
    path = tmp_path / "t.parquet"
    write_table(_table([1.5, -2.0]), path, rule="unit", params={})
    data = bytearray(path.read_bytes())
    data[8] ^= 0xFF  # inside the first data page; footer intact
    path.write_bytes(bytes(data))
    assert damaged_outputs([tmp_path]) == []  # structurally complete ...
    with pytest.raises(ValueError, match=r"cannot read table .*t\.parquet"):
        read_table(path)  # ... but the page checksum fails


def test_outputs_deleted_after_the_backup_are_restored(tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    files = [p.relative_to(tmp_path) for p in _outputs(tmp_path / "results" / "paper")]
    (tmp_path / "results" / "paper" / "logs").mkdir()
    (tmp_path / "results" / "paper" / "logs" / "x.log").write_text("not backed up")
    content = {p: p.read_bytes() for p in files}
    # Snakemake's provenance record of an output: .snakemake/metadata/<urlsafe base64 path>
    from base64 import urlsafe_b64encode
    record = Path(".snakemake/metadata") / urlsafe_b64encode(str(files[1]).encode()).decode()
    record.parent.mkdir(parents=True)
    record.write_text('{"params": "of the job that wrote it"}')
    assert backup_outputs(["results/paper"], ".snakemake/backup") == 3
    files[0].unlink()  # Snakemake deletes a job's outputs when it starts ...
    files[1].unlink()
    record.write_text('{"params": "of the failed job"}')  # ... and records the new job
    write_table(_table([7.0, 8.0]), files[0], rule="unit", params={})  # ... one succeeds
    new_table = files[0].read_bytes()
    assert restore_outputs(".snakemake/backup") == [files[1]]  # the failed one is put back
    assert record.read_text() == '{"params": "of the job that wrote it"}'  # with its record
    assert files[0].read_bytes() == new_table
    assert {p: p.read_bytes() for p in files[1:]} == {p: content[p] for p in files[1:]}
    assert not (tmp_path / ".snakemake" / "backup").exists()


@pytest.mark.parametrize("argv,dry", [
    (["snakemake", "-np", "ci"], True),
    (["/venv/bin/snakemake", "ci", "--configfile", "config/ci.yaml", "-n"], True),
    (["python -m snakemake/__main__.py", "--dry-run"], True),
    (["snakemake", "-c1", "ci"], False),
    (["snakemake", "--cores", "1", "-p", "results/x.png"], False),
    (["pytest", "-n", "2"], False),  # not a Snakemake command line
])
def test_a_dry_run_is_recognised_before_snakemake_decides(argv, dry):
    """A dry run must not remove damaged outputs: the Snakefile asks before it does."""
    from nanomag.jobs import command_is_dry_run

    assert command_is_dry_run(argv) is dry


def test_stale_backups_of_ended_runs_are_removed_live_ones_kept(tmp_path):
    import os
    import subprocess
    import sys

    from nanomag.io import remove_stale_backups

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True).stdout.strip()
    for name in (ended, str(os.getpid()), str(os.getppid()), "notes"):
        (tmp_path / name).mkdir()
    removed = remove_stale_backups(tmp_path)
    assert removed == [tmp_path / ended]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [str(os.getpid()), str(os.getppid()), "notes"])


@pytest.mark.parametrize("argv, report", [
    (["snakemake", "--report", "results/report.html"], True),
    (["/venv/bin/snakemake", "ci", "--configfile", "config/ci.yaml", "--report=r.zip"], True),
    (["snakemake", "--cores", "2"], False),
    (["snakemake", "-n", "readings"], False),
    (["python", "--report"], False),  # not Snakemake
])
def test_report_sections_only_for_a_report_and_only_if_computed(tmp_path, argv, report):
    from nanomag.jobs import computed_report_sections

    done, missing = tmp_path / "readings.md", tmp_path / "convergence.html"
    done.write_text("x")
    sections = computed_report_sections([str(done), str(missing)], argv)
    assert sections == ([str(done)] if report else [])


def _dead_pid() -> int:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_temporaries_of_killed_jobs_are_removed_and_live_ones_kept(tmp_path):
    """A job killed while writing leaves ``.<name>.<pid>.tmp<suffix>``; the next run removes
    it (its PID is gone), never a file another live process is writing, nor an output."""
    import os

    from nanomag.io import remove_stale_temporaries

    data = tmp_path / "paper" / "data"
    data.mkdir(parents=True)
    dead = data / f".phase_map.{_dead_pid()}.tmp.parquet"
    live = data / f".phase_map.{os.getpid()}.tmp.parquet"
    figure = tmp_path / "paper" / "figures" / f".fig1.{_dead_pid()}.tmp.pdf"
    figure.parent.mkdir()
    output = data / "phase_map.parquet"
    merged = tmp_path / f".scorecard.{_dead_pid()}.tmp.parquet"  # the results root itself
    other_config = tmp_path / "ci" / f".scorecard.{_dead_pid()}.tmp.parquet"
    other_config.parent.mkdir()
    for path in (dead, live, figure, output, merged, other_config):
        path.write_bytes(b"x")
    removed = remove_stale_temporaries([tmp_path / "paper", tmp_path / "absent"],
                                       top_level=[tmp_path, tmp_path / "absent"])
    assert sorted(removed) == sorted([dead, figure, merged])
    assert live.exists() and output.exists() and not dead.exists() and not figure.exists()
    assert other_config.exists()  # a subfolder of the root: not searched


def test_a_job_ending_at_once_removes_the_file_it_was_writing(tmp_path):
    from nanomag.io import remove_unfinished_files

    path = tmp_path / "table.parquet"
    with replace_atomically(path) as temporary:
        temporary.write_bytes(b"half a table")
        remove_unfinished_files()  # what a killed job calls before os._exit
        assert not temporary.exists()
        temporary.write_bytes(b"a whole table")  # (a job that goes on would still finish)
    assert path.read_bytes() == b"a whole table"
    remove_unfinished_files()  # nothing left to remove
    assert path.exists()
