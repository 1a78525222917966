"""One report site shared by ``test_reports.py`` and ``test_browser.py``, built once a session.

The registered notebooks, plus two test notebooks (``echo``, which shows the article's text in
every kind of output, and ``failing``, which raises in cell 4), run on a sample article and on a
hostile article (``<script>``, ``onerror=``, ``javascript:`` links, Jupyter/HTML markup).
A second, smaller site holds only the corpus report over the sample articles of ``data/``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from newslib.reports import CORPUS_NOTEBOOK, NOTEBOOKS, ReportResult, run_reports

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"
FAILING = TEST_DATA / "notebooks" / "failing.ipynb"
ECHO = TEST_DATA / "notebooks" / "echo.ipynb"
HOSTILE = TEST_DATA / "hostile-article.txt"
STRIKE = ROOT / "data" / "2023-03-14-harbour-strike.txt"
SITE_ARTICLES = (STRIKE, HOSTILE)
SITE_NOTEBOOKS = (*NOTEBOOKS, str(ECHO), str(FAILING))
#: The cell of failing.ipynb that raises (0-based, in the source notebook).
FAILING_CELL = 4
#: Set by the hostile article's scripts, should any of them ever run.
PWNED = "__newslib_pwned"


@functools.cache
def build_site(out: Path) -> tuple[Path, tuple[ReportResult, ...]]:
    """Run the site into ``out`` once; later calls return the same results."""
    results = run_reports(SITE_ARTICLES, out=out, notebooks=SITE_NOTEBOOKS, jobs=2)
    return out, tuple(results)


@functools.cache
def build_corpus_site(out: Path) -> tuple[Path, tuple[ReportResult, ...]]:
    """Only the corpus report, over the sample articles of ``data/`` (the default run's)."""
    results = run_reports(None, out=out, notebooks=[CORPUS_NOTEBOOK])
    return out, tuple(results)


def result_for(results: tuple[ReportResult, ...], article: Path, notebook: str) -> ReportResult:
    """The result of one notebook on one article."""
    (found,) = [r for r in results if r.article == article.resolve() and r.notebook == notebook]
    return found
