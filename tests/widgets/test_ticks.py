"""Ticked and unticked boxes differ without colour (both drew the same X)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from usce_tui.widgets.ticks import Ticks


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Ticks(("CV", "cv", True), ("Transcript", "transcript", False))


async def test_an_unticked_box_is_empty_and_space_ticks_it() -> None:
    app = _Boxes()
    async with app.run_test(size=(40, 6)) as pilot:
        boxes = app.query_one(Ticks)
        boxes.focus()

        def line(y: int) -> str:
            return "".join(segment.text for segment in boxes.render_line(y))

        assert line(0).startswith("▐X▌ CV") and line(1).startswith("▐ ▌ Transcript")
        await pilot.press("down", "space")
        assert boxes.selected == ["cv", "transcript"] and line(1).startswith("▐X▌ Transcript")
