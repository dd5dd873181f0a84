"""Command line: `usce` opens the app; subcommands check and export the data file.

Errors are one sentence on stderr; exit 1 for bad data or a bad file, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import gc
import getpass
import importlib
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from usce_tui import __version__
from usce_tui.core.parse import FieldError, counted, format_date, one_or_many, parse_date
from usce_tui.store.checks import check_document, short
from usce_tui.store.crash import crash_sentence
from usce_tui.store.crypto import HEADER_BYTES, MAGIC, Keyring, Tampered, is_encrypted, passphrase_problem
from usce_tui.store.demo import DEMO_FILE, DEMO_PREFIX, remove_stale_demo_folders, write_demo_file
from usce_tui.store.storage import (
    EncryptedFileError,
    FileInUseError,
    StorageError,
    WriterLock,
    WrongPassphraseError,
    list_backups,
    no_collector,
)
from usce_tui.store.store import Store, default_db_path

if TYPE_CHECKING:
    from usce_tui.app import UsceApp
    from usce_tui.core.journal.rules import JournalFilter

# The commands import what only they need (the privacy scan, imports, exports) when they run:
# `usce` alone opens the app, and starts the sooner for it.

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
ENV_PASSPHRASE = "USCE_PASSPHRASE"
ENV_NEW_PASSPHRASE = "USCE_NEW_PASSPHRASE"
TRIES = 3
FORGOTTEN = ("Write it down somewhere safe. A forgotten passphrase cannot be recovered: there is no "
             "reset, and without it nobody, not you and not us, can read the file or its backups.")


def _db_argument(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=None if top else argparse.SUPPRESS,
        help="data file to use (default: $USCE_DB, else your user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `usce` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="usce",
        description="USCE Navigator: programs, budget, letters and journal for your U.S. "
        "clinical experience, in one file on your own machine.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _db_argument(parser, top=True)
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh temporary copy of the sample data"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the data file; exit 1 on any problem")
    check.add_argument("--privacy", action="store_true",
                       help="list possible patient identifiers in the journal and the ERAS "
                       "experiences instead")
    _db_argument(check, top=False)

    imports = sub.add_parser("import", help="add records from a file")
    imports.add_argument("what", choices=["programs", "journal"],
                         help="programs: a CSV file or an Excel workbook (.xlsx); journal: a jrnl or "
                         "Day One JSON export")
    imports.add_argument("file", metavar="FILE", type=Path, help="the file to read")
    imports.add_argument("--sheet", metavar="NAME",
                         help="the sheet of a workbook (.xlsx) to read (default: the first)")
    imports.add_argument("--dry-run", action="store_true",
                         help="read the file and print the report, but write nothing")
    _db_argument(imports, top=False)

    export = sub.add_parser("export", help="write your data out")
    export.add_argument("what", choices=["all", "programs", "budget", "letters", "documents", "journal",
                                         "experiences", "stories", "calendar"],
                        help="all: one JSON backup of everything; programs, budget, letters, documents: CSV "
                        "(programs -o FILE.xlsx: an Excel workbook); "
                        "journal: Markdown or jrnl text; experiences: the selected ERAS experiences in "
                        "ERAS's field order (Markdown or CSV); stories: the story bank and interview "
                        "questions (Markdown); calendar: iCalendar (.ics)")
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help="file to write (default: stdout)")
    export.add_argument("--format", choices=["md", "jrnl", "csv"],
                        help="journal: md (Markdown by month, the default) or jrnl (jrnl's plain-text "
                        "format); experiences: md (the default) or csv")
    journal = export.add_argument_group("journal export")
    journal.add_argument("--tag", help="only entries with this tag")
    journal.add_argument("--starred", action="store_true", help="only starred entries")
    journal.add_argument("--from", dest="since", metavar="DATE", help="only entries on or after DATE")
    journal.add_argument("--to", dest="until", metavar="DATE", help="only entries on or before DATE")
    _db_argument(export, top=False)

    merge = sub.add_parser("merge", help="merge another copy of the data file (a sync tool's conflict "
                           "copy) into this one")
    merge.add_argument("other", metavar="OTHER.json", type=Path, help="the other copy")
    _db_argument(merge, top=False)

    encrypt = sub.add_parser("encrypt", help="encrypt the data file and its backups with a passphrase")
    _db_argument(encrypt, top=False)
    decrypt = sub.add_parser("decrypt", help="turn an encrypted data file (and its backups) back into "
                             "plain JSON")
    _db_argument(decrypt, top=False)
    passphrase = sub.add_parser("passphrase", help="change the passphrase of an encrypted data file")
    _db_argument(passphrase, top=False)

    restore = sub.add_parser("restore", help="list the backups of the data file, or restore one")
    restore.add_argument("backup", metavar="BACKUP", nargs="?",
                         help="the backup's file name (as listed); the current file is backed up first")
    _db_argument(restore, top=False)
    return parser


def _fail(message: str, code: int = EXIT_DATA) -> int:
    print(f"usce: {message}", file=sys.stderr)
    return code


def _say_damaged(store: Store, tables: frozenset[str] | None = None) -> None:
    """One sentence on stderr when damaged records were left out (never their content): of
    ``tables`` only, when given (those an export reads)."""
    damaged = [d for d in store.damaged() if tables is None or d.table in tables]
    if damaged:
        where = ", ".join(sorted({d.table for d in damaged}))
        print(f"usce: skipped {counted(len(damaged), 'damaged record')} in {where}; `usce check` names them "
              "and the app lets you mend or delete them.", file=sys.stderr)


def _terminal() -> bool:
    """True when a person can type a passphrase (stdin is a terminal)."""
    return sys.stdin.isatty()


def _ask(prompt: str) -> str:
    """Read a passphrase without echoing it."""
    return getpass.getpass(prompt)


def _head(path: Path, size: int = len(MAGIC)) -> bytes:
    """The first ``size`` bytes of ``path`` (b"" when it is missing or unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def unlock(path: Path, meanwhile: Callable[[], object] | None = None) -> Keyring | None:
    """The passphrase of ``path`` when it is encrypted (None when it is plain or missing): from
    ``$USCE_PASSPHRASE``, else asked on the terminal, up to three tries. A wrong one raises
    ``WrongPassphraseError``: nothing is opened, nothing changed. ``meanwhile`` is done while
    the first passphrase is checked (see ``_opens``)."""
    return _passphrase_for(path, None, strict=True, meanwhile=meanwhile)


def unlock_for_app(path: Path) -> Keyring | None:
    """``unlock`` for the interactive app: its modules are imported while the key is derived."""
    return unlock(path, meanwhile=_import_app)


def _import_app() -> None:
    """The app's modules, Textual's among them (0.2 s), as ``load_app`` would import them."""
    gc.disable()  # as load_app does: the modules make no garbage worth a pass
    importlib.import_module("usce_tui.app")


def _other_keyring(other: Path, keyring: Keyring | None) -> Keyring | None:
    """The passphrase of another copy (to merge or restore), when it is encrypted with one this
    file does not use; None when it cannot be had (merging or restoring then says so)."""
    return _passphrase_for(other, keyring, strict=False)


def _passphrase_for(path: Path, tried: Keyring | None, *, strict: bool,
                    meanwhile: Callable[[], object] | None = None) -> Keyring | None:
    """The passphrase that opens ``path`` (None when it is plain): ``tried``, then
    ``$USCE_PASSPHRASE``, then typed on the terminal. Only the header is read: it tells whether
    a passphrase opens the file. ``strict`` (the data file itself): a wrong variable or no
    terminal is an error rather than None."""
    head = _head(path, HEADER_BYTES)
    if not is_encrypted(head):
        return None
    given = os.environ.get(ENV_PASSPHRASE) or None  # set but empty counts as not set
    for ring in (tried, Keyring(given) if given is not None else None):
        if ring is not None:
            if _opens(ring, head, meanwhile):
                return ring
            meanwhile = None  # done with the first check
    if strict and given is not None:
        raise WrongPassphraseError(f"the passphrase in ${ENV_PASSPHRASE} does not open {path}; "
                                   "nothing was changed.")
    if not _terminal():
        if not strict:
            return None
        raise EncryptedFileError(f"{path} is encrypted and there is no terminal to type its passphrase "
                                 f"in; set ${ENV_PASSPHRASE} for a script.")
    if not strict:
        print(f"{path} is encrypted with another passphrase than your data file's.", file=sys.stderr)
    return _asked(path, head, meanwhile)


def _asked(path: Path, head: bytes, meanwhile: Callable[[], object] | None = None) -> Keyring:
    """The passphrase typed for ``path`` (up to three tries; an empty line is asked again and
    not counted); ``WrongPassphraseError`` after three wrong ones, ``StorageError`` at the end
    of input (ctrl+d)."""
    attempt = blank = 0
    while attempt < TRIES and blank < 10:
        try:
            typed = _ask(f"Passphrase for {path.name}: ")
        except EOFError:
            print(file=sys.stderr)
            raise StorageError(f"stopped at the passphrase for {path}; nothing was changed.") from None
        if not typed:
            blank += 1
            continue
        attempt += 1
        ring = Keyring(typed)
        if _opens(ring, head, meanwhile):
            return ring
        meanwhile = None  # done with the first check
        if attempt < TRIES:
            print("That passphrase does not open it; try again.", file=sys.stderr)
    raise WrongPassphraseError(f"the passphrase does not open {path} ({TRIES} tries); nothing was changed.")


def _check_free(path: Path) -> None:
    """``FileInUseError`` when another window or command holds the data file."""
    lock = WriterLock(Path(os.path.realpath(path)))
    lock.acquire()
    lock.release()


def _opens(ring: Keyring, head: bytes, meanwhile: Callable[[], object] | None = None) -> bool:
    """True when ``ring`` opens the file that starts with ``head``, or when it is too damaged to
    tell (opening it then says what is wrong, naming the file).

    The check derives the key: scrypt's deliberate 0.35 s, in OpenSSL, without holding Python's
    lock. ``meanwhile`` (the app's imports) runs beside it, so an encrypted file starts about as
    fast as a plain one plus what the two do not overlap."""

    def check() -> bool:
        try:
            return ring.opens(head)
        except Tampered:
            return True

    if meanwhile is None:
        return check()
    outcome: list[bool] = []
    failure: list[BaseException] = []

    def derive() -> None:
        try:
            outcome.append(check())
        except BaseException as exc:  # raised again below, in the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=derive, name="usce-key", daemon=True)
    worker.start()
    try:
        meanwhile()
    finally:
        worker.join()
    if failure:
        raise failure[0]
    return outcome[0]


def new_passphrase(env: str) -> Keyring:
    """A new passphrase: from ``$env`` (scripts), else typed twice on the terminal after the
    warning that it cannot be recovered."""
    given = os.environ.get(env)
    if given is not None:
        problem = passphrase_problem(given)
        if problem:
            raise StorageError(f"${env}: {problem}; nothing was changed.")
        return Keyring.new(given)
    if not _terminal():
        raise StorageError(f"there is no terminal to type a new passphrase in; set ${env} for a script. "
                           "Nothing was changed.")
    print(FORGOTTEN, file=sys.stderr)
    for _attempt in range(TRIES):
        first = _ask("New passphrase: ")
        problem = passphrase_problem(first)
        if problem:
            print(f"{problem[0].upper()}{problem[1:]}.", file=sys.stderr)
            continue
        if _ask("Type it again: ") == first:
            return Keyring.new(first)
        print("The two did not match; once more.", file=sys.stderr)
    raise StorageError("no passphrase was chosen; nothing was changed.")


def _left_over(left: list[Path]) -> None:
    """Say which backups an earlier passphrase still seals (never silently)."""
    if left:
        names = ", ".join(p.name for p in left)
        print(f"usce: {counted(len(left), 'backup')} {one_or_many(len(left), 'is', 'are')} sealed with an "
              "earlier passphrase and were left as they "
              f"were (only that passphrase opens them): {names}", file=sys.stderr)


def cmd_encrypt(path: Path) -> int:
    """Encrypt the data file and its backups under a new passphrase."""
    if is_encrypted(_head(path)):
        return _fail(f"{path} is already encrypted; `usce passphrase` changes its passphrase and "
                     "`usce decrypt` turns it back into plain JSON.")
    with Store.open(path) as store:
        left = store.change_encryption(new_passphrase(ENV_PASSPHRASE))
        count = len(list_backups(store.path)) - len(left)
        from usce_tui.store.copies import conflict_copies

        plain = conflict_copies(store.path)
    print(f"encrypted {path} and its {counted(count, 'backup')}. The app and every command now ask for the "
          f"passphrase (or read ${ENV_PASSPHRASE}). Exports you write stay plain text.")
    if plain:
        print(f"usce: {counted(len(plain), 'copy', 'copies')} a sync tool left beside it "
              f"{one_or_many(len(plain), 'is', 'are')} still plain text: "
              f"{', '.join(p.name for p in plain)}; open the app to merge them (each is then sealed "
              "into the backups folder), or delete them.", file=sys.stderr)
    _left_over(left)
    return EXIT_OK


def cmd_reseal(path: Path, keyring: Keyring | None, command: str) -> int:
    """``decrypt``: turn an encrypted data file and its backups back into plain JSON;
    ``passphrase``: seal them anew under a new passphrase."""
    if keyring is None:
        return _fail(f"{path} is not encrypted; " + ("nothing was changed." if command == "decrypt"
                                                    else "`usce encrypt` encrypts it."))
    with Store.open(path, keyring=keyring) as store:
        new = None if command == "decrypt" else new_passphrase(ENV_NEW_PASSPHRASE)
        if new is not None and new.same_passphrase(keyring):
            return _fail("the new passphrase is the one the file already has; nothing was changed.")
        left = store.change_encryption(new)
    print(f"decrypted {path} and its backups: they are plain JSON again, readable by anyone who can "
          "read your files." if command == "decrypt" else
          f"changed the passphrase of {path} and its backups; the old one no longer opens them.")
    _left_over(left)
    return EXIT_OK


def _progress(done: int, total: int) -> None:
    """A progress line for long imports, on a terminal only."""
    if sys.stderr.isatty():
        print(f"\rread {done:,} of {total:,} rows", end="", file=sys.stderr, flush=True)


def cmd_check(path: Path, keyring: Keyring | None = None, today: date | None = None) -> int:
    """Print counts per table and every problem (exit 1 if there is any), then the paperwork
    to act on (documents to renew before a rotation, visa steps and the passport against a trip),
    which is not a problem of the file and does not change the exit code."""
    from usce_tui.core.eras.rules import to_finish
    from usce_tui.core.paperwork.rules import document_warnings, trip_warnings

    with Store.open(path, read_only=True, keyring=keyring) as store:
        counts = store.counts()
        problems = check_document(store.document())
        data = store.dataset() if not problems else None
    print(f"{path}")
    for table, count in counts.items():
        print(f"  {table:<14} {count:>6}")
    if data is not None:
        day, order = today or date.today(), data.profile.date_order
        tasks = document_warnings(data.programs, data.documents, day, order)
        tasks += [t for trip in data.trips for t in trip_warnings(trip, data.documents, day, order)]
        if tasks:
            print(f"paperwork to act on ({len(tasks)}; not a problem of the file):")
            for task in sorted(tasks, key=lambda t: t.due):
                print(f"  - by {format_date(task.due, order)}: {task.text}")
        unfinished = to_finish(data.experiences)
        if unfinished:
            print(f"ERAS experiences to finish ({len(unfinished)}; not a problem of the file):")
            for experience, missing in unfinished:
                print(f"  - experiences {short(experience.id)}: {missing}")
    if problems:
        print(f"{counted(len(problems), 'problem')}:")
        for problem in problems:
            print(f"  - {problem}")
        return EXIT_DATA
    print("no problems found")
    return EXIT_OK


def cmd_privacy(path: Path, keyring: Keyring | None = None) -> int:
    """One line per possible identifier: date, kind, matched text (tab-separated); exit 1 if any.
    The journal first, then the ERAS experiences' descriptions and reflections (what is pasted
    into ERAS), each named by ``experience`` and the first 8 characters of its key."""
    from usce_tui.core.journal.privacy import entry_text, scan
    from usce_tui.core.journal.rules import sort_key
    from usce_tui.core.records import Experience, JournalEntry

    with Store.open(path, read_only=True, keyring=keyring) as store:
        entries = sorted(store.all(JournalEntry), key=sort_key)
        experiences = store.all(Experience)
        _say_damaged(store)
    found = 0
    texts = [(entry.date.isoformat() if entry.date else "undated", entry_text(entry)) for entry in entries]
    texts += [(f"experience {short(e.id)}", f"{e.description}\n{e.reflection}") for e in experiences]
    for where, text in texts:
        for finding in scan(text):
            found += 1
            print(f"{where}\t{finding.kind}\t{finding.text}")
    return EXIT_DATA if found else EXIT_OK


def cmd_import(path: Path, what: str, source: Path, today: date, keyring: Keyring | None = None,
               *, dry_run: bool = False, sheet: str | None = None) -> int:
    """Add the records of a file (programs from CSV or a workbook; journal from jrnl or Day One
    JSON) and print the report; ``dry_run`` writes nothing."""
    from usce_tui.store.transfer import import_journal, import_programs

    if sheet is not None and what != "programs":
        return _fail("--sheet is for importing programs from a workbook.", EXIT_USAGE)
    if dry_run and what == "programs" and not path.exists():  # a first look, before any data file
        from usce_tui.store.transfer import read_programs_file

        report = read_programs_file(source, [], today, "DMY", sheet=sheet)
        print("\n".join([*report.lines(), "(dry run: there is no data file yet; nothing was written)"]))
        return EXIT_OK
    made = not path.exists()  # a first import makes the data file: said, as a mistyped --db does too
    try:
        with Store.open(path, keyring=keyring, read_only=dry_run) as store:
            _say_damaged(store)
            if what == "journal":
                lines = import_journal(store, source, today, dry_run=dry_run).lines()
            else:
                lines = import_programs(store, source, today, _progress, dry_run=dry_run, sheet=sheet).lines()
                if sys.stderr.isatty():
                    print("\r", end="", file=sys.stderr)
    except StorageError:
        if made:  # refused: the empty data file made for it goes again (a newcomer found one left)
            for left in (path, path.with_name(path.name + ".lock")):
                left.unlink(missing_ok=True)
        raise
    if dry_run:
        lines.append("(dry run: nothing was written; the counts say what an import would do)")
    print("\n".join(lines))
    if made and not dry_run:
        print(f"usce: there was no data file at {path}: this import made it (check the path if you "
              "meant another file).", file=sys.stderr)
    return EXIT_OK


def _journal_filter(store: Store, args: argparse.Namespace) -> JournalFilter:
    from usce_tui.core.journal.rules import JournalFilter

    order = store.profile().date_order
    return JournalFilter(tag=args.tag or "", starred=args.starred,
                         since=parse_date(args.since or "", order, "--from"),
                         until=parse_date(args.until or "", order, "--to"))


def cmd_export(path: Path, what: str, output: Path | None, args: argparse.Namespace,
               keyring: Keyring | None = None) -> int:
    """Write one export (JSON backup, CSV, Markdown or jrnl text, iCalendar) to ``output`` or
    stdout."""
    from usce_tui.core.exports import EXPORTS, READS, SPREADSHEETS, export_bytes, wrong_kind
    from usce_tui.store.transfer import write_export

    with Store.open(path, read_only=True, keyring=keyring) as store:
        if what != "all":  # the JSON backup holds every record as stored, damaged ones too
            _say_damaged(store, READS.get(what))
        narrowing = [flag for flag, given in (("--tag", args.tag), ("--starred", args.starred),
                                              ("--from", args.since), ("--to", args.until)) if given]
        if narrowing and what != "journal":
            return _fail(f"{', '.join(narrowing)}: only the journal export is narrowed by these.", EXIT_USAGE)
        formats = {"journal": ("md", "jrnl"), "experiences": ("md", "csv")}
        if args.format is not None and args.format not in formats.get(what, ()):
            allowed = " or ".join(formats.get(what, ()))
            return _fail(f"--format {args.format}: the {what} export is "
                         + (f"written as {allowed}." if allowed else "written in one format only."),
                         EXIT_USAGE)
        what = "jrnl" if what == "journal" and args.format == "jrnl" else what
        if what == "experiences" and (args.format == "csv" or output is not None
                                      and output.suffix.lower() == ".csv" and args.format is None):
            what = "experiences-csv"
        if output is not None and output.suffix.lower() == ".csv" and what not in SPREADSHEETS:
            return _fail(f"{output}: {wrong_kind(what, output.name, args.what)}"
                         + (" or give --format csv." if what == "experiences" else "."), EXIT_USAGE)
        if output is not None and output.suffix.lower() == ".xlsx":
            if what != "programs":
                return _fail(f"{output}: only programs are exported as a workbook (.xlsx); the "
                             f"{what} export is {EXPORTS[what][0].rsplit('.', 1)[1].upper()}.", EXIT_USAGE)
            what = "programs-xlsx"
        if output is not None and (why := wrong_kind(what, output.name, args.what)):
            return _fail(f"{output}: {why}.", EXIT_USAGE)  # CSV under .md or .ics, say
        payload = export_bytes(what, store.dataset(), date.today(), to_file=output is not None,
                               journal=_journal_filter(store, args))
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return EXIT_OK
    write_export(output, payload, Path(os.path.realpath(path)))  # never over the data or a backup
    print(f"wrote {output}", file=sys.stderr)
    return EXIT_OK


def cmd_merge(path: Path, other: Path, keyring: Keyring | None = None) -> int:
    """Merge another copy of the data file into it and print what came in."""
    with Store.open(path, keyring=keyring) as store:
        report = store.merge_file(other, _other_keyring(other, keyring))
    print("\n".join(report.lines(other.name)))
    return EXIT_OK


def cmd_restore(path: Path, name: str | None, keyring: Keyring | None = None) -> int:
    """List the backups (newest first), or restore one after backing up the current file."""
    from usce_tui.store.copies import (
        backup_info,
        backups,
        counts_text,
        find_backup,
        restore,
        restore_over_unreadable,
    )

    if name is None:
        found = backups(Path(os.path.realpath(path)), keyring)
        if not found:
            print(f"{path} has no backups yet (one is made each day the file is changed).")
            return EXIT_OK
        print(f"Backups of {path}, newest first (restore one with `usce restore NAME`):")
        for info in found:
            print(f"  {info.line()}")
        return EXIT_OK
    real = Path(os.path.realpath(path))
    backup = find_backup(real, name)
    backup_ring = _other_keyring(backup, keyring)  # a backup of an earlier passphrase asks for it
    keyring = keyring or backup_ring  # the file is plain or unreadable, the backup encrypted
    try:
        store = Store.open(real, keyring=keyring)
    except FileInUseError:
        raise
    except StorageError:  # the file cannot be opened: exactly when a restore is wanted
        unreadable = restore_over_unreadable(real, backup, date.today(), backup_ring or keyring)
        print(f"restored {backup.name}" + (f"; the unreadable file is kept as {unreadable.name}"
                                           if unreadable else ""))
        return EXIT_OK
    with store:
        chosen = backup_info(backup, backup_ring or keyring)  # (this one only: not every backup read)
        held = chosen.counts if chosen is not None else None
        if held is not None and not any(held.values()) and any(store.counts().values()):
            # the day's first backup of a new file is empty: restoring it by mistake empties the file
            if not sys.stdin.isatty():
                return _fail(f"{backup.name} holds no records: restoring it would empty the file. "
                             "Nothing was restored (run it in a terminal to be asked).")
            answer = input(f"{backup.name} holds no records: restoring it empties your file (it "
                           "is kept as a copy first). Restore it? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing was restored.")
                return EXIT_OK
        kept = restore(store, backup, backup_ring)
        counts = counts_text(store.counts()) or "no records: the file is now empty"
    print(f"restored {backup.name} ({counts}); the file as it was is kept as {kept.name}")
    return EXIT_OK


def open_for_app(path: Path, keyring: Keyring | None = None) -> Store:
    """Open the store as the app does: writer lock held, document loaded once.

    The loaded document lives as long as the app, so it is moved out of the garbage
    collector's generations (``gc.freeze``): on a large file a full collection would
    otherwise walk every record and stall a keystroke or a save for tens of milliseconds.
    """
    with no_collector():  # set aside before the collector can walk it once (5 ms)
        store = Store.open(path, keyring=keyring)
        gc.freeze()
    return store


def load_app(path: Path, *, demo: bool = False, keyring: Keyring | None = None) -> UsceApp:
    """The app on ``path``, its store open (``app.store``, writer lock held), not running yet.

    Textual and the app's modules are imported here, only when the app is really opened. The
    garbage collector is paused from here until the app's first frame (the app turns it on
    again then): the modules, the file's records and the first screen make no garbage worth
    a pass, and its passes over them as they grew were 25 ms of the start.
    """
    gc.disable()
    from usce_tui.app import UsceApp

    return UsceApp(open_for_app(path, keyring), demo=demo)


def run_app(path: Path, *, demo: bool = False, keyring: Keyring | None = None) -> int:
    """Open the interactive app on ``path`` (holding the writer lock while it runs)."""
    app = load_app(path, demo=demo, keyring=keyring)
    with app.store:
        if not _terminal():  # Textual would spin on a closed input, for ever
            return _fail("the app needs a terminal to run in (its input is not one); in scripts use "
                         "the subcommands, such as `usce check` or `usce export`.")
        app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `usce` command."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 prints, escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    path: Path = args.db or default_db_path()
    try:
        if args.command == "encrypt":
            return cmd_encrypt(path)
        writes = args.command in ("merge", "decrypt", "passphrase") \
            or args.command == "import" and not args.dry_run \
            or args.command == "restore" and args.backup or not args.command and not args.demo
        if writes and is_encrypted(_head(path)):
            _check_free(path)  # say the file is open elsewhere before asking for its passphrase
        keyring = None if args.demo and not args.command else (
            unlock(path) if args.command else unlock_for_app(path))
        if args.command in ("decrypt", "passphrase"):
            return cmd_reseal(path, keyring, args.command)
        if args.command == "merge":
            return cmd_merge(path, args.other, keyring)
        if args.command == "restore":
            return cmd_restore(path, args.backup, keyring)
        if args.command == "check":
            return cmd_privacy(path, keyring) if args.privacy else cmd_check(path, keyring)
        if args.command == "import":
            return cmd_import(path, args.what, args.file, date.today(), keyring, dry_run=args.dry_run,
                              sheet=args.sheet)
        if args.command == "export":
            return cmd_export(path, args.what, args.output, args, keyring)
        if args.demo:
            remove_stale_demo_folders(Path(tempfile.gettempdir()))  # left by a killed demo
            with tempfile.TemporaryDirectory(prefix=DEMO_PREFIX) as folder:
                demo_path = Path(folder) / DEMO_FILE
                write_demo_file(demo_path, date.today())
                return run_app(demo_path, demo=True)
        return run_app(path, keyring=keyring)
    except FieldError as exc:
        return _fail(f"{exc.field}: {exc.reason}.", EXIT_USAGE)
    except StorageError as exc:
        return _fail(str(exc))
    except EOFError:  # ctrl+d at a passphrase prompt
        print(file=sys.stderr)
        return _fail("no passphrase was typed; nothing was changed.")
    except KeyboardInterrupt:
        print("\nusce: stopped; nothing was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `usce restore | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one sentence, never with the data in it
        return _fail(crash_sentence(exc, path, sealed=is_encrypted(_head(path))))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
