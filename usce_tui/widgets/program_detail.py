"""The detail pane under the programs table: everything about the highlighted program."""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from usce_tui.core.parse import format_date
from usce_tui.core.programs.rules import (
    AFTER,
    MET,
    MISSING,
    NEVER,
    materials_checklist,
    preparation_window,
)
from usce_tui.core.programs.view import ProgramRow

_MARKS = {MET: "[green]✔[/]", MISSING: "[red]✘[/]", NEVER: "[red]✘[/]", AFTER: "[yellow]…[/]"}


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def describe(row: ProgramRow, order: str, today: date) -> tuple[list[str], list[str]]:
    """The pane's lines (Rich markup): facts on the left; eligibility, red flags, checklist and
    history on the right."""
    p = row.program
    left: list[str] = [f"[b]{escape(p.name)}[/b]"]
    if p.institution:
        left.append(escape(p.institution))
    where = escape(", ".join(x for x in (p.city, p.state) if x))
    specialty = escape(p.specialty) + (" ★ your specialty" if row.in_target else "")
    left.append(" · ".join(x for x in (p.type, specialty, where) if x))
    fee = str(p.fee) + ("" if p.fee_period == "once" else f" {p.fee_period}") if p.fee else "no amount"
    fee = "free" if p.fee is not None and p.fee.amount == 0 else fee
    left.append(f"Cost: {fee}" + (f"  [dim]({escape(p.fee_text)})[/]" if p.fee_text else ""))
    weeks = f"{p.duration_weeks} weeks" if p.duration_weeks else "duration unknown"
    left.append(f"{weeks} · {p.hands_on}")
    left.append(f"Deadline: {row.deadline.describe(order)}"
                + (f"  [dim]({escape(p.deadline_text)})[/]" if p.deadline_text else ""))
    due = row.due
    if due:
        early, latest = preparation_window(due)
        left.append(f"Apply by {format_date(due, order)}; prepare documents from "
                    f"{format_date(early, order)} to {format_date(latest, order)}"
                    + (" [b red]— preparation is late[/]" if row.late else ""))
    if p.start_dates:
        left.append("Starts: " + ", ".join(format_date(d, order) for d in p.start_dates))
    left.append(f"Supervisor: {escape(p.supervisor) or '[red]none named[/]'} · academic affiliation: "
                f"{_yes_no(p.academic_affiliation)} · letter possible: {_yes_no(p.letter_possible)}")
    contact = " · ".join(escape(x) for x in (p.website, p.contact_name, p.contact_email,
                                             p.contact_phone) if x)
    left.append(f"Contact: {contact or '[red]none[/]'}")
    if p.notes:
        left += ["", "[b]Notes[/b]", escape(p.notes)]
    if p.needs_review:
        left += ["", f"[b yellow]Needs review[/] {escape(p.review_notes)}"]

    right: list[str] = [f"[b]Eligibility: {row.eligibility.summary(order)}[/b]"]
    right += [f" {_MARKS.get(c.state, '[dim]?[/]')} {escape(c.reason)}" for c in row.eligibility.checks]
    if not row.eligibility.checks:
        right.append(" [dim]no requirements listed[/]")
    right.append(f"[b]Red flags: {len(row.flags)}[/b]")
    right += [f" [red]⚑[/] {escape(reason)}" for _, reason in row.flags]
    right.append("[b]Materials[/b] (m to tick)")
    right += [f" {'[green]✔[/]' if done else '☐'} {label}" for _, label, done in materials_checklist(p)]
    right.append("[b]Status history[/b] (p to change)")
    right += [f" {format_date(h.on, order)} {h.status}" + (f" — {escape(h.note)}" if h.note else "")
              for h in p.history]
    return left, right


class ProgramDetail(VerticalScroll):
    """A scrollable pane; ``show`` fills it from a row (or says nothing is selected).

    ``plain`` holds the text shown, for tests and screen readers.
    """

    plain = ""

    def compose(self) -> ComposeResult:
        yield Static(id="program-detail-text")

    def show(self, row: ProgramRow | None, order: str, today: date) -> None:
        text = self.query_one("#program-detail-text", Static)
        if row is None:
            self.plain = "No program selected."
            text.update(Text(self.plain, style="dim"))
        else:
            left, right = describe(row, order, today)
            columns = Text.from_markup("\n".join(left)), Text.from_markup("\n".join(right))
            grid = Table.grid(expand=True, padding=(0, 2))
            grid.add_column(ratio=3)
            grid.add_column(ratio=2)
            grid.add_row(*columns)
            self.plain = "\n".join(c.plain for c in columns)
            text.update(grid)
        self.scroll_home(animate=False)
