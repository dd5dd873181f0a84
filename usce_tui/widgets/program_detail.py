"""The detail pane under the programs table: everything about the highlighted program."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.markup import to_content
from textual.widgets import Static

from usce_tui.core.paperwork.rules import check_documents, rotation
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
from usce_tui.core.records import Document, Program
from usce_tui.widgets.markup import escape

_MARKS = {MET: "[$success]✔[/]", MISSING: "[$error]✘[/]", NEVER: "[$error]✘[/]", AFTER: "[$warning]…[/]"}


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _fee(p: Program) -> str:
    if p.fee is None:
        return "unknown" if p.fee_text else "no amount"
    if p.fee.amount == 0 and p.fee_high is None:
        return "free"
    amount = f"{p.fee.amount:,.2f}" + (f"–{p.fee_high:,.2f}" if p.fee_high is not None else "")
    return f"{amount} {p.fee.currency}" + ("" if p.fee_period == "once" else f" {p.fee_period}")


def _weeks(p: Program) -> str:
    low, high = p.duration_weeks, p.duration_max_weeks
    if low is None:
        return f"up to {high} weeks" if high else "duration unknown"
    return f"{low}–{high} weeks" if high else f"{low} weeks"


def describe(row: ProgramRow, order: str, documents: Sequence[Document] | None = None,
             today: date | None = None) -> tuple[list[str], list[str]]:
    """The pane's lines (Rich markup): facts on the left; eligibility, red flags, checklist and
    history on the right."""
    p = row.program
    left: list[str] = [f"[b]{escape(p.name)}[/b]"]
    if p.institution:
        left.append(escape(p.institution))
    where = escape(", ".join(x for x in (p.city, p.state) if x))
    specialty = escape(p.specialty) + (" ★ your specialty" if row.in_target else "")
    left.append(" · ".join(x for x in (p.type, specialty, where) if x))
    left.append(f"Cost: {_fee(p)}" + (f"  [$text-muted]({escape(p.fee_text)})[/]" if p.fee_text else ""))
    left.append(f"{_weeks(p)} · {p.hands_on}"
                + (f"  [$text-muted]({escape(p.duration_text)})[/]" if p.duration_text else ""))
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
    if p.visas or p.visa_support is not None:
        left.append(f"Visas accepted: {', '.join(p.visas) or 'not said'} · visa support: "
                    f"{_yes_no(p.visa_support)}")
    contact = " · ".join(escape(x) for x in (p.website, p.contact_name, p.contact_email,
                                             p.contact_phone) if x)
    left.append(f"Contact: {contact or '[$error]none[/]'}")
    if p.source_checked:
        checked = format_date(p.source_checked, order)
        left.append(f"[$text-muted]Listing checked at its source on {checked}[/]")
    if p.duplicate_of:
        twin = escape(row.twin) if row.twin else "a program no longer here"
        left += ["", f"[b $warning]Possible duplicate[/] of {twin} (same name, institution and city): "
                 "M merges the two, or keeps both"]
    if p.notes:
        left += ["", "[b]Notes[/b]", escape(p.notes)]
    if p.needs_review:
        left += ["", f"[b $warning]Needs review[/] {escape(p.review_notes)} [$text-muted](checked? e, "
                 "then empty the review notes)[/]"]

    right: list[str] = [f"[b]Eligibility: {row.eligibility.summary(order)}[/b]"]
    right += [f" {_MARKS.get(check.state, '[$text-muted]?[/]')} {escape(check.reason)}"
              for check in row.eligibility.checks]
    if not row.eligibility.checks:
        right.append(" [$text-muted]no requirements listed[/]")
    if p.eligibility_text:
        right += ["[b]Eligibility as written[/b]", escape(p.eligibility_text)]
    right.append(f"[b]Red flags: {len(row.flags)}[/b]")
    right += [f" [$error]⚑[/] {escape(reason)}" for _, reason in row.flags]
    right.append("[b]Materials[/b] (m to tick)")
    right += [f" {'[$success]✔[/]' if done else '☐'} {label}" for _, label, done in materials_checklist(p)]
    if documents is not None:
        window = rotation(p, today or date.today())
        when = (f"from {format_date(window[0], order)} to {format_date(window[1], order)}" if window
                else "no start date yet")
        right.append(f"[b]Documents for the rotation[/b] ({when}; key 7)")
        for check in check_documents(p, documents, today or date.today(), order):
            mark = {"valid": "[$success]✔[/]", "missing": "☐"}.get(check.state, "[$error]⚑[/]")
            right.append(f" {mark} {escape(check.text)}")
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

    def show(self, row: ProgramRow | None, order: str, documents: Sequence[Document] | None = None,
             today: date | None = None) -> None:
        facts = self.query_one("#program-detail-facts", Static)
        checks = self.query_one("#program-detail-checks", Static)
        if row is None:
            columns = [to_content("[$text-muted]No program selected.[/]"), to_content("")]
        else:
            left, right = describe(row, order, documents, today)
            columns = [to_content("\n".join(left)), to_content("\n".join(right))]
        facts.update(columns[0])
        checks.update(columns[1])
        self.plain = "\n".join(c.plain for c in columns).strip()
        self.scroll_home(animate=False)
