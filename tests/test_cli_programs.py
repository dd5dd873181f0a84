"""`usce import programs` and `usce export programs`: the report, exit codes, nothing twice."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DATA_DIR
from usce_tui.cli import main
from usce_tui.core.records import Program
from usce_tui.store.store import Store

MESSY = DATA_DIR / "messy_programs.csv"


def stored(path: Path) -> list[Program]:
    with Store.open(path, read_only=True) as store:
        return store.all(Program)


def test_import_prints_the_report_and_a_second_import_adds_nothing(db_path: Path, capsys) -> None:
    assert main(["import", "programs", str(MESSY), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "added 6, skipped 2, possible duplicates 0, needs review 2"
    assert "skipped row 8: no program name" in out
    assert "columns not used: Favourite colour" in out
    assert len(stored(db_path)) == 6
    assert main(["import", "programs", str(MESSY), "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("added 0, skipped 8")
    assert len(stored(db_path)) == 6


def test_export_then_import_into_a_fresh_file(sample_path: Path, tmp_path: Path, capsys) -> None:
    out_file = tmp_path / "programs.csv"
    assert main(["export", "programs", "-o", str(out_file), "--db", str(sample_path)]) == 0
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfName,Institution,Type")  # UTF-8 with a BOM for Excel
    fresh = tmp_path / "fresh.json"
    assert main(["import", "programs", str(out_file), "--db", str(fresh)]) == 0
    assert capsys.readouterr().out.startswith("added 12, skipped 0")
    assert sorted(p.name for p in stored(fresh)) == sorted(p.name for p in stored(sample_path))


def test_export_programs_to_stdout_has_no_bom(sample_path: Path, capsys) -> None:
    assert main(["export", "programs", "--db", str(sample_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Name,") and len(out.splitlines()) > 12


def test_windows_1252_file_is_read(db_path: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes("Name,City\r\nObservership at Cl\xednica,S\xe3o Paulo\r\n".encode("cp1252"))
    assert main(["import", "programs", str(source), "--db", str(db_path)]) == 0
    assert stored(db_path)[0].city == "São Paulo"


def test_unreadable_inputs_exit_1_with_a_sentence(db_path: Path, tmp_path: Path, capsys) -> None:
    xlsx = tmp_path / "programs.xlsx"
    xlsx.write_bytes(b"PK\x03\x04rest of a zip")
    no_name = tmp_path / "no_name.csv"
    no_name.write_text("Colour,Size\nred,big\n", encoding="utf-8")
    for source, words in ((tmp_path / "missing.csv", "there is no file at"),
                          (xlsx, "save it as CSV first"), (no_name, "no column with the program name"),
                          (tmp_path, "is a folder")):
        assert main(["import", "programs", str(source), "--db", str(db_path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("usce: ") and words in err and "Traceback" not in err
    assert not db_path.exists() or stored(db_path) == []


def test_import_while_the_app_has_the_file_open_exits_1(db_path: Path, capsys) -> None:
    with Store.open(db_path):
        before = db_path.read_bytes()
        assert main(["import", "programs", str(MESSY), "--db", str(db_path)]) == 1
        assert "is open in another USCE Navigator window" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_a_dry_run_prints_the_report_and_writes_nothing(db_path: Path, capsys) -> None:
    Store.open(db_path).close()
    before = db_path.read_bytes()
    assert main(["import", "programs", str(MESSY), "--dry-run", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "added 6, skipped 2, possible duplicates 0, needs review 2"
    assert "dry run: nothing was written" in out
    assert db_path.read_bytes() == before and stored(db_path) == []
    assert not (db_path.parent / "backups").exists()


def test_a_dry_run_works_while_the_app_has_the_file_open(db_path: Path, capsys) -> None:
    with Store.open(db_path):  # the app holds the writer lock
        assert main(["import", "programs", str(MESSY), "--dry-run", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("added 6")
