"""Files the user hands in (imports) and writes out (exports), apart from the data file: one
function per format, called by the command line and the app alike. An import adds everything
it read in one atomic write; a failure is a ``StorageError`` with one sentence naming the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from usce_tui.core.journal.files import JournalImport, UnreadableJournal, read_journal_export
from usce_tui.core.programs.files import ImportReport, UnreadableFile, read_programs
from usce_tui.core.records import JournalEntry, Program
from usce_tui.store.storage import StorageError, atomic_write_bytes
from usce_tui.store.store import Store

MAX_IMPORT_BYTES = 50 * 1024 * 1024


def read_text_file(path: Path) -> str:
    """A text file the user hands in (an import), decoded as UTF-8 (with or without a BOM)
    or, failing that, as Windows-1252, which is what Excel writes on Windows.

    Raises ``StorageError`` with one sentence naming the file when it cannot be read.
    """
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
    if raw.startswith(b"PK\x03\x04"):
        raise StorageError(f"{path} is a zipped spreadsheet (.xlsx or .ods); save it as CSV first.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise StorageError(f"{path} is not a text file in UTF-8 or Windows-1252.") from None


def import_programs(store: Store, source: Path, today: date) -> ImportReport:
    """Add the programs of a CSV file; the report says what was added, skipped and to review."""
    text = read_text_file(source)
    try:
        report = read_programs(text, store.all(Program), today, store.profile().date_order, source.name)
    except UnreadableFile as exc:
        raise StorageError(f"{source} {exc}.") from None
    store.add_all([program for _, program in report.added])
    return report


def import_journal(store: Store, source: Path) -> JournalImport:
    """Add the entries of a jrnl or Day One JSON export that are not in the journal yet."""
    text = read_text_file(source)
    try:
        report = read_journal_export(text, store.all(JournalEntry))
    except UnreadableJournal as exc:
        raise StorageError(f"{source} {exc}.") from None
    store.add_all(report.added)
    return report


def write_export(path: Path, payload: bytes) -> None:
    """Write an export atomically, or raise ``StorageError`` saying why it cannot be."""
    try:
        atomic_write_bytes(path, payload)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}.") from None
