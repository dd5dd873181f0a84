"""The experiences in ERAS's field order (Markdown to paste from, or CSV), and the story bank
with the interview questions as Markdown."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from usce_tui.core.cells import SafeWriter
from usce_tui.core.eras.rules import (
    DESCRIPTION_LIMIT,
    REFLECTION_LIMIT,
    Story,
    all_questions,
    eras_length,
    linked_stories,
    story_bank,
)
from usce_tui.core.parse import format_date
from usce_tui.core.records import Experience, Question

# ERAS's order: the descriptive information, the categories, the description; then, for the
# most meaningful, the reflection.
ERAS_FIELDS = ("Position title", "Organization", "Start date", "End date", "Frequency of participation",
               "Location", "Setting", "Experience type", "Primary focus area", "Key characteristic",
               "Description", "Most meaningful", "Reflection")


def month_year(day: date | None, ongoing: str = "") -> str:
    """A date as ERAS asks for it (month and year)."""
    return day.strftime("%m/%Y") if day else ongoing


def in_eras_order(experiences: Sequence[Experience]) -> list[Experience]:
    """The selected experiences, most meaningful first, then the latest first."""
    chosen = [e for e in experiences if e.selected]
    return sorted(chosen, key=lambda e: (not e.meaningful, -(e.start or date.min).toordinal(), e.title))


def eras_values(experience: Experience) -> list[str]:
    """One experience's values in ``ERAS_FIELDS`` order."""
    return [experience.title, experience.organization, month_year(experience.start),
            month_year(experience.end, "ongoing" if experience.start else ""), experience.frequency,
            experience.location, experience.setting, experience.kind, experience.focus,
            experience.characteristic, experience.description,
            "yes" if experience.meaningful else "no", experience.reflection if experience.meaningful else ""]


def write_experiences_csv(experiences: Sequence[Experience]) -> str:
    """A CSV with one row per selected experience, the columns in ERAS's order."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow([*ERAS_FIELDS, "Supervisor (not an ERAS field)"])
    for experience in in_eras_order(experiences):
        writer.writerow([*eras_values(experience), experience.supervisor])
    return out.getvalue()


def write_experiences_markdown(experiences: Sequence[Experience]) -> str:
    """The selected experiences, one section each, every field labelled as ERAS labels it, the
    description and the reflection with their ERAS length."""
    chosen = in_eras_order(experiences)
    left_out = len(experiences) - len(chosen)
    out = ["# ERAS experiences", "",
           f"{len(chosen)} selected, {sum(e.meaningful for e in chosen)} most meaningful, in ERAS's "
           "field order (lengths as ERAS counts them)."
           + (f" {left_out} not selected {'is' if left_out == 1 else 'are'} left out." if left_out else ""),
           ""]
    for number, experience in enumerate(chosen, 1):
        values = dict(zip(ERAS_FIELDS, eras_values(experience), strict=True))
        star = " (most meaningful)" if experience.meaningful else ""
        out += [f"## {number}. {experience.title or '(no title)'}{star}", ""]
        out += [f"- **{name}:** {values[name] or '—'}" for name in ERAS_FIELDS[:10]]
        if experience.supervisor:
            out.append(f"- *Supervisor (not an ERAS field):* {experience.supervisor}")
        out += ["", f"**Description** ({eras_length(experience.description)}/{DESCRIPTION_LIMIT})", "",
                experience.description or "(not written yet)", ""]
        if experience.meaningful:
            out += [f"**Reflection** ({eras_length(experience.reflection)}/{REFLECTION_LIMIT})", "",
                    experience.reflection or "(not written yet)", ""]
    return "\n".join(out).rstrip() + "\n"


def _story_line(story: Story, order: str = "DMY") -> str:
    entry = story.entry
    where = " · ".join(x for x in (format_date(entry.date, order) or "undated", story.rotation,
                                   f"seen by {story.witness}" if story.witness else "") if x)
    return f"{entry.title or '(untitled)'} ({where})"


def write_stories_markdown(found: Sequence[Story], questions: Sequence[Question], order: str = "DMY") -> str:
    """The story bank by theme (each story with its text), then every interview question with
    its linked stories, practice note and the day it was last practised (dates in the profile's
    ``order``, as everywhere else: the bank alone wrote 2026-12-07)."""
    out = ["# Story bank", "",
           "Starred journal entries, by theme: material for the personal statement and interviews.", ""]
    if not found:
        out += ["No starred entries yet: star an entry in the journal (★) to bank its story.", ""]
    for theme, items in story_bank(found):
        out += [f"## {theme}", ""]
        for story in items:
            out += [f"### {_story_line(story, order)}", "", story.entry.body.strip() or "(no text)", ""]
    out += ["# Interview questions", ""]
    for question in all_questions(questions):
        out += [f"## {question.text}", ""]
        linked = linked_stories(question, found)
        out += [f"- Story: {_story_line(story, order)}" for story in linked] or ["- No story linked yet."]
        if question.note:
            out.append(f"- Practice note: {question.note}")
        out += [f"- Last practised: {format_date(question.practised, order) or 'never'}", ""]
    return "\n".join(out).rstrip() + "\n"
