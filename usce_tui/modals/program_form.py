"""The program form (a modal): every field of a program, validated as a whole on ctrl+s.

The form returns the validated ``Program`` with ``dismiss``; the programs screen saves it.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Checkbox, Label, SelectionList, TextArea

from usce_tui.core.programs.form import PROGRAM_FIELDS, program_from_form, program_values
from usce_tui.core.programs.rules import MATERIAL_LABELS, REQUIREMENT_LABELS, materials_needed
from usce_tui.core.records import MATERIALS, REQUIREMENTS, Program
from usce_tui.modals.record_form import RecordForm
from usce_tui.widgets.text_editor import TextEditor
from usce_tui.widgets.ticks import TickBox, Ticks


class ProgramForm(RecordForm[Program]):
    """Add or edit one program: every field of the record in a grid, "needs review" below its
    review notes, the requirements and the materials as checklists, and notes. Saving and
    cancelling work as in every ``RecordForm``."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    GRID_CLASSES = "pairs"

    def __init__(self, program: Program, order: str, today: date) -> None:
        title = f"Edit {program.name}" if program.id else "Add a program"
        super().__init__(title, PROGRAM_FIELDS, program_values(program, order),
                         lambda values: program_from_form(values, program, order, today), order=order)
        self.program = program

    def compose_after_fields(self) -> ComposeResult:
        values = self.values
        # beside the grid's last field, Review notes: what to check and "checked" are one place
        yield TickBox("Needs review (details unclear or imported from a messy file)",
                      values["needs_review"], id="needs_review")
        yield Label("Requirements (space ticks)", classes="section-label")
        yield Ticks(*((REQUIREMENT_LABELS[r], r, r in values["requirements"])
                                   for r in REQUIREMENTS), id="requirements")
        yield Label("Materials done (the checklist follows the requirements)", classes="section-label")
        yield Ticks(*self._material_items(values["materials_done"]), id="materials_done")
        yield Label("Notes", classes="section-label")
        yield TextEditor(values["notes"], id="notes", soft_wrap=True)

    def _material_items(self, done: list[str]) -> list[tuple[str, str, bool]]:
        needed = materials_needed(self.program)
        return [(self._material_label(m, needed), m, m in done) for m in MATERIALS]

    @staticmethod
    def _material_label(material: str, needed: list[str]) -> str:
        return MATERIAL_LABELS[material] + ("" if material in needed else "  (not needed)")

    @on(SelectionList.SelectedChanged, "#requirements")
    def _requirements_changed(self) -> None:
        """The materials say what the requirements ticked now call for (a newcomer ticked Step 1,
        ECFMG and malpractice, and the list below still called their documents not needed)."""
        ticked = list(self.query_one("#requirements", SelectionList).selected)
        needed = materials_needed(dataclasses.replace(self.program, requirements=ticked))
        materials = self.query_one("#materials_done", SelectionList)
        for index, material in enumerate(MATERIALS):
            materials.replace_option_prompt_at_index(index, Content(self._material_label(material, needed)))

    def form_values(self) -> dict[str, Any]:
        """What every field holds now, in the shape ``program_from_form`` reads."""
        values = super().form_values()
        values["requirements"] = list(self.query_one("#requirements", SelectionList).selected)
        values["materials_done"] = list(self.query_one("#materials_done", SelectionList).selected)
        values["notes"] = self.query_one("#notes", TextArea).text
        values["needs_review"] = self.query_one("#needs_review", Checkbox).value
        return values
