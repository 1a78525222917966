"""Corpus scale: every analysis over thousands to millions of articles, into tidy Parquet tables.

:func:`analyze_corpus` reads a corpus lazily (a folder, a glob, a JSONL or a CSV file, as
:func:`newslib.load_corpus` does), cuts it into partitions of ``partition_size`` articles without
reading the articles themselves, and runs each partition as one Dask task: on the local
processes scheduler by default, or on a ``dask.distributed`` cluster (``scheduler="tcp://..."``
or a ``Client``). Each task analyses its articles with the functions of :data:`ANALYSES` (an
analysis registry: name -> function producing tables for one article) and writes its tables to
``out/<table>/part-NNNNN.parquet``, then a marker ``out/_done/part-NNNNN.json``; a rerun skips
every partition whose marker matches, so an interrupted run resumes where it stopped.

Tables (every one carries ``article_id``): ``articles`` (one row per article that was read),
``sentences``, ``quotes``, ``rhetoric``, ``timexes``, ``events``, ``duplicates`` (near-duplicate
groups, see :func:`near_duplicates`) and ``errors`` (one row per record that could not be read
and per analysis that raised on an article; the rest of that article's tables are kept). Rows
are ordered by partition, then by article in corpus order, so the result is identical row for
row whichever scheduler runs it.

Wire copy: articles are grouped by MinHash (Broder, 1997) over word shingles with locality
sensitive hashing (bands of the signatures, :func:`lsh_bands`), and the aggregates here count a
group once unless asked not to. Means per source or month carry percentile bootstrap confidence
intervals (Efron & Tibshirani, 1993).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gc
import hashlib
import io
import itertools
import json
import math
import multiprocessing
import os
import re
import sys
import threading
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from newslib.articles import (
    Article,
    article_from_record,
    corpus_files,
    iter_file_records,
)
from newslib.errors import ArticleError, NewslibError
from newslib.quotes import QUOTE_TABLE, quote_rows
from newslib.rhetoric import DEVICE_TABLE, rhetoric_rows
from newslib.sentiment import (
    SCORED_SENTENCE_TABLE,
    SEGMENT_TABLE,
    scored_sentence_rows,
    segment_rows,
)
from newslib.tables import Row, TableSchema
from newslib.text import SENTENCE_TABLE, sentence_rows
from newslib.timeline import TIMELINE_TABLE, TIMEX_TABLE, timeline_rows, timex_rows

if TYPE_CHECKING:
    from distributed import Client

#: Articles per partition (one Dask task). About 1-3 s of work per task on one core: large
#: enough that scheduling costs nothing, small enough that a resumed run loses little.
DEFAULT_PARTITION_SIZE = 200
#: The tables :func:`analyze_corpus` writes, in this order.
TABLES = (
    "articles",
    "sentences",
    "segments",
    "quotes",
    "rhetoric",
    "timexes",
    "events",
    "duplicates",
    "errors",
)
#: The analyses run when none are named (they run in registry order: :func:`default_analyses`).
DEFAULT_ANALYSES = ("sentiment", "quotes", "rhetoric", "timeline")
#: MinHash permutations: the standard error of a Jaccard estimate is about 1/sqrt(128) = 0.09.
NUM_PERM = 128
#: Words per shingle. Five-word shingles rarely recur between different stories but survive the
#: small edits (a new headline, a trimmed paragraph) that outlets make to agency copy.
SHINGLE_WORDS = 5
#: Estimated Jaccard similarity of shingle sets at or above which two articles are one story.
#: 0.5 keeps a wire story cut to half its length by one outlet in the group; checked on the BBC
#: corpus, where it finds the exact re-posts and no pair of different stories (README).
DUPLICATE_THRESHOLD = 0.5
#: Seed of the MinHash permutations (fixed, so signatures are comparable between runs).
MINHASH_SEED = 1
#: Bootstrap resamples and confidence level for the intervals on means.
BOOTSTRAP_RESAMPLES = 2000
CONFIDENCE = 0.95

_FORMAT_VERSION = 1
_JSONL = ".jsonl"
_CSV = ".csv"


class CorpusError(NewslibError):
    """A corpus run cannot start or resume (bad option, an output folder of another run)."""


# --------------------------------------------------------------------------- analysis registry

#: An analysis: one article and the rows of the tables made so far for it (by earlier analyses)
#: -> the rows of its tables, by table name.
TableFunction = Callable[[Article, Mapping[str, list[Row]]], Mapping[str, list[Row]]]
Signature = np.ndarray[Any, np.dtype[np.uint32]]
Signature64 = np.ndarray[Any, np.dtype[np.uint64]]


@dataclass(frozen=True, slots=True)
class Analysis:
    """One entry of the analysis registry.

    Attributes:
        name: What ``analyses=`` calls it.
        tables: The tables it produces (or adds columns to, for ``sentences``) and their schemas.
        run: Function of one article and the rows earlier analyses made for it (so the
            sentiment analysis adds its scores to the sentences) returning its rows by table.
            Rows, not DataFrames: a partition builds each table once from the rows of all its
            articles (see :mod:`newslib.tables`).
    """

    name: str
    tables: Mapping[str, TableSchema]
    run: TableFunction


def _run_sentences(article: Article, done: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    return {"sentences": sentence_rows(article)}


def _run_quotes(article: Article, done: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    return {"quotes": quote_rows(article)}


def _run_sentiment(article: Article, done: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    # The segments come from the quotation records newslib.quotes cached for this article
    # when the quotes analysis ran first.
    segments = segment_rows(article)
    tables = {"segments": segments}
    if "sentences" in done:
        tables["sentences"] = scored_sentence_rows(done["sentences"], segments)
    return tables


def _run_rhetoric(article: Article, done: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    return {"rhetoric": rhetoric_rows(article)}


def _run_timeline(article: Article, done: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    return {"timexes": timex_rows(article), "events": timeline_rows(article)}


#: The analysis registry, in the order analyses run. ``sentences`` always runs first (the base
#: every other table refers to); ``quotes`` runs before ``sentiment``, which splits sentences
#: into voices by the same (cached) quotations.
ANALYSES: Mapping[str, Analysis] = {
    "sentences": Analysis("sentences", {"sentences": SENTENCE_TABLE}, _run_sentences),
    "quotes": Analysis("quotes", {"quotes": QUOTE_TABLE}, _run_quotes),
    "sentiment": Analysis(
        "sentiment",
        {"sentences": SCORED_SENTENCE_TABLE, "segments": SEGMENT_TABLE},
        _run_sentiment,
    ),
    "rhetoric": Analysis("rhetoric", {"rhetoric": DEVICE_TABLE}, _run_rhetoric),
    "timeline": Analysis(
        "timeline", {"timexes": TIMEX_TABLE, "events": TIMELINE_TABLE}, _run_timeline
    ),
}


def table_schemas(analyses: Sequence[str]) -> dict[str, TableSchema]:
    """The schema of every table the analyses produce, ``article_id`` first.

    A later analysis that extends a table (``sentiment`` adds ``voices`` and ``score`` to
    ``sentences``) gives its schema.

    Examples:
        >>> table_schemas(["sentiment"])["sentences"].columns[-2:]
        ('voices', 'score')
    """
    schemas: dict[str, TableSchema] = {}
    for name in ("sentences", *analyses):
        for table, schema in ANALYSES[name].tables.items():
            schemas[table] = schema.prefixed(("article_id", "str"))
    return schemas


def default_analyses() -> tuple[str, ...]:
    """:data:`DEFAULT_ANALYSES` in the order they run (the registry's).

    Examples:
        >>> default_analyses()
        ('quotes', 'sentiment', 'rhetoric', 'timeline')
    """
    return _check_analyses(DEFAULT_ANALYSES)


def _check_analyses(analyses: Sequence[str]) -> tuple[str, ...]:
    if isinstance(analyses, str):
        analyses = (analyses,)
    chosen: list[str] = []
    for name in analyses:
        if name not in ANALYSES:
            raise CorpusError(
                f"unknown analysis {name!r}: choose from {', '.join(sorted(ANALYSES))}"
            )
        if name != "sentences" and name not in chosen:
            chosen.append(name)
    order = list(ANALYSES)
    return tuple(sorted(chosen, key=order.index))


# --------------------------------------------------------------------------- per-article work


def article_row(article: Article) -> dict[str, Any]:
    """The article's metadata as one row of the ``articles`` table (without counts).

    Examples:
        >>> from newslib.articles import load_article
        >>> row = article_row(load_article("date 2023-03-14\\nDOVER (PA) – Ferries stopped."))
        >>> row["article_id"].startswith("text-"), row["month"], row["source"]
        (True, '2023-03', 'PA')
    """
    return {
        "article_id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "month": article.published.strftime("%Y-%m") if article.published else None,
        "place": article.place,
        "agency": article.agency,
        "path": article.path,
        "url": article.url,
        "n_paragraphs": len(article.paragraphs),
        "n_chars": len(article.text),
    }


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of ``text``: lower-cased runs of letters and digits.

    A text shorter than ``size`` words gives one shingle of all its words. (A plain ``\\w+``
    scan: five times cheaper than :func:`newslib.text.words`, and punctuation does not matter
    for comparing texts.)

    Examples:
        >>> sorted(shingles("The cat sat on the mat", size=5))
        ['cat sat on the mat', 'the cat sat on the']
        >>> shingles("Hi there", size=5), shingles("...")
        ({'hi there'}, set())
    """
    tokens = _SHINGLE_WORD.findall(text.lower())
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


_SHINGLE_WORD = re.compile(r"\w+")
#: Shingle hashes are kept to 32 bits.
_MAX_HASH = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
#: Multiplier of the polynomial hash that combines the word hashes of one shingle.
_SHINGLE_BASE = np.uint64(1_000_003)


@functools.cache
def _permutations(num_perm: int) -> tuple[Signature64, Signature64]:
    """``num_perm`` hash functions ``h(x) = ((a x + b) mod 2**64) >> 32``, ``a`` odd.

    Dietzfelbinger's multiply-add-shift scheme: a universal family for 32-bit keys that needs
    no modulo, so NumPy computes it with wrapping 64-bit arithmetic.
    """
    generator = np.random.RandomState(MINHASH_SEED)
    high = generator.randint(0, 1 << 32, size=(2, num_perm), dtype=np.uint64)
    low = generator.randint(0, 1 << 32, size=(2, num_perm), dtype=np.uint64)
    words = (high << _SHIFT) | low
    return words[0] | np.uint64(1), words[1]


def _shingle_hashes(text: str, size: int) -> Signature64:
    """32-bit hashes of the ``size``-word shingles of ``text`` (the words of :func:`shingles`)."""
    tokens = _SHINGLE_WORD.findall(text.lower())
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    # map() over the builtins runs in C: no Python frame per word
    words = np.fromiter(map(zlib.crc32, map(str.encode, tokens)), np.uint64, len(tokens))
    span = min(size, len(words))
    count = len(words) - span + 1
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):  # the polynomial hash wraps modulo 2**64 by design
        for offset in range(span):
            combined = combined * _SHINGLE_BASE + words[offset : offset + count]
    return (combined ^ (combined >> _SHIFT)) & _MAX_HASH


def minhash_signature(text: str, *, num_perm: int = NUM_PERM, size: int = SHINGLE_WORDS) -> bytes:
    """MinHash signature of the text's word shingles, as ``num_perm`` little-endian uint32.

    Each shingle is hashed (CRC-32 of its words, combined polynomially), then each of
    ``num_perm`` universal hash functions keeps its minimum over the shingles (Broder, 1997);
    the share of equal positions in two signatures estimates the Jaccard similarity of the two
    shingle sets. All in NumPy: well under a millisecond for a 400-word article.

    Examples:
        >>> a = minhash_signature("The minister resigned on Monday after a long row.")
        >>> len(a), a == minhash_signature("The minister resigned on Monday after a long row.")
        (512, True)
        >>> b = minhash_signature("The minister resigned on Monday after a short row.")
        >>> 0.1 < _jaccard(_values(a), _values(b)) < 0.7
        True
    """
    hashes = _shingle_hashes(text, size)
    if not len(hashes):
        return np.full(num_perm, 0xFFFFFFFF, dtype="<u4").tobytes()
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the hash function
        permuted = np.multiply.outer(hashes, a)
        permuted += b
    # The hash is the high half; shifting is monotonic, so the minimum's high half is the
    # minimum of the high halves, and only num_perm values need the shift.
    signature: bytes = (permuted.min(axis=0) >> _SHIFT).astype("<u4").tobytes()
    return signature


def _values(signature: bytes) -> Signature:
    return np.frombuffer(signature, dtype="<u4")


def analyse_article(
    article: Article, analyses: Sequence[str] = ()
) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]]]:
    """Every table of one article, each with ``article_id`` first, and the errors raised.

    ``sentences`` always runs; an analysis that raises leaves its tables out and adds one row
    to the returned errors, and the other analyses still run.

    Examples:
        >>> from newslib.articles import load_article
        >>> tables, errors = analyse_article(load_article("It rained. We stayed in."))
        >>> len(tables["articles"]), tables["sentences"].n_words.tolist(), errors
        (1, [2, 3], [])
    """
    tables, row, errors = _analyse(article, analyses)
    schemas = table_schemas(analyses)
    result = {
        table: schemas[table].frame([(article.id, *values) for values in rows])
        for table, rows in tables.items()
    }
    result["articles"] = pd.DataFrame([row])
    return result, errors


def _analyse(
    article: Article, analyses: Sequence[str]
) -> tuple[dict[str, list[Row]], dict[str, Any], list[dict[str, Any]]]:
    """The rows of the article's tables (without ``article_id``), its ``articles`` row and its
    errors."""
    tables: dict[str, list[Row]] = {}
    errors: list[dict[str, Any]] = []
    for name in ("sentences", *analyses):
        try:
            produced = ANALYSES[name].run(article, tables)
        except Exception as exc:  # one analysis failing on one article must not stop a run
            errors.append(_error_row(article.id, article.origin, name, exc))
            continue
        tables.update(produced)
    row = article_row(article)
    row.update(_summaries(tables))
    return tables, row, errors


_N_WORDS = SENTENCE_TABLE.columns.index("n_words")
_SEGMENT_WORDS = SEGMENT_TABLE.columns.index("n_words")
_SEGMENT_SCORE = SEGMENT_TABLE.columns.index("score")


def _summaries(tables: Mapping[str, list[Row]]) -> dict[str, Any]:
    """Article-level counts and means from the rows of its tables."""
    summary: dict[str, Any] = {}
    sentences = tables.get("sentences")
    if sentences is not None:
        summary["n_sentences"] = len(sentences)
        summary["n_words"] = sum(row[_N_WORDS] for row in sentences)
    segments = tables.get("segments")
    if segments is not None:
        # The word-weighted mean score of the voice segments (newslib.article_sentiment's
        # weighted_mean): the article's sentiment in the aggregates.
        weights = [max(float(row[_SEGMENT_WORDS]), 1.0) for row in segments]
        scores = [float(row[_SEGMENT_SCORE]) for row in segments]
        total = sum(w * x for w, x in zip(weights, scores, strict=True))
        summary["sentiment"] = total / sum(weights) if scores else None
    for table in ("segments", "quotes", "rhetoric", "timexes", "events"):
        if table in tables:
            summary[f"n_{table}"] = len(tables[table])
    return summary


def _error_row(
    article_id: str | None, source: str, stage: str, exc: BaseException
) -> dict[str, Any]:
    reason = exc.problem if isinstance(exc, ArticleError) else str(exc) or type(exc).__name__
    return {
        "article_id": article_id,
        "source": source,
        "stage": stage,
        "error": type(exc).__name__,
        "reason": reason,
    }


# --------------------------------------------------------------------------- partitions


@dataclass(frozen=True, slots=True)
class Chunk:
    """Records ``[first, first + count)`` of one file (a JSONL/CSV slice, or a whole file).

    ``offset`` is the byte offset of the first record (JSONL) and ``line`` its line number, so
    a worker reads its slice without reading the file from the start.
    """

    path: str
    article_id: str
    first: int = 0
    count: int = 1
    offset: int = 0
    line: int = 1
    whole: bool = True


@dataclass(frozen=True, slots=True)
class Partition:
    """The unit of work and of resumption: up to ``partition_size`` records."""

    index: int
    chunks: tuple[Chunk, ...]

    @property
    def n_records(self) -> int:
        """Records (articles or bad records) in the partition."""
        return sum(chunk.count for chunk in self.chunks)

    def fingerprint(self) -> str:
        """Hash of the chunks and of their files' sizes and times: a change means recompute."""
        digest = hashlib.sha1()
        for chunk in self.chunks:
            try:
                stat = os.stat(chunk.path)
                stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
            except OSError:
                stamp = "missing"
            digest.update(repr((chunk, stamp)).encode("utf-8"))
        return digest.hexdigest()


def _corpus_root(source: str | os.PathLike[str]) -> Path | None:
    path = Path(source)
    return path if path.is_dir() else None


def _file_id(path: Path, root: Path | None) -> str:
    # The same ids as newslib.load_corpus: the path inside a folder, else the file stem.
    return path.stem if root is None else path.relative_to(root).with_suffix("").as_posix()


def _jsonl_records(path: Path) -> Iterator[tuple[int, int]]:
    """(byte offset, line number) of every non-blank line of a JSONL file."""
    offset = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield offset, number
            offset += len(line)


def _csv_rows(path: Path) -> int:
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            return max(sum(1 for _ in csv.reader(handle)) - 1, 1)
    except OSError:
        return 1


def _file_chunks(path: Path, article_id: str, size: int) -> Iterator[Chunk]:
    """The file cut into chunks of at most ``size`` records."""
    suffix = path.suffix.lower()
    text = str(path)
    if suffix == _JSONL:
        try:
            records = _jsonl_records(path)
            while batch := list(itertools.islice(records, size)):
                offset, line = batch[0]
                yield Chunk(text, article_id, 0, len(batch), offset, line, whole=False)
        except OSError:
            yield Chunk(text, article_id)
    elif suffix == _CSV:
        rows = _csv_rows(path)
        for first in range(0, rows, size):
            yield Chunk(text, article_id, first, min(size, rows - first), whole=False)
    else:
        yield Chunk(text, article_id)


def plan_partitions(
    source: str | os.PathLike[str], *, partition_size: int = DEFAULT_PARTITION_SIZE
) -> list[Partition]:
    """Cut a corpus into partitions of at most ``partition_size`` records, in corpus order.

    Only file names (and, for JSONL and CSV files, line positions) are read, so planning a
    million-article corpus takes seconds and little memory.

    Examples:
        >>> [p.n_records for p in plan_partitions("data", partition_size=2)]
        [2, 1]
    """
    if partition_size < 1:
        raise CorpusError(f"partition_size must be at least 1, not {partition_size}")
    root = _corpus_root(source)
    partitions: list[Partition] = []
    current: list[Chunk] = []
    filled = 0
    for path in corpus_files(source):
        for chunk in _file_chunks(path, _file_id(path, root), partition_size):
            if current and filled + chunk.count > partition_size:
                partitions.append(Partition(len(partitions), tuple(current)))
                current, filled = [], 0
            current.append(chunk)
            filled += chunk.count
    if current:
        partitions.append(Partition(len(partitions), tuple(current)))
    return partitions


def _read_chunk(chunk: Chunk) -> Iterator[Article | ArticleError]:
    path = Path(chunk.path)
    if chunk.whole:
        yield from iter_file_records(path, article_id=chunk.article_id)
    elif path.suffix.lower() == _JSONL:
        yield from _read_jsonl_slice(chunk)
    else:
        yield from _read_csv_slice(chunk)


def _read_jsonl_slice(chunk: Chunk) -> Iterator[Article | ArticleError]:
    # Mirrors newslib.articles: ids "<stem>:<line>", origins "<path>:<line>".
    with open(chunk.path, "rb") as handle:
        handle.seek(chunk.offset)
        seen = 0
        for number, raw in enumerate(handle, start=chunk.line):
            if seen >= chunk.count:
                break
            if not raw.strip():
                continue
            seen += 1
            where = f"{chunk.path}:{number}"
            line = _decode_line(raw, first=number == 1)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ArticleError(where, f"invalid JSON ({exc.msg})")
                continue
            try:
                yield article_from_record(
                    record, origin=where, default_id=f"{chunk.article_id}:{number}", path=chunk.path
                )
            except ArticleError as exc:
                yield exc


def _decode_line(raw: bytes, *, first: bool) -> str:
    try:
        text = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.rstrip("\r\n")


def _read_csv_slice(chunk: Chunk) -> Iterator[Article | ArticleError]:
    # CSV rows may span lines, so a slice reads the rows before it with the csv module (C
    # speed, no article parsing); JSONL slices seek straight to their first record. Ids and
    # origins are those of newslib.articles: "<stem>:<row>" and "<path>:<line>".
    if chunk.first == 0:
        # The first slice reports a file-level problem (binary, no text column) as the reader does.
        head = list(itertools.islice(iter_file_records(Path(chunk.path)), 1))
        if head and isinstance(head[0], ArticleError) and head[0].source == chunk.path:
            yield head[0]
            return
    with open(chunk.path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = itertools.islice(enumerate(reader, start=1), chunk.first, chunk.first + chunk.count)
        for number, row in rows:
            where = f"{chunk.path}:{reader.line_num}"
            try:
                yield article_from_record(
                    row, origin=where, default_id=f"{chunk.article_id}:{number}", path=chunk.path
                )
            except ArticleError as exc:
                yield exc


# --------------------------------------------------------------------------- running a partition


@dataclass(frozen=True, slots=True)
class RunConfig:
    """What every partition task needs to know (sent to the workers)."""

    analyses: tuple[str, ...]
    out: str | None
    num_perm: int = NUM_PERM
    shingle_words: int = SHINGLE_WORDS


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """A finished partition: its tables (empty when written to Parquet) and its counts."""

    index: int
    n_articles: int
    n_errors: int
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    minhashes: pd.DataFrame | None = None


#: Net new container objects between two young-generation passes of the collector during a
#: partition (CPython's default is 700); see :class:`_PartitionCollector`.
PARTITION_GC_THRESHOLD = 100_000


class _PartitionCollector:
    """The garbage collector's settings while partitions run in this process.

    A partition keeps every row it makes until its tables are built (tens of thousands of
    tuples), and the lexicons, models and caches loaded once per process are over a hundred
    thousand objects more. With CPython's defaults the collector visited them again and again:
    it took 8-9 % of a BBC corpus run, for about 600 objects of cyclic garbage in all. While a
    partition runs, the objects alive before it are frozen (skipped, not kept: cyclic garbage
    among them is collected after the partition) and a young-generation pass waits for
    :data:`PARTITION_GC_THRESHOLD` new objects, which bounds what can wait to be collected.
    The collector's time fell to about a third (README, Benchmarks). Partitions running in
    threads share one setting, restored when the last one ends; objects someone else froze
    stay frozen.
    """

    __slots__ = ("_froze", "_lock", "_running", "_threshold")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._threshold = gc.get_threshold()
        self._froze = False

    def __enter__(self) -> None:
        with self._lock:
            if not self._running:
                self._threshold = gc.get_threshold()
                self._froze = not gc.get_freeze_count()
                if self._froze:
                    gc.freeze()
                gc.set_threshold(PARTITION_GC_THRESHOLD, *self._threshold[1:])
            self._running += 1

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            self._running -= 1
            if not self._running:
                gc.set_threshold(*self._threshold)
                if self._froze:
                    gc.unfreeze()


_PARTITION_COLLECTOR = _PartitionCollector()


def run_partition(partition: Partition, config: RunConfig) -> PartitionResult:
    """Analyse one partition; with ``config.out`` write its tables and its done marker.

    Examples:
        >>> part = plan_partitions("data", partition_size=5)[0]
        >>> result = run_partition(part, RunConfig(analyses=(), out=None))
        >>> result.n_articles, result.n_errors, len(result.tables["sentences"]) > 20
        (3, 0, True)
    """
    with _PARTITION_COLLECTOR:
        return _run_partition(partition, config)


def _run_partition(partition: Partition, config: RunConfig) -> PartitionResult:
    collected: dict[str, list[Row]] = {}
    errors: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    ids: list[str] = []
    signatures: list[bytes] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a cp1252 fallback in one file of thousands is noise
        for chunk in partition.chunks:
            for position, item in enumerate(_read_chunk(chunk)):
                if isinstance(item, ArticleError):
                    failed = _failed_id(chunk, item, position)
                    errors.append(_error_row(failed, item.source, "load", item))
                    continue
                tables, row, article_errors = _analyse(item, config.analyses)
                for table, table_rows in tables.items():
                    collected.setdefault(table, []).extend(
                        (item.id, *values) for values in table_rows
                    )
                row["partition"] = partition.index
                rows.append(row)
                errors.extend(article_errors)
                ids.append(item.id)
                signature = minhash_signature(
                    item.text, num_perm=config.num_perm, size=config.shingle_words
                )
                signatures.append(signature)
    schemas = table_schemas(config.analyses)
    frames = {name: schemas[name].frame(table_rows) for name, table_rows in collected.items()}
    if rows:
        frames["articles"] = pd.DataFrame(rows)
    frames["errors"] = pd.DataFrame(errors, columns=list(_ERROR_COLUMNS))
    minhashes = pd.DataFrame({"article_id": ids, "minhash": signatures})
    result = PartitionResult(partition.index, len(ids), len(errors), frames, minhashes)
    if config.out is None:
        return result
    _write_partition(Path(config.out), partition, result)
    return PartitionResult(partition.index, len(ids), len(errors))


_ERROR_COLUMNS = ("article_id", "source", "stage", "error", "reason")


def _failed_id(chunk: Chunk, error: ArticleError, position: int) -> str:
    """The id a record that could not be read would have had (as newslib.articles names them).

    ``position`` is the record's place in its chunk (from 0).
    """
    suffix = error.source[len(chunk.path) :] if error.source.startswith(chunk.path) else ""
    if not suffix:
        return chunk.article_id
    if Path(chunk.path).suffix.lower() == _CSV:
        return f"{chunk.article_id}:{chunk.first + position + 1}"
    if suffix.startswith(":") and suffix[1:].isdigit():  # JSONL: the line number
        return f"{chunk.article_id}:{suffix[1:]}"
    if suffix.startswith("[") and suffix.endswith("]"):  # a JSON list: the item number
        return f"{chunk.article_id}:{suffix[1:-1]}"
    return chunk.article_id


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if len(frame.columns)]
    if not frames:
        return pd.DataFrame()
    non_empty = [frame for frame in frames if len(frame)]
    if not non_empty:
        return frames[0].iloc[0:0]
    return pd.concat(non_empty, ignore_index=True)


def _part_name(index: int) -> str:
    return f"part-{index:05d}"


def _write_partition(out: Path, partition: Partition, result: PartitionResult) -> None:
    name = _part_name(partition.index)
    tables = dict(result.tables)
    if result.minhashes is not None:
        tables["_minhash"] = result.minhashes
    for table in (*TABLES, "_minhash"):
        target = out / table / f"{name}.parquet"
        frame = tables.get(table)
        if frame is None or not len(frame):
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_parquet(frame, target)
    marker = {
        "fingerprint": partition.fingerprint(),
        "n_articles": result.n_articles,
        "n_errors": result.n_errors,
    }
    _atomic_write(out / "_done" / f"{name}.json", json.dumps(marker).encode("utf-8"))


def _arrow(frame: pd.DataFrame) -> Any:
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    # An all-missing column would be typed "null" and clash with the next partition's strings.
    for position, column in enumerate(table.schema):
        if pa.types.is_null(column.type):
            strings = table.column(position).cast(pa.string())
            table = table.set_column(position, column.name, strings)
    return table


def _as_read_back(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as it reads back from Parquet (the same dtypes whether written or not)."""
    result: pd.DataFrame = _arrow(frame).to_pandas()
    return result


def _write_parquet(frame: pd.DataFrame, target: Path) -> None:
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(_arrow(frame), buffer)
    _atomic_write(target, buffer.getvalue())


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _is_done(out: Path, partition: Partition) -> PartitionResult | None:
    marker = out / "_done" / f"{_part_name(partition.index)}.json"
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("fingerprint") != partition.fingerprint():
        return None
    return PartitionResult(partition.index, int(data["n_articles"]), int(data["n_errors"]))


# --------------------------------------------------------------------------- near duplicates


def near_duplicates(
    minhashes: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    threshold: float | None = DUPLICATE_THRESHOLD,
    num_perm: int = NUM_PERM,
    published: Mapping[str, dt.date | None] | None = None,
) -> pd.DataFrame:
    """Groups of near-duplicate articles from their MinHash signatures.

    Candidate pairs come from locality-sensitive hashing (Leskovec, Rajaraman & Ullman, *Mining
    of Massive Datasets*, ch. 3): the signatures are cut into bands (:func:`lsh_bands`), and two
    articles whose signatures agree on the whole of one band are a candidate pair. A candidate
    pair is kept when its estimated Jaccard similarity is at least ``threshold``, and kept pairs
    are joined transitively. The group's ``canonical`` article is its earliest published (then
    the smallest id); ``dup_group`` is the canonical article's id.

    Args:
        minhashes: Frames with ``article_id`` and ``minhash`` (bytes of
            :func:`minhash_signature`), or an iterable of such frames (read one at a time).
        threshold: Least estimated Jaccard similarity of word shingles for one story; ``None``
            skips the comparison (every article its own group, no signatures kept in memory).
        num_perm: Permutations the signatures were made with.
        published: Publication dates by article id, to choose the canonical article.

    Returns:
        One row per article: ``article_id, dup_group, group_size, canonical, similarity``
        (``similarity``: estimated Jaccard to the canonical article, 1.0 for itself).

    Examples:
        >>> text = "Dockers at the port walked out on Tuesday over pay and pensions, union says."
        >>> sigs = pd.DataFrame({"article_id": ["a", "b", "c"], "minhash": [
        ...     minhash_signature(text), minhash_signature(text + " More."),
        ...     minhash_signature("A completely different story about the weather today.")]})
        >>> near_duplicates(sigs)[["article_id", "dup_group", "group_size"]].values.tolist()
        [['a', 'a', 2], ['b', 'a', 2], ['c', 'c', 1]]
    """
    frames = [minhashes] if isinstance(minhashes, pd.DataFrame) else minhashes
    ids: list[str] = []
    kept: list[Signature] = []
    for frame in frames:
        ids.extend(str(article_id) for article_id in frame["article_id"])
        if threshold is not None:
            kept.extend(_values(raw) for raw in frame["minhash"])
    signatures = np.stack(kept) if kept else np.zeros((0, num_perm), dtype=np.uint32)
    parent = list(range(len(ids)))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    if threshold is not None:
        for first, second in _similar_pairs(signatures, threshold):
            root_a, root_b = find(first), find(second)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict[int, list[int]] = {}
    for index in range(len(ids)):
        groups.setdefault(find(index), []).append(index)
    dates = published or {}
    canonical_of: dict[int, int] = {}
    for members in groups.values():
        best = min(members, key=lambda i: (_date_key(dates.get(ids[i])), ids[i]))
        for member in members:
            canonical_of[member] = best
    rows = []
    for index, article_id in enumerate(ids):
        best = canonical_of[index]
        rows.append(
            {
                "article_id": article_id,
                "dup_group": ids[best],
                "group_size": len(groups[find(index)]),
                "canonical": best == index,
                "similarity": 1.0
                if threshold is None
                else round(_jaccard(signatures[index], signatures[best]), 3),
            }
        )
    columns = ["article_id", "dup_group", "group_size", "canonical", "similarity"]
    return pd.DataFrame(rows, columns=columns)


def _similar_pairs(signatures: Signature, threshold: float) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of signature rows that agree on a whole band and whose
    estimated Jaccard similarity is at least ``threshold``."""
    num_perm = signatures.shape[1]
    bands, rows = lsh_bands(threshold, num_perm)
    candidates: set[tuple[int, int]] = set()
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, bucket, sizes = np.unique(keys, return_inverse=True, return_counts=True)
        by_bucket = np.argsort(bucket, kind="stable")
        starts = np.cumsum(sizes) - sizes
        for shared in np.flatnonzero(sizes >= 2):
            members = sorted(by_bucket[starts[shared] : starts[shared] + sizes[shared]].tolist())
            candidates.update(itertools.combinations(members, 2))
    if not candidates:
        return []
    pairs = np.array(sorted(candidates))
    agree = np.count_nonzero(signatures[pairs[:, 0]] == signatures[pairs[:, 1]], axis=1)
    return [(int(i), int(j)) for i, j in pairs[agree / num_perm >= threshold]]


@functools.cache
def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Bands ``b`` and rows per band ``r`` for LSH of ``num_perm``-value signatures.

    Two articles of Jaccard similarity ``s`` become a candidate pair with probability
    ``1 - (1 - s**r)**b``. This is the ``(b, r)``, ``b * r <= num_perm``, that minimises the
    mean of the false-positive probability (integrated over ``s`` below ``threshold``) and the
    false-negative probability (above it): the choice ``datasketch.MinHashLSH`` makes, found
    equal for every threshold from 0.05 to 0.95 by 0.01 and 32 to 256 permutations. The
    integrands are polynomials of degree at most ``num_perm``, which Gauss-Legendre quadrature
    with ``num_perm // 2 + 1`` nodes integrates exactly.

    Examples:
        >>> lsh_bands(0.5), lsh_bands(0.8)
        ((25, 5), (9, 13))
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    below = threshold / 2 * (nodes + 1)  # the nodes on [0, threshold]
    above = threshold + (1 - threshold) / 2 * (nodes + 1)  # and on [threshold, 1]
    best, least_error = (1, num_perm), math.inf
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            false_positive = threshold / 2 * float(weights @ (1 - (1 - below**r) ** b))
            false_negative = (1 - threshold) / 2 * float(weights @ ((1 - above**r) ** b))
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < least_error:
                best, least_error = (b, r), error
    return best


def _jaccard(a: Signature, b: Signature) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def _date_key(value: Any) -> tuple[int, str]:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return (1, "")
    return (0, str(value))


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True, slots=True)
class CorpusResult:
    """What :func:`analyze_corpus` returns: the tables (when collected) and the run's counts.

    Index it by table name (``result["quotes"]``) or use the attributes.
    """

    tables: dict[str, pd.DataFrame]
    out: Path | None
    n_articles: int
    n_errors: int
    n_partitions: int
    n_computed: int

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    @property
    def articles(self) -> pd.DataFrame:
        """One row per article (with its near-duplicate group)."""
        return self.tables["articles"]

    @property
    def errors(self) -> pd.DataFrame:
        """One row per unreadable record and per analysis that raised."""
        return self.tables["errors"]

    def summary(self) -> str:
        """One line: articles, errors, partitions computed and resumed, output folder.

        Examples:
            >>> CorpusResult({}, None, 3, 1, 2, 2).summary()
            '3 articles, 1 errors, 2 partitions (2 computed, 0 resumed)'
        """
        text = (
            f"{self.n_articles} articles, {self.n_errors} errors, {self.n_partitions} partitions "
            f"({self.n_computed} computed, {self.n_partitions - self.n_computed} resumed)"
        )
        return text + (f" -> {self.out}" if self.out is not None else "")


def analyze_corpus(
    source: str | os.PathLike[str],
    *,
    analyses: Sequence[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    scheduler: str | Client | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    jobs: int | None = None,
    threshold: float | None = DUPLICATE_THRESHOLD,
    collect: bool = True,
    progress: bool = False,
) -> CorpusResult:
    """Analyse every article of a corpus in parallel; write and/or return tidy tables.

    Args:
        source: A folder (recursively), a glob, a JSONL or a CSV file, as for
            :func:`newslib.load_corpus`.
        analyses: Names from :data:`ANALYSES`; default :func:`default_analyses`. Sentences
            always run.
        out: Folder for the Parquet tables (``out/<table>/part-NNNNN.parquet``). With ``out``
            a rerun resumes: partitions already written are not recomputed. The folder must be
            shared with the workers when they run on other machines.
        scheduler: ``None`` or ``"processes"`` (local processes), ``"threads"``, ``"sync"``, a
            scheduler address ``"tcp://host:8786"`` or a ``dask.distributed.Client``.
        partition_size: Articles per partition (one task, the unit of resumption).
        jobs: Worker processes for the local processes scheduler (default: all cores).
        threshold: Near-duplicate threshold, see :func:`near_duplicates`; ``None`` skips
            near-duplicate detection (its memory on the driver: about 1 KB per article).
        collect: Return the tables as DataFrames (read back from ``out`` when given). Pass
            ``False`` for corpora too large for memory and read the Parquet folders instead.
        progress: Show a progress bar (on standard error).

    Returns:
        A :class:`CorpusResult`; its tables are those of :data:`TABLES`, each with
        ``article_id``, and ``articles`` carries the near-duplicate group columns.

    Raises:
        CorpusError: an unknown or unavailable analysis, or ``out`` holds another run.
        ArticleError: the source names no file.

    Examples:
        >>> result = analyze_corpus("data", analyses=[], scheduler="sync")
        >>> result.n_articles, result.n_errors, list(result.articles.dup_group.unique())[:1]
        (3, 0, ['2021-07-19-heatwave-hospitals'])
    """
    chosen = _check_analyses(default_analyses() if analyses is None else analyses)
    partitions = plan_partitions(source, partition_size=partition_size)
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        _check_manifest(out_path, source, chosen, partition_size)
    config = RunConfig(chosen, str(out_path) if out_path is not None else None)
    finished: dict[int, PartitionResult] = {}
    pending: list[Partition] = []
    for partition in partitions:
        done = _is_done(out_path, partition) if out_path is not None else None
        if done is None:
            pending.append(partition)
        else:
            finished[partition.index] = done
    for result in _compute(pending, config, scheduler, jobs, progress):
        finished[result.index] = result
    ordered = [finished[partition.index] for partition in partitions]
    if out_path is not None:
        _remove_stale_parts(out_path, len(partitions))
        duplicates = near_duplicates(
            _read_parts(out_path, "_minhash"), threshold=threshold, published=_published(out_path)
        )
        _write_parquet(duplicates, out_path / "duplicates" / "part-00000.parquet")
        tables = read_corpus(out_path) if collect else {}
    else:
        tables = {name: _as_read_back(frame) for name, frame in _combine(ordered).items()}
        minhashes = [r.minhashes for r in ordered if r.minhashes is not None]
        published = _published_from(tables.get("articles"))
        tables["duplicates"] = near_duplicates(minhashes, threshold=threshold, published=published)
        tables = _finish_tables(tables)
    return CorpusResult(
        tables=tables,
        out=out_path,
        n_articles=sum(r.n_articles for r in ordered),
        n_errors=sum(r.n_errors for r in ordered),
        n_partitions=len(partitions),
        n_computed=len(pending),
    )


def _compute(
    pending: list[Partition],
    config: RunConfig,
    scheduler: str | Client | None,
    jobs: int | None,
    progress: bool,
) -> list[PartitionResult]:
    if not pending:
        return []
    import dask.bag as db

    bag = db.from_sequence(pending, npartitions=len(pending)).map(run_partition, config)
    if scheduler is None or (isinstance(scheduler, str) and "://" not in scheduler):
        name = scheduler or "processes"
        local = {"sync": "sync", "synchronous": "sync", "threads": "threads"}.get(name, name)
        schedulers = _local_schedulers()
        if local not in schedulers:
            raise CorpusError(
                f"unknown scheduler {name!r}: use processes, threads, sync or tcp://HOST:PORT"
            )
        if local == "processes" and (len(pending) == 1 or jobs == 1):
            local = "sync"  # one task or one job: a process pool would only cost time
        # Dask's scheduler functions themselves, not their names: for a name, Dask imports
        # dask.distributed (0.16 CPU-s) to look for a running client first.
        options: dict[str, Any] = {"scheduler": schedulers[local]}
        if local != "sync" and jobs is not None:
            options["num_workers"] = jobs
        pool = None
        if local == "processes":
            # Dask's process pool batches several tasks per submission by default, which ran
            # every partition in one worker; a partition is already a coarse task.
            options["chunksize"] = 1
            pool = _worker_pool(jobs or os.cpu_count() or 1, config.analyses)
            options["pool"] = pool
        try:
            with _ProgressBar(len(pending), bag.__dask_keys__(), enabled=progress):
                results: list[PartitionResult] = bag.compute(**options)
        finally:
            if pool is not None:
                pool.shutdown()
        return results
    return _compute_distributed(bag, scheduler, progress, len(pending))


def _local_schedulers() -> dict[str, Callable[..., Any]]:
    """Dask's local scheduler functions by the names Dask gives them."""
    from dask import local as dask_local
    from dask import multiprocessing as dask_processes
    from dask import threaded as dask_threads

    return {
        "sync": dask_local.get_sync,
        "threads": dask_threads.get,
        "processes": dask_processes.get,
    }


def _worker_pool(workers: int, analyses: Sequence[str]) -> ProcessPoolExecutor:
    """Local worker processes, forked from this one once its analyses are warm when that is safe.

    A spawned worker imports pandas, NLTK, TextBlob and Dask and loads the lexicons and the
    Punkt and tagger models anew: about 3 CPU-seconds, the time to analyse some 250 articles,
    before its first partition. Forked after one small article has been analysed here, a worker
    starts at once and shares those pages with the driver (copy-on-write). Forking is safe only
    from a process with one thread (a lock another thread holds would stay locked in the
    child), so it is done on Linux when this process has one thread (the command line, a
    script), before the progress bar starts its own. Elsewhere, and from a threaded process
    such as a Jupyter kernel, workers are spawned in Dask's configured way.
    """
    if sys.platform != "linux" or threading.active_count() > 1:
        from dask.multiprocessing import get_context

        return ProcessPoolExecutor(workers, mp_context=get_context())
    _analyse(_warm_up_article(), analyses)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pool.submit(int).result()  # fork every worker now, while this process has one thread
    return pool


@functools.cache
def _warm_up_article() -> Article:
    from newslib.articles import load_article

    return load_article(
        "date 2024-05-06\n\nThe mayor said on Monday: “The new bridge is a great success.” "
        "Critics disagreed. “It is too late,” one resident said last week."
    )


def _compute_distributed(
    bag: Any, scheduler: Any, progress: bool, total: int
) -> list[PartitionResult]:
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(str(scheduler))
    try:
        futures = client.compute(bag.to_delayed())
        bar = _tqdm(total, enabled=progress)
        for _ in as_completed(futures):
            bar.update(1)
        bar.close()
        parts: list[list[PartitionResult]] = client.gather(futures)
    finally:
        if client is not scheduler:
            client.close()
    return [result for part in parts for result in part]


def _tqdm(total: int, *, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="partition", disable=not enabled, desc="newslib corpus")


class _ProgressBar:
    """A tqdm bar advanced by Dask's local scheduler callbacks, one step per partition task."""

    def __init__(self, total: int, keys: Iterable[Any], *, enabled: bool) -> None:
        from dask.callbacks import Callback

        self._bar = _tqdm(total, enabled=enabled)
        bar = self._bar
        outputs = set(keys)

        def posttask(key: Any, result: Any, dsk: Any, state: Any, worker_id: Any) -> None:
            if key in outputs:
                bar.update(1)

        self._callback = Callback(posttask=posttask)

    def __enter__(self) -> _ProgressBar:
        self._callback.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._callback.__exit__(*exc)
        self._bar.close()


def _combine(results: list[PartitionResult]) -> dict[str, pd.DataFrame]:
    collected: dict[str, list[pd.DataFrame]] = {}
    for result in results:
        for table, frame in result.tables.items():
            collected.setdefault(table, []).append(frame)
    return {table: _concat(frames) for table, frames in collected.items()}


def _finish_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table of :data:`TABLES` present, ``articles`` joined with its duplicate group."""
    finished: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        frame = tables.get(table)
        if frame is None or not len(frame.columns):
            frame = pd.DataFrame(
                columns=list(_ERROR_COLUMNS) if table == "errors" else ["article_id"]
            )
        finished[table] = frame.reset_index(drop=True)
    duplicates = finished["duplicates"]
    articles = finished["articles"]
    if len(articles) and "dup_group" not in articles.columns and len(duplicates.columns) > 1:
        finished["articles"] = articles.merge(
            duplicates[["article_id", "dup_group", "group_size", "canonical"]],
            on="article_id",
            how="left",
        )
    return finished


def _read_parts(out: Path, table: str) -> Iterator[pd.DataFrame]:
    for path in sorted((out / table).glob("part-*.parquet")):
        yield pd.read_parquet(path)


def _remove_stale_parts(out: Path, n_partitions: int) -> None:
    # Parts numbered beyond this run's partitions belong to an older, larger version of the corpus.
    for table in (*TABLES, "_minhash", "_done"):
        for path in (out / table).glob("part-*"):
            if int(path.name[5:10]) >= n_partitions:
                path.unlink(missing_ok=True)


def _published(out: Path) -> dict[str, dt.date | None]:
    dates: dict[str, dt.date | None] = {}
    for path in sorted((out / "articles").glob("part-*.parquet")):
        frame = pd.read_parquet(path, columns=["article_id", "published"])
        dates.update(_published_from(frame))
    return dates


def _published_from(articles: pd.DataFrame | None) -> dict[str, dt.date | None]:
    if articles is None or not len(articles):
        return {}
    return dict(zip(articles["article_id"].astype(str), articles["published"], strict=True))


def read_corpus(out: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """The tables an :func:`analyze_corpus` run wrote to ``out``, as DataFrames.

    Parts are read one by one and concatenated in partition order (the row order of the run).
    For corpora larger than memory read single tables with ``pandas.read_parquet(columns=...)``
    or ``dask.dataframe.read_parquet`` instead.
    """
    folder = Path(out)
    if not (folder / "_manifest.json").is_file():
        raise CorpusError(f"{folder}: not the output of analyze_corpus (no _manifest.json)")
    tables = {table: _concat(list(_read_parts(folder, table))) for table in TABLES}
    return _finish_tables(tables)


def _check_manifest(
    out: Path,
    source: str | os.PathLike[str],
    analyses: tuple[str, ...],
    partition_size: int,
) -> None:
    manifest = {
        "format": _FORMAT_VERSION,
        "source": os.path.abspath(os.fspath(source)),
        "analyses": list(analyses),
        "partition_size": partition_size,
    }
    path = out / "_manifest.json"
    if path.is_file():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            found = None
        if found != manifest:
            raise CorpusError(
                f"{out} holds the output of another run ({found}); choose a new --out folder "
                "or delete this one to start again"
            )
        return
    if out.exists() and any(out.iterdir()):
        raise CorpusError(f"{out} is not empty and is not a corpus output: choose another folder")
    _atomic_write(path, json.dumps(manifest, indent=1).encode("utf-8"))


# --------------------------------------------------------------------------- aggregates


#: Fewest values a bootstrap interval is computed from (below it the bounds are NaN); the
#: percentile bootstrap is unreliable for tiny samples (Efron & Tibshirani, 1993, ch. 13).
MIN_BOOTSTRAP_VALUES = 5


def bootstrap_ci(
    values: Sequence[float] | np.ndarray[Any, Any] | pd.Series[Any],
    *,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap confidence interval ``(mean, low, high)``.

    Missing values are dropped. With fewer than ``MIN_BOOTSTRAP_VALUES`` values the bounds are
    NaN: a percentile bootstrap of two values returns their range, of one value a zero-width
    "interval", and neither is a confidence interval.

    Examples:
        >>> mean, low, high = bootstrap_ci([0.1, 0.2, 0.3, 0.4, 0.5])
        >>> round(mean, 2), low < mean < high, low >= 0.1 and high <= 0.5
        (0.3, True, True)
    """
    data = pd.to_numeric(pd.Series(values, dtype="float64"), errors="coerce").dropna().to_numpy()
    if data.size == 0:
        return (float("nan"), float("nan"), float("nan"))
    mean = float(data.mean())
    if data.size < MIN_BOOTSTRAP_VALUES:
        return (mean, float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = np.empty(n_resamples)
    step = max(1, 2_000_000 // data.size)  # bounded memory: resample in blocks
    for begin in range(0, n_resamples, step):
        stop = min(begin + step, n_resamples)
        picks = rng.integers(0, data.size, size=(stop - begin, data.size))
        means[begin:stop] = data[picks].mean(axis=1)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return (mean, float(low), float(high))


def cluster_bootstrap_ci(
    values: Sequence[float] | np.ndarray[Any, Any],
    groups: Sequence[object] | np.ndarray[Any, Any],
    *,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Mean of ``values`` and a bootstrap interval that resamples whole ``groups`` (articles).

    Values from one article are not independent (a speaker's quotes in one story share its
    tone), so resampling them one by one gives intervals that are too narrow; resampling
    articles with their values does not (the cluster bootstrap, Davison & Hinkley, 1997, 3.8).
    With fewer than ``MIN_BOOTSTRAP_VALUES`` groups the bounds are NaN.

    Examples:
        >>> mean, low, high = cluster_bootstrap_ci([0.1, 0.1, 0.5, 0.3, 0.2, 0.4],
        ...                                        ["a", "a", "b", "c", "d", "e"])
        >>> round(mean, 2), low < mean < high
        (0.27, True)
        >>> cluster_bootstrap_ci([0.1, 0.2, 0.3], ["a", "a", "a"])[1:]
        (nan, nan)
    """
    frame = pd.DataFrame(
        {"value": pd.to_numeric(pd.Series(values, dtype="float64")), "group": list(groups)}
    )
    frame = frame.dropna(subset=["value"])
    if frame.empty:
        return (float("nan"), float("nan"), float("nan"))
    mean = float(frame["value"].mean())
    by_group = frame.groupby("group", sort=True)["value"].agg(["sum", "size"])
    if len(by_group) < MIN_BOOTSTRAP_VALUES:
        return (mean, float("nan"), float("nan"))
    sums = by_group["sum"].to_numpy()
    sizes = by_group["size"].to_numpy()
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(sums), size=(n_resamples, len(sums)))
    means = sums[picks].sum(axis=1) / sizes[picks].sum(axis=1)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return (mean, float(low), float(high))


def count_once(articles: pd.DataFrame, *, dedupe: bool = True) -> pd.DataFrame:
    """The articles an aggregate counts: one per near-duplicate group when ``dedupe``.

    Examples:
        >>> frame = pd.DataFrame({"article_id": ["a", "b"], "canonical": [True, False]})
        >>> count_once(frame).article_id.tolist(), len(count_once(frame, dedupe=False))
        (['a'], 2)
    """
    if not dedupe or "canonical" not in articles.columns:
        return articles
    return articles[articles["canonical"].fillna(True).astype(bool)]


def mean_by(
    articles: pd.DataFrame,
    by: str,
    *,
    value: str = "sentiment",
    dedupe: bool = True,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean of an article column per group, with bootstrap confidence intervals.

    Args:
        articles: The ``articles`` table.
        by: Grouping column, e.g. ``"source"`` or ``"month"``.
        value: The article-level column averaged (``sentiment``: mean VADER compound of the
            article's sentences).
        dedupe: Count each near-duplicate group once (its canonical article).

    Returns:
        One row per group in sorted order: ``<by>, n_articles, mean, ci_low, ci_high``.

    Examples:
        >>> frame = pd.DataFrame({"source": ["A", "A", "B"], "sentiment": [0.1, 0.3, -0.2]})
        >>> mean_by(frame, "source")[["source", "n_articles", "mean"]].round(2).values.tolist()
        [['A', 2, 0.2], ['B', 1, -0.2]]
    """
    columns = [by, "n_articles", "mean", "ci_low", "ci_high"]
    if value not in articles.columns or by not in articles.columns:
        return pd.DataFrame(columns=columns)
    chosen = count_once(articles, dedupe=dedupe)
    rows = []
    for key, group in chosen.dropna(subset=[by]).groupby(by, sort=True):
        values = pd.to_numeric(group[value], errors="coerce").dropna()
        mean, low, high = bootstrap_ci(
            values.to_numpy(), n_resamples=n_resamples, confidence=confidence, seed=seed
        )
        rows.append(
            {by: key, "n_articles": len(values), "mean": mean, "ci_low": low, "ci_high": high}
        )
    return pd.DataFrame(rows, columns=columns)


def sentiment_by_source(articles: pd.DataFrame, *, dedupe: bool = True) -> pd.DataFrame:
    """Mean article sentiment per source with 95 % bootstrap intervals (see :func:`mean_by`)."""
    return mean_by(articles, "source", dedupe=dedupe)


def sentiment_by_month(articles: pd.DataFrame, *, dedupe: bool = True) -> pd.DataFrame:
    """Mean article sentiment per publication month with 95 % bootstrap intervals."""
    return mean_by(articles, "month", dedupe=dedupe)


def articles_per(articles: pd.DataFrame, by: str, *, dedupe: bool = True) -> pd.DataFrame:
    """Article counts per value of ``by`` (``source``, ``month``), a group counted once.

    Examples:
        >>> frame = pd.DataFrame({"source": ["A", "A", "B"], "canonical": [True, False, True]})
        >>> articles_per(frame, "source").values.tolist()
        [['A', 1], ['B', 1]]
    """
    chosen = count_once(articles, dedupe=dedupe)
    if by not in chosen.columns:
        return pd.DataFrame(columns=[by, "n_articles"])
    counts = chosen.dropna(subset=[by]).groupby(by, sort=True).size()
    return counts.rename("n_articles").reset_index()


def overview_counts(articles: pd.DataFrame, *, dedupe: bool = True) -> pd.DataFrame:
    """Articles per source and per month in one long table: ``by, value, n_articles``.

    Examples:
        >>> arts = pd.DataFrame({"source": ["A", "A"], "month": ["2023-01", "2023-02"]})
        >>> overview_counts(arts).values.tolist()
        [['source', 'A', 2], ['month', '2023-01', 1], ['month', '2023-02', 1]]
    """
    parts = []
    for by in ("source", "month"):
        counts = articles_per(articles, by, dedupe=dedupe).rename(columns={by: "value"})
        parts.append(counts.assign(by=by)[["by", "value", "n_articles"]])
    return pd.concat(parts, ignore_index=True)


def restrict(table: pd.DataFrame, articles: pd.DataFrame, *, dedupe: bool = True) -> pd.DataFrame:
    """Rows of any table whose article an aggregate counts (one per duplicate group).

    Examples:
        >>> quotes = pd.DataFrame({"article_id": ["a", "b", "b"], "speaker": ["X", "Y", "Z"]})
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "canonical": [False, True]})
        >>> restrict(quotes, arts).speaker.tolist()
        ['Y', 'Z']
    """
    if not dedupe or "article_id" not in table.columns:
        return table
    kept = set(count_once(articles, dedupe=True)["article_id"])
    return table[table["article_id"].isin(kept)]


def _with_source(table: pd.DataFrame, articles: pd.DataFrame, *, dedupe: bool) -> pd.DataFrame:
    """Rows of the counted articles, with their ``source`` (``unknown`` where none)."""
    rows = restrict(table, articles, dedupe=dedupe)
    if "source" not in articles.columns or "article_id" not in rows.columns:
        return rows.assign(source="unknown")
    sources = articles.set_index("article_id")["source"].astype(object)
    sources = sources.where(sources.notna(), "unknown")
    return rows.assign(source=rows["article_id"].map(sources).fillna("unknown"))


def speaker_tone(
    quotes: pd.DataFrame,
    segments: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    n: int = 15,
    dedupe: bool = True,
    seed: int = 0,
) -> pd.DataFrame:
    """The most quoted speakers of the corpus and the tone of their quoted words.

    Speakers are the ``speaker`` of speech quotations (``quotes`` table); their tone is the mean
    ``score`` of the voice segments attributed to them (``segments`` table, ``voice`` equal to
    the speaker), with a cluster bootstrap interval that resamples articles
    (:func:`cluster_bootstrap_ci`; NaN bounds for speakers quoted in fewer than five articles).

    Returns:
        One row per speaker, most quoted first: ``speaker, n_quotes, n_articles, n_segments,
        mean, ci_low, ci_high``.

    Examples:
        >>> q = pd.DataFrame({"article_id": ["a", "a", "b"], "kind": ["speech"] * 3,
        ...                   "speaker": ["Lee", "Lee", "Kim"]})
        >>> s = pd.DataFrame({"article_id": ["a", "b"], "voice": ["Lee", "Kim"],
        ...                   "score": [0.5, -0.2]})
        >>> arts = pd.DataFrame({"article_id": ["a", "b"]})
        >>> speaker_tone(q, s, arts)[["speaker", "n_quotes", "mean"]].values.tolist()
        [['Lee', 2, 0.5], ['Kim', 1, -0.2]]
    """
    columns = ["speaker", "n_quotes", "n_articles", "n_segments", "mean", "ci_low", "ci_high"]
    if not {"speaker", "kind"} <= set(quotes.columns):
        return pd.DataFrame(columns=columns)
    speech = restrict(quotes, articles, dedupe=dedupe)
    speech = speech[(speech["kind"] == "speech") & speech["speaker"].notna()]
    counts = speech.groupby("speaker").agg(
        n_quotes=("speaker", "size"), n_articles=("article_id", "nunique")
    )
    top = counts.sort_values(["n_quotes", "n_articles"], ascending=False, kind="stable").head(n)
    voiced = restrict(segments, articles, dedupe=dedupe)
    rows = []
    for speaker, count in top.iterrows():
        own = voiced.loc[voiced.get("voice", pd.Series(dtype=object)) == speaker]
        scores = own["score"]
        mean, low, high = cluster_bootstrap_ci(
            scores.to_numpy(dtype=float), own["article_id"].to_numpy(), seed=seed
        )
        rows.append(
            {
                "speaker": speaker,
                "n_quotes": int(count["n_quotes"]),
                "n_articles": int(count["n_articles"]),
                "n_segments": len(scores),
                "mean": mean,
                "ci_low": low,
                "ci_high": high,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def verbs_by_source(
    quotes: pd.DataFrame, articles: pd.DataFrame, *, n: int = 10, dedupe: bool = True
) -> pd.DataFrame:
    """Reporting verbs (the ``cue`` of quotations) per source: counts and share of the source.

    Returns:
        One row per (source, verb) among the ``n`` verbs most used overall: ``source, verb,
        count, share`` (share of that source's quotations with a verb).

    Examples:
        >>> q = pd.DataFrame({"article_id": ["a", "a", "b"], "cue": ["say", "claim", "say"]})
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"]})
        >>> verbs_by_source(q, arts).values.tolist()
        [['X', 'claim', 1, 0.5], ['X', 'say', 1, 0.5], ['Y', 'say', 1, 1.0]]
    """
    columns = ["source", "verb", "count", "share"]
    if "cue" not in quotes.columns:
        return pd.DataFrame(columns=columns)
    rows = _with_source(quotes, articles, dedupe=dedupe)
    rows = rows[rows["cue"].notna()].assign(verb=lambda f: f["cue"].astype(str).str.lower())
    if rows.empty:
        return pd.DataFrame(columns=columns)
    top = rows["verb"].value_counts().head(n).index
    counts = rows.groupby(["source", "verb"]).size().rename("count").reset_index()
    totals = counts.groupby("source")["count"].transform("sum")
    counts["share"] = counts["count"] / totals
    counts = counts[counts["verb"].isin(top)]
    return counts.sort_values(["source", "verb"]).reset_index(drop=True)[columns]


def rhetoric_by_source(
    rhetoric: pd.DataFrame, articles: pd.DataFrame, *, dedupe: bool = True
) -> pd.DataFrame:
    """Rhetorical devices per 1,000 words, per source and measure (``rhetoric`` table).

    Returns:
        ``source, measure, count, n_words, per_1000_words`` (words of the source's articles).

    Examples:
        >>> r = pd.DataFrame({"article_id": ["a", "a", "b"], "measure": ["hedge"] * 3})
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"],
        ...                      "n_words": [200, 100]})
        >>> rhetoric_by_source(r, arts).values.tolist()
        [['X', 'hedge', 2, 200, 10.0], ['Y', 'hedge', 1, 100, 10.0]]
    """
    columns = ["source", "measure", "count", "n_words", "per_1000_words"]
    if "measure" not in rhetoric.columns or "n_words" not in articles.columns:
        return pd.DataFrame(columns=columns)
    rows = _with_source(rhetoric, articles, dedupe=dedupe)
    counted = _with_source(articles, articles, dedupe=dedupe)
    words = counted.groupby("source")["n_words"].sum()
    counts = rows.groupby(["source", "measure"]).size().rename("count").reset_index()
    counts["n_words"] = counts["source"].map(words).fillna(0).astype(int)
    counts["per_1000_words"] = 1000 * counts["count"] / counts["n_words"].clip(lower=1)
    return counts.sort_values(["source", "measure"]).reset_index(drop=True)[columns]


def merged_timeline(
    events: pd.DataFrame, articles: pd.DataFrame, *, dedupe: bool = True, n: int | None = None
) -> pd.DataFrame:
    """The dated events of all articles on one calendar: one row per date reported.

    A date is its start and its granularity: "2021" (a year) and "1 January 2021" (a day) start
    on the same day but are different dates, and are not merged.

    Returns:
        ``date, granularity, n_articles, n_mentions, events, sources`` in date order
        (``events``: the most frequent governing verbs, ``sources``: the outlets), the ``n``
        most reported dates when ``n`` is given.

    Examples:
        >>> import datetime as dt
        >>> day, other = dt.date(2023, 3, 14), dt.date(2023, 3, 1)
        >>> e = pd.DataFrame({"article_id": ["a", "b", "b"], "event": ["strike", "strike", "vote"],
        ...                   "date": [day, day, other]})
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"]})
        >>> merged_timeline(e, arts)[["date", "n_articles", "events"]].astype(str).values.tolist()
        [['2023-03-01', '1', 'vote'], ['2023-03-14', '2', 'strike']]
        >>> e = e.assign(granularity=["day", "year", "day"])
        >>> merged_timeline(e, arts)[["granularity", "events"]].values.tolist()
        [['day', 'vote'], ['day', 'strike'], ['year', 'strike']]
    """
    columns = ["date", "granularity", "n_articles", "n_mentions", "events", "sources"]
    if "date" not in events.columns:
        return pd.DataFrame(columns=columns)
    rows = _with_source(events, articles, dedupe=dedupe)
    rows = rows[rows["date"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(date=pd.to_datetime(rows["date"]).dt.date)
    if "event" not in rows.columns:
        rows = rows.assign(event=None)
    if "granularity" not in rows.columns:
        rows = rows.assign(granularity="day")
    rows = rows.assign(granularity=rows["granularity"].fillna("").astype(str))
    table = []
    for (date, granularity), group in rows.groupby(["date", "granularity"], sort=True):
        verbs = group["event"].dropna().astype(str).value_counts().head(3).index.tolist()
        table.append(
            {
                "date": date,
                "granularity": granularity,
                "n_articles": group["article_id"].nunique(),
                "n_mentions": len(group),
                "events": ", ".join(verbs),
                "sources": ", ".join(sorted(set(group["source"].astype(str)))),
            }
        )
    result = pd.DataFrame(table, columns=columns)
    if n is not None:
        keep = result.sort_values("n_articles", ascending=False, kind="stable").head(n).index
        result = result.loc[sorted(keep)].reset_index(drop=True)
    return result
