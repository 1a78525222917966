"""Article readers: the reference format, plain/BBC text, Markdown, JSON, JSONL, CSV, bad input."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pytest

import newslib
from newslib import ArticleError, LoadFailure, load_article, load_corpus
from newslib.articles import ArticleWarning, split_paragraphs


def test_reference_article_header_is_metadata_not_words(seed_article: newslib.Article) -> None:
    assert seed_article.published == dt.date(2022, 5, 23)
    assert seed_article.place == "DAVOS, Switzerland"
    assert seed_article.agency == "AFP"
    assert seed_article.text.startswith("A veteran Russian diplomat")
    assert "DAVOS" in seed_article.header and "date 2022-05-23" in seed_article.header
    assert len(seed_article.paragraphs) == 22
    assert seed_article.paragraph_texts()[1].startswith("Boris Bondarev, 41, confirmed")
    for span in seed_article.paragraphs:
        assert span.of(seed_article.text) == span.of(seed_article.text).strip()


def test_sample_articles_all_load(sample_articles: list[newslib.Article]) -> None:
    by_id = {a.id: a for a in sample_articles}
    assert set(by_id) == {
        "2021-07-19-heatwave-hospitals",
        "2023-03-14-harbour-strike",
        "2024-11-05-flood-barrier",
    }
    strike = by_id["2023-03-14-harbour-strike"]
    assert strike.title == "Dockworkers walk out at Port of Varne as pay talks collapse"
    assert (strike.place, strike.agency, strike.published) == (
        "VARNE, Norway",
        "NWS",
        dt.date(2023, 3, 14),
    )
    assert strike.text.startswith("Dockworkers at the Port of Varne walked off")
    flood = by_id["2024-11-05-flood-barrier"]  # Markdown with YAML front matter
    assert flood.source == "Riverside Courier"
    assert flood.url is not None and flood.url.startswith("https://")
    assert flood.published == dt.date(2024, 11, 5) and flood.place == "KESSEL"
    assert len({a.published for a in sample_articles}) == 3


def test_bbc_plain_text_title_and_latin1_fallback(shared_dir: Path) -> None:
    article = load_article(shared_dir / "corpora" / "bbc" / "business" / "001.txt")
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.text.startswith("Quarterly profits at US media giant TimeWarner")
    assert article.published is None and article.place is None
    with pytest.warns(ArticleWarning, match=r"sport/199\.txt.*cp1252"):
        latin = load_article(shared_dir / "corpora" / "bbc" / "sport" / "199.txt")
    assert "\ufffd" not in latin.text


def test_string_input_and_published_override() -> None:
    article = load_article("He resigned on Monday.", published="2022-05-23")
    assert article.published == dt.date(2022, 5, 23)
    assert article.path is None and article.id.startswith("text-")
    assert load_article("He resigned.").id == load_article("He resigned.").id


@pytest.mark.parametrize(
    ("raw", "place", "agency", "body"),
    [
        ("WASHINGTON (AP) — Lawmakers met.", "WASHINGTON", "AP", "Lawmakers met."),
        ("GENEVA, May 23 (Reuters) - Talks ended.", "GENEVA, May 23", "Reuters", "Talks ended."),
        ("NEW YORK – Stocks fell.", "NEW YORK", None, "Stocks fell."),
        ("The U.S. – and others – agreed.", None, None, "The U.S. – and others – agreed."),
        ("Stocks fell - again.", None, None, "Stocks fell - again."),
    ],
)
def test_datelines(raw: str, place: str | None, agency: str | None, body: str) -> None:
    article = load_article(raw)
    assert (article.place, article.agency, article.text) == (place, agency, body)


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffdate 2020-01-02\r\nPARIS (AFP) – One.\r\n\r\nTwo.\r\n".encode())
    article = load_article(path)
    assert article.published == dt.date(2020, 1, 2)
    assert article.paragraph_texts() == ["One.", "Two."]


def test_json_jsonl_csv_records(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps({"id": "a1", "title": "T", "published": "2021-03-04T10:00:00Z", "body": "Hi."})
    )
    article = load_article(tmp_path / "one.json")
    assert (article.id, article.title, article.published, article.text) == (
        "a1",
        "T",
        dt.date(2021, 3, 4),
        "Hi.",
    )
    (tmp_path / "many.jsonl").write_text(
        '{"id": "x", "text": "First."}\n\nnot json\n{"title": "no text"}\n'
        '{"id": "y", "text": "Second."}\n'
    )
    (tmp_path / "rows.csv").write_text(
        'id,date,text\nc1,2020-05-06,"A, quoted\n\nbody."\nc2,soon,Bad date.\n'
    )
    failures: list[LoadFailure] = []
    articles = list(load_corpus(tmp_path, errors=failures))
    assert [a.id for a in articles] == ["c1", "x", "y", "a1"] or sorted(a.id for a in articles) == [
        "a1",
        "c1",
        "x",
        "y",
    ]
    csv_article = next(a for a in articles if a.id == "c1")
    assert csv_article.paragraph_texts() == ["A, quoted", "body."]
    reasons = {Path(f.source).name: f.reason for f in failures}
    assert reasons["many.jsonl:3"].startswith("invalid JSON")
    assert "no text field" in reasons["many.jsonl:4"]
    assert reasons["rows.csv:5"] == "date 'soon' is not a date (expected YYYY-MM-DD)"
    with pytest.raises(ArticleError, match="holds 4 records; use load_corpus"):
        load_article(tmp_path / "many.jsonl")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"  \n\n", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("baddate.txt", b"date 2022-13-45\nBody.", "date '2022-13-45' is not a date"),
        ("nocol.csv", b"id,title\n1,Hello\n", "CSV has no text column"),
        ("broken.json", b"{not json", "invalid JSON"),
        ("front.md", b"---\ndate: someday\n---\nBody.", "date 'someday' is not a date"),
        ("header.txt", b"date 2020-01-01\n\n", "no body text"),
    ],
)
def test_bad_files_name_file_and_problem(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_missing_file_and_folder() -> None:
    with pytest.raises(ArticleError, match="no such file"):
        load_article("no/such/article.txt")
    with pytest.raises(ArticleError, match="is a folder"):
        load_article(Path(__file__).parent)


def test_corpus_skips_bad_files_and_keeps_the_rest(tmp_path: Path) -> None:
    for number in range(5):
        (tmp_path / f"good{number}.txt").write_text(f"Article {number} body.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not an article suffix: ignored
    failures: list[LoadFailure] = []
    ids = [a.id for a in load_corpus(tmp_path, errors=failures)]
    assert ids == [f"good{n}" for n in range(5)]
    assert sorted(Path(f.source).name for f in failures) == ["empty.txt", "image.txt"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(list(load_corpus(tmp_path))) == 5
    assert sum("skipped" in str(w.message) for w in caught) == 2


def test_corpus_streams_jsonl_in_flat_memory(tmp_path: Path) -> None:
    import tracemalloc

    body = "The council met again. " * 100
    path = tmp_path / "big.jsonl"
    with path.open("w") as handle:
        for number in range(4000):
            handle.write(json.dumps({"id": number, "text": body}) + "\n")
    assert path.stat().st_size > 9_000_000
    tracemalloc.start()
    count = sum(1 for _ in load_corpus(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 4000
    assert peak < 1_000_000, f"peak {peak} bytes: the reader is not streaming"


def test_corpus_glob_and_nested_ids(shared_dir: Path) -> None:
    articles = load_corpus(str(shared_dir / "corpora" / "bbc" / "tech" / "00*.txt"))
    first = next(articles)
    assert first.id == "001" and first.title
    nested = next(load_corpus(shared_dir / "corpora" / "bbc"))
    assert nested.id == "business/001"


def test_split_paragraphs_offsets() -> None:
    text = "One.\n\n\n  Two.\n \nThree."
    assert [s.of(text) for s in split_paragraphs(text)] == ["One.", "Two.", "Three."]


def test_blank_first_line_is_not_a_title() -> None:
    article = load_article(" \n\nIt was bad.")
    assert article.title is None and article.text == "It was bad."


def test_csv_row_without_id_gets_a_positional_id(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text('id,text\nk1,"One."\n,"No id here."\n,"Nor here."\n')
    assert [a.id for a in load_corpus(tmp_path / "rows.csv")] == ["k1", "rows:2", "rows:3"]


def test_equal_articles_hash_equal_and_serve_the_same_cache_entry() -> None:
    # Article hashes its id and text only (analyses look articles up in caches many times).
    import dataclasses

    article = load_article("It rained.\n\nThen it stopped.")
    copy = dataclasses.replace(article)
    assert copy == article and copy is not article and hash(copy) == hash(article)
    assert {article: "cached"}[copy] == "cached"
    other = dataclasses.replace(article, title="Rain")
    assert other != article and {article: 1}.get(other) is None
