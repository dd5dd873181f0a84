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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from usce_tui.core.cells import SafeWriter, read_cell
from usce_tui.core.parse import (
    FieldError,
    parse_amount,
    parse_choice,
    parse_currency,
    parse_date,
    parse_email,
    parse_url,
)
from usce_tui.core.programs.rules import (
    MATERIAL_LABELS,
    REQUIREMENT_LABELS,
    materials_checklist,
    parse_cost_text,
    parse_deadline_text,
)
from usce_tui.core.records import HANDS_ON, PROGRAM_STATUSES, Program
from usce_tui.core.values import Money, StatusChange

# Header synonyms, compared after lower-casing and turning punctuation into spaces.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "program", "program name", "programme", "opportunity", "position", "title",
             "rotation"),
    "institution": ("institution", "hospital", "organization", "organisation", "university",
                    "school", "sponsor", "site"),
    "type": ("type", "program type", "kind", "category"),
    "specialty": ("specialty", "speciality", "department", "discipline", "field"),
    "location": ("location", "city state", "place"),
    "city": ("city", "town"),
    "state": ("state", "st", "province"),
    "website": ("website", "url", "link", "web", "web site", "site url", "homepage"),
    "contact_name": ("contact", "contact name", "coordinator", "contact person"),
    "contact_email": ("email", "e mail", "contact email", "mail"),
    "contact_phone": ("phone", "contact phone", "telephone", "tel"),
    "hands_on": ("hands on", "hands on level", "level"),
    "duration": ("duration", "duration weeks", "length", "weeks"),
    "fee_text": ("cost", "fee", "fees", "price", "tuition", "program fee", "fee as written",
                 "cost usd"),
    "fee_amount": ("fee amount",),
    "fee_currency": ("fee currency", "currency"),
    "fee_period": ("fee period",),
    "deadline_kind": ("deadline kind",),
    "deadline": ("deadline", "application deadline", "apply by", "due", "due date"),
    "deadline_text": ("deadline as written",),
    "start_dates": ("start dates", "start date", "start", "dates", "available dates"),
    "requirements": ("requirements", "eligibility", "prerequisites", "requirement",
                     "eligibility requirements"),
    "graduated_within_years": ("graduated within years", "graduated within", "yog limit"),
    "academic_affiliation": ("academic affiliation", "academic", "affiliated"),
    "supervisor": ("supervisor", "supervising physician", "preceptor", "mentor"),
    "letter_possible": ("letter possible", "lor", "letter", "letter of recommendation"),
    "status": ("status", "stage"),
    "history": ("history", "status history"),
    "materials_done": ("materials done",),
    "materials_missing": ("materials missing",),
    "needs_review": ("needs review",),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
}
_LOOKUP = {synonym: key for key, synonyms in HEADERS.items() for synonym in synonyms}

# The columns ``write_programs`` writes, each one a header that ``read_programs`` knows.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"), ("institution", "Institution"), ("type", "Type"),
    ("specialty", "Specialty"), ("city", "City"), ("state", "State"), ("website", "Website"),
    ("contact_name", "Contact name"), ("contact_email", "Email"), ("contact_phone", "Phone"),
    ("hands_on", "Hands-on"), ("duration", "Duration (weeks)"), ("fee_amount", "Fee amount"),
    ("fee_currency", "Fee currency"), ("fee_period", "Fee period"), ("fee_text", "Fee as written"),
    ("deadline_kind", "Deadline kind"), ("deadline", "Deadline"),
    ("deadline_text", "Deadline as written"), ("start_dates", "Start dates"),
    ("requirements", "Requirements"), ("graduated_within_years", "Graduated within (years)"),
    ("academic_affiliation", "Academic affiliation"), ("supervisor", "Supervisor"),
    ("letter_possible", "Letter possible"), ("status", "Status"), ("history", "History"),
    ("materials_done", "Materials done"), ("materials_missing", "Materials missing"),
    ("needs_review", "Needs review"), ("notes", "Notes"),
)


def normalize_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def match_headers(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Which field each column feeds (the first column wins) and the columns left unused."""
    used: dict[str, int] = {}
    unused: list[str] = []
    for index, header in enumerate(headers):
        key = _LOOKUP.get(normalize_header(header))
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
    ("research", "research"), ("shadow", "observership"), ("other", "other"),
)
_REQUIREMENT_WORDS = (
    (r"step\s*1\s*(?:&|and|/|,|\+)\s*(?:step\s*)?2", ("step1", "step2ck")),
    (r"step\s*(?:1|one|i)\b", ("step1",)), (r"step\s*(?:2|two|ii)\b|\b2\s*ck\b", ("step2ck",)),
    (r"ecfmg", ("ecfmg",)), (r"toefl|\boet\b|ielts|english", ("english",)),
    (r"malpractice|liability", ("malpractice",)),
    (r"immuni[sz]|vaccin|\btb\b|\bppd\b|tuberculosis", ("immunizations",)),
    (r"background", ("background_check",)), (r"drug", ("drug_screen",)), (r"hipaa", ("hipaa",)),
    (r"vslo|vsas", ("vslo",)), (r"graduat\w*\s+(?:with)?in|years? (?:of|since|from) graduation"
                                r"|\byog\b", ("graduated_within",)),
    (r"student|enrolled|final[- ]year", ("enrolled_student",)),
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


def read_requirements(text: str) -> tuple[list[str], int | None, list[str]]:
    """Requirement keys, the "graduated within N years" limit, and parts not understood."""
    found: list[str] = []
    unread: list[str] = []
    years: int | None = None
    for part in (p.strip() for p in re.split(r"[;\n]|,(?!\d)", text) if p.strip()):
        label_key = _LABEL_TO_REQUIREMENT.get(part.lower())
        keys: tuple[str, ...] = (label_key,) if label_key else ()
        if not keys:
            keys = tuple(k for pattern, ks in _REQUIREMENT_WORDS if re.search(pattern, part, re.I)
                         for k in ks)
            if "graduated_within" in keys:
                keys = tuple(k for k in keys if k != "enrolled_student")
        if "graduated_within" in keys:
            number = re.search(r"(\d+)\s*(?:years?|yrs?)", part, re.I)
            years = int(number[1]) if number else years
        if keys:
            found += [k for k in dict.fromkeys(keys) if k not in found]
        else:
            unread.append(part)
    return found, years, unread


def read_duration(text: str) -> tuple[int | None, str | None]:
    """Weeks from "4 weeks", "1 month", "4-8 weeks" or "4"; (weeks, review reason)."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None, None
    match = re.match(r"^(\d+)\s*(?:(?:-|–|to)\s*(\d+))?\s*(weeks?|wks?|months?|mos?)?\b", cleaned)
    if not match:
        return None, f"duration {text.strip()!r} not understood"
    weeks = int(match[1]) * (4 if (match[3] or "w").startswith("m") else 1)
    if match[2] or not 1 <= weeks <= 104:
        return (weeks if 1 <= weeks <= 104 else None), f"duration {text.strip()!r}: check the weeks"
    return weeks, None


def read_bool(text: str) -> tuple[bool | None, str | None]:
    lower = text.strip().lower()
    if lower in _YES:
        return True, None
    if lower in _NO:
        return False, None
    return None, (None if not lower or lower == "unknown" else f"{text.strip()!r} is not yes or no")


# --- reading a whole file -------------------------------------------------------------------
@dataclass
class ImportReport:
    """What an import did: added, skipped (row and reason), and added but to review."""

    added: list[tuple[int, Program]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)
    blank_rows: int = 0

    @property
    def review(self) -> list[tuple[int, Program]]:
        return [(row, p) for row, p in self.added if p.needs_review]

    def lines(self) -> list[str]:
        """The report as the command line prints it (and the app shows it)."""
        out = [f"added {len(self.added)}, skipped {len(self.skipped)}, "
               f"needs review {len(self.review)}"]
        out += [f"skipped row {row}: {reason}" for row, reason in self.skipped]
        out += [f"needs review row {row} ({p.name}): {p.review_notes}" for row, p in self.review]
        if self.unused_columns:
            out.append("columns not used: " + ", ".join(self.unused_columns))
        if self.blank_rows:
            out.append(f"blank rows ignored: {self.blank_rows}")
        return out


class UnreadableFile(ValueError):
    """The CSV cannot be read at all (no header, no name column, not text)."""


def identity(program: Program) -> tuple[str, str, str]:
    """What makes two programs the same one: name, institution and city, ignoring case and
    punctuation."""
    return (normalize_header(program.name), normalize_header(program.institution),
            normalize_header(program.city))


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
                  progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Read CSV text into new programs; raise ``UnreadableFile`` only when nothing can be read.

    ``progress(done, total)`` is called every 5,000 rows (for a long import)."""
    if "\x00" in text:
        raise UnreadableFile("is not a CSV text file (save the spreadsheet as CSV first)")
    rows = _rows(text)
    if not rows:
        raise UnreadableFile("is empty")
    columns, unused = match_headers(rows[0])
    if "name" not in columns:
        raise UnreadableFile("has no column with the program name in its first row "
                             "(a header such as Program, Program name or Name)")
    report = ImportReport(unused_columns=unused)
    seen = {identity(p): "already in your programs" for p in existing}
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
        program = _program(values, today, order, source)
        key = identity(program)
        if key in seen:
            report.skipped.append((number, f"{program.name}: {seen[key]}"))
            continue
        seen[key] = f"same program as row {number}"
        report.added.append((number, program))
    return report


def _program(values: dict[str, str], today: date, order: str, source: str) -> Program:
    """One row to a program; what cannot be read is noted for review, never guessed."""
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
    for key, reader in (("website", parse_url), ("contact_email", parse_email)):
        try:
            setattr(program, key, reader(get(key, "")))
        except FieldError as exc:
            review.append(str(exc))
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
    program.duration_weeks, reason = read_duration(get("duration", ""))
    review += [reason] if reason else []
    _read_fee(program, values, review)
    _read_deadline(program, values, order, review)
    for part in (p for p in re.split(r"[;\n]", get("start_dates", "")) if p.strip()):
        try:
            start = parse_date(part, order, "Start date")
            if start and start not in program.start_dates:
                program.start_dates.append(start)
        except FieldError as exc:
            review.append(str(exc))
    program.start_dates.sort()
    program.requirements, years, unread = read_requirements(get("requirements", ""))
    review += [f"requirement {part!r} not recognised" for part in unread]
    limit = get("graduated_within_years", "")
    number = re.search(r"\d+", limit)
    program.graduated_within_years = int(number[0]) if number else years
    if limit and not number:
        review.append(f"graduated within {limit!r} is not a number of years")
    for key in ("academic_affiliation", "letter_possible"):
        value, reason = read_bool(get(key, ""))
        setattr(program, key, value)
        review += [f"{key.replace('_', ' ')}: {reason}"] if reason else []
    _read_status(program, values, today, source, review)
    _read_materials(program, values)
    flagged = get("needs_review", "")
    if flagged and flagged.lower() not in _NO:
        review.insert(0, "" if flagged.lower() in _YES else flagged)
    review = [r for r in review if r]
    program.needs_review = bool(review) or (bool(flagged) and flagged.lower() not in _NO)
    program.review_notes = "; ".join(review)
    return program


def _read_fee(program: Program, values: dict[str, str], review: list[str]) -> None:
    program.fee_text = values.get("fee_text", "")
    amount, currency = values.get("fee_amount", ""), values.get("fee_currency", "") or "USD"
    period = values.get("fee_period", "")
    if "fee_amount" in values:  # a file with an amount column (our export): no guessing
        if not amount:
            return
        try:
            value = parse_amount(amount, "Fee amount", allow_blank=False)
            program.fee = Money(Decimal(0) if value is None else value,
                                parse_currency(currency, "Fee currency"))
            program.fee_period = parse_choice(period or "once", ("once", "per week", "per month"),
                                              "Fee period")
        except FieldError as exc:
            review.append(str(exc))
        return
    if program.fee_text:
        parsed = parse_cost_text(program.fee_text)
        program.fee, program.fee_period = parsed.amount, parsed.period
        if parsed.high is not None:
            review.append(f"cost {program.fee_text!r} is a range; the low end was kept")
        elif parsed.needs_review:
            review.append(f"cost {program.fee_text!r} needs an amount")


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
            return
        except FieldError as exc:
            review.append(f"{exc}; kept as written")
            return
    review.append(f"deadline {text!r} not understood; kept as written")


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
        "duration": "" if program.duration_weeks is None else str(program.duration_weeks),
        "fee_amount": "" if program.fee is None else str(program.fee.amount),
        "fee_currency": "" if program.fee is None else program.fee.currency,
        "fee_period": program.fee_period, "fee_text": program.fee_text,
        "deadline_kind": program.deadline_kind,
        "deadline": program.deadline.isoformat() if program.deadline else "",
        "deadline_text": program.deadline_text,
        "start_dates": "; ".join(d.isoformat() for d in program.start_dates),
        "requirements": "; ".join(REQUIREMENT_LABELS[r] for r in program.requirements),
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


def write_programs(programs: Iterable[Program]) -> str:
    """A CSV with a header row and one row per program (the caller encodes it as UTF-8)."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(title for _, title in EXPORT_COLUMNS)
    for program in programs:
        cells = program_cells(program)
        writer.writerow(cells[key] for key, _ in EXPORT_COLUMNS)
    return out.getvalue()
