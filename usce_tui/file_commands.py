"""What the app does with files: every export, the imports of programs and journal entries, a
backup on request, restoring a backup, and keeping up with the data file when a sync tool or
another device changes it (merging, conflicts, conflict copies, damaged records). The command
line does the same through the same functions (``core.exports.export_bytes``, ``store.transfer``,
``store.copies``)."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.screen import ModalScreen

from usce_tui.core.exports import EXPORTS, export_bytes, wrong_kind
from usce_tui.core.parse import counted, one_or_many
from usce_tui.modals.dialogs import NOT_SAVED, ChoiceDialog, ConfirmDialog, PathDialog, ReportDialog
from usce_tui.modals.sync_dialogs import ConflictDialog, DamagedDialog
from usce_tui.store.storage import StorageError
from usce_tui.store.store import unreadable
from usce_tui.widgets.text_box import takes_typing

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from usce_tui.core.programs.files import ImportReport
    from usce_tui.store.store import Store

IMPORTS = {
    "programs": ("Import programs from a spreadsheet (CSV or Excel .xlsx)",
                 "Headers such as Program, Institution, Cost, Deadline are recognised; you see what "
                 "would be added before anything is. enter: preview · escape: cancel"),
    "journal": ("Import journal entries from jrnl or Day One",
                "A JSON export of jrnl (jrnl --format json) or Day One; entries already here are "
                "skipped. enter: import · escape: cancel"),
}


class FileCommands(App[int]):
    """Exports, imports and backups, each asking for a path and saying what it did."""

    store: Store
    demo: bool = False  # a temporary copy of the sample: no conflict copies to look for
    _today: Callable[[], date]  # set by the app (injectable, so tests can move the clock)

    def today(self) -> date:
        """Today, by the app's clock."""
        return self._today()

    @work(exclusive=True, group="file-command")
    async def export_file(self, what: str) -> None:
        """Ask where, then write one export; the path written is shown."""
        name, about = EXPORTS[what]
        from usce_tui.store.transfer import refuse_data_files

        def refused(target: Path) -> str:
            if target.is_dir():  # (the box stays open: keys typed next are not lost on the screen)
                return f"{target} is a folder; type a file name after it, such as {name}"
            try:
                refuse_data_files(target, self.store.path)
            except StorageError as exc:
                return str(exc)
            return wrong_kind(what, target.name)

        path = await self.push_screen_wait(PathDialog(
            f"Export {about}", "type a path to replace the one suggested · enter: write the file · "
            "escape: cancel", str(Path.home() / name), check=refused, suggested=True))
        if path is None:
            return
        from usce_tui.store.transfer import write_export  # the readers and writers load when used

        try:
            write_export(path, export_bytes(what, self.store.dataset(), self.today()), self.store.path)
        except StorageError as exc:
            self.notify(str(exc), title="Not exported", severity="error", timeout=10)
            return
        self.notify(f"Wrote {path}.", timeout=8)

    @work(exclusive=True, group="file-command")
    async def import_file(self, what: str) -> None:
        """Ask for a file, add what it holds in one write, then show the report. A file that
        cannot be read opens the path box again, with the path and the reason."""
        title, hint = IMPORTS[what]
        from usce_tui.store.transfer import import_journal

        typed, error = "", ""
        while True:
            path = await self.push_screen_wait(PathDialog(title, hint, typed, must_exist=True, error=error))
            if path is None:
                return
            try:
                if what == "programs":
                    await self._import_programs(path)
                    return
                lines = import_journal(self.store, path, self.today()).lines()
                break
            except StorageError as exc:
                typed, error = str(path), str(exc)
        await self.switch_mode(what)
        await self.push_screen_wait(ReportDialog(f"Imported from {path.name}", lines))

    async def _import_programs(self, path: Path) -> None:
        """Read the spreadsheet in a thread (100,000 rows take seconds) against the programs as
        they are now, show the preview, and add what the user confirms in one write."""
        from usce_tui.core.records import Program
        from usce_tui.modals.import_preview import ImportPreview
        from usce_tui.screens.base import BaseScreen
        from usce_tui.store.transfer import read_programs_file

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self._import_progress, done, total)

        async def read(mapping: dict[int, str | None], sheet: str | None = None) -> ImportReport | str:
            try:
                return await asyncio.to_thread(read_programs_file, path, self.store.all(Program),
                                               self.today(), self.store.profile().date_order, progress,
                                               mapping=mapping, sheet=sheet)
            except StorageError as exc:
                return str(exc)

        first = await read({})
        if isinstance(first, str):
            raise StorageError(first)
        report = await self.push_screen_wait(ImportPreview(path.name, first, read))
        if report is None:
            self.notify("Nothing was imported.", timeout=4)
            return
        await self.switch_mode("programs")
        screen = self.screen
        if isinstance(screen, BaseScreen):
            count = len(report.added)
            marks = [what for n, what in ((len(report.duplicates), counted(len(report.duplicates),
                                                                            "possible duplicate")),
                                          (len(report.review), f"{len(report.review)} to review")) if n]
            screen.add_records([p for _, p in report.added],
                               f"Imported {counted(count, 'program')} from {path.name}"
                               + (f" ({', '.join(marks)}; the ? filter shows those to review)." if marks
                                  else "."),
                               f"Removed the {counted(count, 'program')} imported from "
                               f"{path.name}.")

    def backup_now(self) -> None:
        """Copy the data file into its backups folder now."""
        try:
            made = self.store.backup_now()
        except StorageError as exc:
            self.notify(str(exc), title="No backup", severity="error", timeout=10)
            return
        self.notify(f"Backed up to {made}.", timeout=8)

    def _import_progress(self, done: int, total: int) -> None:
        self.notify(f"Read {done:,} of {total:,} rows…", title="Importing", timeout=2)

    # -- the data file and its other copies ------------------------------------------------
    # Seconds between two looks at the data file for changes a sync tool or another computer made.
    FOLLOW_EVERY = 2.0
    # Seconds after the start before the file is looked after (conflict copies, conflicts, damaged
    # records): after the first screen is up, as it reads every table.
    LOOK_AFTER = 0.4
    looked_after = False  # True once that is done (and any offer answered)
    _follow_error = ""  # the last problem following the file, said once

    def start_following(self) -> None:
        """Look at the file now and then; say what needs the user (conflict copies beside the
        file, records edited on two computers, damaged records)."""
        self.set_interval(self.FOLLOW_EVERY, self.follow_file)
        self.set_timer(self.LOOK_AFTER, self.look_after_file)

    @work(exclusive=True, group="file-health")
    async def look_after_file(self) -> None:
        """Once at the start: offer to merge conflict copies; name conflicts and damage."""
        from usce_tui.store.copies import copies_beside

        copies, sealed = ([], []) if self.demo else copies_beside(self.store.path, self.store.keyring)
        if copies:
            names = ", ".join(c.name for c in copies[:3]) + (" …" if len(copies) > 3 else "")
            what = "another copy" if len(copies) == 1 else f"{len(copies)} other copies"
            question = (f"A sync tool left {what} of your data beside it ({names}). Merge into your "
                        "file now? Records edited on both sides will ask you which to keep; a merged "
                        "copy is then moved into the backups folder.")
            if not await self.until_idle():
                return  # the app is closing
            # y and n do not answer it: it may come up as the user starts typing
            if await self.push_screen_wait(ConfirmDialog(question, yes="Merge", no="Not now", letters=False)):
                await self.merge_copies(copies)
        if sealed:
            self.notify(f"{', '.join(c.name for c in sealed)} beside your file is a copy encrypted with "
                        "another passphrase: merge it from a terminal with `usce merge`, which asks for it.",
                        title="Another copy", severity="warning", timeout=20)
        # it reads every record of every table (the journal's too): 40 ms on a large file, not
        # to be spent while the user goes to an area (it made a first visit 2.2× its floor)
        if not await self.until_idle():
            return  # the app is closing (quit within a moment of starting)
        self.say_what_needs_you()
        self.looked_after = True

    # A question nobody asked for waits until the user has stopped typing for this long, with
    # no form, dialog or field open: the letters typed meanwhile (a name in a form, "n" in a
    # list) would otherwise answer it.
    IDLE = 0.6
    last_key_at = 0.0  # time.monotonic() of the last key typed (the app sets it)

    async def until_idle(self) -> bool:
        """Wait until the user is not typing and nothing they type would go to a field; False
        when the app closes meanwhile (it has no screen then to ask about)."""
        while True:
            if not self.screen_stack or not self.is_running:
                return False
            screen = self.screen_stack[-1]
            if not (time.monotonic() - self.last_key_at < self.IDLE or isinstance(screen, ModalScreen)
                    or takes_typing(screen.focused)):
                return True
            await asyncio.sleep(0.1)

    async def merge_copies(self, copies: list[Path]) -> None:
        """Merge each copy and move it into the backups folder (so it is not offered again)."""
        from usce_tui.store.copies import put_away

        lines: list[str] = []
        for copy in copies:
            try:
                report = self.store.merge_file(copy)
                kept = put_away(self.store.path, copy, self.today(), self.store.keyring)
            except StorageError as exc:
                lines.append(str(exc))
                continue
            lines += report.lines(copy.name, in_app=True) + [f"  moved to {kept}"]
        self.refresh_area()
        await self.push_screen_wait(ReportDialog("Merged copies of your data", lines))

    def say_what_needs_you(self) -> None:
        """A notice for records edited on two devices and for damaged records."""
        conflicts = self.store.conflicts()
        if conflicts:
            which = "A record was" if len(conflicts) == 1 else f"{len(conflicts)} records were"
            self.notify(f"{which} edited on two computers. Choose which version to keep: ctrl+p, then "
                        "Conflicts.", title="Choose a version", severity="warning", timeout=15)
        damaged = self.store.damaged()
        if damaged:
            where = ", ".join(sorted({d.table for d in damaged}))
            which = "A record" if len(damaged) == 1 else f"{len(damaged)} records"
            self.notify(f"{which} in {where} cannot be read and {one_or_many(len(damaged), 'is', 'are')} "
                        "left out. Mend or delete: ctrl+p, then Damaged records.",
                        title="Damaged records", severity="warning", timeout=15)

    def follow_file(self) -> None:
        """Take in what another program wrote to the file; refresh the screen; say what came in."""
        try:
            changed = self.store.follow()
        except StorageError as exc:
            if str(exc) != self._follow_error:  # said once, not every 2 seconds
                self._follow_error = str(exc)
                self.notify(str(exc), title="The data file changed", severity="error", timeout=10)
            return
        self._follow_error = ""
        if changed:
            self.refresh_area()
        for report in self.store.incoming():
            sentence = report.sentence()
            if sentence:
                self.notify(sentence + ".", title="From the file on disk (another computer)", timeout=10)

    def refresh_area(self) -> None:
        """Show the current area as the file now holds it (not while it holds unsaved typing)."""
        from usce_tui.screens.base import BaseScreen

        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen) and not screen.has_unsaved_changes():
                screen.refresh_data()

    @work(exclusive=True, group="file-command")
    async def resolve_conflicts(self) -> None:
        """Show each record edited on two devices and keep the version the user chooses."""
        conflicts = self.store.conflicts()
        if not conflicts:
            self.notify("No record is waiting for a choice between two computers.")
            return
        self.clear_notifications()  # the notices about them would cover the comparison
        chose_unreadable = False
        for position, conflict in enumerate(conflicts, start=1):
            keep = await self.push_screen_wait(ConflictDialog(conflict, position, len(conflicts)))
            if keep is None:
                break
            try:
                self.store.resolve(conflict, keep)
                chosen = conflict.other if keep == "other" else conflict.current
                chose_unreadable = chose_unreadable or bool(unreadable(conflict.table, chosen))
            except StorageError as exc:
                self.notify(str(exc), title=NOT_SAVED, severity="error", timeout=10)
                break
        self.refresh_area()
        left = len(self.store.conflicts())
        self.notify(("1 record still waits" if left == 1 else f"{left} records still wait")
                    + " for a choice." if left else "Every conflict is settled.")
        if chose_unreadable:  # the record is among the damaged ones now
            self.notify("A version you chose cannot be read: the record is among the damaged records "
                        "until mended (ctrl+p, Damaged records).", severity="warning", timeout=10)

    @work(exclusive=True, group="file-command")
    async def mend_damaged(self) -> None:
        """Show each damaged record to mend (as JSON) or delete."""
        damaged = self.store.damaged()
        if not damaged:
            self.notify("No damaged records: every record reads.")
            return
        self.clear_notifications()
        for position, record in enumerate(damaged, start=1):
            text: str | None = None
            error = ""
            cursor: tuple[int, int] | None = None
            while True:
                dialog = DamagedDialog(record, position, len(damaged), text, error, cursor)
                answer = await self.push_screen_wait(dialog)
                if answer is None:
                    self.refresh_area()
                    return
                action, text = answer
                cursor = dialog.cursor
                if action == "later":
                    # what was typed is not thrown away unasked (escape had dropped a newcomer's fixes)
                    if text != dialog.original and not await self.push_screen_wait(ConfirmDialog(
                            "Leave this record as it is? What you typed in it is not kept.",
                            yes="Leave it", no="Keep editing")):
                        continue
                    break
                try:
                    if action == "delete":
                        question = "Delete this damaged record? A copy stays in the backups."
                        if not await self.push_screen_wait(ConfirmDialog(question, yes="Delete", no="Keep")):
                            continue
                        self.store.delete_damaged(record)
                    else:
                        self.store.replace_damaged(record, text)
                except StorageError as exc:
                    error = str(exc)
                    continue
                break
        self.refresh_area()
        self.notify("Every damaged record is mended or deleted." if not self.store.damaged()
                    else "Some damaged records are left.")

    @work(exclusive=True, group="file-command")
    async def restore_backup(self) -> None:
        """Choose a backup and put it in place of the data file (the current one is kept)."""
        from usce_tui.store.copies import backups, restore

        found = backups(self.store.path, self.store.keyring)
        if not found:
            self.notify("No backups yet: one is made each day the file changes.", severity="warning")
            return
        lines = [info.line() for info in found]
        self.clear_notifications()
        chosen = await self.push_screen_wait(ChoiceDialog("Restore a backup (newest first)", lines))
        if chosen is None:
            return
        info = found[lines.index(chosen)]
        if info.other_passphrase:
            self.notify(f"{info.path.name} is encrypted with another passphrase; restore it from a terminal "
                        f"with `usce restore {info.path.name}`, which asks for it.", title="Not restored",
                        severity="warning", timeout=10)
            return
        question = (f"Put {info.path.name} in place of your data file? The file as it is now is "
                    "backed up first, so this can be undone by restoring that copy.")
        if not await self.push_screen_wait(ConfirmDialog(question, yes="Restore", no="Cancel")):
            return
        try:
            kept = restore(self.store, info.path)
        except StorageError as exc:
            self.notify(str(exc), title="Not restored", severity="error", timeout=10)
            return
        self.refresh_area()
        self.notify(f"Restored {info.path.name}. Your file as it was is kept as {kept.name}.", timeout=10)

    @work(exclusive=True, group="file-command")
    async def merge_other_copy(self) -> None:
        """Ask for another copy of the data file (a sync tool's copy beside it is suggested) and
        merge it in; such a copy is then moved into the backups folder, as at the start, so that
        it is not offered again (it was, at every start)."""
        from usce_tui.store.copies import conflict_copies, put_away

        beside = [] if self.demo else conflict_copies(self.store.path, self.store.keyring)
        path = await self.push_screen_wait(PathDialog(
            "Merge another copy of your data file",
            "A sync tool's conflict copy or a copy from another computer · enter: merge · escape: cancel",
            str(beside[0]) if beside else str(self.store.path.parent) + os.sep, must_exist=True,
            check=self.store.not_a_copy))
        if path is None:
            return
        try:
            report = self.store.merge_file(path)
        except StorageError as exc:
            self.notify(str(exc), title="Not merged", severity="error", timeout=10)
            return
        lines = report.lines(path.name, in_app=True)
        if path.resolve() in {c.resolve() for c in beside}:
            try:
                kept = put_away(self.store.path, path, self.today(), self.store.keyring)
                lines.append(f"  moved to {kept}")
            except StorageError as exc:
                lines.append(f"  merged, but left where it is: {exc}")
        self.refresh_area()
        await self.push_screen_wait(ReportDialog(f"Merged {path.name}", lines))
