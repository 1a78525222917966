"""Tests of the benchmark scripts: stage_ab.py and bench.py on the sample articles."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import newslib

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str) -> ModuleType:
    """A script of benchmarks/ loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stage_ab() -> ModuleType:
    return _script("stage_ab")


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


def _bench() -> ModuleType:
    return _script("bench")


def test_both_pipelines_run_every_block_on_the_same_articles(tmp_path: Path) -> None:
    pytest.importorskip("dateparser", reason="the alternative pipeline needs the bench extra")
    measured = _bench().measure_against_alternative(ROOT / "data", tmp_path, None, blocks=2)
    n_samples = len(newslib.corpus_files(ROOT / "data"))
    assert measured["pipeline"]["articles"] == measured["alternative"]["articles"] == n_samples
    assert [block["articles"] for block in measured["blocks"]] == [2, n_samples - 2]
    assert set(measured["alternative"]["steps_cpu"]) == {
        "textblob sentences",
        "vader per sentence",
        "dateparser search_dates",
    }
    assert measured["pipeline"]["cpu_s"] == pytest.approx(
        sum(block["cpu_s"] for block in measured["blocks"])
    )


def test_the_table_gives_the_ratio_of_whole_pipelines_and_the_block_range() -> None:
    bench = _bench()
    blocks = [{"ratio": 2.5}, {"ratio": 3.5}]
    assert bench._block_range(blocks) == "; 2 blocks x2.5-x3.5"
    results = {
        "stages": {"articles": 10, "ours_cpu": {"sentences": 0.01}},
        "pipeline": {"articles": 10, "cpu_s": 0.05},
        "alternative": {"articles": 10, "cpu_s": 0.2, "steps_cpu": {"dateparser": 0.18}},
        "blocks": blocks,
        "scaling": [],
    }
    rows = {name: (value, note) for name, value, note in bench.build_table(results)}
    assert rows["newslib whole pipeline"][0] == "200 art/s/core"
    assert rows["alternative pipeline"] == (
        "50.0 art/s/core",
        "newslib x4.0 (target >= 3: met); 2 blocks x2.5-x3.5",
    )
