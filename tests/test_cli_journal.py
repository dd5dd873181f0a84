"""`usce import journal`, `usce export journal` and `usce check --privacy`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import DATA_DIR
from usce_tui.cli import main
from usce_tui.core.records import JournalEntry
from usce_tui.store.store import Store

DATA = DATA_DIR


def entries(path: Path) -> list[JournalEntry]:
    with Store.open(path, read_only=True) as store:
        return store.all(JournalEntry)


def test_import_jrnl_then_again_adds_nothing(db_path: Path, capsys) -> None:
    assert main(["import", "journal", str(DATA / "jrnl_export.json"), "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("jrnl: added 3, already here 0")
    assert main(["import", "journal", str(DATA / "jrnl_export.json"), "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("jrnl: added 0, already here 3")
    assert len(entries(db_path)) == 3


def test_import_dayone(db_path: Path, capsys) -> None:
    assert main(["import", "journal", str(DATA / "dayone_export.json"), "--db", str(db_path)]) == 0
    assert "Day One: added 2" in capsys.readouterr().out
    assert {e.title for e in entries(db_path)} == {"Late admission", ""}


def test_import_unreadable_exits_1(db_path: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["import", "journal", str(bad), "--db", str(db_path)]) == 1
    assert "is not a jrnl or Day One export" in capsys.readouterr().err


def test_export_markdown_and_jrnl_with_filters(sample_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", "journal", "--db", str(sample_path)]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Journal") and markdown.count("### ") == 20
    assert main(["export", "journal", "--format", "jrnl", "--starred", "--tag", "communication",
                 "--db", str(sample_path)]) == 0
    text = capsys.readouterr().out
    blocks = text.strip().split("\n\n")
    assert blocks and all(b.startswith("[") and " *\n" in b and "@communication" in b for b in blocks)
    out_file = tmp_path / "journal.txt"
    assert main(["export", "journal", "--format", "jrnl", "--from", "2026-08-20", "--to", "2026-08-21",
                 "-o", str(out_file), "--db", str(sample_path)]) == 0
    assert out_file.read_text(encoding="utf-8-sig").count("\n[") == 1  # two entries


def test_privacy_check_prints_date_kind_text_and_exits_1(db_path: Path, capsys) -> None:
    with Store.open(db_path) as store:
        store.save(JournalEntry(date=date(2026, 11, 2), title="Night shift",
                                body="Mr. Alvarez in room 12 asked for his daughter, Maria."))
        store.save(JournalEntry(date=date(2026, 11, 3), body="BP 120/80, gave 500 mg."))
    assert main(["check", "--privacy", "--db", str(db_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "2026-11-02\tNAME\tAlvarez", "2026-11-02\tROOM\t12", "2026-11-02\tNAME\tMaria"]


def test_privacy_check_on_clean_journal_exits_0(sample_path: Path, capsys) -> None:
    assert main(["check", "--privacy", "--db", str(sample_path)]) == 0
    assert capsys.readouterr().out == ""


def test_privacy_check_scans_tags_too(db_path: Path, capsys) -> None:
    with Store.open(db_path) as store:
        store.save(JournalEntry(date=date(2026, 11, 2), title="Clinic", body="A quiet day.",
                                tags=["followup", "312-555-0199"]))
    assert main(["check", "--privacy", "--db", str(db_path)]) == 1
    assert capsys.readouterr().out.splitlines() == ["2026-11-02\tPHONE\t312-555-0199"]


def test_import_says_how_many_added_entries_may_hold_identifiers(db_path: Path, tmp_path: Path,
                                                                   capsys) -> None:
    export = tmp_path / "jrnl.json"
    export.write_text(json.dumps({"tags": {}, "entries": [
        {"date": "2026-11-01", "time": "08:00", "title": "Rounds", "body": "We admitted Rosa Delgado.",
         "tags": [], "starred": False},
        {"date": "2026-11-02", "time": "08:00", "title": "Rounds", "body": "Learned about sepsis.",
         "tags": [], "starred": False}]}), encoding="utf-8")
    assert main(["import", "journal", str(export), "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 of the added entries may hold patient identifiers; `usce check --privacy` lists them.")


def test_a_journal_dry_run_writes_nothing(db_path: Path, capsys) -> None:
    Store.open(db_path).close()
    assert main(["import", "journal", str(DATA / "jrnl_export.json"), "--dry-run", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("jrnl: added 3, already here 0")
    with Store.open(db_path, read_only=True) as store:
        assert store.all(JournalEntry) == []
