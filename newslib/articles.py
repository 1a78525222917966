"""Articles: the record every analysis reads, and the readers that build it.

One article is an :class:`Article`. Its ``text`` is the body exactly as analysed; every character
offset anywhere in newslib refers to it. The header (a ``date`` line, a dateline such as
``DAVOS, Switzerland (AFP) –``) is parsed into fields and kept in ``header`` rather than being
read as words of the first sentence.

Readers: :func:`load_article` for one file or string; :func:`load_corpus` streams many from a
folder, a glob, a JSONL or a CSV file, collecting bad records instead of stopping.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import hashlib
import json
import os
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newslib.errors import ArticleError

#: File suffixes read as one article each; ``.jsonl`` and ``.csv`` may hold many.
ARTICLE_SUFFIXES = (".txt", ".md", ".json", ".jsonl", ".csv")
#: File stems skipped when reading a folder: documentation that travels with corpora.
NOT_ARTICLES = frozenset({"README", "LICENSE", "LICENCE", "NOTICE", "CHANGELOG"})
#: Record fields, in order of preference, for each Article attribute (JSON, JSONL, CSV, YAML).
TEXT_FIELDS = ("text", "body", "content")
DATE_FIELDS = ("published", "date")
#: Longest input read as a path rather than as article text.
_MAX_PATH_CHARS = 4096

_HEADER_LINE = re.compile(r"[ \t]*(title|source|url|id)[ \t]+([^\n]*)\n")
# The date line; in the reference article the dateline follows on the same line.
_DATE_LINE = re.compile(r"[ \t]*date[ \t]+([^\s]+)[ \t]*\n?")
# DAVOS, Switzerland (AFP) –   /   WASHINGTON (AP) —   /   GENEVA, May 23 (Reuters) -
# Bounded repetitions keep matching linear on adversarial input.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’ ]{1,40}(?:,[ \t]*[A-Z][\w.'’ ]{0,40}){0,2}?)[ \t]*"
    r"(?:\((?P<agency>[A-Za-z][\w .&/-]{0,40})\))?[ \t]*[–—-]{1,2}[ \t]+"
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """The characters of ``text`` the span covers.

        Examples:
            >>> Span(4, 9).of("The quick fox")
            'quick'
        """
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, ready for analysis.

    Attributes:
        id: Stable identifier (file stem, path inside a corpus folder, or record id).
        title: Headline, if the input has one.
        published: Publication date, the anchor of every relative time expression.
        place: Dateline place, e.g. ``"DAVOS, Switzerland"``.
        agency: Dateline agency, e.g. ``"AFP"``.
        text: The body exactly as analysed; all offsets in newslib refer to it.
        paragraphs: Spans of the paragraphs in ``text``.
        source: Outlet or publisher (a ``source`` field, else the dateline agency).
        path: The file the article was read from, or ``None`` for a string.
        url: Link to the original, if given.
        header: The text before the body (date line, dateline), kept for reference.
    """

    id: str
    title: str | None
    published: dt.date | None
    place: str | None
    agency: str | None
    text: str
    paragraphs: tuple[Span, ...]
    source: str | None = None
    path: str | None = None
    url: str | None = None
    header: str = field(default="", repr=False)

    def __hash__(self) -> int:
        # Analyses cache their results by article, some 45 look-ups per article in a corpus
        # run: hash the id and the text (whose hashes str caches), not every paragraph span.
        # Equal articles have equal ids and texts, so equal hashes.
        return hash((self.id, self.text))

    @property
    def origin(self) -> str:
        """Where the article came from, for messages: its path or its id."""
        return self.path or self.id

    def paragraph_texts(self) -> list[str]:
        """The paragraphs as strings.

        Examples:
            >>> load_article("One.\\n\\nTwo.").paragraph_texts()
            ['One.', 'Two.']
        """
        return [span.of(self.text) for span in self.paragraphs]


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A record of a corpus that could not be read, and why."""

    source: str
    reason: str


class ArticleWarning(UserWarning):
    """Something was read with a fallback (e.g. cp1252 instead of UTF-8)."""


# --------------------------------------------------------------------------- parsing helpers


def parse_date(value: object, *, origin: str) -> dt.date | None:
    """A publication date from an ISO date, an ISO timestamp or a ``date``.

    Examples:
        >>> parse_date("2022-05-23T09:30:00Z", origin="x")
        datetime.date(2022, 5, 23)
        >>> parse_date("Monday", origin="a.txt")
        Traceback (most recent call last):
        newslib.errors.ArticleError: a.txt: date 'Monday' is not a date (expected YYYY-MM-DD)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date.fromisoformat(text)
    except ValueError:
        raise ArticleError(origin, f"date {text!r} is not a date (expected YYYY-MM-DD)") from None


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Spans of the blank-line separated paragraphs of ``text``, whitespace trimmed.

    Examples:
        >>> split_paragraphs("  One.\\n\\n Two.\\n")
        (Span(start=2, end=6), Span(start=9, end=13))
    """
    spans = []
    position = 0
    for match in _BLANK_LINES.finditer(text):
        spans.append(_trimmed(text, position, match.start()))
        position = match.end()
    spans.append(_trimmed(text, position, len(text)))
    return tuple(span for span in spans if span.end > span.start)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _decode(data: bytes, origin: str) -> str:
    if not data.strip():
        raise ArticleError(origin, "the file is empty")
    if b"\x00" in data[:8192]:
        raise ArticleError(origin, "this is a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.warn(
            f"{origin}: not valid UTF-8 (byte {exc.start}); read as cp1252 instead",
            ArticleWarning,
            stacklevel=3,
        )
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text_id(text: str) -> str:
    return "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _plain_title(raw: str) -> tuple[str | None, int]:
    """BBC-style title: a short first line then a blank line; returns it and the body start."""
    match = re.match(r"[ \t]*([^\n]{1,300})\n[ \t]*\n", raw)
    if not match:
        return None, 0
    line = match.group(1).strip()
    # A first paragraph that is a full sentence is body text, not a title.
    if not line or len(line.split()) > 25 or line[-1] in '.!?"”’:':
        return None, 0
    return line, match.end()


def parse_article_text(
    raw: str,
    *,
    origin: str,
    article_id: str,
    published: dt.date | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    path: str | None = None,
    allow_plain_title: bool = True,
) -> Article:
    """Build an :class:`Article` from the raw text of the reference or plain text format.

    The header is optional: ``date YYYY-MM-DD`` and ``title``/``source``/``url`` lines, then an
    optional dateline. Keyword values given here win over the header's.

    Examples:
        >>> a = parse_article_text("date 2022-05-23 DAVOS, Switzerland (AFP) – A diplomat quit.",
        ...                        origin="x", article_id="x")
        >>> a.published, a.place, a.agency, a.text
        (datetime.date(2022, 5, 23), 'DAVOS, Switzerland', 'AFP', 'A diplomat quit.')
    """
    fields: dict[str, str] = {}
    header_date: dt.date | None = None
    position = 0
    raw = raw.lstrip("\ufeff")
    while True:
        date_match = _DATE_LINE.match(raw, position)
        if date_match and header_date is None and _looks_like_date_token(date_match.group(1)):
            header_date = parse_date(date_match.group(1), origin=origin)
            position = date_match.end()
            continue
        line_match = _HEADER_LINE.match(raw, position)
        if line_match and line_match.group(1) not in fields and position < 2000:
            fields[line_match.group(1)] = line_match.group(2).strip()
            position = line_match.end()
            continue
        break
    while position < len(raw) and raw[position].isspace():
        position += 1
    if not fields and header_date is None and allow_plain_title and title is None:
        plain_title, body_start = _plain_title(raw)
        if plain_title is not None:
            fields["title"] = plain_title
            position = body_start
            while position < len(raw) and raw[position].isspace():
                position += 1
    place = agency = None
    dateline = _DATELINE.match(raw, position)
    if dateline and dateline.end() - position <= 120:
        place = dateline.group("place").strip()
        agency = dateline.group("agency")
        position = dateline.end()
    header = raw[:position]
    text = raw[position:].rstrip()
    if not text.strip():
        raise ArticleError(origin, "the article has no body text")
    return Article(
        id=fields.get("id") or article_id,
        title=title or fields.get("title") or None,
        published=published or header_date,
        place=place,
        agency=agency,
        text=text,
        paragraphs=split_paragraphs(text),
        source=source or fields.get("source") or agency,
        path=path,
        url=url or fields.get("url"),
        header=header,
    )


def _looks_like_date_token(token: str) -> bool:
    # "date 2022-05-23" is a header; "date night was fun" is body text.
    return any(char.isdigit() for char in token)


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value is not None and not (isinstance(value, float) and value != value):
            return value
    return None


def article_from_record(
    record: Mapping[str, Any], *, origin: str, default_id: str, path: str | None = None
) -> Article:
    """An :class:`Article` from a JSON/CSV/YAML record with ``id, title, date, text, source, url``.

    Examples:
        >>> a = article_from_record({"title": "T", "date": "2020-01-02", "body": "Hi."},
        ...                         origin="r", default_id="r:1")
        >>> a.id, a.title, a.published, a.text
        ('r:1', 'T', datetime.date(2020, 1, 2), 'Hi.')
    """
    if not isinstance(record, Mapping):
        raise ArticleError(
            origin, f"expected an object with a text field, got {type(record).__name__}"
        )
    text = _first(record, TEXT_FIELDS)
    if text is None:
        raise ArticleError(
            origin,
            f"no text field (expected one of {', '.join(TEXT_FIELDS)}; found {sorted(record)})",
        )
    if not isinstance(text, str):
        raise ArticleError(origin, f"the text field is a {type(text).__name__}, not a string")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError(origin, "the text field is empty")
    record_id = _first(record, ("id",))
    return parse_article_text(
        text,
        origin=origin,
        article_id=_optional_str(record_id) or default_id,
        published=parse_date(_first(record, DATE_FIELDS), origin=origin),
        title=_optional_str(_first(record, ("title", "headline"))),
        source=_optional_str(_first(record, ("source", "publisher", "outlet"))),
        url=_optional_str(_first(record, ("url", "link"))),
        path=path,
        allow_plain_title=False,
    )


def _optional_str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


# --------------------------------------------------------------------------- file readers


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ArticleError(str(path), "is a folder: use load_corpus() for many articles") from None
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read ({exc.strerror})") from None


def iter_file_records(
    path: Path, *, article_id: str | None = None
) -> Iterator[Article | ArticleError]:
    """Every article of one file, or an :class:`ArticleError` in place of each bad record.

    Text and Markdown files hold one article; JSON one object or a list; JSONL and CSV one per
    line/row. A file-level problem (empty, binary, a CSV without a text column) yields one error.
    """
    origin = str(path)
    stem = article_id or path.stem
    suffix = path.suffix.lower()
    try:
        # Record-per-line formats are streamed, so a corpus file of any size reads in flat memory.
        if suffix == ".jsonl":
            yield from _jsonl(_stream_lines(path), origin, stem)
            return
        if suffix == ".csv":
            yield from _csv(_stream_lines(path), origin, stem)
            return
        raw = _decode(_read_bytes(path), origin)
        if suffix == ".md":
            yield _from_markdown(raw, origin=origin, article_id=stem, path=origin)
        elif suffix == ".json":
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ArticleError(
                    origin, f"invalid JSON ({exc.msg} at line {exc.lineno})"
                ) from None
            records = data if isinstance(data, list) else [data]
            for number, record in enumerate(records, start=1):
                yield _guarded(
                    record,
                    f"{origin}[{number}]",
                    f"{stem}:{number}" if len(records) > 1 else stem,
                    origin,
                )
        else:
            yield parse_article_text(raw, origin=origin, article_id=stem, path=origin)
    except ArticleError as exc:
        yield exc


def _guarded(record: Any, origin: str, default_id: str, path: str) -> Article | ArticleError:
    try:
        return article_from_record(record, origin=origin, default_id=default_id, path=path)
    except ArticleError as exc:
        return exc


def _stream_lines(path: Path) -> Iterator[str]:
    """Decoded lines of a file, read lazily; cp1252 (with one warning) where UTF-8 fails."""
    origin = str(path)
    try:
        handle = path.open("rb")
    except OSError:
        _read_bytes(path)  # raises the ArticleError that names the problem
        raise
    with handle:
        head = handle.read(8192)
        if not head.strip():
            raise ArticleError(origin, "the file is empty")
        if b"\x00" in head:
            raise ArticleError(origin, "this is a binary file, not text (it contains NUL bytes)")
        handle.seek(0)
        warned = False
        for number, raw_line in enumerate(handle, start=1):
            try:
                line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                if not warned:
                    warnings.warn(
                        f"{origin}:{number}: not valid UTF-8; read as cp1252 instead",
                        ArticleWarning,
                        stacklevel=4,
                    )
                    warned = True
                line = raw_line.decode("cp1252", errors="replace")
            yield line.replace("\r\n", "\n")


def _jsonl(lines: Iterator[str], origin: str, stem: str) -> Iterator[Article | ArticleError]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(where, f"invalid JSON ({exc.msg})")
            continue
        yield _guarded(record, where, f"{stem}:{number}", origin)


def _csv(lines: Iterator[str], origin: str, stem: str) -> Iterator[Article | ArticleError]:
    reader = csv.DictReader(lines)
    columns = reader.fieldnames or []
    if not any(name in columns for name in TEXT_FIELDS):
        raise ArticleError(
            origin,
            f"CSV has no text column (expected one of {', '.join(TEXT_FIELDS)}; found {columns})",
        )
    for number, row in enumerate(reader, start=1):
        yield _guarded(row, f"{origin}:{reader.line_num}", f"{stem}:{number}", origin)


def _from_markdown(raw: str, *, origin: str, article_id: str, path: str) -> Article:
    match = _FRONT_MATTER.match(raw)
    if not match:
        return parse_article_text(raw, origin=origin, article_id=article_id, path=path)
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(origin, f"invalid YAML front matter ({exc})") from None
    if not isinstance(meta, dict):
        raise ArticleError(origin, "the YAML front matter is not a mapping of fields")
    body = raw[match.end() :]
    return parse_article_text(
        body,
        origin=origin,
        article_id=str(meta.get("id") or article_id),
        published=parse_date(_first(meta, DATE_FIELDS), origin=origin),
        title=_optional_str(meta.get("title")),
        source=_optional_str(meta.get("source")),
        url=_optional_str(meta.get("url")),
        path=path,
        allow_plain_title=False,
    )


# --------------------------------------------------------------------------- public readers


def _looks_like_path(source: str) -> bool:
    return (
        len(source) < _MAX_PATH_CHARS
        and "\n" not in source
        and (os.path.exists(source) or source.lower().endswith(ARTICLE_SUFFIXES))
    )


def load_article(
    source: str | os.PathLike[str], *, published: dt.date | str | None = None
) -> Article:
    """Read one article from a file path or from a string of text.

    Args:
        source: A path (``.txt``, ``.md``, ``.json``, or a one-record ``.jsonl``/``.csv``) or
            the article itself as a string.
        published: Publication date to use instead of the one in the file.

    Raises:
        ArticleError: the file is missing, empty, binary, malformed or holds several articles.

    Examples:
        >>> article = load_article("date 2022-05-23\\nGENEVA (AP) – He resigned on Monday.")
        >>> article.published.isoformat(), article.place, article.text
        ('2022-05-23', 'GENEVA', 'He resigned on Monday.')
    """
    override = parse_date(published, origin=str(source)) if published is not None else None
    if isinstance(source, os.PathLike) or _looks_like_path(source):
        path = Path(source)
        found = list(iter_file_records(path))
        if len(found) != 1:
            raise ArticleError(
                str(path), f"holds {len(found)} records; use load_corpus() to read them all"
            )
        result = found[0]
        if isinstance(result, ArticleError):
            raise result
        article = result
    else:
        if not source.strip():
            raise ArticleError("<text>", "the text is empty")
        article = parse_article_text(
            source.replace("\r\n", "\n"), origin="<text>", article_id=_text_id(source)
        )
    if override is not None:
        from dataclasses import replace

        article = replace(article, published=override)
    return article


def corpus_files(source: str | os.PathLike[str]) -> list[Path]:
    """The files a corpus source names, sorted: a folder (recursively), a glob or one file.

    Examples:
        >>> corpus_files("no/such/folder")
        Traceback (most recent call last):
        newslib.errors.ArticleError: no/such/folder: no such file, folder or glob match
    """
    text = os.fspath(source)
    path = Path(text)
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]
        files = [
            p
            for p in files
            if not any(part.startswith(".") for part in p.relative_to(path).parts)
            and p.stem.upper() not in NOT_ARTICLES
        ]
        return sorted(files)
    if path.is_file():
        return [path]
    matches = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
    if not matches:
        raise ArticleError(text, "no such file, folder or glob match")
    return matches


def _corpus_id(path: Path, root: Path | None) -> str:
    if root is None:
        return path.stem
    return path.relative_to(root).with_suffix("").as_posix()


def load_corpus(
    source: str | os.PathLike[str], *, errors: list[LoadFailure] | None = None
) -> Iterator[Article]:
    """Stream the articles of a folder, glob, JSONL or CSV file, one at a time.

    Bad records never stop the stream: each is appended to ``errors`` (file and reason) when a
    list is given, else reported with a warning, and skipped. Memory stays flat whatever the
    corpus size: files are read one by one and JSONL/CSV files record by record.

    Examples:
        >>> failures: list[LoadFailure] = []
        >>> [a.id for a in load_corpus("data", errors=failures)][:1]
        ['2021-07-19-heatwave-hospitals']
    """
    root = Path(source) if Path(source).is_dir() else None
    for path in corpus_files(source):
        for item in iter_file_records(path, article_id=_corpus_id(path, root)):
            if isinstance(item, ArticleError):
                failure = LoadFailure(item.source, item.problem)
                if errors is None:
                    warnings.warn(
                        f"skipped {failure.source}: {failure.reason}", ArticleWarning, stacklevel=2
                    )
                else:
                    errors.append(failure)
                continue
            yield item
