"""Reports: run the notebooks on articles headlessly and render a shareable HTML site.

For each article and each registered notebook (:data:`NOTEBOOKS`), :func:`run_reports` executes
the notebook with papermill (parameters ``article_path`` and ``output_dir`` injected as absolute
paths, working directory = the notebooks folder, so relative paths resolve as in JupyterLab) and
renders the executed notebook to HTML with nbconvert. Code is hidden unless ``show_code`` (via
nbconvert's ``exclude_input``: papermill's ``report_mode`` only affects JupyterLab).

Layout of ``out``::

    out/index.html                      table of articles, key figures, links, failures
    out/<article>/<notebook>.ipynb      the executed notebook
    out/<article>/<notebook>.html       the report (self-contained: no network request)
    out/<article>/<notebook>/           figures (PNG) and the data behind them (CSV)
    out/corpus.html, out/corpus.ipynb   the corpus report: ``notebooks/corpus.ipynb`` run once
    out/corpus/                         over all the run's articles, with its figures and CSVs

Reports are self-contained (no require.js, MathJax, jQuery or mermaid from a CDN; figures
embedded), carry a provenance footer, are byte-identical across runs apart from the run date, and
treat article text as untrusted (HTML in outputs and Markdown is sanitised: tags outside a small
allow-list are escaped, so they show as text). Every file is written under a temporary name and
renamed; a report whose inputs have not changed is skipped unless ``force``.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import hashlib
import html
import importlib.metadata
import json
import multiprocessing
import os
import re
import shutil
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newslib.articles import NOT_ARTICLES
from newslib.errors import ReportError

#: Notebooks run for every article, in this order (files ``notebooks/<name>.ipynb``).
#: Each engineer registers their notebook here.
NOTEBOOKS: tuple[str, ...] = ("overview", "sentiment", "timeline", "rhetoric")
#: The corpus-level notebook, run once per report run over the whole set of articles (into
#: ``out/corpus.html``) when the run covers one folder; ``--notebooks corpus`` runs only it.
CORPUS_NOTEBOOK = "corpus"
#: Dask scheduler of the corpus notebook inside a report run: the report may itself run in a
#: worker process, so no nested process pool ("sync": one thread, no pool).
CORPUS_SCHEDULER = "sync"
#: Jupyter kernel used to execute notebooks. Passed explicitly: letting papermill guess it from
#: the notebook metadata is a classic cause of ``NoSuchKernel`` in CI.
KERNEL_NAME = "python3"
#: Seconds a single cell may run before the notebook is reported as failed.
CELL_TIMEOUT = 600
#: Libraries whose versions go into every report's provenance footer.
CORE_LIBRARIES = (
    "pandas",
    "matplotlib",
    "nltk",
    "textblob",
    "vaderSentiment",
    "papermill",
    "nbconvert",
    "nbformat",
    "ipykernel",
)
#: Suffixes read as articles when a folder is given (the sample data).
ARTICLE_SUFFIXES = (".txt", ".md", ".json")
#: Environment of the kernels: a fixed hash seed keeps the order of sets of strings, hence the
#: reports, identical from run to run.
KERNEL_ENVIRONMENT = {"PYTHONHASHSEED": "0"}

_TEMPLATE_NAME = "newslib_report.html.j2"
_RUN_DATE_CLASS = "newslib-run-date"
_STAMP_SUFFIX = ".stamp.json"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# pandas' DataFrame._repr_html_ opens with this style block; it is dropped, not escaped.
_PANDAS_STYLE = re.compile(r"\A\s*<div>\s*<style scoped>[^<]*</style>", re.IGNORECASE)
_ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "b", "blockquote", "br", "caption", "code", "col", "colgroup",
        "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": ["class", "id", "title"],
    "a": ["href", "title"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan"],
    "table": ["border"],
}
# Links may point inside the page or to the web. ``<img>`` is not allowed at all: figures are
# image outputs, and an HTML image in an output could only fetch something or fail to load.
_ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Extends JupyterLab's template: drops every script that nbconvert would load from a CDN
# (require.js, MathJax, mermaid, widgets) and adds the provenance footer.
_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<meta name="generator" content="newslib">
<style type="text/css">
footer.newslib-provenance {
  margin: 2em auto 1em; padding: 0.8em 1.2em; max-width: 60em;
  border-top: 1px solid #ccc; font: 12px/1.5 sans-serif; color: #555;
}
footer.newslib-provenance table { border-collapse: collapse; }
footer.newslib-provenance th { text-align: left; padding-right: 1em; vertical-align: top; }
footer.newslib-provenance td { font-family: monospace; word-break: break-all; }
nav.newslib-nav { margin: 0.8em 0 0 28px; font: 13px sans-serif; }
</style>
{%- endblock extra_css -%}
{%- block data_html scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output {{ extra_class }}" \
data-mime-type="text/html">
{{ output.data['text/html'] | newslib_clean_html }}
</div>
{%- endblock data_html -%}
{%- block data_markdown scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output {{ extra_class }}" \
data-mime-type="text/markdown">
{{ output.data['text/markdown'] | markdown2html | newslib_clean_html }}
</div>
{%- endblock data_markdown -%}
{%- block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
<img src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | newslib_b64 }}" alt="figure">
</div>
{%- endblock data_svg -%}
{%- block data_javascript scoped -%}{%- endblock data_javascript -%}
{%- block data_widget_view scoped -%}{%- endblock data_widget_view -%}
{%- block body_header -%}
{{ super() }}
<nav class="newslib-nav"><a href="{{ resources.newslib_index_href }}">&larr; All reports</a></nav>
{%- endblock body_header -%}
{%- block body_footer -%}
{{ resources.newslib_footer }}
{{ super() }}
{%- endblock body_footer -%}
"""


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What happened to one notebook run on one article.

    Attributes:
        article: The article file (absolute path).
        notebook: Registered notebook name, e.g. ``"overview"``.
        html: The HTML report (written also when the notebook failed, showing the error).
        ipynb: The executed notebook.
        status: ``"ok"``, ``"failed"`` or ``"skipped"`` (up to date, not re-run).
        error: ``"ExceptionName: message"`` when the run failed.
        cell_index: Index of the failing cell in the source notebook (0-based).
        cell_id: Id of the failing cell (its HTML anchor is ``#cell-id=<cell_id>``).
        seconds: Wall-clock time of the run.
        corpus: True for the corpus report, whose ``article`` is the corpus folder.
    """

    article: Path
    notebook: str
    html: Path | None
    ipynb: Path | None
    status: str
    error: str | None = None
    cell_index: int | None = None
    cell_id: str | None = None
    seconds: float = 0.0
    corpus: bool = False

    @property
    def ok(self) -> bool:
        """True unless the notebook failed."""
        return self.status != "failed"

    def describe(self) -> str:
        """One line for a log or the command line.

        Examples:
            >>> r = ReportResult(Path("/d/a.txt"), "overview", None, None, "failed",
            ...                  error="ValueError: bad", cell_index=3)
            >>> r.describe()
            'FAILED overview on a.txt: cell 3: ValueError: bad'
        """
        where = f"cell {self.cell_index}: " if self.cell_index is not None else ""
        if self.status == "failed":
            return f"FAILED {self.notebook} on {self.article.name}: {where}{self.error}"
        return f"{self.status} {self.notebook} on {self.article.name}: {self.html}"


@dataclass(frozen=True, slots=True)
class _Job:
    """Everything a worker process needs to produce one report (picklable)."""

    article: Path
    notebook: str
    notebook_path: Path
    article_dir: Path
    show_code: bool
    force: bool
    kernel_name: str
    progress: bool
    run_date: str
    extra: tuple[tuple[str, str], ...] = ()
    fingerprint: str = ""
    #: For the corpus report: every article file of the corpus (``article`` is its folder).
    corpus_files: tuple[Path, ...] = ()


# --------------------------------------------------------------------------- locations


def project_root() -> Path:
    """The project folder holding ``notebooks/`` and ``data/`` (a source checkout).

    Examples:
        >>> (project_root() / "newslib").is_dir()
        True
    """
    return Path(__file__).resolve().parent.parent


def notebooks_dir() -> Path:
    """The folder of the registered notebooks.

    Raises:
        ReportError: When the package is not running from a source checkout.
    """
    folder = project_root() / "notebooks"
    if not folder.is_dir():
        raise ReportError(
            f"{folder}: notebooks folder not found; run newslib from a source checkout "
            "(git clone, then pip install -e .) or pass notebooks_dir"
        )
    return folder


def sample_articles(folder: Path | None = None) -> list[Path]:
    """The article files of a folder (default: the project's ``data/``), sorted by name.

    Files named README, LICENSE and the like (:data:`newslib.articles.NOT_ARTICLES`) and hidden
    files are not articles.

    Raises:
        ReportError: When the folder is absent or holds no article.

    Examples:
        >>> [p.name for p in sample_articles()][:1]
        ['2021-07-19-heatwave-hospitals.txt']
    """
    folder = folder if folder is not None else project_root() / "data"
    if not folder.is_dir():
        raise ReportError(
            f"{folder}: sample data folder not found; name the articles to report on "
            "(newslib report ARTICLE ...) or run from a source checkout"
        )
    found = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in ARTICLE_SUFFIXES
        and p.stem.upper() not in NOT_ARTICLES
        and not p.name.startswith(".")
    )
    if not found:
        raise ReportError(f"{folder}: no article files ({', '.join(ARTICLE_SUFFIXES)}) found")
    return found


def article_folder_names(
    articles: Sequence[Path], *, reserved: Iterable[str] = (CORPUS_NOTEBOOK,)
) -> list[str]:
    """Folder names for the articles: the file stem, made safe and unique.

    Names in ``reserved`` (the corpus report's folder ``out/corpus/``) are not used: an article
    ``corpus.txt`` gets the folder ``corpus-2``.

    Examples:
        >>> article_folder_names([Path("a/x y.txt"), Path("b/x y.txt"), Path("c.md")])
        ['x_y', 'x_y-2', 'c']
        >>> article_folder_names([Path("corpus.txt")])
        ['corpus-2']
    """
    names: list[str] = []
    seen: set[str] = {name.lower() for name in reserved}
    for path in articles:
        base = _UNSAFE_NAME.sub("_", path.stem).strip("._") or "article"
        name, n = base, 1
        while name.lower() in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name.lower())
        names.append(name)
    return names


# --------------------------------------------------------------------------- provenance


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_sha256(files: Iterable[Path], root: Path) -> str:
    """SHA-256 of a corpus: of the ``sha256sum`` lines ``<hex>  <path in root>``, by path.

    The same value as ``cd data && sha256sum FILE... | sha256sum`` with the article files
    named in sorted order.
    """
    names = sorted((path.relative_to(root).as_posix(), path) for path in files)
    lines = [f"{file_sha256(path)}  {name}\n" for name, path in names]
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of newslib, Python and :data:`CORE_LIBRARIES` (``"absent"`` if not installed)."""
    from newslib import __version__

    versions = {"newslib": __version__, "python": sys.version.split()[0]}
    for name in CORE_LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def source_fingerprint() -> str:
    """SHA-256 over newslib's own source files: a change to the library invalidates reports."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".tsv", ".json", ".csv"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_date_now() -> str:
    """The run date as printed in footers: UTC, to the second.

    Examples:
        >>> len(run_date_now())
        20
    """
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def provenance_footer(
    *,
    notebook: str,
    parameters: Mapping[str, str | bool | int | float],
    article: Path,
    article_sha256: str,
    run_date: str,
    versions: dict[str, str],
) -> str:
    """The HTML provenance footer carried by every report (all values escaped).

    Examples:
        >>> html_text = provenance_footer(notebook="overview", parameters={"a": "<b>"},
        ...     article=Path("/x.txt"), article_sha256="ab", run_date="2026-01-01T00:00:00Z",
        ...     versions={"newslib": "0.1.0"})
        >>> "&lt;b&gt;" in html_text and "<b>" not in html_text
        True
    """
    rows = [
        ("Notebook", notebook),
        ("Input file", str(article)),
        ("Input SHA-256", article_sha256),
        ("Parameters", json.dumps(parameters, ensure_ascii=False, sort_keys=True)),
        ("newslib", versions.get("newslib", "")),
        (
            "Libraries",
            ", ".join(
                f"{name} {version}" for name, version in versions.items() if name != "newslib"
            ),
        ),
    ]
    cells = "".join(
        f"<tr><th>{html.escape(name)}</th><td>{html.escape(value)}</td></tr>"
        for name, value in rows
    )
    run = (
        f'<tr><th>Run date</th><td><span class="{_RUN_DATE_CLASS}">{html.escape(run_date)}'
        "</span></td></tr>"
    )
    return (
        '<footer class="newslib-provenance"><strong>Provenance</strong>'
        f"<table>{cells}{run}</table></footer>"
    )


def strip_run_date(text: str) -> str:
    """Blank the run date(s) of a report or index, for comparing two runs byte for byte.

    Examples:
        >>> strip_run_date('<span class="newslib-run-date">2026-01-01T00:00:00Z</span>')
        '<span class="newslib-run-date"></span>'
    """
    return re.sub(rf'(<span class="{_RUN_DATE_CLASS}">)[^<]*(</span>)', r"\1\2", text)


# --------------------------------------------------------------------------- rendering


def clean_html(fragment: str) -> str:
    """Sanitise HTML from a notebook output: allowed tags kept, every other tag escaped.

    Article text is untrusted; a ``<script>`` or an ``onerror=`` attribute in an output shows
    as text and runs nothing, ``javascript:`` links lose their target.

    Examples:
        >>> clean_html('<b>ok</b><script>alert(1)</script>')
        '<b>ok</b>&lt;script&gt;alert(1)&lt;/script&gt;'
        >>> clean_html('<img src="x" onerror="alert(1)">')
        '&lt;img src="x" onerror="alert(1)"&gt;'
        >>> clean_html('<a href="javascript:alert(1)">x</a>')
        '<a>x</a>'
    """
    import bleach  # type: ignore[import-untyped]

    fragment = _PANDAS_STYLE.sub("<div>", fragment, count=1)
    return str(
        bleach.clean(
            fragment,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            protocols=_ALLOWED_PROTOCOLS,
            strip=False,
        )
    )


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def render_html(
    notebook: Any,
    *,
    show_code: bool = False,
    footer: str = "",
    title: str = "newslib report",
    index_href: str = "../index.html",
) -> str:
    """Render an executed notebook (an ``nbformat`` node) as one self-contained HTML page.

    Code cells' input is hidden unless ``show_code`` (nbconvert's ``exclude_input``); cells
    tagged ``remove-cell`` are dropped, ``remove-input``/``remove-output`` hide that part.
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        config=config,
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        filters={"newslib_clean_html": clean_html, "newslib_b64": _b64},
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(
        notebook,
        resources={
            "newslib_footer": footer,
            "newslib_index_href": index_href,
            "metadata": {"name": title},
        },
    )
    return str(body)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file under a temporary name in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with tmp.open("wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _failure_page(title: str, error: str, footer: str, index_href: str = "../index.html") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n"
        f'<nav class="newslib-nav"><a href="{html.escape(index_href)}">'
        "&larr; All reports</a></nav>\n"
        f"<h1>{html.escape(title)}: failed</h1>\n<pre>{html.escape(error)}</pre>\n"
        f"{footer}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- execution


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _normalise_cells(notebook: Any) -> tuple[int | None, str | None]:
    """Give papermill's inserted cells fixed ids; locate the failing cell.

    Returns:
        The failing cell's index in the source notebook and its id, or ``(None, None)``.
    """
    source_index = 0
    failing: tuple[int | None, str | None] = (None, None)
    for position, cell in enumerate(notebook.cells):
        tags = _tags(cell)
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
            continue
        if "papermill-error-cell-tag" in tags:
            cell["id"] = f"papermill-error-{position}"
            continue
        if (
            failing[0] is None
            and cell.get("cell_type") == "code"
            and any(output.get("output_type") == "error" for output in cell.get("outputs", []))
        ):
            failing = (source_index, str(cell.get("id", "")) or None)
        source_index += 1
    return failing


class _KernelEnvironment:
    """Temporarily sets :data:`KERNEL_ENVIRONMENT` for kernels started inside the block."""

    def __enter__(self) -> None:
        self._saved = {name: os.environ.get(name) for name in KERNEL_ENVIRONMENT}
        os.environ.update(KERNEL_ENVIRONMENT)

    def __exit__(self, *exc: object) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _job_key(job: _Job, article_sha: str, fingerprint: str) -> str:
    material = {
        "article": str(job.article),
        "article_sha256": article_sha,
        "notebook_sha256": file_sha256(job.notebook_path),
        "show_code": job.show_code,
        "kernel": job.kernel_name,
        "extra": list(job.extra),
        "source": fingerprint,
        "versions": library_versions(),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _read_stamp(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _run_job(job: _Job) -> ReportResult:
    """Execute and render one notebook on one article; never raises for a notebook failure."""
    import time

    started = time.perf_counter()
    name = job.notebook
    html_path = job.article_dir / f"{name}.html"
    ipynb_path = job.article_dir / f"{name}.ipynb"
    stamp_path = job.article_dir / f".{name}{_STAMP_SUFFIX}"
    figures = job.article_dir / name
    corpus = bool(job.corpus_files)
    try:
        if corpus:
            article_sha = corpus_sha256(job.corpus_files, job.article)
        else:
            article_sha = file_sha256(job.article)
        key = _job_key(job, article_sha, job.fingerprint or source_fingerprint())
    except (OSError, ValueError) as exc:
        return ReportResult(
            job.article,
            name,
            None,
            None,
            "failed",
            error=f"{type(exc).__name__}: {exc}",
            corpus=corpus,
        )
    stamp = _read_stamp(stamp_path)
    if (
        not job.force
        and stamp.get("key") == key
        and stamp.get("status") == "ok"
        and html_path.is_file()
        and ipynb_path.is_file()
    ):
        return ReportResult(job.article, name, html_path, ipynb_path, "skipped", corpus=corpus)

    # From here on the previous report is gone: an interrupted run leaves no complete-looking
    # report behind (the HTML is the last file renamed into place, the stamp after it).
    for stale in (stamp_path, html_path, ipynb_path):
        stale.unlink(missing_ok=True)
    if figures.exists():
        shutil.rmtree(figures)
    figures.mkdir(parents=True)
    runner: dict[str, str] = (
        {"corpus_path": str(job.article), "scheduler": CORPUS_SCHEDULER}
        if corpus
        else {"article_path": str(job.article)}
    )
    parameters: dict[str, str | bool | int | float] = {
        **runner,
        "output_dir": str(figures),
        **notebook_parameters(job.notebook_path, dict(job.extra)),
    }
    footer = provenance_footer(
        notebook=name,
        parameters=parameters,
        article=job.article,
        article_sha256=article_sha,
        run_date=job.run_date,
        versions=library_versions(),
    )
    executed_tmp = job.article_dir / f".{name}.{os.getpid()}.executing.ipynb"
    error: str | None = None
    try:
        error = _execute(job, parameters, executed_tmp)
        title = f"{name}: {job.article.name}" + (
            f" ({len(job.corpus_files)} articles)" if corpus else ""
        )
        index_href = "index.html" if corpus else "../index.html"
        if executed_tmp.is_file():
            import nbformat

            notebook = nbformat.read(executed_tmp, as_version=4)  # type: ignore[no-untyped-call]
            cell_index, cell_id = _normalise_cells(notebook)
            text = nbformat.writes(notebook)  # type: ignore[no-untyped-call]
            write_atomic(ipynb_path, text + "\n")
            page = render_html(
                notebook,
                show_code=job.show_code,
                footer=footer,
                title=title,
                index_href=index_href,
            )
        else:
            cell_index, cell_id = None, None
            page = _failure_page(
                title, error or "the notebook produced no output", footer, index_href
            )
        write_atomic(html_path, page)
    except Exception as exc:  # a rendering bug must not stop the other reports
        error = error or f"{type(exc).__name__}: {exc}"
        cell_index, cell_id = None, None
    finally:
        executed_tmp.unlink(missing_ok=True)
    status = "failed" if error else "ok"
    result = ReportResult(
        job.article,
        name,
        html_path if html_path.is_file() else None,
        ipynb_path if ipynb_path.is_file() else None,
        status,
        error=error,
        cell_index=cell_index if error else None,
        cell_id=cell_id if error else None,
        seconds=round(time.perf_counter() - started, 3),
        corpus=corpus,
    )
    write_atomic(stamp_path, json.dumps({"key": key, **_result_record(result)}, indent=1) + "\n")
    return result


def _execute(
    job: _Job, parameters: Mapping[str, str | bool | int | float], output: Path
) -> str | None:
    """Run papermill; returns ``"Name: message"`` if the notebook failed, else ``None``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        with _KernelEnvironment():
            papermill.execute_notebook(
                str(job.notebook_path),
                str(output),
                parameters=parameters,
                kernel_name=job.kernel_name,
                cwd=str(job.notebook_path.parent),
                progress_bar=job.progress,
                request_save_on_cell_execute=False,
                execution_timeout=CELL_TIMEOUT,
            )
    except PapermillExecutionError as exc:
        return f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # no kernel, unreadable notebook, dead kernel, timeout...
        detail = str(exc).strip().splitlines()
        return f"{type(exc).__name__}: {detail[0] if detail else ''}"
    return None


def _result_record(result: ReportResult) -> dict[str, Any]:
    record = asdict(result)
    for key in ("article", "html", "ipynb"):
        record[key] = str(record[key]) if record[key] is not None else None
    return record


# --------------------------------------------------------------------------- the runner


#: Parameters the runner sets itself for every notebook (``corpus_path`` for the corpus one).
RUNNER_PARAMETERS = ("article_path", "output_dir", "corpus_path")
#: Dask schedulers a report run accepts for the corpus notebook (``-p scheduler=threads``): a
#: process pool inside a report worker would nest pools.
CORPUS_SCHEDULERS = ("sync", "threads")


def corpus_folder(articles: Sequence[Path]) -> Path:
    """The folder to pass as the corpus notebook's ``corpus_path`` for a run on ``articles``.

    The run's articles must be exactly the articles of one folder as the corpus notebook reads
    it (:func:`newslib.articles.corpus_files`: recursively, README and hidden files left out),
    e.g. ``newslib report`` (the sample ``data/``) or ``newslib report FOLDER``.

    Raises:
        ReportError: Saying why otherwise (articles in several folders, or a part of a folder).

    Examples:
        >>> corpus_folder(sample_articles()) == project_root() / "data"
        True
        >>> corpus_folder(sample_articles()[:1])
        Traceback (most recent call last):
        newslib.errors.ReportError: the run covers 1 of the 3 articles of data/...
    """
    from newslib.articles import corpus_files

    unique = list(dict.fromkeys(Path(p).resolve() for p in articles))
    parents = sorted({p.parent for p in unique})
    if len(parents) != 1:
        raise ReportError(
            f"the articles are in {len(parents)} folders; the corpus report needs one folder"
        )
    (folder,) = parents
    files = {p.resolve() for p in corpus_files(folder)}
    if files != set(unique):
        raise ReportError(
            f"the run covers {len(files & set(unique))} of the {len(files)} articles of "
            f"{folder.name}/ (the corpus notebook reads the whole folder, subfolders "
            "included); run newslib report on the folder itself"
        )
    return folder


def notebook_parameters(
    notebook: Path, extra: Mapping[str, str]
) -> dict[str, str | bool | int | float]:
    """The ``extra`` parameters that ``notebook`` declares, typed as its parameters cell says.

    Extra parameters (``newslib report -p published=2023-03-14``) go only to the notebooks that
    declare them, so one run can pass a notebook-specific option without breaking the others.
    Values arrive as strings; a parameter declared ``bool``, ``int`` or ``float`` gets that type
    (``-p dedupe=false`` must not reach the notebook as the truthy string ``"false"``).

    Raises:
        ReportError: a value that is not of the declared type.

    Examples:
        >>> overview = project_root() / "notebooks" / "overview.ipynb"
        >>> notebook_parameters(overview, {"published": "2023-03-14", "nosuch": "1"})
        {'published': '2023-03-14'}
        >>> corpus = project_root() / "notebooks" / "corpus.ipynb"
        >>> notebook_parameters(corpus, {"dedupe": "false"})
        {'dedupe': False}
    """
    if not extra:
        return {}
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    return {
        name: _typed(name, value, declared[name].get("inferred_type_name", "str"), notebook)
        for name, value in sorted(extra.items())
        if name in declared
    }


_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def _typed(name: str, value: str, type_name: str, notebook: Path) -> str | bool | int | float:
    try:
        if type_name == "bool":
            if value.lower() in _TRUE | _FALSE:
                return value.lower() in _TRUE
            raise ValueError(value)
        if type_name == "int":
            return int(value)
        if type_name == "float":
            return float(value)
    except ValueError:
        raise ReportError(
            f"parameter {name}={value!r} is not a {type_name}, as {notebook.name} declares it"
        ) from None
    return value


def resolve_notebooks(
    names: Iterable[str] | None, folder: Path | None = None
) -> list[tuple[str, Path]]:
    """Map notebook names (default: :data:`NOTEBOOKS`) to their files, checking they exist.

    A name ending in ``.ipynb`` is a path to a notebook outside the notebooks folder; it runs
    with its own folder as working directory.

    Raises:
        ReportError: For a name that is not registered or a notebook file that is missing.
    """
    chosen = list(names) if names is not None else list(NOTEBOOKS)
    resolved = []
    for entry in chosen:
        if entry.endswith(".ipynb"):
            path = Path(entry).expanduser()
        else:
            folder = folder if folder is not None else notebooks_dir()
            path = folder / f"{entry}.ipynb"
        name = path.stem
        if not path.is_file():
            known = sorted(p.stem for p in path.parent.glob("*.ipynb"))
            raise ReportError(
                f"notebook {entry!r}: {path} not found; available in {path.parent}: "
                f"{', '.join(known) or 'none'}"
            )
        resolved.append((name, path.resolve()))
    return resolved


def run_reports(
    articles: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    out: str | os.PathLike[str] = "reports",
    notebooks: Iterable[str] | None = None,
    show_code: bool = False,
    jobs: int = 1,
    force: bool = False,
    progress: bool = False,
    notebooks_folder: str | os.PathLike[str] | None = None,
    kernel_name: str = KERNEL_NAME,
    parameters: Mapping[str, str] | None = None,
    on_result: Callable[[ReportResult], None] | None = None,
    corpus: bool = True,
) -> list[ReportResult]:
    """Run every notebook on every article and write the report site into ``out``.

    The corpus notebook (:data:`CORPUS_NOTEBOOK`) also runs once over all the articles, into
    ``out/corpus.html``, when ``corpus`` and ``notebooks`` is ``None`` or names it, and the
    articles are exactly one folder's (:func:`corpus_folder`); otherwise the index says why not.

    Args:
        articles: An article file or folder, or several; default: the project's ``data/``.
        out: Output folder (created); ``out/index.html`` links every report.
        notebooks: Notebook names; default :data:`NOTEBOOKS` plus the corpus report. The name
            ``"corpus"`` selects the corpus report (``["corpus"]``: only it).
        show_code: Keep the code cells' input in the HTML.
        jobs: Worker processes (each runs one notebook on one article at a time).
        force: Re-run reports whose inputs have not changed.
        progress: Show a progress bar on stderr.
        notebooks_folder: Where the notebooks live; default the project's ``notebooks/``.
        kernel_name: Jupyter kernel to execute with.
        parameters: Further string parameters (e.g. ``{"published": "2023-03-14"}``), each
            passed to the notebooks whose parameters cell declares it.
        on_result: Called in the parent process with each result as it completes.
        corpus: Run the corpus report (``newslib report --no-corpus`` sets it False).

    Returns:
        One :class:`ReportResult` per (article, notebook), in article then notebook order,
        then the corpus report's (``corpus=True``) if it ran.
        A failing notebook does not raise: its result has ``status == "failed"``.

    Raises:
        ReportError: For a missing article, notebook or data folder, or ``jobs < 1``; when
            ``"corpus"`` is named in ``notebooks`` but the articles are not one folder's.
    """
    if jobs < 1:
        raise ReportError(f"jobs must be at least 1, got {jobs}")
    extra = tuple(sorted((parameters or {}).items()))
    reserved = [name for name, _ in extra if name in RUNNER_PARAMETERS]
    if reserved:
        raise ReportError(f"parameter {reserved[0]!r} is set by the runner for every article")
    scheduler = dict(extra).get("scheduler")
    if scheduler is not None and scheduler not in CORPUS_SCHEDULERS:
        raise ReportError(
            f"parameter scheduler={scheduler!r}: a report run accepts "
            f"{' or '.join(CORPUS_SCHEDULERS)} (no process pool inside a report worker)"
        )
    folder = Path(notebooks_folder).resolve() if notebooks_folder is not None else None
    requested = list(notebooks) if notebooks is not None else None
    corpus_asked = requested is not None and CORPUS_NOTEBOOK in requested
    want_corpus = corpus and (requested is None or corpus_asked)
    chosen = resolve_notebooks(
        None if requested is None else [n for n in requested if n != CORPUS_NOTEBOOK], folder
    )
    corpus_nb = resolve_notebooks([CORPUS_NOTEBOOK], folder)[0][1] if want_corpus else None
    if isinstance(articles, (str, os.PathLike)):
        articles = [articles]  # one path, not an iterable of characters
    paths: list[Path] = sample_articles() if articles is None else []
    for given in articles if articles is not None else []:
        path = Path(given).expanduser().resolve()
        if path.is_dir():
            paths.extend(sample_articles(path))
        elif path.is_file():
            paths.append(path)
        else:
            raise ReportError(f"{path}: article file not found")
    if not paths:
        raise ReportError("no articles given")
    out_dir = Path(out).expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    run_date = run_date_now()
    # What every job of this run shares (the source fingerprint once per run, so that every
    # report of one run is stamped against the same sources); each job adds its article,
    # notebook and folder.
    new_job = functools.partial(
        _Job,
        show_code=show_code,
        force=force,
        kernel_name=kernel_name,
        progress=False,
        run_date=run_date,
        extra=extra,
        fingerprint=source_fingerprint(),
    )
    job_list = [
        new_job(
            article=path,
            notebook=name,
            notebook_path=nb_path,
            article_dir=out_dir / folder_name,
        )
        for path, folder_name in zip(paths, article_folder_names(paths), strict=True)
        for name, nb_path in chosen
    ]
    corpus_note: str | None = None
    if corpus_nb is not None:
        try:
            corpus_dir = corpus_folder(paths)
        except ReportError as exc:
            if corpus_asked:
                raise
            corpus_note = f"not run: {exc}."
        else:
            from newslib.articles import corpus_files

            job_list.append(
                new_job(
                    article=corpus_dir,
                    notebook=CORPUS_NOTEBOOK,
                    notebook_path=corpus_nb,
                    article_dir=out_dir,
                    corpus_files=tuple(p.resolve() for p in corpus_files(corpus_dir)),
                )
            )
    results: dict[int, ReportResult] = {}
    bar = _progress_bar(len(job_list), enabled=progress)
    try:
        if jobs == 1 or len(job_list) == 1:
            for index, job in enumerate(job_list):
                bar.set_postfix_str(f"{job.notebook} on {job.article.name}", refresh=True)
                results[index] = _run_job(job)
                _completed(results[index], bar, on_result)
        else:
            context = multiprocessing.get_context("spawn")
            with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
                # The corpus report, the longest, first.
                order = sorted(range(len(job_list)), key=lambda i: not job_list[i].corpus_files)
                futures = {pool.submit(_run_job, job_list[i]): i for i in order}
                for future in concurrent.futures.as_completed(futures):
                    index = futures[future]
                    results[index] = _future_result(future, job_list[index])
                    _completed(results[index], bar, on_result)
    finally:
        bar.close()
    ordered = [results[i] for i in range(len(job_list))]
    unique = list(dict.fromkeys(paths))
    summaries = [
        summarise_article(path, name)
        for path, name in zip(unique, article_folder_names(unique), strict=True)
    ]
    write_index(out_dir, ordered, run_date=run_date, summaries=summaries, corpus_note=corpus_note)
    return ordered


def _future_result(future: concurrent.futures.Future[ReportResult], job: _Job) -> ReportResult:
    try:
        return future.result()
    except Exception as exc:  # the worker process itself died
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return ReportResult(
            job.article,
            job.notebook,
            None,
            None,
            "failed",
            error=detail,
            corpus=bool(job.corpus_files),
        )


def _completed(
    result: ReportResult, bar: Any, on_result: Callable[[ReportResult], None] | None
) -> None:
    bar.update(1)
    if on_result is not None:
        on_result(result)


def _progress_bar(total: int, *, enabled: bool) -> Any:
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    return tqdm(total=total, desc="reports", unit="report", disable=not enabled, leave=True)


# --------------------------------------------------------------------------- the index

#: Columns of the index's key figures: label, the ``newslib`` function it needs, and how the
#: figure is computed from that function's frame. A figure whose function is not part of the
#: installed newslib is left out of the index.
KEY_FIGURES: tuple[tuple[str, str, str], ...] = (
    (
        "Mean sentiment",
        "sentiment_frame",
        "mean of the per-sentence score (newslib's combined score, -1 to 1)",
    ),
    ("Quotations", "quote_frame", "number of rows of quote_frame"),
    ("Speakers", "quote_frame", "distinct named speakers in quote_frame"),
    ("Dated events", "timeline_frame", "rows of timeline_frame (one per dated event) with a date"),
)

_INDEX_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
  margin: 2em auto; max-width: 75em; padding: 0 1.5em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
p.summary { color: #555; margin-top: 0; }
p.corpus { font-size: 1.05em; margin: 0.6em 0; }
p.corpus a { font-weight: 600; }
table.articles { border-collapse: collapse; width: 100%; margin: 1.2em 0; }
table.articles th, table.articles td { padding: 0.45em 0.7em; border-bottom: 1px solid #e2e2e2;
  text-align: left; vertical-align: top; }
table.articles th { background: #f4f5f7; font-weight: 600; }
table.articles td.date { white-space: nowrap; }
table.articles td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.articles .file { display: block; color: #777; font-size: 0.85em; }
a { color: #1558b0; }
a.failed { color: #b3261e; font-weight: 600; }
ul.failures li { margin-bottom: 0.4em; }
ul.failures code { white-space: pre-wrap; }
footer { margin-top: 2.5em; border-top: 1px solid #ccc; padding-top: 0.6em; color: #555;
  font-size: 12px; }
"""


def _sentiment_mean(frame: Any) -> str:
    column = "score" if "score" in frame.columns else "vader_compound"
    return "n/a" if frame.empty else f"{float(frame[column].mean()):+.2f}"


def _speakers(frame: Any) -> str:
    speakers = frame["speaker"].dropna().astype(str).str.strip()
    return str(speakers[speakers != ""].nunique())


def _dated_events(frame: Any) -> str:
    # timeline_frame has one row per dated event; count those with a date, to be safe.
    return str(int(frame["date"].notna().sum())) if "date" in frame.columns else str(len(frame))


_FIGURE_FUNCTIONS: dict[str, Callable[[Any], str]] = {
    "Mean sentiment": _sentiment_mean,
    "Quotations": lambda frame: str(len(frame)),
    "Speakers": _speakers,
    "Dated events": _dated_events,
}


def available_key_figures() -> list[str]:
    """Labels of the :data:`KEY_FIGURES` whose newslib function is present.

    Examples:
        >>> set(available_key_figures()) <= {label for label, _, _ in KEY_FIGURES}
        True
    """
    import newslib

    return [label for label, function, _ in KEY_FIGURES if hasattr(newslib, function)]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One row of the index: an article's metadata and key figures (all as display text)."""

    path: Path
    folder: str
    title: str
    date: str
    source: str
    figures: dict[str, str]
    error: str | None = None


def summarise_article(path: Path, folder: str = "") -> ArticleSummary:
    """Metadata and :data:`KEY_FIGURES` of one article; never raises for a bad article.

    Examples:
        >>> s = summarise_article(project_root() / "data" / "2023-03-14-harbour-strike.txt")
        >>> s.date, s.title.startswith("Dockworkers")
        ('2023-03-14', True)
    """
    import newslib

    try:
        article = newslib.load_article(path)
    except Exception as exc:
        return ArticleSummary(path, folder, path.name, "", "", {}, f"{type(exc).__name__}: {exc}")
    figures: dict[str, str] = {}
    errors: list[str] = []
    frames: dict[str, Any] = {}
    for label, function, _ in KEY_FIGURES:
        if not hasattr(newslib, function):
            continue
        try:
            if function not in frames:
                frames[function] = getattr(newslib, function)(article)
            figures[label] = _FIGURE_FUNCTIONS[label](frames[function])
        except Exception as exc:  # one analysis failing must not hide the others
            figures[label] = "error"
            errors.append(f"{label}: {type(exc).__name__}: {exc}")
    return ArticleSummary(
        path,
        folder,
        article.title or path.name,
        article.published.isoformat() if article.published else "",
        article.source or article.agency or "",
        figures,
        "; ".join(errors) or None,
    )


def _report_link(result: ReportResult, out_dir: Path) -> str:
    if result.html is None:
        return f'<span class="failed">{html.escape(result.notebook)} (failed, no report)</span>'
    href = result.html.relative_to(out_dir).as_posix()
    if result.status == "failed":
        anchor = f"#cell-id={result.cell_id}" if result.cell_id else ""
        return (
            f'<a class="failed" href="{html.escape(href + anchor)}">'
            f"{html.escape(result.notebook)} (failed)</a>"
        )
    return f'<a href="{html.escape(href)}">{html.escape(result.notebook)}</a>'


def index_html(
    out_dir: Path,
    results: Sequence[ReportResult],
    summaries: Sequence[ArticleSummary],
    *,
    run_date: str,
    corpus_note: str | None = None,
) -> str:
    """The report site's ``index.html`` (every value from an article is escaped).

    The corpus report, if any (the result with ``corpus=True``), is linked above the table;
    ``corpus_note`` says there why it did not run.
    """
    labels = available_key_figures()
    by_article: dict[Path, list[ReportResult]] = {}
    corpus_links = []
    for result in results:
        if result.corpus:
            link = _report_link(result, out_dir).replace(
                f">{html.escape(result.notebook)}", ">Corpus report", 1
            )
            corpus_links.append(
                f"{link}: {html.escape(CORPUS_NOTEBOOK)} notebook over the "
                f"articles of <code>{html.escape(result.article.name)}/</code>"
            )
            continue
        by_article.setdefault(result.article, []).append(result)
    if corpus_note is not None:
        corpus_links.append(f"Corpus report: {html.escape(corpus_note)}")
    corpus_block = "".join(f'<p class="corpus">{line}</p>\n' for line in corpus_links)
    head = "".join(
        f"<th>{html.escape(name)}</th>"
        for name in ["Article", "Date", "Source", *labels, "Reports"]
    )
    rows = []
    for summary in summaries:
        links = " · ".join(_report_link(r, out_dir) for r in by_article.get(summary.path, []))
        figures = "".join(
            f'<td class="num">{html.escape(summary.figures.get(label, "n/a"))}</td>'
            for label in labels
        )
        rows.append(
            f'<tr id="{html.escape(summary.folder)}"><td>{html.escape(summary.title)}'
            f'<span class="file">{html.escape(summary.path.name)}</span></td>'
            f'<td class="date">{html.escape(summary.date)}</td>'
            f"<td>{html.escape(summary.source)}</td>"
            f"{figures}<td>{links}</td></tr>"
        )
    failures = []
    for result in results:
        if result.status == "failed":
            where = f"cell {result.cell_index}: " if result.cell_index is not None else ""
            on = f"{result.article.name}/ (corpus)" if result.corpus else result.article.name
            failures.append(
                f"<li>{_report_link(result, out_dir)} on {html.escape(on)}: "
                f"<code>{html.escape(where + (result.error or ''))}</code></li>"
            )
    failures.extend(
        f"<li>key figures of {html.escape(s.path.name)}: <code>{html.escape(s.error)}</code></li>"
        for s in summaries
        if s.error
    )
    n_failed = sum(r.status == "failed" for r in results)
    summary_line = (
        f"{len(summaries)} articles, {len(results)} reports"
        + (f", {n_failed} failed" if n_failed else "")
        + "."
    )
    versions = library_versions()
    libraries = ", ".join(f"{k} {v}" for k, v in versions.items() if k != "newslib")
    methods = "".join(
        f"<li><b>{html.escape(label)}</b>: {html.escape(how)}</li>"
        for label, _, how in KEY_FIGURES
        if label in labels
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="newslib">\n'
        f"<title>newslib reports</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n"
        f'<h1>newslib reports</h1>\n<p class="summary">{html.escape(summary_line)}</p>\n'
        f"{corpus_block}"
        f'<table class="articles">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
        + (f"<h2>Key figures</h2>\n<ul>{methods}</ul>\n" if methods else "")
        + (
            f'<h2>Failures</h2>\n<ul class="failures">{"".join(failures)}</ul>\n'
            if failures
            else ""
        )
        + f"<footer>newslib {html.escape(versions['newslib'])} · {html.escape(libraries)} · "
        f'run date <span class="{_RUN_DATE_CLASS}">{html.escape(run_date)}</span></footer>\n'
        "</body>\n</html>\n"
    )


def write_index(
    out_dir: Path,
    results: Sequence[ReportResult],
    *,
    run_date: str,
    summaries: Sequence[ArticleSummary] | None = None,
    corpus_note: str | None = None,
) -> Path:
    """Write ``out_dir/index.html`` atomically: one row per article, links, failures."""
    if summaries is None:
        articles = list(dict.fromkeys(r.article for r in results if not r.corpus))
        summaries = [
            summarise_article(path, folder)
            for path, folder in zip(articles, article_folder_names(articles), strict=True)
        ]
    index = out_dir / "index.html"
    write_atomic(
        index,
        index_html(out_dir, results, summaries, run_date=run_date, corpus_note=corpus_note),
    )
    return index


__all__ = [
    "CORPUS_NOTEBOOK",
    "KERNEL_NAME",
    "KEY_FIGURES",
    "NOTEBOOKS",
    "ArticleSummary",
    "ReportResult",
    "available_key_figures",
    "clean_html",
    "corpus_folder",
    "render_html",
    "run_reports",
    "sample_articles",
    "summarise_article",
    "write_index",
]
