"""The command line around the data file: merge a conflict copy, list and restore backups,
refuse to export over the data, odd file names, long imports, stale demo folders."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import TODAY
from usce_tui.cli import main
from usce_tui.core.records import JournalEntry, Program
from usce_tui.store import storage
from usce_tui.store.copies import conflict_copies
from usce_tui.store.demo import DEMO_FILE, DEMO_PREFIX, remove_stale_demo_folders
from usce_tui.store.storage import list_backups
from usce_tui.store.store import Store

CONFLICT_NAMES = ["usce (conflicted copy 2026-11-25).json",
                  "usce (Amara's conflicted copy 2026-11-25).json",
                  "usce.sync-conflict-20261125-101010-ABCDEFG.json",
                  "usce-DESKTOP-1A2B.json", "usce (1).json", "usce 2.json"]


def test_merge_prints_what_came_in_and_a_second_merge_changes_nothing(db_path: Path, tmp_path: Path,
                                                                     capsys) -> None:
    with Store.open(db_path) as store:
        store.save(Program(name="Here"))
    other = tmp_path / CONFLICT_NAMES[2]
    shutil.copy2(db_path, other)
    with Store.open(other) as laptop:
        laptop.add_all([JournalEntry(date=TODAY, title=f"Day {i}") for i in range(3)])
        laptop.save(Program(name="There"))
    assert main(["merge", str(other), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{other.name}: added 4, updated 0, removed 0, in conflict 0")
    assert "added: 3 journal entries" in out and "added: 1 program" in out
    once = db_path.read_bytes()
    assert main(["merge", str(other), "--db", str(db_path)]) == 0
    assert "added 0, updated 0, removed 0, in conflict 0" in capsys.readouterr().out
    assert db_path.read_bytes() == once


def test_merge_of_a_file_that_is_not_a_data_file_says_so(db_path: Path, tmp_path: Path, capsys) -> None:
    Store.open(db_path).close()
    other = tmp_path / "notes.json"
    other.write_text("[1, 2]")
    assert main(["merge", str(other), "--db", str(db_path)]) == 1
    assert "not a USCE Navigator data file" in capsys.readouterr().err


def test_conflict_copies_are_found_beside_the_file(db_path: Path) -> None:
    Store.open(db_path).close()
    for name in CONFLICT_NAMES:
        shutil.copy2(db_path, db_path.parent / name)
    (db_path.parent / "usce-old.json").write_bytes(db_path.read_bytes())  # the user's own file
    (db_path.parent / "usce (conflicted copy 2026-11-26).json").write_text("not json")
    assert sorted(p.name for p in conflict_copies(db_path)) == sorted(CONFLICT_NAMES)


def test_restore_lists_backups_and_restores_one_after_backing_up_the_current(db_path: Path,
                                                                           capsys) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Yesterday's"))  # the day's backup holds the empty file
    with Store.open(db_path, today=lambda: TODAY.replace(day=25)) as store:
        store.save(Program(name="Today's"))  # the next day's holds one program
    assert main(["restore", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "usce-2026-11-25.json" in out and "1 KB  1 program\n" in out and "usce-2026-11-24.json" in out
    before = db_path.read_bytes()
    assert main(["restore", "usce-2026-11-25.json", "--db", str(db_path)]) == 0
    assert "restored usce-2026-11-25.json (1 program)" in capsys.readouterr().out
    with Store.open(db_path, read_only=True) as store:
        assert [p.name for p in store.all(Program)] == ["Yesterday's"]
    kept = [b for b in list_backups(db_path) if "before-restore" in b.name]
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert main(["restore", "usce-1999-01-01.json", "--db", str(db_path)]) == 1
    assert "is not one of the backups" in capsys.readouterr().err


def test_restoring_an_empty_backup_over_records_asks_first(db_path: Path, capsys, monkeypatch) -> None:
    """Seen by a newcomer: `usce restore` of the day's first backup of a new file (listed
    "empty") replaced every record with nothing, without a word."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Kept"))  # the day's backup holds the empty file
    empty = "usce-2026-11-24.json"
    assert f"{empty}  " in (listing := (main(["restore", "--db", str(db_path)]), capsys.readouterr().out)[1])
    assert "<1 KB  empty" in listing  # ("0 KB" read as a broken file)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: refused
    assert main(["restore", empty, "--db", str(db_path)]) == 1
    assert "holds no records: restoring it would empty the file" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    assert main(["restore", empty, "--db", str(db_path)]) == 0
    assert "Nothing was restored." in capsys.readouterr().out
    with Store.open(db_path, read_only=True) as store:
        assert [p.name for p in store.all(Program)] == ["Kept"]
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    assert main(["restore", empty, "--db", str(db_path)]) == 0
    assert f"restored {empty} (no records: the file is now empty)" in capsys.readouterr().out
    with Store.open(db_path, read_only=True) as store:
        assert store.all(Program) == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("target", ["data", "backup", "link"])
def test_export_over_the_data_file_or_a_backup_is_refused(db_path: Path, tmp_path: Path, capsys,
                                                         target: str) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Precious"))
        store.save(Program(name="Also precious"))
    backup = list_backups(db_path)[0]
    path = {"data": db_path, "backup": backup, "link": tmp_path / "link.csv"}[target]
    if target == "link":
        if os.name != "posix":
            pytest.skip("symbolic links need POSIX here")
        path.symlink_to(db_path)
    before = db_path.read_bytes(), backup.read_bytes()
    what = "programs" if target == "link" else "all"  # (programs into a .json is refused as CSV)
    assert main(["export", what, "-o", str(path), "--db", str(db_path)]) == 1
    assert "is your data file, its lock or one of its backups" in capsys.readouterr().err
    assert (db_path.read_bytes(), backup.read_bytes()) == before


@pytest.mark.skipif(sys.platform == "win32" or sys.platform == "darwin",
                    reason="file names that are not UTF-8 exist on Linux file systems")
def test_a_file_name_that_is_not_utf8_imports_and_prints(db_path: Path, tmp_path: Path) -> None:
    name = os.fsdecode(b"programs-\xff.csv")
    (tmp_path / name).write_text("Program,Institution\nObservership A,Fictional Hospital\n")
    result = subprocess.run([sys.executable, "-m", "usce_tui", "import", "programs", name,
                             "--db", str(db_path)], cwd=tmp_path, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and b"added 1" in result.stdout
    with Store.open(db_path, read_only=True) as store:
        assert [p.name for p in store.all(Program)] == ["Observership A"]
    missing = os.fsdecode(b"missing-\xfe.csv")
    result = subprocess.run([sys.executable, "-m", "usce_tui", "import", "programs", missing,
                             "--db", str(db_path)], cwd=tmp_path, capture_output=True, timeout=60)
    assert result.returncode == 1 and b"Traceback" not in result.stderr and b"no file at" in result.stderr


def test_stale_demo_folders_are_removed_but_a_running_demo_is_kept(tmp_path: Path) -> None:
    stale = tmp_path / f"{DEMO_PREFIX}killed"
    stale.mkdir()
    (stale / DEMO_FILE).write_bytes(b"{}")
    running = tmp_path / f"{DEMO_PREFIX}running"
    running.mkdir()
    (tmp_path / "usce-demo-notes.txt").write_text("a file, not a demo folder")
    with Store.open(running / DEMO_FILE):
        assert remove_stale_demo_folders(tmp_path) == 1
        assert not stale.exists() and running.exists()
    assert (tmp_path / "usce-demo-notes.txt").exists()


def test_a_long_import_is_one_write(db_path: Path, tmp_path: Path, capsys,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """TinyDB rebuilt the table on each insert (10,000 rows took 25 s); now the whole import is
    one write of the file, however many rows (the time is measured in `make bench`)."""
    rows = ["Program,Institution,City"] + [f"Observership {i},Hospital {i % 97},City {i % 13}"
                                           for i in range(12000)]
    source = tmp_path / "big.csv"
    source.write_text("\n".join(rows))
    Store.open(db_path).close()
    written: list[Path] = []
    real_write = storage.atomic_write_bytes

    def counting(path: Path, data: bytes) -> None:
        written.append(path)
        real_write(path, data)

    monkeypatch.setattr(storage, "atomic_write_bytes", counting)
    assert main(["import", "programs", str(source), "--db", str(db_path)]) == 0
    assert "added 12000" in capsys.readouterr().out
    assert written.count(db_path) == 1
    assert len(orjson.loads(db_path.read_bytes())["programs"]) == 12000


@pytest.mark.parametrize("content", [b"", b"{\"programs\": {", b"[1]"])
def test_restore_works_when_the_data_file_cannot_be_opened(db_path: Path, capsys, content: bytes) -> None:
    """Newcomer: the error said to restore a backup, and `usce restore` refused the same file."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Saved yesterday"))
    with Store.open(db_path, today=lambda: TODAY.replace(day=25)) as store:
        store.save(Program(name="Saved today"))
    db_path.write_bytes(content)
    assert main(["check", "--db", str(db_path)]) == 1
    capsys.readouterr()
    assert main(["restore", "usce-2026-11-25.json", "--db", str(db_path)]) == 0
    assert "restored usce-2026-11-25.json; the unreadable file is kept as" in capsys.readouterr().out
    with Store.open(db_path, read_only=True) as store:
        assert [p.name for p in store.all(Program)] == ["Saved yesterday"]
    [kept] = [b for b in list_backups(db_path) if "unreadable" in b.name]
    assert kept.read_bytes() == content


def test_manual_and_labelled_backups_do_not_push_out_the_daily_ones(db_path: Path) -> None:
    """Newcomer: 5 presses of Back up now deleted the 5 oldest daily backups."""
    from usce_tui.store.storage import make_backup

    db_path.write_bytes(b"{}")
    for day in range(1, 15):
        make_backup(db_path, TODAY.replace(day=day))
    for n in range(5):
        make_backup(db_path, TODAY.replace(day=14), label=f"manual-00000{n}")
    daily = [b for b in list_backups(db_path) if "manual" not in b.name]
    assert len(daily) == 14 and len(list_backups(db_path)) == 19


def test_merge_names_the_lock_and_files_that_are_not_copies(db_path: Path, tmp_path: Path, capsys) -> None:
    Store.open(db_path).close()
    lock = Path(str(db_path) + ".lock")
    lock.touch()
    assert main(["merge", str(lock), "--db", str(db_path)]) == 1
    assert "is the data file's lock, not a copy of it" in capsys.readouterr().err
    other = tmp_path / "list.json"
    other.write_text("[1]")
    assert main(["merge", str(other), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "is not a USCE Navigator data file that can be read" in err and "backup" not in err
