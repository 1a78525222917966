"""The report runner: papermill execution, HTML rendering, failures, the CLI.

One session-scoped run (``report_run``) executes the registered notebooks plus a notebook that
fails on purpose on a sample article and on a hostile article; most tests read its output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newslib import ReportError
from newslib.reports import (
    NOTEBOOKS,
    ReportResult,
    article_folder_names,
    clean_html,
    resolve_notebooks,
    run_reports,
    sample_articles,
    strip_run_date,
)

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"
FAILING = TEST_DATA / "notebooks" / "failing.ipynb"
HOSTILE = TEST_DATA / "hostile-article.txt"
STRIKE = ROOT / "data" / "2023-03-14-harbour-strike.txt"
# The cell of failing.ipynb that raises (0-based, in the source notebook).
FAILING_CELL = 4


@pytest.fixture(scope="session")
def report_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ReportResult]]:
    """Every registered notebook plus ``failing.ipynb`` on the strike and the hostile article."""
    out = tmp_path_factory.mktemp("reports")
    results = run_reports(
        [STRIKE, HOSTILE],
        out=out,
        notebooks=[*NOTEBOOKS, str(FAILING)],
        jobs=2,
    )
    return out, results


def _result(results: list[ReportResult], article: Path, notebook: str) -> ReportResult:
    (found,) = [r for r in results if r.article == article.resolve() and r.notebook == notebook]
    return found


# --------------------------------------------------------------------------- units


HOSTILE_FRAGMENTS = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">'),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<svg onload="alert(1)"></svg>', '&lt;svg onload="alert(1)"&gt;&lt;/svg&gt;'),
    ('<iframe src="https://example.org"></iframe>', "&lt;iframe"),
    ("<style>body{display:none}</style>", "&lt;style&gt;"),
    # Negative cases: harmless markup and plain text survive unchanged.
    ("<b>bold</b> and <i>it</i>", "<b>bold</b> and <i>it</i>"),
    ('<table border="1"><thead><tr><th>a</th></tr></thead></table>', "<thead><tr><th>a</th>"),
    ("3 &lt; 4", "3 &lt; 4"),
]


@pytest.mark.parametrize(("fragment", "expected"), HOSTILE_FRAGMENTS)
def test_clean_html_escapes_active_markup(fragment: str, expected: str) -> None:
    cleaned = clean_html(fragment)
    assert expected in cleaned
    assert "<script" not in cleaned and "onerror" not in cleaned.replace('onerror="', "")
    assert "javascript:" not in cleaned.split("&lt;")[0]


def test_clean_html_drops_pandas_style_block_only() -> None:
    frame_html = '<div>\n<style scoped>\n .dataframe td {x: y}\n</style>\n<table class="dataframe">'
    assert "style" not in clean_html(frame_html)
    assert "&lt;style&gt;" in clean_html("<p><style>x</style></p>")


def test_article_folder_names_are_safe_and_unique() -> None:
    names = article_folder_names([Path("a/<x>.txt"), Path("b/_x_.txt"), Path("c/X.md")])
    assert names == ["x", "x-2", "X-3"]
    assert all("/" not in n and "<" not in n for n in names)


def test_strip_run_date_leaves_everything_else() -> None:
    text = 'a <span class="newslib-run-date">2026-11-29T17:00:00Z</span> b'
    assert strip_run_date(text) == 'a <span class="newslib-run-date"></span> b'


def test_sample_articles_are_the_projects_data() -> None:
    names = [p.name for p in sample_articles()]
    assert "2023-03-14-harbour-strike.txt" in names
    assert names == sorted(names)


def test_sample_articles_missing_folder_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="name the articles"):
        sample_articles(tmp_path / "absent")


def test_registered_notebooks_exist() -> None:
    resolved = resolve_notebooks(None)
    assert [name for name, _ in resolved] == list(NOTEBOOKS)
    assert all(path.suffix == ".ipynb" and path.is_file() for _, path in resolved)


def test_unknown_notebook_is_a_report_error() -> None:
    with pytest.raises(ReportError, match=r"nosuch.*available.*overview"):
        resolve_notebooks(["nosuch"])


def test_missing_article_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="article file not found"):
        run_reports([tmp_path / "absent.txt"], out=tmp_path / "out")


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="jobs"):
        run_reports([STRIKE], out=tmp_path, jobs=0)


# --------------------------------------------------------------------------- one real run


@pytest.mark.slow
def test_every_notebook_reported_on_every_article(
    report_run: tuple[Path, list[ReportResult]],
) -> None:
    out, results = report_run
    assert len(results) == 2 * (len(NOTEBOOKS) + 1)
    for article in (STRIKE, HOSTILE):
        for name in NOTEBOOKS:
            result = _result(results, article, name)
            assert result.status == "ok", result.describe()
            assert result.html is not None and result.html.is_file()
            assert result.ipynb is not None and result.ipynb.is_file()
            assert result.html.parent.parent == out


@pytest.mark.slow
def test_failing_notebook_reports_cell_and_error(
    report_run: tuple[Path, list[ReportResult]],
) -> None:
    _, results = report_run
    result = _result(results, STRIKE, "failing")
    assert result.status == "failed" and not result.ok
    assert result.cell_index == FAILING_CELL
    assert result.error == "ValueError: deliberate failure on 2023-03-14-harbour-strike"
    assert "cell 4" in result.describe()
    # The failure still gets a report showing the error, with an anchor on the failing cell.
    assert result.html is not None
    page = result.html.read_text(encoding="utf-8")
    assert f'id="cell-id={result.cell_id}"' in page
    assert "deliberate failure" in page
    assert "not reached" not in page.split("Never reached")[-1].split("<footer")[0]


@pytest.mark.slow
def test_outputs_hide_code_and_embed_figures(report_run: tuple[Path, list[ReportResult]]) -> None:
    _, results = report_run
    result = _result(results, STRIKE, "overview")
    assert result.html is not None
    page = result.html.read_text(encoding="utf-8")
    assert "load_article(" not in page  # code hidden by default
    assert "<h2" in page and "Limitations" in page
    assert page.count('src="data:image/png;base64,') >= 2
    figures = result.html.with_suffix("")
    assert sorted(p.suffix for p in figures.iterdir()).count(".png") >= 2
    assert any(p.suffix == ".csv" for p in figures.iterdir())


@pytest.mark.slow
def test_executed_notebook_has_injected_parameters(
    report_run: tuple[Path, list[ReportResult]],
) -> None:
    _, results = report_run
    result = _result(results, STRIKE, "overview")
    assert result.ipynb is not None
    notebook = json.loads(result.ipynb.read_text(encoding="utf-8"))
    (injected,) = [c for c in notebook["cells"] if c["id"] == "injected-parameters"]
    source = "".join(injected["source"])
    assert f'article_path = "{STRIKE}"' in source
    assert f'output_dir = "{result.html.with_suffix("")}"' in source


@pytest.mark.slow
def test_cli_exit_status_and_messages(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "newslib", "report", str(STRIKE), "--out", str(tmp_path)]
    failed = subprocess.run(
        [*command, "--notebooks", str(FAILING), "--no-progress"],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    assert failed.returncode == 1
    assert "FAILED failing on 2023-03-14-harbour-strike.txt: cell 4: ValueError" in failed.stderr
    assert "1 failed" in failed.stdout
    missing = subprocess.run(
        [*command, "--notebooks", "nosuch"], capture_output=True, text=True, env=env, check=False
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("newslib report: notebook 'nosuch'")
