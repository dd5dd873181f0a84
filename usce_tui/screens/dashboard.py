"""Dashboard (key 1): what to do today, and where things stand; on an empty file, how to begin."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import to_content
from textual.widgets import DataTable, Static

from usce_tui.core.budget.rules import budget_lines, overview, rate_table
from usce_tui.core.dashboard import Task, next_tasks, unlocks
from usce_tui.core.journal.rules import heatmap, streaks
from usce_tui.core.letters.rules import check_letters
from usce_tui.core.parse import counted, format_date
from usce_tui.core.profile.rules import readiness, stage
from usce_tui.core.records import Correspondence, Document, Expense, Letter, Profile, Program, Trip
from usce_tui.screens.base import BaseScreen
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.markup import escape
from usce_tui.widgets.paged_table import PagedTable

WELCOME = """\
# Welcome to USCE Navigator

Everything for your U.S. Clinical Experience in one place, saved in one file on this machine.

**Start here**

1. Press **6** and fill in your profile: graduation date, USMLE Step 1 / Step 2 CK, ECFMG
   certification, English test and visa. The app uses it to tell which programs you can
   apply to today.
2. Press **2** to add the programs you are considering (or import your spreadsheet: **ctrl+p**,
   "Import programs").
3. Press **3** to plan what each trip will cost, **4** to track letters of recommendation,
   **5** to keep a journal during your rotations, **7** for the paperwork: documents that
   expire (TB test, BLS, passport...) and your emails with programs, and **8** to turn your
   rotations and starred entries into ERAS experiences and interview stories.

**Just looking?** Quit with **ctrl+q** and run `usce --demo` (or `make demo`): it opens a
temporary copy of a fictional applicant's data to explore, and nothing you change there is kept.

Press **?** at any time for every key, or **ctrl+p** for the command palette.
"""


class DashboardScreen(BaseScreen):
    """Next steps (enter jumps to the record), readiness, money, letters and the journal."""

    AREA = "Dashboard"
    NEEDS_RECORD = frozenset({"open_task"})
    AUTO_FOCUS = "#dash-next"
    HELP = """
Next  deadlines and apply-by dates within 90 days; documents to start preparing; letters due
      within a week; trips within 30 days with costs still planned; follow-ups with programs
      within a week; paperwork (a document or passport that will not last, a visa step)
      however far ahead
Not listed  programs you can never be eligible for (on Programs)
tab  from the tasks to the page: the arrows then scroll to readiness, money, letters, journal
late  a task past its date (red); a week or less left in yellow
"""
    BINDINGS = [Binding("o", "open_task", "Open", id="dashboard-open",
                        tooltip="Open the record of the highlighted task (or enter)")]
    text = ""  # everything shown, as plain text (for tests and screen readers)
    tasks: list[Task] | None = None  # None until the file is read (the footer then shows o)

    def compose(self) -> ComposeResult:
        yield self.area_bar()
        with VerticalScroll(id="dashboard"):  # tab reaches it: the arrows then scroll the page
            yield Static(id="dash-welcome")
            yield Static(id="dash-title")
            # on a laptop the date goes, before the task is cut: "45 late", "in 15" say when
            yield PagedTable[tuple[str, Text, Text, Text]](
                (("When", 12), ("Days", 10), ("What", 56)), lambda row: row[1:], lambda row: row[0],
                priority=(1, 2, 0), stretch=2, id="dash-next")
            yield Static(id="dash-left-out")
            with Horizontal(classes="dash-row"):
                yield Static(id="dash-readiness", classes="dash-box")
                yield Static(id="dash-money", classes="dash-box")
            with Horizontal(classes="dash-row"):
                yield Static(id="dash-letters", classes="dash-box")
                yield Static(id="dash-journal", classes="dash-box")
        yield KeyFooter()

    def refresh_data(self) -> None:
        if not self.data_changed():
            return
        empty = self.store.is_empty()
        self.show_empty_state(empty, ("#dash-title", "#dash-next", "#dash-left-out", ".dash-row"),
                              welcome="#dash-welcome")  # (the line under Next: set by _next)
        if empty:
            self.text = WELCOME
            from rich.markdown import Markdown  # only an empty file needs it

            self.query_one("#dash-welcome", Static).update(Markdown(WELCOME))
            return
        parts = [self._title(), self._next(), self._readiness(), self._money(), self._letters(),
                 self._journal()]
        self.text = "\n\n".join(parts)

    # -- sections (each updates its widget and returns its plain text) -------------------
    def _set(self, widget_id: str, text: Text | str) -> str:
        self.query_one(widget_id, Static).update(text)
        return text.plain if isinstance(text, Text) else to_content(text).plain

    def _title(self) -> str:
        profile = self.profile = self.store.profile()
        who = profile.name or ("Your profile cannot be read: mend it (ctrl+p, Damaged records)"
                               if self.store.damaged_of(Profile) else "You (press 6 to fill in your profile)")
        where = stage(profile, self.usce.today())
        return self._set("#dash-title", f"[b]{escape(who)}[/b] · stage: [b]{where}[/b]")  # name as typed

    def _next(self) -> str:
        today, order = self.usce.today(), self.profile.date_order
        self.programs = self.store.all(Program)
        self.trips, self.expenses = self.store.all(Trip), self.store.all(Expense)
        self.letters = self.store.all(Letter)
        self.lines = budget_lines(self.expenses, self.trips, self.programs, self.profile.fee_range_end)
        left_out: list[Program] = []
        self.tasks = next_tasks(self.programs, self.letters, self.trips, self.expenses, self.profile, today,
                                self.store.all(Document), self.store.all(Correspondence), self.lines,
                                left_out)
        # a deadline missing from Next says why (a newcomer looked for one 58 days away)
        note = self.query_one("#dash-left-out", Static)
        note.update(f"Not listed: {counted(len(left_out), 'program')} you can never be eligible for "
                    "(on Programs)." if left_out else "")
        note.display = bool(left_out)
        table = self.query_one("#dash-next", PagedTable)
        rows: list[tuple[str, Text, Text, Text]] = []
        lines = ["Next"]
        for index, task in enumerate(self.tasks):
            days = task.days_left(today)
            when = "today" if days == 0 else (f"{-days} late" if days < 0 else f"in {days}")
            style = (self.themed("error", bold=True) if days < 0
                     else self.themed("warning") if days <= 7 else "")
            rows.append((str(index), Text(format_date(task.due, order), style=style),
                         Text(when, style=style), Text(task.text, style=style)))
            lines.append(f"{format_date(task.due, order)} {when} {task.text}")
        if not self.tasks:
            rows.append(("none", Text(""), Text(""),
                         Text("Nothing due in the next 90 days.", style="dim")))
        table.show(rows)
        table.styles.height = min(max(len(self.tasks), 1), 14) + 1
        self.refresh_bindings()  # o opens a task: shown only while there is one
        return "\n".join(lines)

    def _readiness(self) -> str:
        opened = unlocks(self.profile, self.programs, self.usce.today())
        lines = ["[b]Readiness[/b]"]
        for item, done, detail in readiness(self.profile):
            extra = ""
            if not done and opened.get(item):
                extra = f" → would open {counted(opened[item], 'more program')}"
            lines.append(f"{'[$success]✔[/]' if done else '[$error]✘[/]'} {item}: {detail}{extra}")
        return self._set("#dash-readiness", "\n".join(lines))

    def _money(self) -> str:
        home, profile = self.profile.home_currency, self.profile
        figures = overview(self.lines, home, rate_table(profile.exchange_rates), profile.budget_total)
        out = [f"[b]Money ({home})[/b]", f"Planned   {figures.planned.describe(notes=False)}",
               f"Paid      {figures.actual.describe(notes=False)}"]
        if figures.remaining is not None:
            style = "$error" if figures.remaining.amount < 0 else "$success"
            # as Budget says it ("Remaining", beside "Planned", read as money still to pay)
            out.append(f"[{style}]Left of your budget {figures.remaining.describe_left()}[/]")
        else:
            out.append("[$text-muted]Set a total budget and rates on the Budget screen (3, then r)[/]")
        return self._set("#dash-money", "\n".join(out))

    def _letters(self) -> str:
        checks = check_letters(self.letters, self.profile, self.usce.today())
        lines = (escape(line) for line in checks.lines())  # specialties as typed
        return self._set("#dash-letters", "[b]Letters[/b]\n" + "\n".join(lines))

    def _journal(self) -> str:
        today = self.usce.today()
        days = self.store.journal_days()
        current, longest = streaks(days, today)
        text = Text("Journal\n", style="bold")
        text.append(f"Today: {'written ✔' if today in days else 'not yet (5, then a)'}\n")
        text.append(f"Streak: {counted(current, 'day')}, longest {longest}\n")
        text.append("\n".join(f"{label} {row}" for label, row in
                               zip("MTWTFSS", heatmap(days, today, weeks=12), strict=True)))
        return self._set("#dash-journal", text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_task" and self.tasks == []:
            return False  # "Nothing due in the next 90 days": nothing to open
        return super().check_action(action, parameters)

    # -- jumping to a record -------------------------------------------------------------
    @on(DataTable.RowSelected, "#dash-next")
    async def _selected(self) -> None:
        await self.action_open_task()

    async def action_open_task(self) -> None:
        """Go to the screen of the highlighted task, with its record under the cursor."""
        index = self.query_one("#dash-next", PagedTable).index or 0
        if not self.tasks or not 0 <= index < len(self.tasks):
            return
        task = self.tasks[index]
        await self.usce.open_record(task.area, task.record_id)
