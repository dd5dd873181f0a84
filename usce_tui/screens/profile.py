"""Profile (key 6): who the user is, their exams, certification, English test and visa."""

from __future__ import annotations

import contextlib
import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from usce_tui.core.parse import FieldError, FormErrors, parse_date
from usce_tui.core.profile.form import PROFILE_FIELDS, profile_from_form, profile_values
from usce_tui.core.profile.rules import readiness, stage
from usce_tui.modals.dialogs import ConfirmDialog
from usce_tui.modals.field_keys import FieldKeys
from usce_tui.modals.record_form import focus_keeping_text, refused, show_problems
from usce_tui.screens.base import BaseScreen
from usce_tui.store.storage import StorageError
from usce_tui.widgets.field_grid import FieldGrid
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.text_box import TextBox


class ProfileScreen(FieldKeys, BaseScreen):
    """The profile form: validated as a whole on ctrl+s, nothing saved while a field is wrong."""

    AREA = "Profile"
    AUTO_FOCUS = "#name"  # typing goes to the form at once (a first digit still switches areas:
    # UsceApp.digits_switch_areas); escape leaves it (then 1–8 switch)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # one column pair on laptops
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="profile-save", tooltip="Save the profile",
                priority=True),
        Binding("escape", "cancel", "Cancel", id="profile-cancel", priority=True,
                tooltip="Discard unsaved changes (asks first)"),
    ]

    def compose(self) -> ComposeResult:
        yield self.area_bar()
        with VerticalScroll(id="profile", can_focus=False):
            yield Static("Profile", classes="area-title")
            yield FieldGrid(PROFILE_FIELDS, id="profile-grid", classes="pairs")
            yield Static(id="profile-derived")
            yield Static("tab: next · enter: next or open list · ctrl+s: save · escape: leave the "
                         "fields (asks first if anything changed)",
                         classes="hint")
        # under the fields, out of their scroll: in view however far down the cursor is (at
        # 80×24 the list at the end of the form was out of view)
        yield Static(id="profile-errors", classes="record-form-errors")
        yield KeyFooter()

    # -- reading and writing the widgets -------------------------------------------------
    @property
    def grid(self) -> FieldGrid:
        return self.query_one(FieldGrid)

    def form_values(self) -> dict[str, str]:
        """The text currently in every field."""
        return self.grid.values()

    def _fill(self, values: dict[str, str]) -> None:
        self.grid.fill(values)
        self._loaded = values
        self.grid.set_date_order(values["date_order"])
        self._show_errors({})
        never_saved = not self.store.profile().created  # what its fields hold, the app put there
        for box in self.grid.query(TextBox):
            box.default_text = box.value if never_saved else ""  # so typing replaces it (USD)

    _loaded: dict[str, str] | None = None  # what the form was last filled with

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self.form_values() != self._loaded

    def refresh_data(self) -> None:
        """Fill the fields from the file when it changed (never over what is being typed)."""
        if self.data_changed() and not self.has_unsaved_changes():
            self._fill(profile_values(self.store.profile()))
        self._show_derived()

    def _show_derived(self) -> None:
        values = self.form_values()
        stored = self.store.profile()
        typed = dataclasses.replace(stored)
        with contextlib.suppress(FieldError):  # the typed date, while it is valid
            typed.graduation_date = parse_date(
                values["graduation_date"], values["date_order"], "Graduation date")
        parts = [f"Stage: [b]{stage(typed, self.usce.today())}[/b]"]
        parts += [f"{item.removeprefix('USMLE ')} {'✔' if done else '✘'}"
                  for item, done, _ in readiness(stored)]
        self.query_one("#profile-derived", Static).update(" · ".join(parts))

    def _show_errors(self, errors: dict[str, FieldError]) -> None:
        self.grid.mark(errors)
        show_problems(self.query_one("#profile-errors", Static), list(errors.values()))

    # -- events and actions --------------------------------------------------------------
    @on(Select.Changed, "#date_order")
    def _order_changed(self, event: Select.Changed) -> None:
        self.grid.set_date_order(str(event.value))

    @on(Input.Changed)
    def _field_edited(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
        if event.input.id == "graduation_date" and self.loaded:
            self._show_derived()

    async def action_save(self) -> None:
        """Validate every field; save only when all are valid."""
        try:
            profile = profile_from_form(self.form_values(), self.store.profile(), self.usce.today())
        except FormErrors as exc:
            keys = [f.key for f in self.grid.fields]  # the problems in the order of the fields
            errors = {k: exc.errors[k] for k in sorted(exc.errors, key=lambda k: keys.index(k)
                                                           if k in keys else len(keys))}
            self._show_errors(errors)
            focus_keeping_text(self.grid.widget(next(iter(errors))))
            self.notify(refused(len(errors)), title="Profile not saved", severity="error", timeout=4)
            return
        try:
            self.store.save_profile(profile)
        except StorageError as exc:
            self.notify(str(exc), title="Profile not saved", severity="error", timeout=10)
            return
        self._fill(profile_values(profile))
        self._show_derived()
        for notice in [n for n in self.app._notifications if n.title == "Profile not saved"]:
            self.app._unnotify(notice)  # stale now: it stood beside "Profile saved."
        self.notify("Profile saved.")

    async def action_cancel(self) -> None:
        """Leave the fields; with unsaved changes, ask before discarding them."""
        if not self.has_unsaved_changes():
            self.set_focus(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._fill(profile_values(self.store.profile()))
                self._show_derived()
                # out of the fields, so 1–8 switch areas again (after the dialog has gone: the
                # screen gives the focus back to the field it had as it comes back)
                self.call_after_refresh(self.set_focus, None)
                self.notify("Changes discarded.")

        await self.ask(ConfirmDialog("Discard your unsaved changes to the profile?", yes="Discard",
                                     no="Keep editing"), answered)
