"""The detail pane under the programs table: everything about the highlighted program."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape, to_content
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

_MARKS = {MET: "[$success]✔[/]", MISSING: "[$error]✘[/]", NEVER: "[$error]✘[/]", AFTER: "[$warning]…[/]"}


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def describe(row: ProgramRow, order: str) -> tuple[list[str], list[str]]:
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
    left.append(f"Cost: {fee}" + (f"  [$text-muted]({escape(p.fee_text)})[/]" if p.fee_text else ""))
    weeks = f"{p.duration_weeks} weeks" if p.duration_weeks else "duration unknown"
    left.append(f"{weeks} · {p.hands_on}")
    left.append(f"Deadline: {row.deadline.describe(order)}"
                + (f"  [$text-muted]({escape(p.deadline_text)})[/]" if p.deadline_text else ""))
    due = row.due
    if due:
        early, latest = preparation_window(due)
        left.append(f"Apply by {format_date(due, order)}; prepare documents from "
                    f"{format_date(early, order)} to {format_date(latest, order)}"
                    + (" [b $error]— preparation is late[/]" if row.late else ""))
    if p.start_dates:
        left.append("Starts: " + ", ".join(format_date(d, order) for d in p.start_dates))
    left.append(f"Supervisor: {escape(p.supervisor) or '[$error]none named[/]'} · academic affiliation: "
                f"{_yes_no(p.academic_affiliation)} · letter possible: {_yes_no(p.letter_possible)}")
    contact = " · ".join(escape(x) for x in (p.website, p.contact_name, p.contact_email,
                                             p.contact_phone) if x)
    left.append(f"Contact: {contact or '[$error]none[/]'}")
    if p.notes:
        left += ["", "[b]Notes[/b]", escape(p.notes)]
    if p.needs_review:
        left += ["", f"[b $warning]Needs review[/] {escape(p.review_notes)}"]

    right: list[str] = [f"[b]Eligibility: {row.eligibility.summary(order)}[/b]"]
    right += [f" {_MARKS.get(check.state, '[$text-muted]?[/]')} {escape(check.reason)}"
              for check in row.eligibility.checks]
    if not row.eligibility.checks:
        right.append(" [$text-muted]no requirements listed[/]")
    right.append(f"[b]Red flags: {len(row.flags)}[/b]")
    right += [f" [$error]⚑[/] {escape(reason)}" for _, reason in row.flags]
    right.append("[b]Materials[/b] (m to tick)")
    right += [f" {'[$success]✔[/]' if done else '☐'} {label}" for _, label, done in materials_checklist(p)]
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
        with Horizontal(id="program-detail-columns"):
            yield Static(id="program-detail-facts")
            yield Static(id="program-detail-checks")

    def show(self, row: ProgramRow | None, order: str) -> None:
        facts = self.query_one("#program-detail-facts", Static)
        checks = self.query_one("#program-detail-checks", Static)
        if row is None:
            columns = [to_content("[$text-muted]No program selected.[/]"), to_content("")]
        else:
            left, right = describe(row, order)
            columns = [to_content("\n".join(left)), to_content("\n".join(right))]
        facts.update(columns[0])
        checks.update(columns[1])
        self.plain = "\n".join(c.plain for c in columns).strip()
        self.scroll_home(animate=False)
