"""The design's layer line: nothing under the screens imports textual."""

from __future__ import annotations

import subprocess
import sys

LOWER = ["usce_tui.models", "usce_tui.storage", "usce_tui.store", "usce_tui.profile", "usce_tui.programs",
         "usce_tui.program_form", "usce_tui.program_view", "usce_tui.program_csv",
         "usce_tui.checks", "usce_tui.demo"]


def test_lower_layers_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in LOWER)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_subcommands_do_not_import_textual() -> None:
    code = (
        "import sys, usce_tui.cli\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
