"""The report site in a real browser: headless Debian Chromium driven by Playwright.

Every page (the index and each report) is opened from disk with all network traffic blocked
and recorded. Asserted: no console error, every image loaded, the notebook's section headings
present, the hostile article's scripts never ran and its markup shows as text, nothing fetched
but the page itself. Skips (with the reason) where Chromium or Playwright is missing, unless
``NEWSLIB_REQUIRE_BROWSER=1`` (CI), where that is a failure.

Screenshots of the index and of one report go to a temporary folder; with
``NEWSLIB_UPDATE_SCREENSHOTS=1`` they go to ``docs/`` (the README's pictures), taken of the site
in ``NEWSLIB_SCREENSHOT_SITE`` when set (``make screenshots`` uses the sample articles' site).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from report_site import (
    ECHO,
    FAILING,
    HOSTILE,
    PWNED,
    ROOT,
    STRIKE,
    build_corpus_site,
    build_site,
    result_for,
)

from newslib.reports import NOTEBOOKS, ReportResult

pytestmark = pytest.mark.slow

# Flags for Debian's Chromium as root in a container with no network (see the machine notes):
# no sandbox, no GPU, and no background connections to Google's services.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1200, "height": 900}
NOTEBOOK_FILES = {path.stem: path for path in (ECHO, FAILING)}


def _chromium() -> str | None:
    candidates = [os.environ.get("NEWSLIB_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def _unavailable(reason: str) -> None:
    if os.environ.get("NEWSLIB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NEWSLIB_REQUIRE_BROWSER=1: the browser test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        _unavailable("no Chromium: apt-get install -y chromium (or set NEWSLIB_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def report_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[ReportResult, ...]]:
    return build_site(tmp_path_factory.getbasetemp() / "report-site")


@dataclass
class Visit:
    """What the browser saw on one page."""

    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


PAGE_FACTS = f"""() => ({{
  images: Array.from(document.images).map(i => ({{src: i.src.slice(0, 40),
    complete: i.complete, width: i.naturalWidth}})),
  headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
    .map(h => h.textContent.replace(/\\u00b6$/, '').trim()),
  scripts: document.scripts.length,
  iframes: document.querySelectorAll('iframe, object, embed').length,
  pwned: typeof window.{PWNED} === 'undefined' ? null : String(window.{PWNED}),
  title: document.title,
  text: document.body.innerText,
}})"""


def visit(
    browser: Any, page_path: Path, screenshot: Path | None = None, height: int = 900
) -> Visit:
    """Open a page from disk with the network blocked; record everything it tried.

    With ``screenshot``, the top ``height`` pixels of the page are saved there as PNG.
    """
    seen = Visit()
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=True)

    def route(route: Any) -> None:
        url = route.request.url
        seen.requests.append(url)
        if url.startswith("data:") or url == page_path.as_uri():
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: seen.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_path.as_uri(), wait_until="load")
    page.wait_for_timeout(200)  # let any (unexpected) deferred script or image handler fire
    seen.facts = page.evaluate(PAGE_FACTS)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
        page.screenshot(path=str(screenshot), full_page=True, clip=clip)
    context.close()
    return seen


def _notebook_headings(notebook: Path) -> list[str]:
    """The Markdown headings of a notebook's cells, as they should appear in its report."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    headings = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if line.startswith("#"):
                headings.append(line.lstrip("#").strip().replace("`", ""))
    return headings


def _assert_clean(seen: Visit, page_path: Path) -> None:
    errors = [text for kind, text in seen.console if kind == "error"]
    assert errors == [], f"{page_path}: console errors {errors}"
    assert seen.errors == [], f"{page_path}: page errors {seen.errors}"
    assert seen.dialogs == [], f"{page_path}: dialogs opened {seen.dialogs}"
    outside = [u for u in seen.requests if not u.startswith("data:") and u != page_path.as_uri()]
    assert outside == [], f"{page_path}: fetched {outside}"
    facts = seen.facts
    assert facts["pwned"] is None, f"{page_path}: a hostile script ran ({facts['pwned']})"
    assert facts["scripts"] == 0 and facts["iframes"] == 0
    broken = [image for image in facts["images"] if not image["complete"] or image["width"] <= 0]
    assert broken == [], f"{page_path}: images not loaded {broken}"


def test_index_in_browser(browser: Any, report_site: tuple[Path, tuple[ReportResult, ...]]) -> None:
    out, _ = report_site
    index = out / "index.html"
    seen = visit(browser, index)
    _assert_clean(seen, index)
    assert seen.facts["headings"][:1] == ["newslib reports"]
    assert "Failures" in seen.facts["headings"]
    # The hostile title is shown as text, markup and all.
    assert '<script>window.__newslib_pwned = "title"</script>' in seen.facts["text"]
    assert "onerror=\"window.__newslib_pwned='img'\"" in seen.facts["text"]
    assert "Dockworkers walk out at Port of Varne" in seen.facts["text"]


@pytest.mark.parametrize("article", [STRIKE, HOSTILE], ids=["strike", "hostile"])
def test_every_report_in_browser(
    browser: Any, report_site: tuple[Path, tuple[ReportResult, ...]], article: Path
) -> None:
    _, results = report_site
    checked = 0
    for result in results:
        if result.article != article.resolve():
            continue
        assert result.html is not None, result.describe()
        seen = visit(browser, result.html)
        _assert_clean(seen, result.html)
        notebook = NOTEBOOK_FILES.get(
            result.notebook, ROOT / "notebooks" / f"{result.notebook}.ipynb"
        )
        missing = [h for h in _notebook_headings(notebook) if h not in seen.facts["headings"]]
        if result.status == "ok":
            assert missing == [], f"{result.html}: headings missing {missing}"
        assert "Provenance" in seen.facts["text"]
        checked += 1
    assert checked == len(NOTEBOOKS) + 2


def test_corpus_report_in_browser(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    out, results = build_corpus_site(tmp_path_factory.getbasetemp() / "corpus-site")
    (result,) = results
    assert result.html is not None and result.status == "ok", result.describe()
    index = out / "index.html"
    seen = visit(browser, index)
    _assert_clean(seen, index)
    assert "Corpus report" in seen.facts["text"]
    seen = visit(browser, result.html)
    _assert_clean(seen, result.html)
    notebook = ROOT / "notebooks" / "corpus.ipynb"
    missing = [h for h in _notebook_headings(notebook) if h not in seen.facts["headings"]]
    assert missing == [], f"{result.html}: headings missing {missing}"
    assert "Provenance" in seen.facts["text"]
    widths = [image["width"] for image in seen.facts["images"]]
    assert len(widths) >= 5 and min(widths) > 100


def test_report_figures_load(
    browser: Any, report_site: tuple[Path, tuple[ReportResult, ...]]
) -> None:
    _, results = report_site
    result = result_for(results, STRIKE, "overview")
    assert result.html is not None
    seen = visit(browser, result.html)
    widths = [image["width"] for image in seen.facts["images"]]
    assert len(widths) >= 2 and min(widths) > 100


def test_hostile_text_is_visible_in_every_output_kind(
    browser: Any, report_site: tuple[Path, tuple[ReportResult, ...]]
) -> None:
    _, results = report_site
    result = result_for(results, HOSTILE, "echo")
    assert result.status == "ok" and result.html is not None
    seen = visit(browser, result.html)
    _assert_clean(seen, result.html)
    text = seen.facts["text"]
    for shown in (
        '<script>window.__newslib_pwned = "body"; document.title = "PWNED"</script>',
        '<iframe src="https://example.org/tracker"></iframe>',
        "<style>body { display: none }</style>",
        "%%javascript",
        "<svg onload=\"window.__newslib_pwned='svg'\">",
    ):
        # printed text, Markdown, HTML, table: each output shows the markup as text
        assert text.count(shown) >= 3, f"{shown!r} shown {text.count(shown)} times"
    assert seen.facts["title"] != "PWNED"


def test_screenshots_for_the_readme(
    browser: Any, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Screenshots of an index and a report (``docs/`` with NEWSLIB_UPDATE_SCREENSHOTS=1)."""
    chosen = os.environ.get("NEWSLIB_SCREENSHOT_SITE")
    site = Path(chosen).resolve() if chosen else request.getfixturevalue("report_site")[0]
    target = ROOT / "docs" if os.environ.get("NEWSLIB_UPDATE_SCREENSHOTS") == "1" else tmp_path
    index = site / "index.html"
    # The sentiment report shows a figure near the top; any report does where it is absent.
    report = min(site.glob("*/*.html"), key=lambda p: (p.stem != "sentiment", p.as_posix()))
    for page_path, name, height in (
        (index, "report-index.png", 640),
        (report, "report-page.png", 1800),
    ):
        seen = visit(browser, page_path, screenshot=target / name, height=height)
        _assert_clean(seen, page_path)
        assert (target / name).stat().st_size > 10_000
