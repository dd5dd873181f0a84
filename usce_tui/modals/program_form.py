"""The program form (a modal): every field of a program, validated as a whole on ctrl+s.

The form returns the validated ``Program`` with ``dismiss``; the programs screen saves it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Checkbox, Footer, Input, Label, Select, SelectionList, Static, TextArea

from usce_tui.core.programs.form import TRISTATE, program_from_form, program_values
from usce_tui.core.programs.rules import MATERIAL_LABELS, REQUIREMENT_LABELS, materials_needed
from usce_tui.core.records import (
    DEADLINE_KINDS,
    FEE_PERIODS,
    HANDS_ON,
    MATERIALS,
    PROGRAM_STATUSES,
    PROGRAM_TYPES,
    REQUIREMENTS,
    Program,
)
from usce_tui.modals.record_form import Field, RecordForm

# (field id, label, vocabulary or None for a text box, placeholder) in form order.
FIELDS: tuple[tuple[str, str, tuple[str, ...] | None, str], ...] = (
    ("name", "Name *", None, "e.g. Internal Medicine Observership"),
    ("institution", "Institution", None, "hospital or university"),
    ("type", "Type", PROGRAM_TYPES, ""),
    ("specialty", "Specialty", None, "e.g. Internal Medicine"),
    ("city", "City", None, ""),
    ("state", "State", None, "e.g. IL"),
    ("hands_on", "Hands-on", HANDS_ON, ""),
    ("duration_weeks", "Duration (weeks)", None, "e.g. 4"),
    ("website", "Website", None, "example.org/program"),
    ("contact_name", "Contact name", None, ""),
    ("contact_email", "Contact email", None, "name@example.org"),
    ("contact_phone", "Contact phone", None, ""),
    ("supervisor", "Supervisor", None, "who supervises and can sign"),
    ("academic_affiliation", "Academic affiliation", TRISTATE, ""),
    ("letter_possible", "Letter possible", TRISTATE, ""),
    ("status", "Status", PROGRAM_STATUSES, ""),
    ("fee_amount", "Fee amount", None, "e.g. 1500 (blank: unknown)"),
    ("fee_currency", "Fee currency", None, "e.g. USD"),
    ("fee_period", "Fee period", FEE_PERIODS, ""),
    ("fee_text", "Fee as written", None, "e.g. $500 non-refundable"),
    ("deadline_kind", "Deadline kind", DEADLINE_KINDS, ""),
    ("deadline", "Deadline date", None, ""),
    ("deadline_text", "Deadline as written", None, "e.g. apply 3-6 months ahead"),
    ("start_dates", "Start dates", None, "comma-separated"),
    ("graduated_within_years", "Graduated within (y)", None, "years, if required"),
    ("review_notes", "Review notes", None, "what to check"),
)
DATE_FIELDS = ("deadline", "start_dates")


class ProgramForm(RecordForm[Program]):
    """Add or edit one program: every field of the record in a grid, the requirements and the
    materials as checklists, notes, and "needs review". Saving and cancelling work as in every
    ``RecordForm``."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, program: Program, order: str, today: date) -> None:
        title = f"Edit {program.name}" if program.id else "Add a program"
        super().__init__(title, [Field(key, label) for key, label, *_ in FIELDS],
                         program_values(program, order),
                         lambda values: program_from_form(values, program, order, today))
        self.program = program
        self.order = order

    def compose(self) -> ComposeResult:
        values = self.values
        hint = "DD/MM/YYYY" if self.order == "DMY" else "MM/DD/YYYY"
        with Vertical(id="program-form-box"):
            yield Static(self.title_text, classes="area-title")
            with VerticalScroll(id="program-form-scroll"):
                with Grid(id="program-form-grid"):
                    for key, label, choices, placeholder in FIELDS:
                        yield Label(label, classes="field-label")
                        if choices is None:
                            yield Input(str(values[key]), id=key,
                                        placeholder=hint if key in DATE_FIELDS else placeholder)
                        else:
                            yield Select([(c, c) for c in choices], id=key, allow_blank=False,
                                         value=values[key])
                yield Label("Requirements (space ticks)", classes="section-label")
                yield SelectionList[str](*((REQUIREMENT_LABELS[r], r, r in values["requirements"])
                                           for r in REQUIREMENTS), id="requirements")
                yield Label("Materials done (the checklist follows the requirements)",
                            classes="section-label")
                yield SelectionList[str](*self._material_items(values["materials_done"]),
                                         id="materials_done")
                yield Label("Notes", classes="section-label")
                yield TextArea(values["notes"], id="notes", soft_wrap=True)
                yield Checkbox("Needs review (details unclear or imported from a messy file)",
                               values["needs_review"], id="needs_review")
            yield Static(classes="record-form-errors")
            yield Static("tab: next field · ctrl+s: save · escape: cancel", classes="hint")
        yield Footer()

    def _material_items(self, done: list[str]) -> list[tuple[str, str, bool]]:
        needed = materials_needed(self.program)
        return [(MATERIAL_LABELS[m] + ("" if m in needed else "  (not needed)"), m, m in done)
                for m in MATERIALS]

    def form_values(self) -> dict[str, Any]:
        """What every field holds now, in the shape ``program_from_form`` reads."""
        values = super().form_values()
        values["requirements"] = list(self.query_one("#requirements", SelectionList).selected)
        values["materials_done"] = list(self.query_one("#materials_done", SelectionList).selected)
        values["notes"] = self.query_one("#notes", TextArea).text
        values["needs_review"] = self.query_one("#needs_review", Checkbox).value
        return values
