"""The command line: check, export all, usage errors, and the clear one-sentence failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import TODAY
from usce_tui.cli import main
from usce_tui.core.records import Program
from usce_tui.store.demo import sample_bytes, shifted_sample
from usce_tui.store.store import Store


def test_check_on_sample_counts_tables_and_passes(sample_path: Path, capsys) -> None:
    assert main(["check", "--db", str(sample_path)]) == 0
    out = capsys.readouterr().out
    assert "programs" in out and "    12" in out
    assert "journal" in out and "    20" in out
    assert "no problems found" in out


def test_check_reports_every_problem_and_exits_1(db_path: Path, capsys) -> None:
    with Store.open(db_path) as store:
        bad = store.save(Program(name="Bad", type="safari"))
        raw = store.document()
    raw["expenses"] = {"e1aaaaaa-0000": {"trip_id": "t42", "amount": {"amount": "x", "currency": "USD"}},
                       "e2bbbbbb-0000": {"trip_id": "t42"}}
    db_path.write_bytes(orjson.dumps(raw))
    assert main(["check", "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert f"programs #{str(bad.id)[:8]}: type 'safari' is not one of" in out
    assert "expenses #e1aaaaaa: field 'amount' holds an amount that is not usable" in out
    assert "expenses #e2bbbbbb: refers to trip #t42, which does not exist" in out
    assert "\n3 problems:\n" in out and "(s)" not in out  # a count in the singular or the plural
    assert main(["export", "programs", "-o", str(db_path.with_suffix(".csv")), "--db", str(db_path)]) == 0
    assert "usce: skipped 1 damaged record in programs;" in capsys.readouterr().err  # what it reads
    assert main(["export", "budget", "-o", str(db_path.with_suffix(".b.csv")), "--db", str(db_path)]) == 0
    assert "usce: skipped 2 damaged records in expenses, programs;" in capsys.readouterr().err


def test_check_uses_usce_db_environment(db_path: Path, capsys, monkeypatch) -> None:
    Store.open(db_path).close()
    assert main(["check"]) == 0
    assert str(db_path) in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"{not json", b'{"meta": {"1": {"schema_version": 99}}}'])
def test_check_on_bad_file_is_one_sentence_exit_1(db_path: Path, capsys, content: bytes) -> None:
    db_path.write_bytes(content)
    assert main(["check", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"usce: {db_path}")
    assert "Traceback" not in err
    assert db_path.read_bytes() == content


def test_export_all_writes_a_json_backup(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    assert main(["export", "all", "-o", str(out), "--db", str(sample_path)]) == 0
    exported = orjson.loads(out.read_bytes())
    assert exported == orjson.loads(sample_path.read_bytes())
    # and the backup is itself a file the app opens
    with Store.open(out, read_only=True) as again:
        assert again.counts()["letters"] == 5


def test_export_all_to_stdout(sample_path: Path, capsysbinary) -> None:
    assert main(["export", "all", "--db", str(sample_path)]) == 0
    assert orjson.loads(capsysbinary.readouterr().out)["profile"]["1"]["home_currency"] == "PEN"


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "everything"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_second_app_on_open_file_exits_1_with_a_sentence(db_path: Path) -> None:
    with Store.open(db_path):  # as if the app were open
        before = db_path.read_bytes()
        result = subprocess.run([sys.executable, "-m", "usce_tui", "--db", str(db_path)],
                                capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                env={**os.environ, "TERM": "dumb"}, timeout=60)
        assert result.returncode == 1
        assert "is open in another USCE Navigator window" in result.stderr
        assert "Traceback" not in result.stderr
        # read-only commands still work meanwhile
        assert main(["check", "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before


def test_demo_sample_is_shifted_to_today_and_never_modified() -> None:
    shipped = sample_bytes()
    doc = shifted_sample(TODAY)
    assert doc["meta"]["1"]["sample_anchor"] == "2026-11-24"
    later = shifted_sample(TODAY.replace(year=2027))
    key = next(iter(doc["programs"]))
    first = doc["programs"][key]["deadline"]
    assert later["programs"][key]["deadline"] > first
    assert sample_bytes() == shipped


def test_sample_data_is_sound() -> None:
    from usce_tui.core.records import PROGRAM_TYPES
    from usce_tui.store.checks import check_document

    doc = shifted_sample(TODAY)
    assert check_document(doc) == []
    counts = {table: len(doc[table]) for table in ("programs", "trips", "letters", "journal")}
    assert counts == {"programs": 12, "trips": 2, "letters": 5, "journal": 20}
    types = {p["type"] for p in doc["programs"].values()}
    assert types == set(PROGRAM_TYPES)
    currencies = {e["amount"]["currency"] for e in doc["expenses"].values()}
    assert len(currencies) >= 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{torn", "is not valid JSON"),
     (b'{"meta": {"1": {"schema_version": 7}}}', "was written by a newer USCE Navigator")],
)
def test_app_refuses_a_bad_file_without_writing_it(db_path: Path, capsys, content: bytes,
                                                    message: str) -> None:
    db_path.write_bytes(content)
    assert main(["--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert str(db_path) in err and message in err and "backup" in err
    assert db_path.read_bytes() == content
    assert not (db_path.parent / "backups").exists()


def test_a_mistyped_data_file_path_is_not_an_invitation_to_make_one(tmp_path: Path, capsys) -> None:
    """Seen by a newcomer: `usce check --db mee.json` said "run `usce` once to create it", which
    nudged them to make a file at the typo; it asks them to check the path first."""
    from usce_tui.cli import main

    assert main(["check", "--db", str(tmp_path / "mee.json")]) == 1
    err = capsys.readouterr().err
    assert "no data file at" in err and "check the path (--db, or USCE_DB)" in err
    assert not (tmp_path / "mee.json").exists()
