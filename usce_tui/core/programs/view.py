"""The programs table as plain data: one row per program, filtered and sorted in Python.

Everything the table shows is worked out once per program (eligibility, red flags, due date,
the text the filter searches), so a filter keystroke is a list comprehension over ready rows
and the table is fed only the rows that fit on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from usce_tui.core.parse import fold
from usce_tui.core.programs.rules import (
    ELIGIBLE,
    ELIGIBLE_AFTER,
    Deadline,
    Eligibility,
    in_target_specialty,
    judge,
    preparation_late,
    program_apply_by,
    program_deadline,
    program_labels,
    red_flags,
    weekly_fee,
)
from usce_tui.core.records import PROGRAM_STATUSES, Profile, Program

SHORT_TYPES = {"clerkship/elective": "clerkship", "observership": "observer"}
_PERIODS = {"once": "", "per week": "/wk", "per month": "/mo"}

# Quick filters on what the app works out: (id, label).
SHOW_CHOICES = (
    ("all", "all programs"), ("eligible", "eligible now"), ("flags", "has red flags"),
    ("due30", "due within 30 days"), ("due60", "due within 60 days"),
    ("due90", "due within 90 days"), ("target", "in my specialties"),
    ("review", "needs review"), ("late", "preparation late"),
)


@dataclass
class ProgramRow:
    """A program with everything the table and the filter need, computed once."""

    program: Program
    eligibility: Eligibility
    flags: list[tuple[str, str]]
    deadline: Deadline
    due: date | None
    late: bool
    in_target: bool
    weekly: Decimal | None  # the fee per week, for sorting by cost
    haystack: str
    cells: tuple[str, ...]
    twin: str = ""  # the name of the program this one may duplicate

    @property
    def id(self) -> str:
        return self.program.id or ""


def cost_cell(program: Program) -> str:
    if program.fee is None:
        return "unknown" if program.fee_text else ""
    if program.fee.amount == 0 and program.fee_high is None:
        return "free"
    places = 0 if program.fee.amount == program.fee.amount.to_integral_value() else 2  # 3,75 EUR is not 4
    high = "" if program.fee_high is None else f"–{program.fee_high:,.{places}f}"
    return f"{program.fee.amount:,.{places}f}{high} {program.fee.currency}{_PERIODS[program.fee_period]}"


def _eligible_cell(result: Eligibility) -> str:
    if result.verdict == ELIGIBLE:
        return "✔ yes"
    if result.verdict == ELIGIBLE_AFTER and result.after:
        return f"from {result.after:%m/%y}"
    return "✘ no" if result.verdict == "not eligible" else "? unknown"


def _due_cell(deadline: Deadline, due: date | None, late: bool, order: str) -> str:
    if due is not None:
        text = due.strftime("%d/%m/%Y" if order == "DMY" else "%m/%d/%Y")
    elif deadline.kind == "lead time":
        text = deadline.describe().replace(" before start", "").replace("months", "mo")
    else:
        text = deadline.kind
    return text + (" !" if late else "")


def build_row(program: Program, profile: Profile, today: date,
              verdict: Callable[[Program], Eligibility] | None = None) -> ProgramRow:
    """Work out one program's row (``verdict``: a ``judge`` of the profile, for many rows)."""
    result = (verdict or judge(profile, today))(program)
    flags = red_flags(program, profile, today)
    deadline = program_deadline(program)
    due = program_apply_by(program, today, deadline)
    late = preparation_late(program, today)
    target = in_target_specialty(program, profile)
    place = ", ".join(x for x in (program.city, program.state) if x)
    marks = ("⚑" + str(len(flags)) if flags else "") + (" ?" if program.needs_review else "")
    cells = (
        program.name,
        SHORT_TYPES.get(program.type, program.type),
        ("★ " if target else "") + program.specialty,
        place,
        cost_cell(program),
        _due_cell(deadline, due, late, profile.date_order),
        program.status,
        _eligible_cell(result),
        marks,
    )
    haystack = fold(" ".join((program.name, program.institution, program.specialty, program.city,
                              program.state, program.notes)))
    weekly = weekly_fee(program, profile.fee_range_end)
    return ProgramRow(program, result, flags, deadline, due, late, target,
                      None if weekly is None else weekly[0], haystack, cells)


def build_rows(programs: Iterable[Program], profile: Profile, today: date) -> list[ProgramRow]:
    """Rows for every program."""
    programs = list(programs)
    verdict = judge(profile, today)
    rows = [build_row(p, profile, today, verdict) for p in programs]
    names = program_labels(programs)
    for row in rows:
        if row.program.duplicate_of:
            row.twin = names.get(row.program.duplicate_of, "")
    return rows


@dataclass(frozen=True)
class ProgramFilter:
    """What the filter bar asks for; blank fields match everything."""

    text: str = ""
    type: str = ""
    status: str = ""
    specialty: str = ""
    show: str = "all"

    def narrows(self, before: ProgramFilter | None) -> bool:
        """True when everything this filter lets through, ``before`` let through too (the user
        typed more), so the previous result can be filtered instead of every row."""
        return (before is not None and fold(self.text).startswith(fold(before.text))
                and (self.type, self.status, self.specialty, self.show)
                == (before.type, before.status, before.specialty, before.show))

    def apply(self, rows: Iterable[ProgramRow], today: date) -> list[ProgramRow]:
        """The rows this filter lets through, in their order (one pass, tests hoisted)."""
        kept = list(rows)
        if self.type:
            kept = [r for r in kept if r.program.type == self.type]
        if self.status:
            kept = [r for r in kept if r.program.status == self.status]
        if self.specialty:
            wanted = self.specialty.lower()
            kept = [r for r in kept if r.program.specialty.lower() == wanted]
        for word in fold(self.text).split():  # "sao" finds São
            kept = [r for r in kept if word in r.haystack]
        if self.show != "all":
            test = _SHOW[self.show]
            kept = [r for r in kept if test(r, today)]
        return kept


def _due_within(days: int) -> Callable[[ProgramRow, date], bool]:
    return lambda row, today: row.due is not None and 0 <= (row.due - today).days <= days


_SHOW: dict[str, Callable[[ProgramRow, date], bool]] = {
    "all": lambda row, today: True,
    "eligible": lambda row, today: row.eligibility.verdict == ELIGIBLE,
    "flags": lambda row, today: bool(row.flags),
    "due30": _due_within(30), "due60": _due_within(60), "due90": _due_within(90),
    "target": lambda row, today: row.in_target,
    "review": lambda row, today: row.program.needs_review,
    "late": lambda row, today: row.late,
}

# (title, width) of each table column, in the order of the cells.
# Widths include the one-space gap to the next column (the table has no cell padding).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("Program", 21), ("Type", 11), ("Specialty", 14), ("City", 13), ("Cost", 13),
    ("Apply by", 13), ("Status", 12), ("Eligible", 11), ("Flag", 6),
)
# The columns a narrow screen shows first: what to do and when, then the money and the verdict.
COLUMN_PRIORITY = (0, 5, 6, 4, 8, 7, 2, 3, 1)
_ELIGIBLE_ORDER = {ELIGIBLE: 0, ELIGIBLE_AFTER: 1, "unknown": 2, "not eligible": 3}
_STATUS_ORDER = {status: index for index, status in enumerate(PROGRAM_STATUSES)}  # the pipeline


def _sort_key(column: int) -> Callable[[ProgramRow], tuple[bool, Any]]:
    """(blank, value) for one column: blanks go last in both directions."""
    keys: dict[int, Callable[[ProgramRow], tuple[bool, Any]]] = {
        4: lambda r: (r.weekly is None, r.weekly or 0),  # cost per week, whatever the fee's period
        6: lambda r: (False, _STATUS_ORDER.get(r.program.status, len(_STATUS_ORDER))),
        5: lambda r: (r.due is None, r.due or date.max),
        7: lambda r: (False, (_ELIGIBLE_ORDER.get(r.eligibility.verdict, 9),
                              r.eligibility.after or date.min)),
        8: lambda r: (not r.flags and not r.program.needs_review,
                      (len(r.flags), r.program.needs_review)),
    }
    return keys.get(column, lambda r: (not r.cells[column], r.cells[column].lstrip("★ ").lower()))


def order(rows: list[ProgramRow], sort_column: int = 5, descending: bool = False) -> list[ProgramRow]:
    """Rows sorted by one column; ties keep the name order and blank values come last
    whichever way the column is sorted."""
    key = _sort_key(sort_column)
    ordered = sorted(rows, key=lambda r: r.program.name.lower())
    ordered.sort(key=lambda r: key(r)[1], reverse=descending)
    ordered.sort(key=lambda r: key(r)[0])
    return ordered
