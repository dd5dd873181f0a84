"""Issue 18: the experiences written in ERAS's field order (Markdown and CSV), and the story bank
with the questions as Markdown."""

from __future__ import annotations

import csv
import io
from datetime import date

from usce_tui.core.eras.files import (
    ERAS_FIELDS,
    write_experiences_csv,
    write_experiences_markdown,
    write_stories_markdown,
)
from usce_tui.core.eras.rules import stories
from usce_tui.core.records import Experience, JournalEntry, Program, Question

RESEARCH = Experience(id="r", title="Research Assistant, Psychiatry", organization="Hillcrest (fictional)",
                      start=date(2026, 8, 17), end=date(2026, 9, 11), frequency="Daily",
                      location="Seattle, WA, USA", setting="Urban", kind="Research",
                      focus="Clinical/translational science", characteristic="Communication",
                      supervisor="Dr. Omar Haddad",
                      description="Screened charts, \"consent\", data.\nPresented.",
                      selected=True, meaningful=False, reflection="")
CAMPS = Experience(id="c", title="Volunteer Physician", organization="Andes Network (fictional)",
                   start=date(2024, 9, 1), end=None, frequency="Monthly", location="Cusco, Peru",
                   setting="Rural", kind="Volunteer/service/advocacy", description="Health camps.",
                   selected=True, meaningful=True, reflection="Why I want primary care.")
CLUB = Experience(id="x", title="Member, student chapter", organization="Society (fictional)",
                  selected=False)


def test_the_csv_has_erass_fields_in_erass_order_and_only_the_selected() -> None:
    rows = list(csv.reader(io.StringIO(write_experiences_csv([RESEARCH, CLUB, CAMPS]))))
    assert rows[0] == ["Position title", "Organization", "Start date", "End date",
                       "Frequency of participation", "Location", "Setting", "Experience type",
                       "Primary focus area", "Key characteristic", "Description", "Most meaningful",
                       "Reflection", "Supervisor (not an ERAS field)"]
    assert [r[0] for r in rows[1:]] == ["Volunteer Physician", "Research Assistant, Psychiatry"]  # ★ first
    camps, research = rows[1], rows[2]
    assert camps[2:4] == ["09/2024", "ongoing"] and camps[11:13] == ["yes", "Why I want primary care."]
    assert research == ["Research Assistant, Psychiatry", "Hillcrest (fictional)", "08/2026", "09/2026",
                        "Daily", "Seattle, WA, USA", "Urban", "Research", "Clinical/translational science",
                        "Communication", "Screened charts, \"consent\", data.\nPresented.", "no", "",
                        "Dr. Omar Haddad"]


def test_the_markdown_labels_every_field_in_order_with_the_lengths() -> None:
    text = write_experiences_markdown([RESEARCH, CLUB, CAMPS])
    assert "2 selected, 1 most meaningful" in text and "1 not selected is left out" in text
    assert "Member, student chapter" not in text
    camps = text[text.index("## 1. Volunteer Physician (most meaningful)"):text.index("## 2.")]
    positions = [camps.index(f"**{name}:**") for name in ERAS_FIELDS[:10]]
    assert positions == sorted(positions)
    assert "**Description** (13/750)" in camps and "**Reflection** (24/300)" in camps
    research = text[text.index("## 2. Research Assistant"):]
    assert "**Description** (45/750)" in research  # the line break counts two
    assert "**Reflection**" not in research  # only the most meaningful have one


def test_the_stories_file_groups_by_theme_then_lists_the_questions() -> None:
    program = Program(id="p", name="Psychiatry Research Assistant", supervisor="Dr. Omar Haddad")
    journal = [JournalEntry(id="a", date=date(2026, 9, 1), program_id="p", starred=True,
                            title="A case that taught me", body="Reconcile every medication.", tags=["case"]),
               JournalEntry(id="b", date=date(2026, 9, 4), program_id="p", starred=True,
                            title="Feedback session", body="Speak up earlier.", tags=["feedback"])]
    questions = [Question(id="q", text="Describe a challenging clinical situation.", stories=["a"],
                          note="Start with the pharmacist.", practised=date(2026, 11, 20))]
    text = write_stories_markdown(stories(journal, [program]), questions)
    bank, asked = text.split("# Interview questions")
    assert bank.index("## A case") < bank.index("### A case that taught me (01/09/2026 · Psychiatry "
                                                 "Research Assistant · seen by Dr. Omar Haddad)")
    assert bank.index("## Feedback") < bank.index("Speak up earlier.")
    section = asked[asked.index("## Describe a challenging"):asked.index("## Tell me about yourself.")]
    assert "- Story: A case that taught me (01/09/2026" in section
    assert "- Practice note: Start with the pharmacist." in section
    assert "- Last practised: 20/11/2026" in section  # as the app writes dates (it was 2026-11-20)
    in_mdy = write_stories_markdown(stories(journal, [program]), questions, "MDY")
    assert "Last practised: 11/20/2026" in in_mdy
    assert "## Why this specialty?\n\n- No story linked yet.\n- Last practised: never" in asked
