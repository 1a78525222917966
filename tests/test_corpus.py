"""Corpus runs: tables, errors, resumption, near duplicates, intervals, and schedulers agreeing."""

from __future__ import annotations

import gc
import json
import math
import sys
import weakref
from pathlib import Path

import pandas as pd
import pytest

import newslib
from newslib import corpus
from newslib.articles import Article
from newslib.cli import main
from newslib.corpus import (
    CorpusError,
    analyze_corpus,
    bootstrap_ci,
    mean_by,
    minhash_signature,
    near_duplicates,
    plan_partitions,
    read_corpus,
)
from newslib.tables import TableSchema

SAMPLES = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """The samples, a wire copy of one, a binary file, a JSONL and a CSV with bad records."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(SAMPLES.iterdir()):
        (folder / path.name).write_bytes(path.read_bytes())
    strike = (SAMPLES / "2023-03-14-harbour-strike.txt").read_text(encoding="utf-8")
    # The same agency story republished a day later by another outlet: new headline, last
    # paragraph cut.
    body = strike.split("\n", 2)[2].split("\n\n")
    header = "date 2023-03-15\ntitle Harbour strike strands ships\nsource Coast Gazette\n"
    wire = header + "\n\n".join(body[:-1])
    (folder / "zz-wire-copy.txt").write_text(wire, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    records = [
        {"id": "j1", "date": "2023-04-02", "source": "Wire", "text": "Shares rose. All cheered."},
        "this line is not JSON",
        {"id": "j3", "date": "2023-05-09", "source": "Wire", "text": "The vote failed. MPs left."},
        {"date": "2023-05-11", "source": "Post", "text": "Rain fell all day."},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    (folder / "feed.jsonl").write_text("\n".join([lines[0], "", *lines[1:]]) + "\n", "utf-8")
    (folder / "table.csv").write_text(
        'id,date,source,text\nc1,2023-06-01,Post,"Prices fell.\nBuyers waited."\n'
        "c2,2023-06-02,Post,\nc3,2023-06-03,Wire,Nobody came.\n",
        encoding="utf-8",
    )
    return folder


def _expected_ids(source: Path) -> list[str]:
    failures: list[newslib.LoadFailure] = []
    return [article.id for article in newslib.load_corpus(source, errors=failures)]


def test_sample_articles_tables(sample_articles: list[Article]) -> None:
    result = analyze_corpus(SAMPLES, scheduler="sync")
    assert result.n_articles == len(sample_articles) == 3
    assert result.articles.article_id.tolist() == [a.id for a in sample_articles]
    expected_sentences = sum(len(newslib.sentence_frame(a)) for a in sample_articles)
    assert len(result["sentences"]) == expected_sentences
    for table in corpus.TABLES:
        assert "article_id" in result[table].columns, table
    strike = result.articles.set_index("article_id").loc["2023-03-14-harbour-strike"]
    assert strike.n_words == sum(
        newslib.sentence_frame(sample_articles[1]).n_words
    )
    assert strike.month == "2023-03"
    assert result.errors.empty


def test_sentiment_tables_agree_with_the_sentiment_module(sample_articles: list[Article]) -> None:
    result = analyze_corpus(SAMPLES, analyses=["sentiment"], scheduler="sync")
    for article in sample_articles:
        row = result.articles.set_index("article_id").loc[article.id]
        expected = newslib.article_sentiment(article)
        assert row.sentiment == pytest.approx(expected.weighted_mean)
        assert row.n_segments == expected.n_segments
        sentences = result["sentences"][result["sentences"].article_id == article.id]
        arc = newslib.sentiment_arc(article)
        assert sentences.score.tolist() == pytest.approx(arc.score.tolist())
    assert set(result["segments"].voice) >= {"narrator"}


def test_ids_and_order_match_load_corpus(corpus_dir: Path) -> None:
    result = analyze_corpus(corpus_dir, analyses=[], scheduler="sync", partition_size=2)
    assert result.articles.article_id.tolist() == _expected_ids(corpus_dir)
    # A JSONL record without an id is named by its line (line 2 is blank, line 3 bad JSON).
    assert result.articles.loc[result.articles.article_id == "feed:5", "source"].item() == "Post"
    assert result.articles.loc[result.articles.article_id == "c1", "n_sentences"].item() == 2


def test_bad_records_land_in_errors_and_nothing_else_is_lost(corpus_dir: Path) -> None:
    result = analyze_corpus(corpus_dir, analyses=[], scheduler="sync", partition_size=3)
    errors = result.errors
    assert result.n_errors == len(errors) == 3
    sources = errors.source.tolist()
    assert any(s.endswith("broken.txt") for s in sources)
    assert any(s.endswith("feed.jsonl:3") for s in sources)
    assert any(s.endswith("table.csv:4") for s in sources)  # row 2 (line 4): empty text
    assert set(errors.stage) == {"load"}
    assert "binary" in errors.loc[errors.source.str.endswith("broken.txt"), "reason"].item()
    # Every table carries article_id: a record that could not be read has the id it would have had.
    assert errors.article_id.tolist() == ["broken", "feed:3", "table:2"]
    assert result.n_articles == 3 + 1 + 3 + 2


def test_corpus_tables_are_the_per_article_frames(sample_articles: list[Article]) -> None:
    # A partition builds each table once from the rows of all its articles; the rows of one
    # article must be exactly what the per-article function gives, values and dtypes alike.
    result = analyze_corpus(SAMPLES, scheduler="sync")
    per_article = {
        "sentences": newslib.sentence_scores,
        "segments": newslib.sentiment_frame,
        "quotes": newslib.quote_frame,
        "rhetoric": newslib.rhetoric_frame,
        "timexes": newslib.timex_frame,
        "events": newslib.timeline_frame,
    }
    for table, function in per_article.items():
        expected = pd.concat([function(a) for a in sample_articles], ignore_index=True)
        assert len(expected) > 0, table
        found = result[table].drop(columns="article_id")
        # (Parquet reads an object column of strings back as str: dtypes as read back.)
        expected = corpus._as_read_back(expected)
        pd.testing.assert_frame_equal(found, expected, obj=table)


def test_failing_analysis_is_an_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(article: Article, done: object) -> dict[str, list[tuple[str]]]:
        if "strike" in article.id:
            raise ValueError("boom")
        return {"quotes": [("x",)]}

    fake = corpus.Analysis("quotes", {"quotes": TableSchema.of(("speaker", "str"))}, explode)
    monkeypatch.setitem(corpus.ANALYSES, "quotes", fake)  # type: ignore[index]
    result = analyze_corpus(SAMPLES, analyses=["quotes"], scheduler="sync")
    assert result.errors[["article_id", "stage", "error", "reason"]].values.tolist() == [
        ["2023-03-14-harbour-strike", "quotes", "ValueError", "boom"]
    ]
    assert result.n_articles == 3  # the article itself and its sentences are kept
    assert "2023-03-14-harbour-strike" in set(result["sentences"].article_id)
    assert result["quotes"].article_id.tolist() == [
        "2021-07-19-heatwave-hospitals",
        "2024-11-05-flood-barrier",
    ]


def test_wire_copy_is_one_group_and_counted_once(corpus_dir: Path) -> None:
    result = analyze_corpus(corpus_dir, analyses=[], scheduler="sync")
    articles = result.articles.set_index("article_id")
    assert articles.loc["zz-wire-copy", "dup_group"] == "2023-03-14-harbour-strike"
    assert articles.loc["2023-03-14-harbour-strike", "canonical"]
    assert not articles.loc["zz-wire-copy", "canonical"]
    assert (articles.group_size > 1).sum() == 2
    counted = corpus.articles_per(result.articles, "source")
    every = corpus.articles_per(result.articles, "source", dedupe=False)
    assert counted.n_articles.sum() == every.n_articles.sum() - 1


def test_duplicates_can_be_skipped(corpus_dir: Path) -> None:
    result = analyze_corpus(corpus_dir, analyses=[], scheduler="sync", threshold=None)
    assert (result.articles.group_size == 1).all() and result.articles.canonical.all()
    assert result.articles.article_id.tolist() == result.articles.dup_group.tolist()


STORY = (
    "Dockers at the port of Dover walked out on Tuesday over pay and pensions, the union said, "
    "halting ferries to Calais for the first time in a decade. Talks will resume on Friday."
)


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (STORY, True),
        (STORY.replace("Tuesday", "Wednesday"), True),
        (STORY + " Passengers were told to expect delays.", True),
        ("Dockers at the port of Dover met on Tuesday to discuss pay, the union said.", False),
        ("Ferries to Calais ran normally on Tuesday after talks over pay ended.", False),
    ],
)
def test_near_duplicate_pairs(other: str, same: bool) -> None:
    frame = pd.DataFrame(
        {"article_id": ["a", "b"], "minhash": [minhash_signature(STORY), minhash_signature(other)]}
    )
    groups = near_duplicates(frame)
    assert (groups.dup_group.nunique() == 1) is same


@pytest.mark.parametrize(
    ("threshold", "num_perm", "expected"),
    # datasketch 2.0's MinHashLSH chooses these (its _optimal_param, weights 0.5 and 0.5)
    [(0.5, 128, (25, 5)), (0.8, 128, (9, 13)), (0.9, 128, (5, 25)), (0.6, 64, (10, 6))],
)
def test_lsh_bands_minimise_the_mean_error(
    threshold: float, num_perm: int, expected: tuple[int, int]
) -> None:
    assert corpus.lsh_bands(threshold, num_perm) == expected


def test_similar_pairs_are_the_banded_pairs_above_the_threshold() -> None:
    # Random signatures with planted near copies: the pairs found must be exactly those that
    # agree on a whole band and whose share of equal values reaches the threshold.
    import numpy as np

    rng = np.random.default_rng(7)
    signatures = rng.integers(0, 50, size=(80, 32), dtype=np.uint32)
    for copy, source, changed in [(10, 3, 4), (11, 3, 12), (20, 5, 20), (30, 31, 1), (40, 3, 8)]:
        signatures[copy] = signatures[source]
        signatures[copy, rng.choice(32, changed, replace=False)] += 1
    threshold = 0.6
    bands, rows = corpus.lsh_bands(threshold, 32)
    expected = set()
    for i in range(80):
        for j in range(i + 1, 80):
            band_equal = signatures[i] == signatures[j]
            banded = any(band_equal[k * rows : (k + 1) * rows].all() for k in range(bands))
            if banded and (signatures[i] == signatures[j]).mean() >= threshold:
                expected.add((i, j))
    found = corpus._similar_pairs(signatures, threshold)
    assert found == sorted(expected)
    assert {(3, 10), (30, 31)} <= set(found)  # near-identical copies
    assert (5, 20) not in found  # 20 of 32 values changed: below the threshold


def test_resume_skips_finished_partitions(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = analyze_corpus(corpus_dir, analyses=[], out=out, scheduler="sync", partition_size=2)
    planned = plan_partitions(corpus_dir, partition_size=2)
    assert first.n_computed == first.n_partitions == len(planned)
    kept = out / "sentences" / "part-00000.parquet"
    stamp = kept.stat().st_mtime_ns
    (out / "_done" / "part-00002.json").unlink()  # as if the run stopped before partition 2
    second = analyze_corpus(corpus_dir, analyses=[], out=out, scheduler="sync", partition_size=2)
    assert second.n_computed == 1
    assert kept.stat().st_mtime_ns == stamp
    for table in corpus.TABLES:
        pd.testing.assert_frame_equal(first[table], second[table])
    pd.testing.assert_frame_equal(read_corpus(out)["articles"], first.articles)
    with pytest.raises(CorpusError, match="another run"):
        analyze_corpus(corpus_dir, analyses=[], out=out, scheduler="sync", partition_size=3)


def test_out_tables_equal_in_memory_tables(corpus_dir: Path, tmp_path: Path) -> None:
    memory = analyze_corpus(corpus_dir, analyses=[], scheduler="sync", partition_size=4)
    written = analyze_corpus(
        corpus_dir, analyses=[], out=tmp_path / "o", scheduler="sync", partition_size=4
    )
    for table in corpus.TABLES:
        pd.testing.assert_frame_equal(memory[table], written[table])


def test_unknown_analysis_and_scheduler() -> None:
    with pytest.raises(CorpusError, match="unknown analysis 'mood'"):
        analyze_corpus(SAMPLES, analyses=["mood"])
    with pytest.raises(CorpusError, match="unknown scheduler"):
        analyze_corpus(SAMPLES, analyses=[], scheduler="gpu", partition_size=1)


def test_a_local_run_does_not_import_dask_distributed(tmp_path: Path) -> None:
    # Dask imports dask.distributed to look for a client when given a scheduler's name (0.2 s
    # of every run); newslib hands it the local scheduler function instead.
    import subprocess

    script = (
        "import sys; from newslib.corpus import analyze_corpus; "
        f"analyze_corpus({str(SAMPLES)!r}, analyses=[], scheduler='sync', partition_size=1); "
        "print('distributed' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("values", "expected_mean"),
    [([0.5] * 10, 0.5), ([-1.0, 1.0] * 20, 0.0), ([0.2, None, 0.4, 0.1, 0.5, 0.3], 0.3)],
)
def test_bootstrap_interval_contains_mean(values: list[float], expected_mean: float) -> None:
    mean, low, high = bootstrap_ci(values)
    assert mean == pytest.approx(expected_mean)
    assert low <= mean <= high
    assert bootstrap_ci(values) == (mean, low, high)  # seeded


@pytest.mark.parametrize("values", [[0.2], [0.2, 0.4], [0.1, 0.2, 0.3, 0.4]])
def test_too_few_values_give_no_interval(values: list[float]) -> None:
    mean, low, high = bootstrap_ci(values)
    assert mean == pytest.approx(sum(values) / len(values))
    assert math.isnan(low) and math.isnan(high)


def test_cluster_bootstrap_is_wider_than_naive_for_correlated_values() -> None:
    # Six articles, each quoting one speaker ten times with the same tone.
    tones = [-0.6, -0.2, 0.0, 0.1, 0.3, 0.6]
    values = [tone for tone in tones for _ in range(10)]
    groups = [number for number in range(6) for _ in range(10)]
    _, naive_low, naive_high = bootstrap_ci(values)
    mean, low, high = corpus.cluster_bootstrap_ci(values, groups)
    assert low <= mean <= high
    assert (high - low) > 2 * (naive_high - naive_low)


def test_bootstrap_interval_narrows_with_more_articles() -> None:
    few = bootstrap_ci([-1.0, 1.0] * 5)
    many = bootstrap_ci([-1.0, 1.0] * 500)
    assert many[2] - many[1] < (few[2] - few[1]) / 5


def test_mean_by_counts_a_group_once() -> None:
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "source": ["Wire", "Wire", "Wire", "Post"],
            "sentiment": [-0.8, -0.8, 0.4, 0.1],
            "canonical": [True, False, True, True],
        }
    )
    once = mean_by(articles, "source").set_index("source")
    every = mean_by(articles, "source", dedupe=False).set_index("source")
    assert once.loc["Wire", "n_articles"] == 2 and every.loc["Wire", "n_articles"] == 3
    assert once.loc["Wire", "mean"] == pytest.approx(-0.2)
    assert every.loc["Wire", "mean"] < once.loc["Wire", "mean"]


def test_cli_corpus(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    code = main(["corpus", str(corpus_dir), "--out", str(out), "--scheduler", "sync",
                 "--analyses", "", "--no-progress"])
    assert code == 0
    assert "9 articles, 3 errors" in capsys.readouterr().out
    assert (out / "articles" / "part-00000.parquet").is_file()
    assert main(["corpus", str(tmp_path / "missing"), "--out", str(out)]) == 1
    again = tmp_path / "again"
    assert main(["corpus", str(corpus_dir), "--out", str(again), "--scheduler", "sync",
                 "--analyses", "", "--no-duplicates", "--no-progress"]) == 0
    assert pd.read_parquet(again / "duplicates").group_size.eq(1).all()


def test_processes_and_cluster_agree_row_for_row(corpus_dir: Path) -> None:
    distributed = pytest.importorskip("distributed")
    reference = analyze_corpus(corpus_dir, scheduler="sync", partition_size=3)
    local = analyze_corpus(corpus_dir, scheduler="processes", jobs=2, partition_size=3)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_client = analyze_corpus(corpus_dir, scheduler=client, partition_size=3)
        by_address = analyze_corpus(
            corpus_dir, scheduler=cluster.scheduler_address, partition_size=3
        )
    for other in (local, on_client, by_address):
        for table in corpus.TABLES:
            pd.testing.assert_frame_equal(reference[table], other[table])


@pytest.fixture(scope="module")
def sample_run() -> corpus.CorpusResult:
    return analyze_corpus(SAMPLES, scheduler="sync")


def test_speaker_tone_on_the_samples(sample_run: corpus.CorpusResult) -> None:
    quotes, segments = sample_run["quotes"], sample_run["segments"]
    table = corpus.speaker_tone(quotes, segments, sample_run.articles, n=5)
    assert len(table) == 5
    assert table.n_quotes.is_monotonic_decreasing
    for row in table.itertuples():
        speech = quotes[(quotes.kind == "speech") & (quotes.speaker == row.speaker)]
        assert row.n_quotes == len(speech)
        voiced = segments[segments.voice == row.speaker].score
        assert len(voiced) > 0
        assert row.mean == pytest.approx(voiced.mean())
        # every sample speaker is quoted in one article: too few for an interval
        assert row.n_articles < 5 and math.isnan(row.ci_low) and math.isnan(row.ci_high)


def test_merged_timeline_holds_every_dated_event(
    sample_run: corpus.CorpusResult, sample_articles: list[Article]
) -> None:
    table = corpus.merged_timeline(sample_run["events"], sample_run.articles)
    expected = {
        date for article in sample_articles for date in newslib.timeline_frame(article).date
    }
    assert set(table.date) == expected
    assert table.date.is_monotonic_increasing
    assert not table.duplicated(["date", "granularity"]).any()
    assert table.n_articles.between(1, 3).all()


def test_verbs_and_rhetoric_by_source(sample_run: corpus.CorpusResult) -> None:
    assert corpus.default_analyses() == ("quotes", "sentiment", "rhetoric", "timeline")
    verbs = corpus.verbs_by_source(sample_run["quotes"], sample_run.articles)
    assert set(verbs.source) == {"NWS", "Riverside Courier"}
    assert verbs.share.between(0, 1).all()
    assert "say" in set(verbs.verb)
    rhetoric = corpus.rhetoric_by_source(sample_run["rhetoric"], sample_run.articles)
    assert len(rhetoric) and (rhetoric.per_1000_words > 0).all()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_workers_fork_only_from_a_single_threaded_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # A fork copies only the calling thread; a lock held by another would stay locked in the
    # child. So a threaded driver (a Jupyter kernel) spawns its workers instead.
    monkeypatch.setattr(corpus.threading, "active_count", lambda: 3)
    spawned = corpus._worker_pool(1, ())
    try:
        assert spawned._mp_context.get_start_method() == "spawn"  # type: ignore[attr-defined]
    finally:
        spawned.shutdown()
    monkeypatch.setattr(corpus.threading, "active_count", lambda: 1)
    forked = corpus._worker_pool(1, ())
    try:
        assert forked._mp_context.get_start_method() == "fork"  # type: ignore[attr-defined]
        assert forked.submit(len, "abc").result() == 3
    finally:
        forked.shutdown()


def _collector_recording_analysis(seen: list[tuple[int, int]]) -> corpus.Analysis:
    def record(article: Article, done: object) -> dict[str, list[tuple[str]]]:
        seen.append((gc.get_freeze_count(), gc.get_threshold()[0]))
        return {"quotes": []}

    return corpus.Analysis("quotes", {"quotes": TableSchema.of(("speaker", "str"))}, record)


def test_a_partition_freezes_older_objects_and_relaxes_the_collector_then_restores_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[int, int]] = []
    monkeypatch.setitem(corpus.ANALYSES, "quotes", _collector_recording_analysis(seen))  # type: ignore[index]
    gc.unfreeze()
    before = gc.get_threshold()
    analyze_corpus(SAMPLES, analyses=["quotes"], scheduler="sync")
    assert len(seen) == 3
    assert all(frozen > 1000 for frozen, _ in seen)  # the loaded modules at least
    assert {threshold for _, threshold in seen} == {corpus.PARTITION_GC_THRESHOLD}
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_partitions_in_threads_restore_the_collector_once_the_last_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[int, int]] = []
    monkeypatch.setitem(corpus.ANALYSES, "quotes", _collector_recording_analysis(seen))  # type: ignore[index]
    before = gc.get_threshold()
    analyze_corpus(SAMPLES, analyses=["quotes"], scheduler="threads", partition_size=1)
    assert len(seen) == 3 and {threshold for _, threshold in seen} == {
        corpus.PARTITION_GC_THRESHOLD
    }
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_a_partition_leaves_objects_someone_else_froze_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[int, int]] = []
    monkeypatch.setitem(corpus.ANALYSES, "quotes", _collector_recording_analysis(seen))  # type: ignore[index]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        analyze_corpus(SAMPLES, analyses=["quotes"], scheduler="sync")
        # (Frozen objects freed by reference counting leave the count: it may only shrink.)
        assert len(seen) == 3 and all(1000 < count <= frozen for count, _ in seen)
        assert 1000 < gc.get_freeze_count() <= frozen  # not unfrozen by the run
    finally:
        gc.unfreeze()


def test_cyclic_garbage_from_before_a_partition_is_collected_after_it() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    node = Node()
    gone = weakref.ref(node)
    with corpus._PARTITION_COLLECTOR:
        del node
        gc.collect()
        assert gone() is not None  # frozen: skipped while the partition runs
    gc.collect()
    assert gone() is None
