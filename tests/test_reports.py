"""The report runner: papermill execution, HTML rendering, failures, the CLI.

One session-scoped run (``report_run``) executes the registered notebooks plus a notebook that
fails on purpose on a sample article and on a hostile article; most tests read its output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_site import (
    ECHO,
    FAILING,
    FAILING_CELL,
    HOSTILE,
    ROOT,
    SITE_ARTICLES,
    SITE_NOTEBOOKS,
    STRIKE,
    build_corpus_site,
    build_site,
    result_for,
)

from newslib import ReportError
from newslib.cli import main
from newslib.reports import (
    CORPUS_NOTEBOOK,
    NOTEBOOKS,
    ReportResult,
    article_folder_names,
    clean_html,
    corpus_folder,
    corpus_sha256,
    index_html,
    resolve_notebooks,
    run_reports,
    sample_articles,
    strip_run_date,
)


@pytest.fixture(scope="session")
def report_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[ReportResult, ...]]:
    """The shared report site (see ``report_site.py``)."""
    return build_site(tmp_path_factory.getbasetemp() / "report-site")


# --------------------------------------------------------------------------- units


# A tag that can run script or fetch something, or a javascript: target, left active.
ACTIVE_MARKUP = re.compile(r"<(?:script|img|iframe|svg|style|object|embed)\b|=\"?javascript:", re.I)
HOSTILE_FRAGMENTS = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<img src="x" onerror="alert(1)">', '&lt;img src="x" onerror="alert(1)"&gt;'),
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
    assert ACTIVE_MARKUP.search(cleaned) is None


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
    assert "README.md" not in names and len(names) >= 3


def test_a_folder_argument_means_its_articles(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# not an article\n")
    with pytest.raises(ReportError, match="no article files"):
        run_reports([tmp_path], out=tmp_path / "out")


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


def test_one_path_is_one_article_not_characters(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"absent\.txt: article file not found"):
        run_reports(str(tmp_path / "absent.txt"), out=tmp_path / "out")


def test_runner_parameters_cannot_be_overridden(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="'output_dir' is set by the runner"):
        run_reports([STRIKE], out=tmp_path, parameters={"output_dir": "/elsewhere"})


def test_cli_parameter_needs_name_and_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(STRIKE), "-p", "published"]) == 1
    assert "parameter 'published': expected NAME=VALUE" in capsys.readouterr().err


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="jobs"):
        run_reports([STRIKE], out=tmp_path, jobs=0)


# --------------------------------------------------------------------------- one real run


@pytest.mark.slow
def test_every_notebook_reported_on_every_article(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    out, results = report_run
    assert len(results) == 2 * (len(NOTEBOOKS) + 2)
    for article in (STRIKE, HOSTILE):
        for name in NOTEBOOKS:
            result = result_for(results, article, name)
            assert result.status == "ok", result.describe()
            assert result.html is not None and result.html.is_file()
            assert result.ipynb is not None and result.ipynb.is_file()
            assert result.html.parent.parent == out


@pytest.mark.slow
def test_failing_notebook_reports_cell_and_error(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    _, results = report_run
    result = result_for(results, STRIKE, "failing")
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
def test_outputs_hide_code_and_embed_figures(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    _, results = report_run
    result = result_for(results, STRIKE, "overview")
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
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    _, results = report_run
    result = result_for(results, STRIKE, "overview")
    assert result.ipynb is not None
    notebook = json.loads(result.ipynb.read_text(encoding="utf-8"))
    (injected,) = [c for c in notebook["cells"] if c["id"] == "injected-parameters"]
    source = "".join(injected["source"])
    assert f'article_path = "{STRIKE}"' in source
    assert f'output_dir = "{result.html.with_suffix("")}"' in source


@pytest.mark.slow
def test_cli_writes_skips_forces_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["report", str(STRIKE), "--out", str(tmp_path), "--no-progress"]
    # Once as `python -m newslib`, in a subprocess, as a user would run it.
    first = subprocess.run(
        [sys.executable, "-m", "newslib", *base, "--notebooks", str(ECHO)],
        capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "1 reports (1 written, 0 up to date, 0 failed)" in first.stdout
    assert (tmp_path / STRIKE.stem / "echo.html").is_file()

    def run(*extra: str) -> tuple[int, str, str]:
        status = main([*base, *extra])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    assert run("--notebooks", str(ECHO))[1].startswith("1 reports (0 written, 1 up to date")
    assert run("--notebooks", str(ECHO), "--force")[1].startswith("1 reports (1 written")
    status, out, err = run("--notebooks", str(FAILING))
    assert status == 1 and "1 failed" in out
    assert "FAILED failing on 2023-03-14-harbour-strike.txt: cell 4: ValueError" in err
    status, out, err = run("--notebooks", "nosuch")
    assert status == 1 and out == ""
    assert err.startswith("newslib report: notebook 'nosuch'")


# --------------------------------------------------------------------------- the site


@pytest.mark.slow
def test_index_links_every_report_and_the_failing_cell(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    out, results = report_run
    index = (out / "index.html").read_text(encoding="utf-8")
    for result in results:
        assert result.html is not None
        href = result.html.relative_to(out).as_posix()
        if result.status == "failed":
            href += f"#cell-id={result.cell_id}"
        assert f'href="{href}"' in index
    failing = result_for(results, STRIKE, "failing")
    assert failing.cell_id == "cell-4"
    assert "cell 4: ValueError: deliberate failure on 2023-03-14-harbour-strike" in index
    assert "<td>Dockworkers walk out at Port of Varne as pay talks collapse" in index
    assert '<td class="date">2023-03-14</td><td>NWS</td>' in index


@pytest.mark.slow
def test_index_key_figures_for_the_analyses_present(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    import newslib
    from newslib.reports import KEY_FIGURES, available_key_figures

    out, _ = report_run
    index = (out / "index.html").read_text(encoding="utf-8")
    present = available_key_figures()
    for label, function, _ in KEY_FIGURES:
        assert (f"<th>{label}</th>" in index) == hasattr(newslib, function)
    row = index.split('<tr id="2023-03-14-harbour-strike">')[1].split("</tr>")[0]
    values = re.findall(r'<td class="num">([^<]*)</td>', row)
    assert len(values) == len(present)
    assert all(re.fullmatch(r"[+-]?\d+(?:\.\d+)?", value) for value in values), values


@pytest.mark.slow
def test_provenance_footer_in_every_report(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    import hashlib

    from newslib import __version__

    _, results = report_run
    for result in results:
        assert result.html is not None
        page = result.html.read_text(encoding="utf-8")
        footer = page.split('<footer class="newslib-provenance">')[1].split("</footer>")[0]
        article = result.article
        assert hashlib.sha256(article.read_bytes()).hexdigest() in footer
        assert str(article) in footer
        assert f"<th>newslib</th><td>{__version__}</td>" in footer
        assert "papermill " in footer and "nbconvert " in footer and "pandas " in footer
        assert re.search(r"(&quot;|\")output_dir(&quot;|\"): (&quot;|\")/", footer)
        assert re.search(r'newslib-run-date">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<', footer)


class ActiveMarkup(HTMLParser):
    """Collects the elements of a page that could run script or fetch anything."""

    FORBIDDEN = frozenset({"script", "iframe", "object", "embed", "svg", "link", "base", "form"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.FORBIDDEN:
            self.found.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or value.startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
            if name == "src" and not value.startswith("data:image/"):
                self.found.append(f"{tag} src={value}")
            if name == "href" and tag != "a":
                self.found.append(f"{tag} href={value}")


def active_markup(page: str) -> list[str]:
    """What :class:`ActiveMarkup` finds in a page.

    Negative and positive cases keep the checker honest:

    >>> active_markup('&lt;script&gt; <a href="#x">x</a> <img src="data:image/png;base64,A">')
    []
    >>> active_markup('<script></script><img src=x onerror="y"><a href="javascript:z">a</a>')
    ['script', 'img src=x', 'img onerror=y', 'a href=javascript:z']
    """
    parser = ActiveMarkup()
    parser.feed(page)
    return parser.found


@pytest.mark.slow
def test_no_page_can_run_script_or_fetch(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    out, _ = report_run
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert active_markup(text) == [], page
        assert "https://cdn" not in text and "unpkg.com" not in text
        assert "mathjax" not in text.lower() and "require.js" not in text.lower()


@pytest.mark.slow
def test_hostile_article_markup_is_escaped_text(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    out, results = report_run
    echo = result_for(results, HOSTILE, "echo")
    assert echo.html is not None
    page = echo.html.read_text(encoding="utf-8")
    assert page.count("&lt;script&gt;window.__newslib_pwned") >= 4
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__newslib_pwned = &quot;title&quot;&lt;/script&gt;" in index


@pytest.mark.slow
def test_rerun_skips_up_to_date_reruns_the_rest_identically(
    report_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    """An unchanged report is skipped; a report whose run was interrupted (no stamp) and a
    failed one are re-run, giving the same bytes apart from the run date."""
    out, results = report_run
    overview = result_for(results, STRIKE, NOTEBOOKS[0])
    failing = result_for(results, STRIKE, "failing")
    pages = [out / "index.html", overview.html, failing.html]
    before = {page: page.read_text(encoding="utf-8") for page in pages if page is not None}
    (out / STRIKE.stem / f".{overview.notebook}.stamp.json").unlink()  # interrupted run

    again = run_reports(SITE_ARTICLES, out=out, notebooks=SITE_NOTEBOOKS, jobs=2)
    statuses = {(r.article.name, r.notebook): r.status for r in again}
    failures = [r.describe() for r in again if r.status == "failed"]
    assert statuses[(STRIKE.name, overview.notebook)] == "ok", failures
    assert statuses[(STRIKE.name, "failing")] == "failed"
    assert statuses[(HOSTILE.name, "echo")] == "skipped"
    assert list(statuses.values()).count("skipped") == len(again) - 3
    for page, text in before.items():
        after = page.read_text(encoding="utf-8")
        assert strip_run_date(after) == strip_run_date(text), f"{page} differs"
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*.executing.ipynb"))


@pytest.mark.slow
def test_show_code_keeps_the_code(report_run: tuple[Path, tuple[ReportResult, ...]]) -> None:
    import nbformat

    from newslib.reports import render_html

    _, results = report_run
    result = result_for(results, STRIKE, NOTEBOOKS[0])
    assert result.ipynb is not None and result.html is not None
    notebook = nbformat.read(result.ipynb, as_version=4)
    shown = render_html(notebook, show_code=True)
    hidden = render_html(notebook, show_code=False)
    # Code cells' source, syntax-highlighted, appears only with show_code.
    assert shown.count('class="highlight') >= 5 and 'class="highlight' not in hidden
    assert "save_figure" in shown and "save_figure" not in hidden
    assert 'article_path</span> <span class="o">=' in shown  # the injected parameters
    assert "article_path</span> <span" not in hidden
    assert render_html(notebook) == hidden


def test_bad_article_is_summarised_not_raised(tmp_path: Path) -> None:
    from newslib.reports import summarise_article

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    summary = summarise_article(empty, "empty")
    assert summary.title == "empty.txt" and summary.figures == {}
    assert summary.error is not None and summary.error.startswith("ArticleError:")


def test_index_without_an_analysis_omits_its_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newslib
    from newslib.reports import index_html, summarise_article

    monkeypatch.delattr(newslib, "timeline_frame", raising=False)
    summary = summarise_article(STRIKE, STRIKE.stem)
    assert "Dated events" not in summary.figures
    failed = ReportResult(STRIKE.resolve(), "overview", None, None, "failed", error="E: <x>")
    page = index_html(tmp_path, [failed], [summary], run_date="2026-01-01T00:00:00Z")
    assert "<th>Dated events</th>" not in page
    assert "overview (failed, no report)" in page and "E: &lt;x&gt;" in page
    if hasattr(newslib, "sentiment_frame"):
        assert "<th>Mean sentiment</th>" in page


# --------------------------------------------------------------------------- the corpus report


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[ReportResult, ...]]:
    """Only the corpus report, over the sample articles (see ``report_site.py``)."""
    return build_corpus_site(tmp_path_factory.getbasetemp() / "corpus-site")


DATA = ROOT / "data"


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        (sample_articles(DATA), None),  # the whole folder: the default run
        (sample_articles(DATA)[:2], "covers 2 of the 3 articles of data/"),
        ([STRIKE, HOSTILE], "in 2 folders"),
    ],
    ids=["whole-folder", "part-of-folder", "two-folders"],
)
def test_corpus_folder_only_for_a_whole_folder(articles: list[Path], expected: str | None) -> None:
    if expected is None:
        assert corpus_folder(articles) == DATA.resolve()
    else:
        with pytest.raises(ReportError, match=expected):
            corpus_folder(articles)


def test_corpus_folder_reads_subfolders_like_the_corpus_notebook(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.txt", "README.md"):
        (tmp_path / name).write_text("Title\n\nSome text here.\n", encoding="utf-8")
    # The report reads the folder's top level only; the corpus notebook would also read sub/.
    with pytest.raises(ReportError, match="covers 1 of the 2 articles"):
        corpus_folder(sample_articles(tmp_path))
    with pytest.raises(ReportError, match="in 2 folders"):
        corpus_folder([tmp_path / "a.txt", tmp_path / "sub" / "b.txt"])


def test_article_named_corpus_does_not_take_the_corpus_folder() -> None:
    assert article_folder_names([Path("x/corpus.txt"), Path("y/Corpus.md")]) == [
        "corpus-2",
        "Corpus-3",
    ]


def test_corpus_asked_for_articles_of_two_folders_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="in 2 folders"):
        run_reports([STRIKE, HOSTILE], out=tmp_path, notebooks=[CORPUS_NOTEBOOK])
    assert not (tmp_path / "corpus.html").exists()


def test_corpus_scheduler_must_not_start_a_process_pool(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="scheduler='processes'"):
        run_reports(None, out=tmp_path, parameters={"scheduler": "processes"})
    with pytest.raises(ReportError, match="'corpus_path' is set by the runner"):
        run_reports(None, out=tmp_path, parameters={"corpus_path": "/elsewhere"})


def test_no_corpus_and_only_corpus_select_nothing(tmp_path: Path) -> None:
    assert run_reports(None, out=tmp_path, notebooks=[CORPUS_NOTEBOOK], corpus=False) == []
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Corpus report" not in index and "3 articles, 0 reports" in index


def test_index_says_why_the_corpus_report_did_not_run(tmp_path: Path) -> None:
    page = index_html(tmp_path, [], [], run_date="x", corpus_note="not run: <in 2 folders>.")
    assert '<p class="corpus">Corpus report: not run: &lt;in 2 folders&gt;.</p>' in page
    assert '<p class="corpus">' not in index_html(tmp_path, [], [], run_date="x")


@pytest.mark.slow
def test_corpus_report_once_over_the_sample_articles(
    corpus_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    out, results = corpus_run
    (result,) = results
    assert result.corpus and result.status == "ok", result.describe()
    assert result.article == DATA.resolve() and result.notebook == CORPUS_NOTEBOOK
    assert result.html == out / "corpus.html" and result.ipynb == out / "corpus.ipynb"
    # Each figure as PNG with the CSV of its data, in out/corpus/.
    pngs = sorted(p.stem for p in (out / "corpus").glob("*.png"))
    assert "sentiment_by_month" in pngs and "merged_timeline" in pngs
    assert pngs == sorted(p.stem for p in (out / "corpus").glob("*.csv"))
    counts = (out / "corpus" / "corpus_counts.csv").read_text(encoding="utf-8")
    assert counts.strip() != ""
    # Papermill injected the whole folder and a scheduler without a process pool.
    notebook = json.loads(result.ipynb.read_text(encoding="utf-8"))
    (injected,) = [c for c in notebook["cells"] if c["id"] == "injected-parameters"]
    source = "".join(injected["source"])
    assert f'corpus_path = "{DATA.resolve()}"' in source and 'scheduler = "sync"' in source
    # Provenance: the folder and the hash of its articles, like `sha256sum FILE... | sha256sum`.
    page = result.html.read_text(encoding="utf-8")
    footer = page[page.index('<footer class="newslib-provenance">') :]
    digest = corpus_sha256(sample_articles(DATA), DATA.resolve())
    assert f"<td>{DATA.resolve()}</td>" in footer and f"<td>{digest}</td>" in footer
    assert active_markup(page) == [] and "https://cdn" not in page
    assert '<nav class="newslib-nav"><a href="index.html">' in page
    # The index links it at the top, above the table of the articles.
    index = (out / "index.html").read_text(encoding="utf-8")
    link = '<p class="corpus"><a href="corpus.html">Corpus report</a>'
    assert link in index and index.index(link) < index.index('<table class="articles">')
    assert "3 articles, 1 reports." in index
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.executing.ipynb"))


@pytest.mark.slow
def test_corpus_report_up_to_date_is_skipped(
    corpus_run: tuple[Path, tuple[ReportResult, ...]],
) -> None:
    out, first = corpus_run
    again = run_reports(None, out=out, notebooks=[CORPUS_NOTEBOOK])
    assert [r.status for r in again] == ["skipped"]
    assert again[0].html == first[0].html and again[0].corpus


@pytest.mark.slow
def test_corpus_report_failure_is_reported(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    failing = json.loads(FAILING.read_text(encoding="utf-8"))
    failing["cells"][1]["source"] = f'article_path: str = "{STRIKE}"\noutput_dir: str = ""\n'
    (notebooks / "corpus.ipynb").write_text(json.dumps(failing), encoding="utf-8")
    out = tmp_path / "out"
    (result,) = run_reports(None, out=out, notebooks=["corpus"], notebooks_folder=notebooks)
    assert result.status == "failed" and result.corpus
    assert result.cell_index == FAILING_CELL and result.error is not None
    assert result.error.startswith("ValueError")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="failed" href="corpus.html#cell-id=' in index
    assert "Corpus report (failed)" in index and "on data/ (corpus)" in index


def test_extra_parameters_take_the_declared_type() -> None:
    from newslib.errors import ReportError
    from newslib.reports import notebook_parameters, project_root

    corpus_notebook = project_root() / "notebooks" / "corpus.ipynb"
    assert notebook_parameters(corpus_notebook, {"dedupe": "False"}) == {"dedupe": False}
    assert notebook_parameters(corpus_notebook, {"dedupe": "yes"}) == {"dedupe": True}
    with pytest.raises(ReportError, match="dedupe='maybe' is not a bool"):
        notebook_parameters(corpus_notebook, {"dedupe": "maybe"})
    sentiment_notebook = project_root() / "notebooks" / "sentiment.ipynb"
    assert notebook_parameters(sentiment_notebook, {"window": "7"}) == {"window": 7}
