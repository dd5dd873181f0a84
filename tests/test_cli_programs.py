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
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "added 6, skipped 2, possible duplicates 0, needs review 2"
    assert "skipped row 8: no program name" in out
    assert "columns kept in the notes (as 'Header: value'): Favourite colour" in out
    assert len(stored(db_path)) == 6
    # there was no data file: the import made it, and says so (a mistyped --db is seen at once)
    assert f"there was no data file at {db_path}: this import made it" in err
    assert main(["import", "programs", str(MESSY), "--db", str(db_path)]) == 0
    again = capsys.readouterr()
    assert again.out.startswith("added 0, skipped 8") and "this import made it" not in again.err
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
                          (xlsx, "is not an Excel workbook (.xlsx) that can be read"),
                          (no_name, "no column with the program name"),
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
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "added 6, skipped 2, possible duplicates 0, needs review 2"
    assert "dry run: nothing was written" in out
    assert db_path.read_bytes() == before and stored(db_path) == []
    assert not (db_path.parent / "backups").exists()


def test_a_dry_run_works_while_the_app_has_the_file_open(db_path: Path, capsys) -> None:
    with Store.open(db_path):  # the app holds the writer lock
        assert main(["import", "programs", str(MESSY), "--dry-run", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("added 6")


# --- workbooks (issue 14) ---------------------------------------------------------------------
def _directory_workbook(path: Path, *, extra_sheet_first: bool = False) -> Path:
    """The 200-row directory as an IMG's workbook: deadlines typed as Excel dates where they are
    dates, everything else as the text cells it was, and a notes sheet (first, if asked)."""
    import contextlib
    import csv
    from datetime import date, datetime

    from openpyxl import Workbook

    rows = list(csv.reader((DATA_DIR / "directory_programs.csv").open(encoding="utf-8")))
    book = Workbook()
    notes = book.active
    notes.title = "Read me"
    notes.append(["My list of observerships, checked every Sunday"])
    page = book.create_sheet("Programs", 0 if not extra_sheet_first else 1)
    deadline = rows[0].index("Application Deadline")
    for number, row in enumerate(rows):
        cells: list[object] = list(row)
        if number and len(row[deadline]) == 10 and row[deadline][4] == "-":
            with contextlib.suppress(ValueError):  # an impossible date stays text, as typed
                cells[deadline] = datetime.combine(date.fromisoformat(row[deadline]), datetime.min.time())
        page.append(cells)
    book.save(path)
    return path


def test_a_workbook_is_imported_directly_with_excel_dates_as_dates(db_path: Path, tmp_path: Path,
                                                                    capsys) -> None:
    book = _directory_workbook(tmp_path / "list.xlsx")
    assert main(["import", "programs", str(book), "--db", str(db_path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "added 200, skipped 0, possible duplicates 8, needs review 12"
    programs = Store.open(db_path).all(Program)
    dated = [p for p in programs if p.deadline_kind == "date"]
    assert dated and all(p.deadline is not None for p in dated)
    assert main(["import", "programs", str(book), "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("added 0, skipped 200")


def test_a_named_sheet_is_read_and_a_missing_one_is_named(db_path: Path, tmp_path: Path, capsys) -> None:
    book = _directory_workbook(tmp_path / "list.xlsx", extra_sheet_first=True)
    Store.open(db_path).close()
    assert main(["import", "programs", str(book), "--dry-run", "--db", str(db_path)]) == 1
    assert "no column with the program name" in capsys.readouterr().err  # the first sheet is the notes
    assert main(["import", "programs", str(book), "--sheet", "programs", "--dry-run",
                 "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("added 200")
    assert main(["import", "programs", str(book), "--sheet", "Costs", "--db", str(db_path)]) == 1
    assert "has no sheet named 'Costs' (its sheets: Read me, Programs)" in capsys.readouterr().err
    assert main(["import", "programs", str(DATA_DIR / "messy_programs.csv"), "--sheet", "x",
                 "--db", str(db_path)]) == 1
    assert "--sheet is for a workbook" in capsys.readouterr().err


def test_a_broken_or_opendocument_workbook_gets_a_sentence(db_path: Path, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "list.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert main(["import", "programs", str(broken), "--db", str(db_path)]) == 1
    assert "is not an Excel workbook (.xlsx) that can be read" in capsys.readouterr().err
    ods = tmp_path / "list.ods"
    ods.write_bytes(b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
    assert main(["import", "programs", str(ods), "--db", str(db_path)]) == 1
    assert "OpenDocument spreadsheet (.ods)" in capsys.readouterr().err


def test_export_programs_as_a_workbook_frozen_header_widths_and_dates(sample_path: Path, tmp_path: Path,
                                                                      capsys) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    out = tmp_path / "programs.xlsx"
    assert main(["export", "programs", "-o", str(out), "--db", str(sample_path)]) == 0
    page = load_workbook(out).active
    assert page.freeze_panes == "A2" and page["A1"].value == "Name" and page["A1"].font.bold
    assert page.column_dimensions["A"].width > 10
    deadlines = [c.value for c in page[chr(ord("A") + [c.value for c in page[1]].index("Deadline"))][1:]]
    assert any(isinstance(v, datetime) for v in deadlines)
    fresh = tmp_path / "fresh.json"
    assert main(["import", "programs", str(out), "--db", str(fresh)]) == 0
    programs = Store.open(sample_path).all(Program)
    review = sum(p.needs_review for p in programs)
    assert capsys.readouterr().out.splitlines()[0] == \
        f"added {len(programs)}, skipped 0, possible duplicates 0, needs review {review}"
    assert main(["export", "budget", "-o", str(tmp_path / "b.xlsx"), "--db", str(sample_path)]) == 2
    assert "only programs are exported as a workbook" in capsys.readouterr().err


def test_a_dry_run_needs_no_data_file_yet(tmp_path: Path, capsys) -> None:
    """Newcomer: a first look at a spreadsheet before the app was ever opened was refused."""
    db = tmp_path / "none-yet.json"
    assert main(["import", "programs", str(MESSY), "--dry-run", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("added 6, skipped 2") and "no data file yet" in out and not db.exists()


def test_a_data_file_or_a_workbook_given_in_the_wrong_place_is_named_for_what_it_is(
        sample_path: Path, tmp_path: Path, capsys) -> None:
    """Seen by a newcomer: `usce import programs me.json` said the file "has no column with the
    program name", and `usce check --db progs.xlsx` spoke of "str is not valid UTF-8: surrogates
    not allowed". Each names what the file is and the command that takes it."""
    from openpyxl import Workbook

    assert main(["import", "programs", str(sample_path), "--db", str(tmp_path / "me.json")]) == 1
    assert "is a USCE Navigator data file, not a spreadsheet" in capsys.readouterr().err
    assert not (tmp_path / "me.json").exists()  # refused: no empty data file is left made for it
    assert not (tmp_path / "me.json.lock").exists()
    workbook = tmp_path / "progs.xlsx"
    sheet = Workbook()
    sheet.active.append(["Program", "City"])
    sheet.save(workbook)
    before = workbook.read_bytes()
    assert main(["check", "--db", str(workbook)]) == 1
    err = capsys.readouterr().err
    assert "is a workbook (a spreadsheet), not a USCE Navigator data file" in err
    assert "`usce import programs`" in err and "UTF-8" not in err
    assert workbook.read_bytes() == before
