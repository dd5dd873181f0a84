"""Programs to and from CSV spreadsheets: messy headers and free-text values in, a clean file out.

``read_programs`` turns the text of a CSV file into new programs and a report; it never raises
on a bad row (the row is skipped or marked "needs review" with the reason) and never guesses:
the original text of costs and deadlines is always kept. ``write_programs`` writes a CSV that
``read_programs`` reads back to the same programs.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from usce_tui.core.cells import SafeWriter, read_cell, safe_cell
from usce_tui.core.paperwork.rules import document_ages_text, read_document_ages
from usce_tui.core.parse import (
    FieldError,
    parse_amount,
    parse_choice,
    parse_currency,
    parse_date,
    parse_email,
    parse_url,
)
from usce_tui.core.programs.eligibility_text import read_eligibility, read_visas
from usce_tui.core.programs.form import shown_range
from usce_tui.core.programs.rules import (
    MATERIAL_LABELS,
    REQUIREMENT_LABELS,
    currencies_in,
    joined_text,
    materials_checklist,
    parse_cost_text,
    parse_deadline_text,
)
from usce_tui.core.records import HANDS_ON, PROGRAM_STATUSES, VISA_TYPES, Program
from usce_tui.core.values import CURRENCIES, Money, StatusChange

# Header synonyms, compared after lower-casing and turning punctuation into spaces.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "program", "program name", "programme", "opportunity", "position", "title",
             "rotation"),
    "institution": ("institution", "hospital", "organization", "organisation", "university",
                    "school", "sponsor", "site", "medical center", "host institution", "facility"),
    "type": ("type", "program type", "kind", "category", "type of rotation", "rotation type",
             "type of program", "type of experience", "experience type", "usce type"),
    "specialty": ("specialty", "speciality", "department", "discipline", "field"),
    "location": ("location", "city state", "place", "where", "address"),
    "city": ("city", "town"),
    "state": ("state", "st", "province"),
    "website": ("website", "url", "link", "web", "web site", "site url", "homepage"),
    "contact_name": ("contact", "contact name", "coordinator", "contact person"),
    "contact_email": ("email", "e mail", "contact email", "mail", "coordinator email", "program email",
                      "contact e mail", "coordinator e mail"),
    "contact_phone": ("phone", "contact phone", "telephone", "tel"),
    "hands_on": ("hands on", "hands on level", "level"),
    "duration": ("duration", "duration weeks", "length", "weeks", "how long", "length of rotation",
                 "rotation length", "length weeks"),
    "duration_text": ("duration as written",),
    "fee_text": ("cost", "fee", "fees", "price", "tuition", "program fee", "fee as written",
                 "cost usd"),
    "fee_amount": ("fee amount",),
    "fee_high": ("fee up to", "fee high"),
    "fee_currency": ("fee currency", "currency"),
    "fee_period": ("fee period",),
    "deadline_kind": ("deadline kind",),
    "deadline": ("deadline", "application deadline", "apply by", "due", "due date", "when to apply",
                 "application window", "applications", "apply"),
    "deadline_text": ("deadline as written",),
    "start_dates": ("start dates", "start date", "start", "dates", "available dates"),
    "requirements": ("requirements", "prerequisites", "requirement", "application requirements"),
    "eligibility": ("eligibility", "eligibility requirements", "eligibility criteria", "who can apply"),
    "eligibility_text": ("eligibility as written",),
    "ecfmg_required": ("ecfmg required", "ecfmg", "requires ecfmg", "need ecfmg", "ecfmg needed",
                       "ecfmg certification required"),
    "visas": ("visas accepted", "visa types", "visa type", "visa"),
    "visa_support": ("visa support", "visa sponsorship", "sponsors visa", "j 1 sponsorship", "visa help",
                     "visa sponsored"),
    "document_ages": ("documents recent within", "documents recent"),
    "source_checked": ("source checked", "last checked", "checked", "verified", "last verified",
                       "date checked", "checked on", "verified on", "last updated", "updated"),
    "graduated_within_years": ("graduated within years", "graduated within", "yog limit"),
    "academic_affiliation": ("academic affiliation", "academic", "affiliated"),
    "supervisor": ("supervisor", "supervising physician", "preceptor", "mentor"),
    "letter_possible": ("letter possible", "lor", "letter", "letter of recommendation"),
    "status": ("status", "stage"),
    "history": ("history", "status history"),
    "materials_done": ("materials done",),
    "materials_missing": ("materials missing",),
    "needs_review": ("needs review",),
    "notes": ("notes", "note", "comments", "comment", "remarks", "my notes"),
}
_LOOKUP = {synonym: key for key, synonyms in HEADERS.items() for synonym in synonyms}

# The columns ``write_programs`` writes, each one a header that ``read_programs`` knows.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"), ("institution", "Institution"), ("type", "Type"),
    ("specialty", "Specialty"), ("city", "City"), ("state", "State"), ("website", "Website"),
    ("contact_name", "Contact name"), ("contact_email", "Email"), ("contact_phone", "Phone"),
    ("hands_on", "Hands-on"), ("duration", "Duration (weeks)"), ("duration_text", "Duration as written"),
    ("fee_amount", "Fee amount"), ("fee_high", "Fee up to"),
    ("fee_currency", "Fee currency"), ("fee_period", "Fee period"), ("fee_text", "Fee as written"),
    ("deadline_kind", "Deadline kind"), ("deadline", "Deadline"),
    ("deadline_text", "Deadline as written"), ("start_dates", "Start dates"),
    ("requirements", "Requirements"), ("eligibility_text", "Eligibility as written"),
    ("visas", "Visas accepted"), ("visa_support", "Visa support"),
    ("graduated_within_years", "Graduated within (years)"),
    ("academic_affiliation", "Academic affiliation"), ("supervisor", "Supervisor"),
    ("letter_possible", "Letter possible"), ("source_checked", "Source checked"),
    ("document_ages", "Documents recent within"),
    ("status", "Status"), ("history", "History"),
    ("materials_done", "Materials done"), ("materials_missing", "Materials missing"),
    ("needs_review", "Needs review"), ("notes", "Notes"),
)


# The fields a column of one's own can feed, as the import preview offers them (the app's own
# export columns, such as "Deadline as written" or "History", are read by their headers only).
FIELD_TITLES: dict[str, str] = {
    **{key: title for key, title in EXPORT_COLUMNS
       if key not in ("history", "materials_done", "materials_missing", "eligibility_text", "duration_text",
                      "deadline_text", "deadline_kind", "needs_review")},
    "fee_text": "Cost or fee, as written ($500 per month)",
    "fee_amount": "Fee amount (a plain number)",
    "location": "Location (city and state in one cell)",
    "eligibility": "Eligibility (sentences or a list)",
    "requirements": "Requirements (a list of phrases)",
    "ecfmg_required": "ECFMG required (yes/no)",
}


def normalize_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _header_key(header: str) -> str | None:
    """The field a header names: as written, with its currency aside ("Cost (EUR)"), or by the
    parts of a header such as "Hospital / Institution" when they name one field."""
    words = normalize_header(header)
    key = _LOOKUP.get(words) or _LOOKUP.get(
        " ".join(w for w in words.split() if w.upper() not in CURRENCIES and w != "in"))
    if key is None:
        parts = {_LOOKUP.get(normalize_header(part)) for part in re.split(r"/|\bor\b|&|\+", header)}
        parts.discard(None)
        key = parts.pop() if len(parts) == 1 else None
    return key


def match_headers(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Which field each column feeds (the first column wins) and the columns left unused."""
    used: dict[str, int] = {}
    unused: list[str] = []
    for index, header in enumerate(headers):
        key = _header_key(header)
        if key is None or key in used:
            unused.append(header.strip() or f"column {index + 1}")
        else:
            used[key] = index
    return used, unused


# --- reading values people write ------------------------------------------------------------
_TYPE_WORDS = (
    ("observ", "observership"), ("extern", "externship"), ("clerk", "clerkship/elective"),
    ("elective", "clerkship/elective"), ("visiting student", "clerkship/elective"),
    ("sub intern", "clerkship/elective"), ("subintern", "clerkship/elective"),
    ("clinical rotation", "clerkship/elective"),
    ("research", "research"), ("shadow", "observership"), ("other", "other"),
)
_LABEL_TO_REQUIREMENT = {label.lower(): key for key, label in REQUIREMENT_LABELS.items()}
_LABEL_TO_MATERIAL = {label.lower(): key for key, label in MATERIAL_LABELS.items()}
_YES = {"yes", "y", "true", "1", "x", "✔"}
_NO = {"no", "n", "false", "0", "none"}
_HISTORY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (.+?)(?: — (.*))?$")
_DATEISH = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|[a-z]{3,}\.? \d{1,2},? \d{4}"
                      r"|\d{1,2} [a-z]{3,}\.? \d{4}", re.I)


def read_type(text: str) -> tuple[str, str | None]:
    """A program type from "OBSERVERSHIP", "Visiting students", ...; (type, review reason)."""
    lower = normalize_header(text)
    if not lower:
        return "other", None
    for word, kind in _TYPE_WORDS:
        if word in lower:
            return kind, None
    return "other", f"type {text.strip()!r} not recognised; set to other"


def read_duration(text: str) -> tuple[int | None, int | None, str | None]:
    """Weeks from "4 weeks", "1 month", "2-4 weeks", "up to 12 weeks" or "4": (weeks, the high
    end of a range, review reason). Prose ("Variable (clerkships)", "Flexible") is no number and
    nothing to review: the text is kept as written."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None, None, None
    match = re.search(r"(?:(up to|max(?:imum)?|at most)\s+)?(\d+)\s*(?:(?:-|–|to)\s*(\d+))?\s*"
                      r"(weeks?|wks?|months?|mos?)?\b", cleaned)
    if not match or (not match[4] and not match[1] and not re.fullmatch(r"[\d\s\-–to]+", cleaned)):
        return None, None, None  # prose, or a number that is not said to be weeks or months
    per = 4 if (match[4] or "w").startswith("m") else 1
    low: int | None = int(match[2]) * per
    high = int(match[3]) * per if match[3] else None
    if match[1]:
        low, high = None, low
    if any(n is not None and not 1 <= n <= 104 for n in (low, high)) or (low and high and high < low):
        return None, None, f"duration {text.strip()!r}: check the weeks"
    return low, (high if high != low else None), None


_UNSAID = {"unknown", "not stated", "n/a", "na", "-", "?", "varies", "tbd", "not known", "unclear"}


def read_bool(text: str) -> tuple[bool | None, str | None]:
    """Yes or no as spreadsheets write it ("Yes", "Y", "yes (J-1)", "No"); "Unknown" or "Not
    stated" is no answer; anything else is no answer and a review reason."""
    lower = text.strip().lower()
    first = re.split(r"[\s(,;:/-]+", lower, maxsplit=1)[0] if lower else ""
    if lower in _YES or first in ("yes", "y"):
        return True, None
    if lower in _NO or first == "no":
        return False, None
    return None, (None if not lower or lower in _UNSAID else f"{text.strip()!r} is not yes or no")


def read_checked(text: str, order: str) -> tuple[date | None, str | None]:
    """The day a "Source checked" timestamp names ("2026-10-14 09:31:00", "2026-10-14T09:31Z",
    "10/14/2026"): (day, why there is none)."""
    cleaned = text.strip()
    if not cleaned:
        return None, None
    iso = re.match(r"(\d{4}-\d{2}-\d{2})(?:[ T][\d:.]+Z?)?$", cleaned)
    try:
        if iso:
            return date.fromisoformat(iso[1]), None
        return parse_date(cleaned, order, "Source checked"), None
    except (ValueError, FieldError):
        return None, f"source checked {cleaned!r} is not a date"


# --- reading a whole file -------------------------------------------------------------------
NOTES = "(notes)"  # a column no field reads: kept in each program's notes, with its header


@dataclass
class ImportReport:
    """What an import did: added, skipped (row and reason), added as a possible duplicate of
    another program (row, program, why), and added but to review; and how each column was read."""

    added: list[tuple[int, Program]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, Program, str]] = field(default_factory=list)
    # (header, the field it feeds; NOTES: kept in the notes as "Header: value"; None: left out)
    columns: list[tuple[str, str | None]] = field(default_factory=list)
    blank_rows: int = 0
    sheet: str = ""  # the sheet read, for a workbook
    sheets: list[str] = field(default_factory=list)  # every sheet of the workbook

    @property
    def review(self) -> list[tuple[int, Program]]:
        return [(row, p) for row, p in self.added if p.needs_review]

    @property
    def unused_columns(self) -> list[str]:
        """The columns no field reads (kept in the notes, or left out)."""
        return [header for header, key in self.columns if key in (None, NOTES)]

    def lines(self) -> list[str]:
        """The report as the command line prints it (and the app shows it)."""
        out = [f"added {len(self.added)}, skipped {len(self.skipped)}, "
               f"possible duplicates {len(self.duplicates)}, needs review {len(self.review)}"]
        if len(self.sheets) > 1:
            sheets = ", ".join(map(repr, self.sheets))
            out.append(f"read the sheet {self.sheet!r} (the workbook has {sheets})")
        out += [f"skipped row {row}: {reason}" for row, reason in self.skipped]
        out += [f"possible duplicate row {row} ({p.name}): {why}" for row, p, why in self.duplicates]
        out += [f"needs review row {row} ({p.name}): {p.review_notes}" for row, p in self.review]
        kept = [header for header, key in self.columns if key == NOTES]
        if kept:
            out.append("columns kept in the notes (as 'Header: value'): " + ", ".join(kept))
        left = [header for header, key in self.columns if key is None]
        if left:
            out.append("columns left out: " + ", ".join(left))
        if self.blank_rows:
            out.append(f"blank rows ignored: {self.blank_rows}")
        return out


class UnreadableFile(ValueError):
    """The CSV cannot be read at all (no header, no name column, not text)."""


def identity(program: Program) -> tuple[str, str, str]:
    """What makes two programs look like the same one: name, institution and city, ignoring
    case and punctuation (``differences`` tells whether they are)."""
    return (normalize_header(program.name), normalize_header(program.institution),
            normalize_header(program.city))


def same_place(one: tuple[str, str, str], other: tuple[str, str, str]) -> bool:
    """Two identities that may be one program: the same name, and the same institution and city
    where both say one (a file that leaves the institution out says nothing against it)."""
    return one[0] == other[0] and all(a == b or not a or not b
                                      for a, b in zip(one[1:], other[1:], strict=True))


# What two programs of one name, institution and city must share to be one program, with the
# word the report uses when they differ.
_SUBSTANCE: tuple[tuple[str, Callable[[Program], object]], ...] = (
    ("type", lambda p: p.type),
    ("website", lambda p: normalize_header(p.website.removeprefix("https://").removeprefix("http://"))),
    # what was read from the words when they could be read ("$1,500 per week" and "1,500 USD a
    # week" are the same cost: a row that only words it otherwise is the same program); the words
    # themselves when they could not ("varies", "ask the coordinator")
    ("cost", lambda p: (p.fee, p.fee_high, p.fee_period) if p.fee is not None
     else normalize_header(p.fee_text)),
    ("deadline", lambda p: (p.deadline_kind, p.deadline) if p.deadline is not None
     else (p.deadline_kind, normalize_header(p.deadline_text))),
    ("duration", lambda p: (p.duration_weeks, p.duration_max_weeks) if p.duration_weeks is not None
     else normalize_header(p.duration_text)),
)


_BLANK = Program()


def differences(row: Program, other: Program) -> list[str]:
    """Which of type, website, cost, deadline and duration a row read from a file says
    differently from another program (a row that leaves one blank says nothing new about it)."""
    return [word for word, value in _SUBSTANCE
            if value(row) != value(other) and value(row) != value(_BLANK)]


# The rest of a program: what a skipped row may say differently, named in the report.
_DETAILS = ("institution", "city", "state", "specialty", "contact_name", "contact_email", "contact_phone",
            "eligibility_text", "requirements", "visas", "visa_support", "letter_possible",
            "academic_affiliation", "supervisor", "start_dates", "source_checked", "notes")


def other_details(row: Program, other: Program) -> list[str]:
    """The fields beyond type, website, cost, deadline and duration that a row says differently
    (and not blank) from the program it repeats."""
    return [name.replace("_", " ").replace("contact ", "") for name in _DETAILS
            if getattr(row, name) != getattr(other, name) and getattr(row, name) != getattr(_BLANK, name)]


# csv refuses a cell over 131,072 characters by default; a long note or pasted page can be more.
# Raised once, here, to a fixed bound (never lowered if something else raised it further).
CELL_LIMIT = 1 << 20
csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT))

# What the csv module's errors mean, in words for the person importing (its own text is for
# programmers: "do you need to open the file in universal-newline mode?").
_CSV_ERRORS = (
    ("new-line character seen in unquoted field", "a line break inside a cell without quotes"),
    ("line contains nul", "a NUL character"),
    ("expected after", "text after the closing quote of a cell"),
    ("unexpected end of data", "a cell whose quotes are never closed"),
)


def _rows(text: str) -> list[list[str]]:
    """The CSV's rows, or ``UnreadableFile`` in one sentence naming the row (the header is 1)."""
    rows: list[list[str]] = []
    try:
        rows.extend(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as exc:
        row, message = len(rows) + 1, str(exc).lower()
        if message.startswith("field larger than field limit"):
            limit = csv.field_size_limit()
            size = f"{limit >> 20} MB" if limit >= 1 << 20 else f"{limit >> 10} KB"
            raise UnreadableFile(f"has a cell longer than {size} in row {row}; "
                                 "check that it is the right file") from None
        what = next((words for key, words in _CSV_ERRORS if key in message), "a broken cell")
        raise UnreadableFile(f"cannot be read as CSV ({what} in row {row}); save it again "
                             "from the spreadsheet as CSV") from None
    return rows


def _delimiter(text: str) -> str:
    """The separator the header row uses most: comma, semicolon (European Excel) or tab."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count)


PROGRESS_EVERY = 5000


def read_programs(text: str, existing: Iterable[Program], today: date,
                  order: str = "DMY", source: str = "the file",
                  progress: Callable[[int, int], None] | None = None,
                  mapping: dict[int, str | None] | None = None) -> ImportReport:
    """Read CSV text into new programs; raise ``UnreadableFile`` only when nothing can be read."""
    if "\x00" in text:
        raise UnreadableFile("is not a CSV text file (save the spreadsheet as CSV first)")
    return read_program_rows(_rows(text), existing, today, order, source, progress, mapping)


def read_program_rows(rows: list[list[str]], existing: Iterable[Program], today: date,
                      order: str = "DMY", source: str = "the file",
                      progress: Callable[[int, int], None] | None = None,
                      mapping: dict[int, str | None] | None = None) -> ImportReport:
    """Read a table's rows (the first is the header) into new programs, each with its id.

    ``mapping`` overrides the field a column feeds (column index to field key, None: not used),
    as the user sets it in the import preview. A row identical in substance to a program already
    here (or to an earlier row) is skipped; one that shares its name, institution and city but
    differs in type, website, cost, deadline or duration is added as a possible duplicate of it.
    ``progress(done, total)`` is called every 5,000 rows (for a long import)."""
    if not rows:
        raise UnreadableFile("is empty")
    columns, unused = match_headers(rows[0])
    for index, key in (mapping or {}).items():
        columns = {k: i for k, i in columns.items() if i != index and k != key}
        if key not in (None, NOTES) and index < len(rows[0]):
            columns[str(key)] = index
    if "name" not in columns:
        raise UnreadableFile("has no column with the program name in its first row "
                             "(a header such as Program, Program name or Name)")
    feeds: dict[int, str | None] = {i: k for k, i in columns.items()}
    for index, header in enumerate(rows[0]):  # the rest is kept in the notes, unless left out
        if index not in feeds:
            left_out = mapping is not None and index in mapping and mapping[index] is None
            feeds[index] = None if left_out or not header.strip() else NOTES
    report = ImportReport(columns=[(h.strip() or f"column {i + 1}", feeds[i])
                                   for i, h in enumerate(rows[0])])
    kept = [(i, h.strip()) for i, h in enumerate(rows[0]) if feeds[i] == NOTES]
    currency = next(iter(currencies_in(rows[0][columns["fee_text"]])), "") if "fee_text" in columns else ""
    seen: dict[str, list[tuple[tuple[str, str, str], Program, str]]] = {}  # by name
    for program in existing:
        known = identity(program)
        seen.setdefault(known[0], []).append((known, program, "in your programs"))
    total = len(rows) - 1
    for number, cells in enumerate(rows[1:], start=2):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number - 1, total)
        if not any(c.strip() for c in cells):
            report.blank_rows += 1
            continue
        values = {key: read_cell(cells[i].strip()) if i < len(cells) else "" for key, i in columns.items()}
        if not values["name"]:
            report.skipped.append((number, "no program name"))
            continue
        program = _program(values, today, order, source, currency)
        program.id = str(uuid.uuid4())
        for index, header in kept:
            if index < len(cells) and (cell := read_cell(cells[index].strip())):
                program.notes = joined_text(program.notes, f"{header}: {cell}", "\n")
        this = identity(program)
        named = seen.setdefault(this[0], [])
        same = [(other, where) for known, other, where in named if same_place(this, known)]
        twin = next(((other, where) for other, where in same if not differences(program, other)), None)
        if twin is not None:
            other, where = twin
            more = other_details(program, other)
            report.skipped.append((number, f"{program.name}: the same as {where}" + (
                f" (the file says otherwise of its {', '.join(more)}: not taken; edit the program to "
                "change them)" if more else "")))
            continue
        if same:
            other, where = same[0]
            program.duplicate_of = other.id
            report.duplicates.append((number, program, f"same name, institution and city as "
                                      f"{other.name!r} {where}; differs in "
                                      f"{', '.join(differences(program, other))}"))
        named.append((this, program, f"row {number}"))
        report.added.append((number, program))
    return report


def _program(values: dict[str, str], today: date, order: str, source: str, currency: str = "") -> Program:
    """One row to a program; what cannot be read is noted for review, never guessed. The text
    of costs, deadlines, durations and eligibility is kept as written."""
    review: list[str] = []
    get = values.get
    program = Program(name=get("name", ""), institution=get("institution", ""),
                      specialty=get("specialty", ""), contact_phone=get("contact_phone", ""),
                      supervisor=get("supervisor", ""), notes=get("notes", ""),
                      city=get("city", ""), state=get("state", ""))
    if get("location") and not (program.city or program.state):
        city, _, state = get("location", "").rpartition(",")
        program.city, program.state = (city.strip(), state.strip()) if city else (state.strip(), "")
    program.type, reason = read_type(get("type", ""))
    review += [reason] if reason else []
    for key, reader, label in (("website", parse_url, "Website"), ("contact_email", parse_email, "Email")):
        try:
            setattr(program, key, reader(get(key, "")))
        except FieldError as exc:
            review.append(str(exc))  # and kept as written: the review notes may be cleared
            program.notes = joined_text(program.notes, f"{label} as written: {get(key, '')}", "\n")
    contact = get("contact_name", "")
    email = re.search(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+", contact)
    if email and not program.contact_email:
        program.contact_email = email[0]
        contact = contact.replace(email[0], "").strip(" ,;<>()")
    program.contact_name = contact
    hands_on = get("hands_on", "")
    if hands_on:
        try:
            program.hands_on = parse_choice(hands_on, HANDS_ON, "Hands-on")
        except FieldError as exc:
            review.append(str(exc))
    duration = get("duration", "")
    program.duration_weeks, program.duration_max_weeks, reason = read_duration(duration)
    review += [reason] if reason else []
    program.duration_text = (get("duration_text", "") if "duration_text" in values
                             else "" if re.fullmatch(r"\d*", duration) else duration)
    _read_fee(program, values, review, currency)
    _read_deadline(program, values, order, review)
    for part in (p for p in re.split(r"[;\n]", get("start_dates", "")) if p.strip()):
        try:
            start = parse_date(part, order, "Start date")
            if start and start not in program.start_dates:
                program.start_dates.append(start)
        except FieldError as exc:
            review.append(str(exc))
    program.start_dates.sort()
    _read_eligibility(program, values, review)
    program.academic_affiliation = _answer(program, values, "academic_affiliation", "Academic affiliation")
    program.letter_possible = _answer(program, values, "letter_possible", "Letter possible")
    program.source_checked, reason = read_checked(get("source_checked", ""), order)
    if reason:  # "Sept 2026": no day to store, and nothing to review; the text is kept
        program.notes = joined_text(program.notes, f"Source checked: {get('source_checked', '')}", "\n")
    ages, unread = read_document_ages(get("document_ages", ""))
    program.document_ages = ages
    review += [f"documents recent within {part!r} not read" for part in unread]
    _read_status(program, values, today, source, review)
    _read_materials(program, values)
    flagged = get("needs_review", "")
    if flagged and flagged.lower() not in _NO:
        review.insert(0, "" if flagged.lower() in _YES else flagged)
    review = [r for r in review if r]
    program.needs_review = bool(review) or (bool(flagged) and flagged.lower() not in _NO)
    program.review_notes = "; ".join(review)
    return program


def _answer(program: Program, values: dict[str, str], key: str, label: str) -> bool | None:
    """A yes/no column: yes, no, or no answer. Words that are neither ("Sometimes", "Maybe")
    are no answer and nothing ambiguous: they are kept in the notes, never dropped."""
    text = values.get(key, "")
    value, reason = read_bool(text)
    if reason and not read_visas(text):  # "B1/B2 only" in a visa column is read as visas
        program.notes = joined_text(program.notes, f"{label}: {text}", "\n")
    return value


def _read_eligibility(program: Program, values: dict[str, str], review: list[str]) -> None:
    """Requirements, eligibility prose, visas and yes/no columns into the program; the texts
    are kept as written (the app's own export has them in "Eligibility as written")."""
    get = values.get
    written = get("requirements", ""), get("eligibility", "")
    read = read_eligibility(*written, labels=_LABEL_TO_REQUIREMENT)
    program.requirements = read.requirements
    program.eligibility_text = (get("eligibility_text", "") if "eligibility_text" in values
                                else "\n".join(t for t in written if t))
    if _answer(program, values, "ecfmg_required", "ECFMG required") and "ecfmg" not in program.requirements:
        program.requirements.append("ecfmg")
    for material in read.materials:
        program.materials.setdefault(material, False)
    limit = get("graduated_within_years", "")
    number = re.search(r"\d+", limit)
    program.graduated_within_years = int(number[0]) if number else read.graduated_within_years
    if limit and not number:
        review.append(f"graduated within {limit!r} is not a number of years")
    support = get("visa_support", "")
    program.visa_support = _answer(program, values, "visa_support", "Visa support")
    named = read.visas + read_visas(get("visas", "")) + read_visas(support)
    program.visas = [v for v in VISA_TYPES if v in named]


def _read_fee(program: Program, values: dict[str, str], review: list[str], currency: str = "") -> None:
    """The fee from the app's own columns (amount, up to, currency, period) or read from the
    text as written (``currency``: the one the column's header names, as in "Cost (USD)")."""
    program.fee_text = values.get("fee_text", "")
    amount = values.get("fee_amount", "")
    if "fee_amount" in values:  # a file with an amount column (our export): no guessing
        if not amount:
            return
        try:
            value = parse_amount(amount, "Fee amount", allow_blank=False)
            program.fee = Money(Decimal(0) if value is None else value,
                                parse_currency(values.get("fee_currency", "") or "USD", "Fee currency"))
            program.fee_high = parse_amount(values.get("fee_high", ""), "Fee up to")
            program.fee_period = parse_choice(values.get("fee_period", "") or "once",
                                              ("once", "per week", "per month"), "Fee period")
        except FieldError as exc:
            review.append(str(exc))
        return
    if program.fee_text:
        parsed = parse_cost_text(program.fee_text)
        program.fee, program.fee_high, program.fee_period = parsed.amount, parsed.high, parsed.period
        column = values.get("fee_currency", "") or currency
        if parsed.review:
            review.append(f"cost {program.fee_text!r} {parsed.review}; kept as written")
        elif parsed.amount is not None and not parsed.currency_said and parsed.amount.amount:
            if column:
                try:
                    program.fee = Money(parsed.amount.amount, parse_currency(column, "Fee currency"))
                except FieldError as exc:
                    review.append(str(exc))
            else:
                review.append(f"cost {program.fee_text!r} does not say its currency; USD assumed")


def _read_deadline(program: Program, values: dict[str, str], order: str, review: list[str]) -> None:
    text = values.get("deadline", "")
    program.deadline_text = values.get("deadline_text", "")
    kind = values.get("deadline_kind", "")
    if kind:  # our own export: the kind, an ISO date and the text as written
        try:
            program.deadline_kind = parse_choice(kind, ("date", "lead time", "rolling", "unknown"),
                                                 "Deadline kind")
            program.deadline = parse_date(text, order, "Deadline")
        except FieldError as exc:
            review.append(str(exc))
        return
    if not text:
        return
    program.deadline_text = program.deadline_text or text
    parsed = parse_deadline_text(text)
    if parsed.kind in ("rolling", "lead time"):
        program.deadline_kind = parsed.kind
        return
    if _DATEISH.search(text):
        try:
            program.deadline = parse_date(text, order, "Deadline")
            program.deadline_kind = "date"
        except FieldError as exc:
            review.append(f"{exc}; kept as written")
    # otherwise prose ("Contact department directly"): no date, kept as written, nothing to review


def _read_status(program: Program, values: dict[str, str], today: date, source: str,
                 review: list[str]) -> None:
    status = values.get("status", "")
    if status:
        try:
            program.status = parse_choice(status, PROGRAM_STATUSES, "Status")
        except FieldError as exc:
            review.append(str(exc))
    for line in values.get("history", "").splitlines():
        match = _HISTORY_LINE.match(line.strip())
        if match and match[2] in PROGRAM_STATUSES:
            program.history.append(StatusChange(match[2], date.fromisoformat(match[1]), match[3] or ""))
        elif line.strip():
            review.append(f"history line {line.strip()!r} not understood")
    if not program.history:
        program.history.append(StatusChange(program.status, today, f"imported from {source}"))


def _read_materials(program: Program, values: dict[str, str]) -> None:
    for column, done in (("materials_done", True), ("materials_missing", False)):
        for label in (p.strip().lower() for p in values.get(column, "").split(";") if p.strip()):
            key = _LABEL_TO_MATERIAL.get(label)
            if key:
                program.materials[key] = done


# --- writing --------------------------------------------------------------------------------
def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def program_cells(program: Program) -> dict[str, str]:
    """The export's text for each column of one program."""
    checklist = materials_checklist(program)
    return {
        "name": program.name, "institution": program.institution, "type": program.type,
        "specialty": program.specialty, "city": program.city, "state": program.state,
        "website": program.website, "contact_name": program.contact_name,
        "contact_email": program.contact_email, "contact_phone": program.contact_phone,
        "hands_on": program.hands_on,
        "duration": shown_range(program.duration_weeks, program.duration_max_weeks),
        "duration_text": program.duration_text,
        "fee_amount": "" if program.fee is None else str(program.fee.amount),
        "fee_high": "" if program.fee_high is None else str(program.fee_high),
        "fee_currency": "" if program.fee is None else program.fee.currency,
        "fee_period": program.fee_period, "fee_text": program.fee_text,
        "deadline_kind": program.deadline_kind,
        "deadline": program.deadline.isoformat() if program.deadline else "",
        "deadline_text": program.deadline_text,
        "start_dates": "; ".join(d.isoformat() for d in program.start_dates),
        "requirements": "; ".join(REQUIREMENT_LABELS[r] for r in program.requirements),
        "eligibility_text": program.eligibility_text, "visas": ", ".join(program.visas),
        "visa_support": _yes_no(program.visa_support),
        "source_checked": program.source_checked.isoformat() if program.source_checked else "",
        "document_ages": document_ages_text(program.document_ages),
        "graduated_within_years": ("" if program.graduated_within_years is None
                                   else str(program.graduated_within_years)),
        "academic_affiliation": _yes_no(program.academic_affiliation),
        "supervisor": program.supervisor, "letter_possible": _yes_no(program.letter_possible),
        "status": program.status,
        "history": "\n".join(f"{h.on.isoformat()} {h.status}" + (f" — {h.note}" if h.note else "")
                             for h in program.history),
        "materials_done": "; ".join(label for _, label, done in checklist if done),
        "materials_missing": "; ".join(label for _, label, done in checklist if not done),
        "needs_review": (program.review_notes or "yes") if program.needs_review else "",
        "notes": program.notes,
    }


_CELL_KINDS = {"deadline": "date", "source_checked": "date", "fee_amount": "amount", "fee_high": "amount"}


def write_programs_workbook(programs: Iterable[Program]) -> bytes:
    """The export as an Excel workbook: the same columns, dates as dates, amounts as numbers."""
    from usce_tui.core.sheets import as_cell, write_sheet

    rows = ([as_cell(safe_cell(cells[key]), _CELL_KINDS.get(key, "text")) for key, _ in EXPORT_COLUMNS]
            for cells in map(program_cells, programs))
    return write_sheet("Programs", [title for _, title in EXPORT_COLUMNS], rows)


def write_programs(programs: Iterable[Program]) -> str:
    """A CSV with a header row and one row per program (the caller encodes it as UTF-8)."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(title for _, title in EXPORT_COLUMNS)
    for program in programs:
        cells = program_cells(program)
        writer.writerow(cells[key] for key, _ in EXPORT_COLUMNS)
    return out.getvalue()
