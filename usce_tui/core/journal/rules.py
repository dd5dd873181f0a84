"""The reflective journal: @tags, the template, filters, writing streaks, weekly counts, the
calendar heatmap and tag counts over time. Pure functions; "today" is passed in."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from usce_tui.core.parse import fold
from usce_tui.core.records import JournalEntry

TAG = re.compile(r"(?<![\w@])@([A-Za-z][\w-]*)")
TEMPLATE = """## What did I learn?


## A case (no names, dates, numbers or places that identify a patient)


## Feedback I received


## A cultural or communication lesson


## What will I do differently?

"""


def tags_in(text: str) -> list[str]:
    """The @tags written in a text, lower-cased, in order, each once (as jrnl reads them)."""
    seen: dict[str, None] = {}
    for match in TAG.finditer(text):
        seen.setdefault(match.group(1).lower().rstrip("-"), None)
    return list(seen)


def merge_tags(*groups: Iterable[str]) -> list[str]:
    out: dict[str, None] = {}
    for group in groups:
        for tag in group:
            tag = tag.strip().lstrip("@").lower()
            if tag:
                out.setdefault(tag, None)
    return list(out)


def first_line(entry: JournalEntry) -> str:
    """The body's first line, without Markdown heading marks."""
    body = entry.body.strip()
    return body.splitlines()[0].lstrip("# ") if body else ""


def headline(entry: JournalEntry, width: int = 80) -> str:
    """The title, or the first line of the body; a line longer than ``width`` is cut between
    words and ends with "…" (a heading or a list, never where the whole text belongs)."""
    line = entry.title or first_line(entry)
    if len(line) <= width:
        return line
    cut = line[:width - 1].rsplit(" ", 1)[0] if " " in line[:width - 1] else line[:width - 1]
    return cut.rstrip(" ,;:") + "…"


def list_line(entry: JournalEntry) -> str:
    """What a list of entries shows: "title · first line", or whichever of the two there is."""
    first = first_line(entry)
    return f"{entry.title} · {first}" if entry.title and first else headline(entry)


def sort_key(entry: JournalEntry) -> tuple[str, str, str, str]:
    """Oldest first: by date, time, then the order they were added."""
    return (entry.date.isoformat() if entry.date else "", entry.time, entry.created, entry.id or "")


def current_rotation(entries: Iterable[JournalEntry]) -> str | None:
    """The rotation of the newest entry: a new entry starts on the rotation in progress."""
    latest = max(entries, key=sort_key, default=None)
    return latest.program_id if latest else None


# --- filters -----------------------------------------------------------------------------
@dataclass(frozen=True)
class JournalFilter:
    """What the journal list (and the exports) show; blank fields match everything."""

    text: str = ""
    tag: str = ""
    program_id: str | None = None
    since: date | None = None
    until: date | None = None
    starred: bool = False
    on_this_day: date | None = None  # the same day of the month in earlier months

    def matches(self, entry: JournalEntry) -> bool:
        if self.starred and not entry.starred:
            return False
        if self.tag and self.tag.lower().lstrip("@") not in entry.tags:
            return False
        if self.program_id is not None and entry.program_id != self.program_id:
            return False
        day = entry.date
        if self.since and (day is None or day < self.since):
            return False
        if self.until and (day is None or day > self.until):
            return False
        if self.on_this_day and (day is None or day.day != self.on_this_day.day
                                 or day >= self.on_this_day.replace(day=1)):
            return False
        if self.text:
            haystack = fold(f"{entry.title}\n{entry.body}")  # "cirugia" finds cirugía
            return all(word in haystack for word in fold(self.text).split())
        return True

    def apply(self, entries: Iterable[JournalEntry]) -> list[JournalEntry]:
        """Matching entries, newest first."""
        return sorted((e for e in entries if self.matches(e)), key=sort_key, reverse=True)


# --- patterns ----------------------------------------------------------------------------
def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with an entry. The current streak still
    counts when today has no entry yet but yesterday has."""
    present = {day.toordinal() for day in days}  # whole numbers: a large journal has thousands
    longest = run = 0
    previous = None
    for day in sorted(present):
        run = run + 1 if day - 1 == previous else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today.toordinal() if today.toordinal() in present else today.toordinal() - 1
    while day in present:
        current += 1
        day -= 1
    return current, longest


def per_week(days: Iterable[date], today: date, weeks: int = 8) -> list[tuple[date, int]]:
    """(Monday, entries) for the last ``weeks`` weeks, oldest first."""
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = Counter(d - timedelta(days=d.weekday()) for d in days)
    return [(start, counts.get(start, 0)) for start in starts]


_SHADES = " ░▒▓█"


def heatmap(days: Iterable[date], today: date, weeks: int = 26) -> list[str]:
    """A contribution graph: 7 rows (Monday to Sunday), one column per week, shaded by how many
    entries that day has; future days are blank."""
    counts = Counter(days)
    first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    rows = []
    for weekday in range(7):
        cells = []
        for week in range(weeks):
            day = first_monday + timedelta(weeks=week, days=weekday)
            if day > today:
                cells.append(" ")
            else:
                cells.append(_SHADES[min(counts[day], 4)] if counts.get(day) else "·")
        rows.append("".join(cells))
    return rows


def tag_counts(entries: Iterable[JournalEntry], months: int = 6,
               today: date | None = None) -> dict[str, list[int]]:
    """For each tag, the number of entries in each of the last ``months`` months (oldest first)."""
    today = today or date.today()
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    index = {key: i for i, key in enumerate(keys)}
    out: dict[str, list[int]] = {}
    for entry in entries:
        if entry.date is None or (entry.date.year, entry.date.month) not in index:
            continue
        for tag in entry.tags:
            out.setdefault(tag, [0] * months)[index[(entry.date.year, entry.date.month)]] += 1
    return dict(sorted(out.items(), key=lambda kv: -sum(kv[1])))


def month_labels(months: int, today: date) -> Sequence[str]:
    labels = []
    year, month = today.year, today.month
    for _ in range(months):
        labels.append(date(year, month, 1).strftime("%b"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return labels[::-1]
