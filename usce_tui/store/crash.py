"""Unexpected errors: their details go to a report readable by the user alone, beside the data
file, never to the terminal (a traceback's values can hold journal text)."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path


def crash_folder() -> Path:
    """Where crash reports go: this computer's own log folder for the app, never beside the data
    file (often a synced folder, which would upload a report that may hold private data)."""
    import platformdirs

    return platformdirs.user_log_path("usce-tui")


def write_crash_report(data_file: Path, exc: BaseException, *, sealed: bool = False) -> Path | None:
    """Write the traceback of ``exc`` (without local values) into ``crash_folder()``, mode 0600;
    return the report's path, or None when it could not be written. ``sealed`` (the data file is
    encrypted) leaves out the error's message, which may quote a record: only where the error
    happened is written, so nothing of the file reaches the disk in plain text."""
    if sealed:
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(exc.__traceback__),
                 f"{type(exc).__name__} (its message is left out: the data file is encrypted)\n"]
    else:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    lines.insert(0, f"data file: {os.path.realpath(data_file)}\n")
    folder = crash_folder()
    report = folder / f"usce-crash-{datetime.now():%Y%m%d-%H%M%S}.txt"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.writelines(lines)
    except OSError:
        return None
    return report


def crash_sentence(exc: BaseException, data_file: Path, what: str = "the command", *,
                   sealed: bool = False) -> str:
    """One sentence for the terminal about an unexpected error, naming the report."""
    report = write_crash_report(data_file, exc, sealed=sealed)
    if report is None:
        return f"an unexpected error ({type(exc).__name__}) stopped {what}; nothing more was changed."
    if sealed:
        return (f"an unexpected error ({type(exc).__name__}) stopped {what}; where it happened is in "
                f"{report} (it holds none of your data: the file is encrypted).")
    return (f"an unexpected error ({type(exc).__name__}) stopped {what}; the details are in "
            f"{report} (readable by you alone: it may hold some of your data, so look before sharing).")
