"""Tests of the before/after script benchmarks/stage_ab.py on the sample articles."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _stage_ab() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stage_ab", ROOT / "benchmarks" / "stage_ab.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stage_times_cover_every_analysis() -> None:
    times = _stage_ab().time_stages(ROOT / "data", 1)
    assert list(times) == ["sentences", "quotes", "sentiment", "rhetoric", "timeline", "total"]
    assert all(value > 0 for value in times.values())
    assert times["total"] == pytest.approx(sum(v for k, v in times.items() if k != "total"))


def test_a_checkout_without_newslib_is_refused(tmp_path: Path) -> None:
    # Timing the installed newslib in place of the checkout named would compare a commit with
    # itself: the script checks which newslib its child imported.
    with pytest.raises(SystemExit, match="timed the newslib in"):
        _stage_ab()._run_child(tmp_path, ROOT / "data", 1)
