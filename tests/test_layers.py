"""The design's layer line: nothing under the screens imports textual or rich.

The modules are found by walking the packages (pkgutil), so a module added later is checked
without anyone remembering to list it. import-linter (`make test`) checks the same line
statically; this test checks what really gets imported at run time, in a fresh interpreter.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import usce_tui.core
import usce_tui.store

UI_PACKAGES = ("textual", "rich")


def lower_modules() -> list[str]:
    """Every module of the packages below the screens."""
    found = []
    for package in (usce_tui.core, usce_tui.store):
        found.append(package.__name__)
        found += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return sorted(found)


def _imported_ui_modules(imports: list[str]) -> list[str]:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in imports)
        + f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {UI_PACKAGES!r})\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_the_walk_finds_every_area() -> None:
    modules = lower_modules()
    for expected in ("usce_tui.core.records", "usce_tui.core.programs.rules",
                     "usce_tui.core.journal.privacy", "usce_tui.store.storage", "usce_tui.store.demo"):
        assert expected in modules
    assert len(modules) >= 30


def test_lower_layers_import_neither_textual_nor_rich() -> None:
    assert _imported_ui_modules(lower_modules()) == []


def test_cli_subcommands_import_neither_textual_nor_rich() -> None:
    assert _imported_ui_modules(["usce_tui.cli"]) == []


def test_the_first_screen_imports_no_text_area_and_no_list_of_ticks(tmp_path) -> None:
    """The app opens on the dashboard, which has no text area and no list of boxes to tick:
    Textual's TextArea (7 ms) and SelectionList (2 ms) are imported when a form or dialog that
    has one first opens."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from usce_tui.cli import load_app\n"
        f"app = load_app(Path({str(tmp_path / 'd.json')!r}))\n"
        "seen = []\n"
        "async def look(pilot):\n"
        "    await pilot.pause()\n"
        "    seen.extend(sorted(sys.modules))\n"
        "    pilot.app.exit()\n"
        "with app.store:\n"
        "    app.run(headless=True, size=(80, 24), auto_pilot=look)\n"
        "print(' '.join(seen))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         stdin=subprocess.DEVNULL)
    loaded = set(out.stdout.split())
    assert "usce_tui.screens.dashboard" in loaded  # it did start
    assert not loaded & {"textual.widgets._text_area", "textual.widgets._selection_list"}
