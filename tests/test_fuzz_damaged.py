"""Damaged records through every command and the app: a field of the wrong type anywhere never
stops anything, never prints a traceback, and never prints the record's text."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from usce_tui.app import UsceApp
from usce_tui.cli import main
from usce_tui.core.records import RECORD_TYPES, Trip
from usce_tui.store.demo import write_demo_file
from usce_tui.store.store import Store

SECRET = "Fictional ward note about bed 12"  # must never reach the terminal
WRONG = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                  st.just(SECRET), st.lists(st.integers(-1000, 1000), max_size=3), st.just([SECRET]),
                  st.dictionaries(st.text(max_size=3), st.integers(-1000, 1000), max_size=2),
                  st.just({"x": SECRET}))
FIELDS = [(kind, f.name) for kind in RECORD_TYPES for f in dataclasses.fields(kind)
          if f.name not in ("id", "extra")]
COMMANDS = [["check"], ["check", "--privacy"], ["export", "all"], ["export", "programs"],
            ["export", "budget"], ["export", "letters"], ["export", "journal"],
            ["export", "journal", "--format", "jrnl"], ["export", "calendar"], ["restore"]]


def _damage(path: Path, table: str, key: str | None, name: str, value: object) -> None:
    doc = orjson.loads(path.read_bytes())
    records = doc[table]
    key = key or next(iter(records))
    record = records[key]
    if table == "journal":
        record["body"] = SECRET
    record[name] = value
    path.write_bytes(orjson.dumps(doc))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=WRONG, whole=st.sampled_from(["field", "record", "table"]))
# the secret as a trip's name is no damage: "no problems found", and the trip is named among the
# paperwork to act on (found once by CI; the problems were then read from the whole output)
@example(field=(Trip, "name"), value=SECRET, whole="field")
def test_every_command_survives_a_wrong_type_anywhere(tmp_path_factory: pytest.TempPathFactory,
                                                       capsys: pytest.CaptureFixture[str],
                                                       field: tuple[type, str], value: object,
                                                       whole: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "usce.json"
    write_demo_file(path, TODAY)
    kind, name = field
    if whole == "field":
        _damage(path, kind.TABLE, "1" if kind.TABLE == "profile" else None, name, value)
    else:
        doc = orjson.loads(path.read_bytes())
        if whole == "record":
            doc[kind.TABLE][next(iter(doc[kind.TABLE]))] = value
        else:
            doc[kind.TABLE] = value
        path.write_bytes(orjson.dumps(doc))
    capsys.readouterr()
    for command in COMMANDS:
        code = main([*command, "--db", str(path)])
        out, err = capsys.readouterr()
        assert code in (0, 1), (command, err)
        assert "Traceback" not in err and "unexpected error" not in err, (command, err)
        if command[0] == "check" and kind.TABLE in ("journal", "experiences"):
            assert SECRET not in out + err, command  # texts from the wards: never printed
        elif command[0] == "check":
            # a problem names the record by its key, never by what it holds; the paperwork to act
            # on names the program it is for (a valid name, here the secret, is shown there)
            parts = re.split(r"^\d+ problems?:$", out, flags=re.MULTILINE)  # "1 problem:"
            problems = parts[-1] if len(parts) > 1 else ""  # none: "no problems found"
            assert SECRET not in problems + err, command
        else:
            assert SECRET not in err, command
    other = folder / "usce (conflicted copy 2026-11-25).json"
    write_demo_file(other, TODAY)
    for command in (["merge", str(other)], ["import", "journal", str(Path("tests/data/jrnl_export.json"))]):
        code = main([*command, "--db", str(path)])
        out, err = capsys.readouterr()
        assert code in (0, 1) and "Traceback" not in err and SECRET not in err, (command, err)


DAMAGED_APP_FILES = {
    "journal text as a number": ("journal", "body", 42),
    "program fee without currency": ("programs", "fee", {"amount": "100"}),
    "letter history as text": ("letters", "history", "asked"),
    "trip programs as a number": ("trips", "program_ids", 7),
    "cost amount null": ("expenses", "amount", None),
    "profile name as a list": ("profile", "name", ["x"]),
}


@pytest.mark.parametrize("table, name, value", DAMAGED_APP_FILES.values(), ids=list(DAMAGED_APP_FILES))
async def test_the_app_opens_every_area_on_a_damaged_file(sample_path: Path, table: str, name: str,
                                                        value: object) -> None:
    _damage(sample_path, table, "1" if table == "profile" else None, name, value)
    with Store.open(sample_path, today=lambda: TODAY) as store:
        app = UsceApp(store, today=lambda: TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in "234561":
                await pilot.press(key)
                await pilot.pause()
            assert app.is_running
            assert len(store.damaged()) == 1
