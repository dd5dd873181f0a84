"""The import of a spreadsheet as a conversation: before anything is written, the columns found
and the field each feeds (enter on one changes it), the programs to be added, those skipped and
why, the possible duplicates and those that need review; ctrl+s imports, escape writes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from usce_tui.core.programs.files import FIELD_TITLES, NOTES, ImportReport
from usce_tui.modals.dialogs import ChoiceDialog
from usce_tui.modals.quick import QuickScreen
from usce_tui.widgets.key_footer import KeyFooter

KEPT = "(kept in the notes)"
LEFT_OUT = "(left out)"
Reread = Callable[[dict[int, str | None], str | None], Awaitable[ImportReport | str]]


def _title(key: str | None) -> str:
    return LEFT_OUT if key is None else KEPT if key == NOTES else FIELD_TITLES.get(key, key)


def report_text(report: ImportReport) -> str:
    """What the import would do, row by row, as the preview lists it."""
    out = [f"To add: {len(report.added)}   skipped: {len(report.skipped)}   possible duplicates: "
           f"{len(report.duplicates)}   needs review: {len(report.review)}", ""]
    out += [f"review row {row} {p.name}: {p.review_notes}" for row, p in report.review]
    out += [f"dup?   row {row} {p.name}: {why}" for row, p, why in report.duplicates]
    out += [f"skip   row {row}: {why}" for row, why in report.skipped]
    plain = [(row, p) for row, p in report.added if not p.needs_review and not p.duplicate_of]
    out += [f"add    row {row} {p.name}" for row, p in plain]
    if report.blank_rows:
        out.append(f"blank rows ignored: {report.blank_rows}")
    return "\n".join(out)


class ImportPreview(ModalScreen[ImportReport | None], QuickScreen):
    """Show what an import would do; return the report to import, or None (nothing written)."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", "Import", id="preview-import", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="preview-cancel", priority=True),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("s", "sheet", "Sheet", id="preview-sheet", priority=True,
                tooltip="Read another sheet of the workbook"),
    ]

    def __init__(self, name: str, report: ImportReport, reread: Reread) -> None:
        super().__init__()
        self.file_name = name
        self.report = report
        self.reread = reread
        self.mapping: dict[int, str | None] = {}
        self.sheet: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="preview-box", classes="dialog-box"):
            yield Static(id="preview-title", classes="area-title")
            yield Static("Columns found (enter on one to change the field it feeds):", classes="hint")
            yield OptionList(id="preview-columns", markup=False)  # a file's own headers
            with VerticalScroll(id="preview-scroll"):
                yield Static(id="preview-rows")
            yield Static(id="preview-hint", classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show(self.report)
        self.query_one("#preview-columns", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "sheet" or len(self.report.sheets) > 1

    def show(self, report: ImportReport) -> None:
        self.report = report
        sheet = (f", sheet {report.sheet!r} of {len(report.sheets)} (s: another)"
                 if len(report.sheets) > 1 else "")
        self.query_one("#preview-title", Static).update(Text(f"Import programs from {self.file_name}{sheet}"))
        self.refresh_bindings()
        columns = self.query_one("#preview-columns", OptionList)
        at = columns.highlighted
        columns.clear_options()
        columns.add_options([Option(f"{header:<28.28} → {_title(key)}") for header, key in report.columns])
        columns.highlighted = at if at is not None else 0
        self.query_one("#preview-rows", Static).update(Text(report_text(report)))
        self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)
        count = len(report.added)
        action = (f"ctrl+s: import {count} program{'s' if count != 1 else ''} in one step (u undoes it)"
                  if count else "nothing to import: every row is already here or has no name")
        self.query_one("#preview-hint", Static).update(
            f"{action} · tab: the rows · escape: cancel, nothing is written")

    @on(OptionList.OptionSelected, "#preview-columns")
    def _column_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.change_column(event.option_index)

    @work(exclusive=True, group="preview-column")
    async def change_column(self, index: int) -> None:
        """Ask which field a column feeds, then read the file again with it."""
        header, key = self.report.columns[index]
        titles = [KEPT, LEFT_OUT, *FIELD_TITLES.values()]  # the fields a column of one's own can feed
        current = _title(key)
        chosen = await self.app.push_screen_wait(ChoiceDialog(f"Column {header!r} feeds…", titles, current))
        if chosen is None or chosen == current:
            return
        field = NOTES if chosen == KEPT else next((k for k, title in FIELD_TITLES.items() if title == chosen),
                                                  None)
        mapping = {**self.mapping, index: field}
        result = await self.reread(mapping, self.sheet)
        if isinstance(result, str):  # the new mapping leaves no name column, or the file changed
            self.notify(result, title="Column not changed", severity="error", timeout=10)
            return
        self.mapping = mapping
        self.show(result)

    @work(exclusive=True, group="preview-column")
    async def action_sheet(self) -> None:
        """Read another sheet of the workbook (the columns are found again)."""
        chosen = await self.app.push_screen_wait(ChoiceDialog("Read which sheet?", self.report.sheets,
                                                              self.report.sheet))
        if chosen is None or chosen == self.report.sheet:
            return
        result = await self.reread({}, chosen)
        if isinstance(result, str):
            self.notify(result, title="Sheet not read", severity="error", timeout=10)
            return
        self.sheet, self.mapping = chosen, {}
        self.show(result)

    def action_confirm(self) -> None:
        if not self.report.added:
            self.notify("Nothing to import: every row is skipped.", severity="warning")
            return
        self.dismiss(self.report)
