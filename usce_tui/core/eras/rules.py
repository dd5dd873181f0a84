"""From rotation to residency application: ERAS's limits as ERAS counts them, the draft
experience a program gives, the story bank (starred journal entries by theme) and the built-in
interview questions. Pure: no textual, no store.

Sources (AAMC, MyERAS, 2025 season onward): up to 10 selected experiences, each described
within 750 characters; up to 3 of them "most meaningful", each with a reflection within 300
characters; the experience types, focus areas and key characteristics are ERAS's own lists
(``usce_tui.core.records``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from usce_tui.core.records import Experience, JournalEntry, Letter, Program, Question, Trip

DESCRIPTION_LIMIT = 750
REFLECTION_LIMIT = 300
MOST_SELECTED = 10
MOST_MEANINGFUL = 3
# A rotation that turns into an experience: done, or about to be.
DRAFTED_FROM = ("completed", "accepted")


def eras_length(text: str) -> int:
    """The length ERAS gives a text: every character counts, spaces and punctuation too, as a
    web form counts it. A line break counts as two (a browser sends it as CR LF) and a character
    outside the Basic Multilingual Plane (an emoji) as two (JavaScript counts UTF-16 units); the
    spaces and line breaks at either end are not sent. Counting so, a text within the limit here
    is never cut in ERAS."""
    text = text.replace("\r\n", "\n").strip()
    return len(text.encode("utf-16-le")) // 2 + text.count("\n")


def limit_problems(experience: Experience) -> list[str]:
    """What one experience holds past ERAS's limits (empty when it fits)."""
    out = []
    if (n := eras_length(experience.description)) > DESCRIPTION_LIMIT:
        out.append(f"description is {n} characters; ERAS takes {DESCRIPTION_LIMIT}")
    if (n := eras_length(experience.reflection)) > REFLECTION_LIMIT:
        out.append(f"reflection is {n} characters; ERAS takes {REFLECTION_LIMIT}")
    if experience.meaningful and not experience.selected:
        out.append("is marked most meaningful but not selected (the three come from the ten)")
    return out


def count_problems(experiences: Sequence[Experience]) -> list[str]:
    """What the whole list holds past ERAS's counts (empty when it fits)."""
    out = []
    if (n := sum(e.selected for e in experiences)) > MOST_SELECTED:
        out.append(f"{n} experiences are selected; ERAS takes {MOST_SELECTED}")
    if (n := sum(e.meaningful for e in experiences)) > MOST_MEANINGFUL:
        out.append(f"{n} experiences are marked most meaningful; ERAS takes {MOST_MEANINGFUL}")
    return out


def to_finish(experiences: Sequence[Experience]) -> list[tuple[Experience, str]]:
    """The selected experiences that ERAS would not take as they are, with what each lacks
    (a draft is allowed to lack it: this is a to-do, not a problem of the file)."""
    out = []
    for experience in experiences:
        if not experience.selected:
            continue
        missing = [name for name, lacking in (
            ("a start date", experience.start is None), ("a description", not experience.description.strip()),
            ("a reflection (most meaningful)", experience.meaningful and not experience.reflection.strip()),
        ) if lacking]
        if missing:
            out.append((experience, "needs " + " and ".join(missing)))
    return out


def refuse_marking(experiences: Sequence[Experience], changed: Experience) -> str | None:
    """Why ``changed`` (a new or edited experience) may not be saved as marked, given the others
    (the sentence the app shows), or None when the counts allow it."""
    others = [e for e in experiences if e.id is None or e.id != changed.id]
    if changed.selected and sum(e.selected for e in others) >= MOST_SELECTED:
        return (f"ERAS takes at most {MOST_SELECTED} selected experiences and {MOST_SELECTED} are "
                "selected: unselect one first (s on its row).")
    if changed.meaningful and sum(e.meaningful for e in others) >= MOST_MEANINGFUL:
        return (f"ERAS takes at most {MOST_MEANINGFUL} most meaningful experiences and "
                f"{MOST_MEANINGFUL} are marked: unmark one first (m on its row).")
    return None


# -- the draft a program gives --------------------------------------------------------------
TITLES = {"clerkship/elective": "Clinical Elective Student", "externship": "Clinical Extern",
          "observership": "Clinical Observer", "research": "Research Assistant"}


def _planned(program: Program, trips: Iterable[Trip]) -> tuple[date | None, date | None]:
    """The rotation's planned dates: the trip that takes the user there, else its first start
    date and its length (four weeks when it is not known, as Programs and Paperwork count it: a
    draft with no end read "02/2027–now" for a rotation still ahead)."""
    for trip in trips:
        if program.id in trip.program_ids and trip.arrival:
            return trip.arrival, trip.departure
    if program.start_dates:
        start = min(program.start_dates)
        weeks = program.duration_max_weeks or program.duration_weeks or 4
        return start, start + timedelta(weeks=weeks) - timedelta(days=1)
    return None, None


def _span(program: Program, journal: Iterable[JournalEntry],
          trips: Iterable[Trip]) -> tuple[date | None, date | None]:
    """The rotation's dates: its journal's first and last days from its planned start on (an
    entry written before, preparing for it, does not start it: a rotation three months ahead
    was drafted as done today), else its planned dates."""
    planned = _planned(program, trips)
    days = sorted(e.date for e in journal if e.program_id == program.id and e.date is not None
                  and (planned[0] is None or e.date >= planned[0]))
    if days:
        return days[0], days[-1]
    return planned


def draft_from_program(program: Program, letters: Iterable[Letter] = (),
                       journal: Iterable[JournalEntry] = (), trips: Iterable[Trip] = ()) -> Experience:
    """A draft experience from a rotation: the position title from its type and specialty, the
    organization, dates, frequency, location, type, and the supervisor (the program's, else the
    writer of a letter from that rotation). The description and reflection are the user's."""
    title = TITLES.get(program.type, program.name)
    if program.specialty and program.type != "other":
        title = f"{title}, {program.specialty}"
    writer = next((letter.writer_name for letter in letters
                   if letter.program_id == program.id and letter.writer_name), "")
    start, end = _span(program, journal, trips)
    research = program.type == "research"
    return Experience(
        program_id=program.id, title=title, organization=program.institution or program.name,
        start=start, end=end, frequency="Weekly" if research else "Daily",
        location=", ".join(x for x in (program.city, program.state, "USA") if x),
        kind="Research" if research else "Education/training",
        focus="Clinical/translational science" if research else "",
        supervisor=program.supervisor or writer,
        selected=True, meaningful=False)


def programs_to_draft(programs: Iterable[Program], experiences: Iterable[Experience]) -> list[Program]:
    """The completed or accepted rotations that have no experience yet."""
    have = {e.program_id for e in experiences if e.program_id}
    return [p for p in programs if p.status in DRAFTED_FROM and p.id not in have]


def material(experience: Experience, journal: Iterable[JournalEntry]) -> list[JournalEntry]:
    """The starred entries of the experience's rotation, oldest first: what to write from."""
    if experience.program_id is None:
        return []
    return sorted((e for e in journal if e.starred and e.program_id == experience.program_id),
                  key=lambda e: (e.date or date.min, e.time))


# -- the story bank ------------------------------------------------------------------------------
# Themes, in the order the bank shows them, and the words in tags or in the entry's prompt
# headings (the journal's template) that put a starred entry under each.
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("A case", ("case", "diagnosis")),
    ("Feedback", ("feedback", "evaluation")),
    ("A cultural or communication lesson", ("cultur", "communication", "language", "consent")),
    ("A mistake", ("mistake", "error", "differently", "near miss")),
    ("Teamwork", ("teamwork", "team", "nurse", "handoff", "leadership")),
    ("Research", ("research", "abstract", "poster", "publication")),
    ("Milestones", ("milestone", "presentation", "last day", "first day")),
)
OTHER = "Other"


def _filled_headings(body: str) -> list[str]:
    """The template's headings (## ...) that have text under them."""
    out, heading, filled = [], "", False
    for line in [*body.splitlines(), "## "]:
        if line.startswith("## "):
            if heading and filled:
                out.append(heading)
            heading, filled = line[3:].lower(), False
        elif line.strip():
            filled = True
    return out


def themes_of(entry: JournalEntry) -> list[str]:
    """The themes a starred entry tells a story of (``Other`` when none)."""
    words = [t.lower() for t in entry.tags] + _filled_headings(entry.body) + [entry.title.lower()]
    found = [theme for theme, keys in THEMES if any(k in w for w in words for k in keys)]
    return found or [OTHER]


@dataclass(frozen=True)
class Story:
    """A starred entry as a story: when, where, and the writer who saw it."""

    entry: JournalEntry
    rotation: str  # the program's name, or ""
    witness: str  # the writer of a letter from that rotation, or the program's supervisor


def stories(journal: Iterable[JournalEntry], programs: Iterable[Program],
            letters: Iterable[Letter] = ()) -> list[Story]:
    """Every starred entry as a story, oldest first."""
    by_id = {p.id: p for p in programs}
    writers: dict[str | None, str] = {}
    for letter in letters:
        if letter.program_id and letter.writer_name and letter.status != "declined":
            writers.setdefault(letter.program_id, letter.writer_name)
    out = []
    for entry in sorted((e for e in journal if e.starred), key=lambda e: (e.date or date.min, e.time)):
        program = by_id.get(entry.program_id)
        out.append(Story(entry, program.name if program else "",
                         writers.get(entry.program_id) or (program.supervisor if program else "")))
    return out


def story_bank(found: Iterable[Story]) -> list[tuple[str, list[Story]]]:
    """The stories by theme, in the themes' order; a story may tell more than one."""
    groups: dict[str, list[Story]] = {theme: [] for theme, _ in THEMES}
    groups[OTHER] = []
    for story in found:
        for theme in themes_of(story.entry):
            groups[theme].append(story)
    return [(theme, items) for theme, items in groups.items() if items]


# -- interview questions --------------------------------------------------------------------------
COMMON_QUESTIONS = (
    "Tell me about yourself.",
    "Why this specialty?",
    "Why do you want to train in the United States?",
    "Describe a challenging clinical situation.",
    "How do you handle feedback or mistakes?",
    "Tell me about a conflict in a team and how you handled it.",
    "Explain the gap in your training since graduation.",
    "What is your greatest weakness?",
    "What did your U.S. clinical experience teach you about the U.S. health system?",
    "Where do you see yourself in ten years?",
)


def is_built_in(question: Question) -> bool:
    """True for one of the app's own questions, saved (with a story, a note) or not."""
    return question.text.strip().lower() in {t.lower() for t in COMMON_QUESTIONS}


def all_questions(saved: Sequence[Question]) -> list[Question]:
    """The user's questions, then the built-in ones they have not saved yet (unsaved: no id)."""
    have = {q.text.strip().lower() for q in saved}
    return [*saved, *(Question(text=t) for t in COMMON_QUESTIONS if t.lower() not in have)]


def linked_stories(question: Question, found: Sequence[Story]) -> list[Story]:
    """The stories a question is linked to, in the order they were linked (gone ones left out)."""
    by_id = {s.entry.id: s for s in found}
    return [by_id[i] for i in question.stories if i in by_id]


def unlinked_from(entry_id: str | None, questions: Iterable[Question]) -> list[tuple[Question, Question]]:
    """The questions linked to a journal entry about to be deleted, without the link, as
    (changed, original) pairs (an undo puts the originals back)."""
    return [(dataclasses.replace(q, stories=[s for s in q.stories if s != entry_id]), q)
            for q in questions if entry_id in q.stories]
