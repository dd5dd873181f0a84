"""Dashboard (key 1): where the user stands, and on an empty file, how to begin."""

from __future__ import annotations

from datetime import timedelta

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ..letters import next_action
from ..models import Letter, format_date
from ..profile import readiness, stage
from .base import BaseScreen

WELCOME = """\
# Welcome to USCE Navigator

Everything for your U.S. Clinical Experience in one place, saved in one file on this machine.

**Start here**

1. Press **6** and fill in your profile: graduation date, USMLE Step 1 / Step 2 CK, ECFMG
   certification, English test and visa. The app uses it to tell which programs you can
   apply to today.
2. Press **2** to add the programs you are considering.
3. Press **3** to plan what each trip will cost, **4** to track letters of recommendation,
   and **5** to keep a journal during your rotations.

**Just looking?** Quit with **ctrl+q** and run `usce --demo` (or `make demo`): it opens a
temporary copy of a fictional applicant's data to explore, and nothing you change there is kept.

Press **?** at any time for every key, or **ctrl+p** for the command palette.
"""


class DashboardScreen(BaseScreen):
    """What needs doing next; the full dashboard comes with its own issue."""

    text = ""  # the Markdown source last shown

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static(id="dashboard-text")
        yield Footer()

    def refresh_data(self) -> None:
        self.text = self.summary()
        self.query_one("#dashboard-text", Static).update(RichMarkdown(self.text))

    def summary(self) -> str:
        """The dashboard as Markdown: the welcome on an empty file, else where things stand."""
        store = self.store
        if store.is_empty():
            return WELCOME
        profile = store.profile()
        counts = store.counts()
        who = profile.name or "You"
        lines = [f"# {who}", "", f"Stage: **{stage(profile, self.usce.today())}**", "",
                 "## Readiness", ""]
        for item, done, detail in readiness(profile):
            lines.append(f"- {'✔' if done else '✘'} {item}: {detail}")
        today = self.usce.today()
        due = [(x, next_action(x, today, profile.letter_reminder_days)) for x in store.all(Letter)]
        due = [(x, a) for x, a in due if a.due is not None and a.due <= today + timedelta(days=7)]
        if due:
            lines += ["", "## Letters to act on", ""]
            for letter, action in sorted(due, key=lambda pair: pair[1].due or today):
                when = (f"**overdue since {format_date(action.due, profile.date_order)}**"
                        if action.overdue else f"by {format_date(action.due, profile.date_order)}")
                lines.append(f"- {letter.writer_name}: {action.text}, {when}")
        lines += ["", "## Your data", ""]
        labels = (("programs", "programs"), ("trips", "trips"), ("expenses", "cost lines"),
                  ("letters", "letters"), ("journal", "journal entries"))
        lines += [f"- {counts[table]} {label}" for table, label in labels]
        if not profile.name:
            lines += ["", "Press **6** to fill in your profile."]
        return "\n".join(lines)
