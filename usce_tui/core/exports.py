"""Every export, as one function that the command line and the app both call: the bytes of a
JSON backup, a CSV (programs, budget, letters), the journal as Markdown or jrnl text, or the
calendar. Pure: the caller reads the records and writes the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from usce_tui.core.journal.rules import JournalFilter
from usce_tui.core.records import (
    Correspondence,
    Document,
    Expense,
    Experience,
    JournalEntry,
    Letter,
    Profile,
    Program,
    Question,
    Trip,
)

# what: (file name, what it is), in the order the palette lists them
EXPORTS: dict[str, tuple[str, str]] = {
    "programs": ("usce-programs.csv", "every program, with requirements and history (CSV)"),
    "programs-xlsx": ("usce-programs.xlsx", "every program as an Excel workbook (.xlsx)"),
    "budget": ("usce-budget.csv", "every cost line, in your home currency and USD (CSV)"),
    "letters": ("usce-letters.csv", "every letter with the date of each step (CSV)"),
    "documents": ("usce-documents.csv", "every document with its dates and where its file is (CSV)"),
    "journal": ("usce-journal.md", "the journal as Markdown, by month"),
    "jrnl": ("usce-journal.txt", "the journal in jrnl's plain-text format (jrnl --import)"),
    "experiences": ("usce-eras-experiences.md", "the selected ERAS experiences, in ERAS's order (Markdown)"),
    "experiences-csv": ("usce-eras-experiences.csv", "the selected ERAS experiences, in ERAS's order (CSV)"),
    "stories": ("usce-stories.md", "the story bank and interview questions with their stories (Markdown)"),
    "calendar": ("usce-calendar.ics", "deadlines, preparation, trips, rotations, follow-ups (.ics)"),
    "all": ("usce-backup.json", "everything, as one JSON backup"),
}
SPREADSHEETS = frozenset({"programs", "budget", "letters", "documents", "experiences-csv"})
# The tables each export reads (a damaged record elsewhere does not change it).
READS: dict[str, frozenset[str]] = {
    "programs": frozenset({"programs"}), "programs-xlsx": frozenset({"programs"}),
    "budget": frozenset({"expenses", "trips", "programs", "profile"}),
    "letters": frozenset({"letters", "programs"}),
    "documents": frozenset({"documents"}), "journal": frozenset({"journal", "programs"}),
    "jrnl": frozenset({"journal"}), "experiences": frozenset({"experiences"}),
    "experiences-csv": frozenset({"experiences"}),
    "stories": frozenset({"questions", "journal", "programs", "profile", "letters"}),
    "calendar": frozenset({"programs", "trips", "letters", "documents", "correspondence", "profile"}),
}


def wrong_kind(what: str, name: str, label: str = "") -> str:
    """Why a file called ``name`` would mislead as the export ``what`` (a spreadsheet's suffix
    on a file that is not one), in words ending "name the file .md", or "" when it is fine."""
    kind = EXPORTS[what][0].rsplit(".", 1)[1]
    suffix = name.rsplit(".", 1)[1].lower() if "." in name else ""
    writes = {"md": "Markdown", "txt": "plain text", "ics": "a calendar", "json": "JSON",
              "csv": "CSV", "xlsx": "a workbook"}
    # a suffix that says another kind of file (documents -o d.md wrote CSV under it); .txt and
    # names without a suffix are left as typed
    if suffix in writes and suffix not in (kind, "txt"):
        called = {"csv": "a CSV file", "xlsx": "a workbook"}.get(suffix, writes[suffix])
        return f"the {label or what} export is not {called} (it writes {writes[kind]}); name the file .{kind}"
    return ""


@dataclass
class DataSet:
    """Everything an export may read: the records of every table and the raw document."""

    profile: Profile = field(default_factory=Profile)
    programs: list[Program] = field(default_factory=list)
    trips: list[Trip] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    journal: list[JournalEntry] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    correspondence: list[Correspondence] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


def spreadsheet_bytes(text: str) -> bytes:
    """CSV text for a file a spreadsheet opens: UTF-8 with a byte-order mark, which tells
    Excel the file is UTF-8 (a pipe to another program is better off without it)."""
    return ("\ufeff" + text).encode("utf-8")


def export_bytes(what: str, data: DataSet, today: date, *, to_file: bool = True,
                 journal: JournalFilter | None = None) -> bytes:
    """The bytes of one export (a key of ``EXPORTS``); ``journal`` narrows a journal export.

    A CSV written to a file starts with a byte-order mark for spreadsheets; to a pipe it does not.
    The writers are imported here, when an export is made: the app starts without them.
    """
    from usce_tui.core.budget.files import write_budget
    from usce_tui.core.budget.rules import budget_lines, rate_table
    from usce_tui.core.journal.files import write_jrnl, write_markdown
    from usce_tui.core.letters.files import write_letters
    from usce_tui.core.programs.files import write_programs, write_programs_workbook

    if what == "all":
        return orjson.dumps(data.document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    if what in ("journal", "jrnl"):
        entries = (journal or JournalFilter()).apply(data.journal)
        text = write_jrnl(entries) if what == "jrnl" else write_markdown(entries, data.programs)
        return text.encode("utf-8")
    if what == "calendar":
        from usce_tui.core.calendar import calendar_events, write_calendar  # icalendar only when used

        return write_calendar(calendar_events(data.programs, data.trips, data.letters, data.profile, today,
                                              documents=data.documents,
                                              correspondence=data.correspondence))
    if what in ("experiences", "stories"):
        from usce_tui.core.eras.files import write_experiences_markdown, write_stories_markdown
        from usce_tui.core.eras.rules import stories

        if what == "experiences":
            return write_experiences_markdown(data.experiences).encode("utf-8")
        found = stories(data.journal, data.programs, data.letters)
        return write_stories_markdown(found, data.questions, data.profile.date_order).encode("utf-8")
    if what == "programs-xlsx":
        return write_programs_workbook(data.programs)
    if what == "programs":
        text = write_programs(data.programs)
    elif what == "budget":
        profile = data.profile
        lines = budget_lines(data.expenses, data.trips, data.programs, profile.fee_range_end)
        text = write_budget(lines, data.trips, data.programs, profile.home_currency,
                            rate_table(profile.exchange_rates))
    elif what == "letters":
        text = write_letters(data.letters, data.programs)
    elif what == "documents":
        from usce_tui.core.paperwork.files import write_documents

        text = write_documents(data.documents, today)
    elif what == "experiences-csv":
        from usce_tui.core.eras.files import write_experiences_csv

        text = write_experiences_csv(data.experiences)
    else:
        raise ValueError(f"no export called {what!r}")
    return spreadsheet_bytes(text) if to_file else text.encode("utf-8")
