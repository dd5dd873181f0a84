"""The sample data lives at the top of the repository; the demo finds it from a checkout and an
installed wheel carries the same file."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

import usce_tui
from usce_tui.store.demo import SAMPLE_NAME, sample_bytes, sample_path

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_sample_sits_beside_pyproject() -> None:
    assert (REPOSITORY / "pyproject.toml").is_file()
    assert (REPOSITORY / SAMPLE_NAME).is_file()
    assert not (Path(usce_tui.__file__).parent / SAMPLE_NAME).exists()  # one copy, not two


def test_a_checkout_reads_the_repository_file() -> None:
    assert sample_path() == REPOSITORY / SAMPLE_NAME
    assert sample_bytes() == (REPOSITORY / SAMPLE_NAME).read_bytes()


def test_the_wheel_ships_the_same_sample(tmp_path: Path) -> None:
    (wheel,) = WheelBuilder(str(REPOSITORY)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(f"usce_tui/{SAMPLE_NAME}") == (REPOSITORY / SAMPLE_NAME).read_bytes()
