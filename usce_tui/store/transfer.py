"""Files the user hands in (imports) and writes out (exports), apart from the data file: one
function per format, called by the command line and the app alike. An import adds everything
it read in one atomic write; a failure is a ``StorageError`` with one sentence naming the file."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson

from usce_tui.core.journal.files import JournalImport, UnreadableJournal, read_journal_export
from usce_tui.core.programs.files import ImportReport, UnreadableFile, read_program_rows, read_programs
from usce_tui.core.records import JournalEntry, Program
from usce_tui.core.sheets import UnreadableWorkbook, is_zip, read_sheet
from usce_tui.store.crypto import is_encrypted
from usce_tui.store.storage import StorageError, atomic_write_bytes, list_backups, no_collector
from usce_tui.store.store import Store

MAX_IMPORT_BYTES = 50 * 1024 * 1024


def read_text_file(path: Path) -> str:
    """A text file the user hands in (an import), decoded as UTF-8 (with or without a BOM)
    or, failing that, as Windows-1252, which is what Excel writes on Windows.

    Raises ``StorageError`` with one sentence naming the file when it cannot be read.
    """
    raw = _read_import(path)
    if is_zip(raw):
        raise StorageError(f"{path} is a zipped spreadsheet (.xlsx or .ods), not the JSON or text "
                           "export this import reads.")
    return _decoded(raw, path)


def _decoded(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise StorageError(f"{path} is not a text file in UTF-8 or Windows-1252.") from None


def _read_import(path: Path) -> bytes:
    """The bytes of a file handed in to import (never an encrypted data file), or
    ``StorageError`` with one sentence naming it."""
    try:
        if path.is_dir():
            raise StorageError(f"{path} is a folder, not a file.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise StorageError(f"{path} is larger than 50 MB; is it the right file?")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StorageError(f"there is no file at {path}.") from None
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}.") from None
    if is_encrypted(raw):
        raise StorageError(f"{path} is an encrypted USCE Navigator data file, not an export to import; "
                           "`usce merge` brings in the records of another copy.")
    return raw


def _looks_like_data_file(raw: bytes) -> bool:
    """True when ``raw`` is JSON whose top level holds the app's tables (a data file or a backup)."""
    if not raw.lstrip().startswith(b"{"):
        return False
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return isinstance(doc, dict) and ("meta" in doc or "programs" in doc or "profile" in doc)


def read_table(path: Path, sheet: str | None = None) -> tuple[list[list[str]], str, list[str]] | str:
    """A spreadsheet handed in: the rows of a workbook's first sheet (or ``sheet``) with the
    sheet's name and every sheet's name, or the text of a CSV file. ``StorageError`` names the
    file when it cannot be read."""
    raw = _read_import(path)
    if not is_zip(raw):
        if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
            raise StorageError(f"{path} is named {path.suffix} but is not a workbook; save it again "
                               "from the spreadsheet as .xlsx or CSV.")
        if is_encrypted(raw) or _looks_like_data_file(raw):  # a newcomer's "no column with the name"
            raise StorageError(f"{path} is a USCE Navigator data file, not a spreadsheet: its records "
                               "come in with `usce merge` (in the app: ctrl+p, Merge another copy).")
        if sheet is not None:
            raise StorageError(f"{path} is a CSV file, which has no sheets; --sheet is for a workbook.")
        return _decoded(raw, path)
    try:
        return read_sheet(raw, sheet)
    except UnreadableWorkbook as exc:
        raise StorageError(f"{path} {exc}.") from None


def printable_name(path: Path) -> str:
    """A file's name as text that can be stored and printed (a name that is not valid UTF-8
    has its odd bytes replaced)."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_programs_file(source: Path, existing: list[Program], today: date, order: str,
                       progress: Callable[[int, int], None] | None = None, *, sheet: str | None = None,
                       mapping: dict[int, str | None] | None = None) -> ImportReport:
    """Read a CSV file or a workbook of programs against those already here; nothing is written
    (the app runs this in a thread, so the screen stays alive and shows the progress).
    ``mapping`` sets the field of a column (as the import preview lets the user)."""
    table = read_table(source, sheet)
    name = printable_name(source)
    with no_collector():
        try:
            if isinstance(table, str):
                return read_programs(table, existing, today, order, name, progress, mapping)
            rows, report_sheet, sheets = table
            report = read_program_rows(rows, existing, today, order, name, progress, mapping)
        except UnreadableFile as exc:
            raise StorageError(f"{source} {exc}.") from None
    report.sheet, report.sheets = report_sheet, sheets
    return report


def import_programs(store: Store, source: Path, today: date,
                    progress: Callable[[int, int], None] | None = None, *,
                    dry_run: bool = False, sheet: str | None = None) -> ImportReport:
    """Add the programs of a CSV file or a workbook; the report says what was added, skipped and
    to review. The whole import is one write, in time that grows with the number of rows;
    ``dry_run`` writes nothing (the report says what would be added)."""
    report = read_programs_file(source, store.all(Program), today, store.profile().date_order, progress,
                                sheet=sheet)
    if dry_run:
        return report
    with no_collector():
        store.add_all([program for _, program in report.added])
    return report


def import_journal(store: Store, source: Path, today: date | None = None, *,
                   dry_run: bool = False) -> JournalImport:
    """Add the entries of a jrnl or Day One JSON export that are not in the journal yet
    (``dry_run``: write nothing)."""
    text = read_text_file(source)
    try:
        report = read_journal_export(text, store.all(JournalEntry), today)
    except UnreadableJournal as exc:
        raise StorageError(f"{source} {exc}.") from None
    if not dry_run:
        store.add_all(report.added)
    return report


def refuse_data_files(target: Path, data_file: Path) -> None:
    """Raise ``StorageError`` when ``target`` is the data file, one of its backups or its lock:
    an export written there would destroy the user's data."""
    real = Path(os.path.realpath(target))
    data = Path(os.path.realpath(data_file))
    if real == data or real in {Path(os.path.realpath(b)) for b in list_backups(data)} \
            or real.name == data.name + ".lock":
        raise StorageError(f"{target} is your data file, its lock or one of its backups; an export "
                           "there would destroy it. Choose another file name.")


def write_export(path: Path, payload: bytes, data_file: Path | None = None) -> None:
    """Write an export atomically, or raise ``StorageError`` saying why it cannot be (never over
    ``data_file`` or its backups)."""
    if data_file is not None:
        refuse_data_files(path, data_file)
    try:
        atomic_write_bytes(path, payload)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}.") from None
