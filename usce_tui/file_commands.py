"""What the app does with files other than the data file: every export, the imports of programs
and journal entries, and a backup on request. The command line does the same through the same
functions (``core.exports.export_bytes``, ``store.transfer``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from usce_tui.core.exports import EXPORTS, export_bytes
from usce_tui.modals.dialogs import PathDialog, ReportDialog
from usce_tui.store.storage import StorageError

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from usce_tui.store.store import Store

IMPORTS = {
    "programs": ("Import programs from a CSV file",
                 "Headers such as Program, Institution, Cost, Deadline are recognised; rows already "
                 "here are skipped. enter: import · escape: cancel"),
    "journal": ("Import journal entries from jrnl or Day One",
                "A JSON export of jrnl (jrnl --format json) or Day One; entries already here are "
                "skipped. enter: import · escape: cancel"),
}


class FileCommands(App[int]):
    """Exports, imports and backups, each asking for a path and saying what it did."""

    store: Store
    _today: Callable[[], date]  # set by the app (injectable, so tests can move the clock)

    def today(self) -> date:
        """Today, by the app's clock."""
        return self._today()

    @work(exclusive=True, group="file-command")
    async def export_file(self, what: str) -> None:
        """Ask where, then write one export; the path written is shown."""
        name, about = EXPORTS[what]
        path = await self.push_screen_wait(PathDialog(
            f"Export {about}", "enter: write the file · escape: cancel", str(Path.home() / name)))
        if path is None:
            return
        from usce_tui.store.transfer import write_export  # the readers and writers load when used

        try:
            write_export(path, export_bytes(what, self.store.dataset(), self.today()))
        except StorageError as exc:
            self.notify(str(exc), title="Not exported", severity="error", timeout=10)
            return
        self.notify(f"Wrote {path}.", timeout=8)

    @work(exclusive=True, group="file-command")
    async def import_file(self, what: str) -> None:
        """Ask for a file, add what it holds in one write, then show the report."""
        title, hint = IMPORTS[what]
        path = await self.push_screen_wait(PathDialog(title, hint, must_exist=True))
        if path is None:
            return
        from usce_tui.store.transfer import import_journal, import_programs

        try:
            if what == "journal":
                lines = import_journal(self.store, path).lines()
            else:
                lines = import_programs(self.store, path, self.today()).lines()
        except StorageError as exc:
            self.notify(str(exc), title="Nothing imported", severity="error", timeout=10)
            return
        await self.switch_mode(what)
        await self.push_screen_wait(ReportDialog(f"Imported from {path.name}", lines))

    def backup_now(self) -> None:
        """Copy the data file into its backups folder now."""
        try:
            made = self.store.backup_now()
        except StorageError as exc:
            self.notify(str(exc), title="No backup", severity="error", timeout=10)
            return
        self.notify(f"Backed up to {made}.", timeout=8)
