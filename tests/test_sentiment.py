"""Tests of newslib.sentiment: signs and orderings on real text, not fragile floats."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import newslib
from newslib import Article, load_article
from newslib import sentiment as S
from newslib.resources import vader_analyzer

ROOT = Path(__file__).resolve().parents[1]
ASHAMED = "I have never felt as ashamed of my country as on February 24 this year."
INTOLERABLE = "What my government is doing now is intolerable."


# --------------------------------------------------------------------------- short texts

SIGNS = [
    # (text, expected sign of newslib's score)
    (ASHAMED, -1),
    (INTOLERABLE, -1),
    ("Boris Bondarev is a hero.", 1),
    ("Three found alive after the ship sank, rescuers say.", 1),
    ("Parachutist dies at festival.", -1),
    ("Gunmen kidnapped two aid workers.", -1),
    ("Flooding forces thousands from their homes.", -1),
    ("The committee meets on Tuesday at 10 a.m.", 0),
    ("The United Nations office is in Geneva.", 0),
    ("Putin's war is not only a crime against Ukraine but also against Russia.", -1),
    ("The talks were not a success.", -1),
    ("The ceasefire held through the night.", 1),
    ("I have never been so proud of this team.", 1),
    ("Prices of consumer goods went up.", 0),
]


@pytest.mark.parametrize(("text", "sign"), SIGNS)
def test_score_sign(text: str, sign: int) -> None:
    score = newslib.score_sentiment(text)
    assert -1.0 <= score <= 1.0
    if sign == 0:
        assert abs(score) < S.POSITIVE_THRESHOLD, score
    else:
        assert score * sign >= S.POSITIVE_THRESHOLD, score


def test_vader_failures_that_newslib_fixes() -> None:
    vader = vader_analyzer()
    # VADER's "never" rule flips "ashamed" three words on: the reference article's sentence
    # comes out positive (+0.37), newslib's comparative rule keeps it negative.
    assert vader.polarity_scores(ASHAMED)["compound"] > 0.3
    assert newslib.text_sentiment(ASHAMED).vader_compound > 0.3
    assert newslib.score_sentiment(ASHAMED) < -0.3
    # "intolerable" is not in VADER's lexicon: neutral for VADER, negative for newslib.
    assert "intolerable" not in vader.lexicon
    assert vader.polarity_scores(INTOLERABLE)["compound"] == 0
    assert newslib.score_sentiment(INTOLERABLE) < -0.3


def test_negation_still_works_outside_comparatives() -> None:
    assert newslib.score_sentiment("I never felt safe there.") < 0
    assert newslib.score_sentiment("The plan is not good.") < 0
    assert newslib.score_sentiment("He was never ashamed of it.") > 0


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("Alzheimer's drugs offer no help, study finds.", -1),  # vaderSentiment's "no" rule
        ("There is no hope for the talks.", -1),
        ("I like the new plan.", 1),
        ("We would like peace.", 1),
        ("He worked in places like Cambodia and Mongolia.", 0),  # the preposition
        ("It looks like rain.", 0),
    ],
)
def test_no_and_like(text: str, sign: int) -> None:
    score = newslib.score_sentiment(text)
    assert (score >= 0.05) if sign > 0 else (score <= -0.05) if sign < 0 else abs(score) < 0.05


@pytest.mark.xfail(strict=True, reason="VADER drops one-letter words and commas: 'no ... happy'")
def test_known_miss_no_as_an_interjection() -> None:
    assert newslib.score_sentiment("No, I am happy.") > 0


@pytest.mark.xfail(strict=True, reason="lexicon methods read topic words as tone")
def test_known_miss_neutral_report_about_war() -> None:
    assert abs(newslib.score_sentiment("The war entered its third month on Tuesday.")) < 0.05


def test_contrast_words_weight_the_second_clause() -> None:
    text = "The hotel was lovely; however, the staff were rude and the food was awful."
    assert newslib.score_sentiment(text) < newslib.text_sentiment(text).vader_compound


def test_extension_lexicon_is_well_formed() -> None:
    base = vader_analyzer().lexicon
    entries = S.news_lexicon_extension()
    assert len(entries) >= 50
    for word, entry in entries.items():
        assert word not in base, f"{word} is already rated by VADER"
        assert entry.anchor in base
        assert entry.valence == base[entry.anchor]
        assert entry.relation, f"{word} has no stated relation to its anchor"


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("dies", "die"),
        ("kidnapped", "kidnap"),
        ("seized", "seize"),
        ("casualties", "casualty"),
        ("flooding", "flood"),
        ("dying", "die"),
        ("goods", None),
        ("table", None),
        ("sing", None),
        ("handed", None),
        ("fined", None),
        ("tied", None),
        ("sparked", None),
    ],
)
def test_inflection_backoff(word: str, base: str | None) -> None:
    lexicon = S.news_vader().lexicon
    assert lexicon.base(word) == base
    assert (word in lexicon) == (base is not None)
    if base is not None:
        assert lexicon[word] == lexicon[base]


def test_handed_in_his_resignation_is_not_positive() -> None:
    text = "He handed in his resignation on Monday."
    assert newslib.score_sentiment(text) < 0.05


def test_title_case_headlines_keep_their_sentiment_words() -> None:
    # Capitalised runs mark names in prose, not in title-case headlines.
    assert newslib.score_sentiment("United Finds Good Connection in Win") > 0.3
    assert abs(newslib.score_sentiment("She flew to the United States on Monday.")) < 0.05


def test_explain_sentiment_lists_the_driving_words() -> None:
    table = newslib.explain_sentiment(ASHAMED)
    vader = table[table["source"] == "vader"]
    assert vader["words"].tolist() == ["ashamed"]
    assert vader["prior"].iloc[0] < 0 and vader["valence"].iloc[0] < vader["prior"].iloc[0]
    table = newslib.explain_sentiment(INTOLERABLE)
    assert "anchor 'unacceptable'" in table["origin"].iloc[0]
    table = newslib.explain_sentiment("A truly wonderful, happy day.")
    assert set(table["source"]) == {"vader", "textblob"}
    assert newslib.explain_sentiment("The meeting is on Tuesday.").empty


def test_bad_input_does_not_raise_or_hang() -> None:
    for text in ["", "“" * 5000, "9" * 10000, "bad " * 20000, "!!!???", ":) :( <3"]:
        score = newslib.score_sentiment(text)
        assert -1.0 <= score <= 1.0


# --------------------------------------------------------------------------- voices


def _quotes(article: Article, items: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """A quotations frame built by hand: (quoted words, kind, speaker) located in the text."""
    rows = []
    for words, kind, speaker in items:
        start = article.text.index(words)
        rows.append(
            {
                "quote": words,
                "start": start,
                "end": start + len(words),
                "kind": kind,
                "speaker": speaker,
                "nested_in": None,
            }
        )
    return pd.DataFrame(rows, columns=["quote", "start", "end", "kind", "speaker", "nested_in"])


def test_mixed_sentence_is_split_into_voices() -> None:
    article = load_article("“This is a disgrace,” Smith said angrily, “and a shame.” Rain fell.")
    quotes = _quotes(
        article, [("This is a disgrace,", "speech", "Smith"), ("and a shame.", "speech", "Smith")]
    )
    segments = newslib.voice_segments(article, quotes)
    assert [(s.sentence, s.voice, s.text) for s in segments] == [
        (0, "Smith", "This is a disgrace"),
        (0, "narrator", "Smith said angrily"),
        (0, "Smith", "and a shame."),
        (1, "narrator", "Rain fell."),
    ]
    for segment in segments:
        assert article.text[segment.start : segment.end] == segment.text


def test_quotation_over_two_sentences_and_unattributed_speech() -> None:
    article = load_article("He said: “We lost. It hurts.” Then “nobody knows” was heard.")
    quotes = _quotes(
        article, [("We lost. It hurts.", "speech", "Lee"), ("nobody knows", "speech", None)]
    )
    voices = [(s.voice, s.text) for s in newslib.voice_segments(article, quotes)]
    assert voices == [
        ("narrator", "He said"),
        ("Lee", "We lost."),
        ("Lee", "It hurts."),
        ("narrator", "Then"),
        ("unattributed", "nobody knows"),
        ("narrator", "was heard."),
    ]


def test_scare_quotes_are_cited_words_and_nested_quotes_keep_the_outer_voice() -> None:
    article = load_article("The “special operation” goes on. “They said ‘no’ to us,” Ann said.")
    quotes = _quotes(
        article,
        [
            ("special operation", "term", None),
            ("They said ‘no’ to us,", "speech", "Ann"),
            ("no", "speech", "they"),
        ],
    )
    quotes.loc[2, "start"] = article.text.index("no’")
    quotes.loc[2, "end"] = quotes.loc[2, "start"] + 2
    quotes.loc[2, "nested_in"] = 1
    voices = [(s.voice, s.text) for s in newslib.voice_segments(article, quotes)]
    assert voices == [
        ("narrator", "The"),
        ("unattributed", "special operation"),
        ("narrator", "goes on."),
        ("Ann", "They said ‘no’ to us"),
        ("narrator", "Ann said."),
    ]


def test_no_quotations_means_one_narrator_row_per_sentence() -> None:
    article = load_article("It rained. We stayed in.\n\nThe end came.")
    empty = pd.DataFrame(columns=["quote", "start", "end", "kind", "speaker", "nested_in"])
    frame = newslib.sentiment_frame(article, quotes=empty)
    assert frame["voice"].tolist() == ["narrator"] * 3
    assert frame["sentence"].tolist() == [0, 1, 2]
    assert frame["paragraph"].tolist() == [0, 0, 1]


_PIECES = st.sampled_from(
    [
        "It was bad.",
        "“",
        "”",
        "‘",
        "'",
        '"',
        " she said ",
        "Great win!",
        "\n\n",
        ", ",
        "no",
        "never felt as ashamed",
        "The United Nations",
        " ",
        "?",
        "…",
        "9" * 30,
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=30))
def test_segments_hold_their_offsets_for_any_text(pieces: list[str]) -> None:
    text = "".join(pieces).lstrip()  # (a blank first line trips load_article: reported)
    try:
        article = load_article(text)
    except newslib.ArticleError:
        return  # no body text (e.g. a lone first line read as a title)
    frame = newslib.sentiment_frame(article)
    previous_end = -1
    for row in frame.itertuples():
        assert article.text[row.start : row.end] == row.text
        assert row.start >= previous_end and row.start < row.end
        assert -1.0 <= row.score <= 1.0
        previous_end = row.end
    if len(frame):
        assert newslib.article_sentiment(article).n_segments == len(frame)


def test_bad_quotations_frame_raises_a_newslib_error() -> None:
    article = load_article("It rained.")
    with pytest.raises(newslib.NewslibError, match="quote_frame"):
        newslib.voice_segments(article, pd.DataFrame({"quote": ["x"]}))


# --------------------------------------------------------------------------- the frame


def test_sentiment_frame_columns_and_offsets(strike_article: Article) -> None:
    frame = newslib.sentiment_frame(strike_article)
    for column in [
        "sentence",
        "paragraph",
        "start",
        "end",
        "text",
        "voice",
        "vader_compound",
        "vader_pos",
        "vader_neu",
        "vader_neg",
        "textblob_polarity",
        "textblob_subjectivity",
        "score",
        "label",
    ]:
        assert column in frame.columns
    assert len(frame) >= len(newslib.sentences(strike_article))
    for row in frame.itertuples():
        assert strike_article.text[row.start : row.end] == row.text
    assert frame["score"].between(-1, 1).all()
    assert set(frame["label"]) <= {"positive", "neutral", "negative"}
    assert (frame["label"] == "positive").eq(frame["score"] >= 0.05).all()
    # Returned frames are copies: editing one does not change the next.
    frame.loc[0, "score"] = 99.0
    assert newslib.sentiment_frame(strike_article)["score"].iloc[0] != 99.0


def test_aggregates_on_the_sample_articles(sample_articles: list[Article]) -> None:
    assert sample_articles
    for article in sample_articles:
        frame = newslib.sentiment_frame(article)
        result = newslib.article_sentiment(article)
        assert result.n_segments == len(frame)
        assert result.n_sentences == len(newslib.sentence_frame(article))
        assert math.isclose(result.mean, frame["score"].mean())
        assert frame["score"].min() <= result.weighted_mean <= frame["score"].max()
        assert 0 <= result.share_positive + result.share_negative <= 1
        paragraphs = newslib.paragraph_sentiment(article)
        assert paragraphs["n_segments"].sum() == len(frame)
        voices = newslib.voice_sentiment(article)
        assert voices["n_segments"].sum() == len(frame)
        arc = newslib.sentiment_arc(article, window=3)
        assert len(arc) == result.n_sentences
        if result.most_negative_sentence is not None:
            assert arc.loc[arc["extreme"] == "most negative", "sentence"].item() == (
                result.most_negative_sentence
            )


def test_whole_article_is_not_scored_as_one_text(strike_article: Article) -> None:
    # VADER's compound saturates on long texts; newslib aggregates segment scores instead.
    whole = vader_analyzer().polarity_scores(strike_article.text)["compound"]
    result = newslib.article_sentiment(strike_article)
    assert abs(whole) > 0.9
    assert abs(result.weighted_mean) < abs(whole)


def test_arc_rolling_mean_and_window() -> None:
    article = load_article("A terrible loss. Rain fell. A great win. The sun rose.")
    arc = newslib.sentiment_arc(article, window=1)
    assert arc["rolling"].tolist() == arc["score"].tolist()
    arc3 = newslib.sentiment_arc(article, window=3)
    assert math.isclose(arc3["rolling"].iloc[1], arc3["score"].iloc[0:3].mean())
    assert arc3.loc[0, "extreme"] == "most negative" and arc3.loc[2, "extreme"] == "most positive"
    with pytest.raises(newslib.NewslibError):
        newslib.sentiment_arc(article, window=0)


def test_disagreements_list_sign_conflicts() -> None:
    article = load_article(
        "The nurses were given a pretty raw deal. The weather was fine. It was a disaster."
    )
    found = newslib.sentiment_disagreements(article)
    for row in found.itertuples():
        assert row.vader_compound * row.textblob_polarity < 0
        assert row.vader_words or row.textblob_words
    frame = newslib.sentiment_frame(article)
    assert len(found) <= len(frame)


def test_headline_vs_body() -> None:
    titled = load_article("title Hospital saved\n\nA great success for the town.\n\nIt was awful.")
    result = newslib.headline_vs_body(titled)
    assert result.headline_kind == "title" and result.headline == "Hospital saved"
    assert result.headline_score > 0 and result.lede_score > 0 and result.body_score < 0
    assert result.gap > 0
    untitled = load_article("A terrible loss.\n\nThe team met. All fine.")
    result = newslib.headline_vs_body(untitled)
    assert result.headline_kind == "lede" and result.headline_score == result.lede_score < 0
    single = newslib.headline_vs_body(load_article("Only one paragraph here."))
    assert math.isnan(single.body_score)


def test_entities_are_found_and_merged() -> None:
    article = load_article(
        "Russian President Vladimir Putin met Foreign Minister Sergey Lavrov in Moscow on Monday. "
        "Putin praised the Ministry of Foreign Affairs. Russian diplomats were silent."
    )
    names = {m.entity for m in newslib.entity_mentions(article)}
    assert {"Vladimir Putin", "Sergey Lavrov", "Moscow", "Ministry of Foreign Affairs"} <= names
    assert not names & {"Monday", "Russian", "Putin", "President Vladimir Putin"}
    table = newslib.entity_sentiment(article)
    putin = table[table["entity"] == "Vladimir Putin"].iloc[0]
    assert putin["mentions"] == 2 and putin["sentences"] == [0, 1]


# --------------------------------------------------------------------------- reference article

SEED_QUOTES: list[tuple[str, str, str | None, str | None]] = [
    # (opening words, kind, speaker, closing words or None when the opening is the quote)
    ("war of aggression", "term", None, None),
    ("Over the course of my twenty years", "speech", "Bondarev", "this year."),
    ("special military operation", "term", None, None),
    ("Putin’s aggressive war against Ukraine", "speech", "Bondarev", "letter Z centered,"),
    ("What my government is doing now is intolerable,", "speech", "Bondarev", None),
    ("As a government employee", "speech", "Bondarev", "want to do that."),
    ("Am I worried", "speech", "Bondarev", "concerned about it."),
    ("Some said, ‘Everyone", "speech", "Bondarev", "keep working,'"),
    ("while others answered", "speech", "Bondarev", "young diplomats.'"),
    ("Not all Russian diplomats promote war", "speech", "Bondarev", "mouths shut."),
    ("If my case is sued", "speech", "Bondarev", "they won’t,"),
    ("I haven’t thought yet", "speech", "Bondarev", None),
    ("want only one thing", "speech", "Bondarev", "complete impunity."),
    ("lies and unprofessionalism", "term", "Bondarev", None),
    ("In 18 years, he (Lavrov)", "speech", "Bondarev", "nuclear weapons!"),
    ("Today, the (Russian) Ministry", "speech", "Bondarev", "lies and hate."),
    ("Boris Bondarev is a hero.", "speech", "Heller Neuer", None),
    ("Bondarev should be invited", "speech", "Heller Neuer", "this week,"),
    ("The United States, the United Kingdom", "speech", "Heller Neuer", "and their families."),
    ("some unfinished family business", "term", "Bondarev", None),
    ("gather my resolve", "term", "Bondarev", None),
    ("It has already been three months", "speech", "Bondarev", "losing him."),
]


@pytest.fixture(scope="module")
def seed_quotes(seed_article: Article) -> pd.DataFrame:
    """The reference article's quotations, located and attributed by hand."""
    text = seed_article.text
    rows = []
    for opening, kind, speaker, closing in SEED_QUOTES:
        start = text.index(opening)
        end = text.index(closing, start) + len(closing) if closing else start + len(opening)
        rows.append(
            {
                "quote": text[start:end],
                "start": start,
                "end": end,
                "kind": kind,
                "speaker": speaker,
                "nested_in": None,
            }
        )
    return pd.DataFrame(rows)


def test_seed_voices(seed_article: Article, seed_quotes: pd.DataFrame) -> None:
    voices = newslib.voice_sentiment(seed_article, quotes=seed_quotes).set_index("voice")
    assert list(voices.index[:1]) == ["narrator"]
    bondarev = voices.loc["Bondarev", "weighted_mean"]
    narrator = voices.loc["narrator", "weighted_mean"]
    neuer = voices.loc["Heller Neuer", "weighted_mean"]
    assert bondarev <= -0.3, "Bondarev's quoted voice is strongly negative"
    assert abs(narrator) < 0.25, "the narrator is near neutral"
    assert narrator - bondarev > 0.2
    assert neuer > 0.3
    assert voices.loc["Bondarev", "n_segments"] > voices.loc["Heller Neuer", "n_segments"]


def test_seed_voices_with_newslib_quotations(seed_article: Article) -> None:
    """The same findings with the quotations newslib finds itself (the default)."""
    voices = newslib.voice_sentiment(seed_article).set_index("voice")
    bondarev = voices.loc["Boris Bondarev", "weighted_mean"]
    narrator = voices.loc["narrator", "weighted_mean"]
    assert bondarev <= -0.3
    assert abs(narrator) < 0.25 and narrator - bondarev > 0.2
    assert voices.loc["Heller Neuer", "weighted_mean"] > 0.3
    frame = newslib.sentiment_frame(seed_article)
    hero = frame[frame["text"] == "Boris Bondarev is a hero."]
    assert hero["voice"].tolist() == ["Heller Neuer"] and hero["score"].item() > 0.3


def test_seed_sentences(seed_article: Article, seed_quotes: pd.DataFrame) -> None:
    frame = newslib.sentiment_frame(seed_article, quotes=seed_quotes)
    hero = frame[frame["text"] == "Boris Bondarev is a hero."]
    assert hero["voice"].tolist() == ["Heller Neuer"] and hero["score"].item() > 0.3
    ashamed = frame[frame["text"].str.contains("ashamed")]
    assert ashamed["voice"].tolist() == ["Bondarev"]
    assert ashamed["vader_compound"].item() > 0 > ashamed["score"].item()
    intolerable = frame[frame["text"].str.contains("intolerable")]
    assert intolerable["vader_compound"].item() == 0 > intolerable["score"].item()
    # The quotation of sentence 2 is split from its narrator part ("..., he wrote").
    assert frame[frame["sentence"] == 2]["voice"].tolist() == ["narrator", "Bondarev"]


def test_sentence_openers_are_not_entities() -> None:
    article = load_article(
        "Greedy owners were blamed. Councillors met in Kessel. Women marched. "
        "The mayor of Kessel spoke. “Nature will win,” said Councillor Jonas Vogt on Monday."
    )
    names = {m.entity for m in newslib.entity_mentions(article)}
    assert names == {"Kessel", "Jonas Vogt"}


def test_seed_entities(seed_article: Article) -> None:
    table = newslib.entity_sentiment(seed_article).set_index("entity")
    for name in [
        "Boris Bondarev",
        "Vladimir Putin",
        "Sergey Lavrov",
        "Heller Neuer",
        "Geneva",
        "Ukraine",
        "Russia",
        "Gennady Gatilov",
        "World Economic Forum",
    ]:
        assert name in table.index, name
    assert table.index[0] == "Boris Bondarev"
    assert table.loc["Boris Bondarev", "mentions"] >= 10
    assert table.loc["Sergey Lavrov", "mean"] < 0


# --------------------------------------------------------------------------- evaluation


def _eval_module() -> object:
    path = ROOT / "benchmarks" / "eval_sentiment.py"
    spec = importlib.util.spec_from_file_location("eval_sentiment", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_sentiment"] = module
    spec.loader.exec_module(module)
    return module


def test_semeval_headline_valence(shared_dir: Path) -> None:
    """newslib beats VADER alone on SemEval-2007 Task 14 (floors a little under the figures)."""
    folder = shared_dir / "eval" / "affective-text"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    evaluation = _eval_module()
    headlines = evaluation.read_headlines(folder)  # type: ignore[attr-defined]
    assert len(headlines) == 250
    figures = evaluation.evaluate(folder)  # type: ignore[attr-defined]
    vader_r, vader_acc = figures["VADER alone (NLTK, compound)"]
    blob_r, _ = figures["TextBlob alone (polarity)"]
    news_r, news_acc = figures["newslib score (score_sentiment)"]
    assert 60 <= vader_r <= 62  # the published baseline as NLTK computes it
    assert blob_r >= 20
    assert news_r >= 66 and news_r - vader_r >= 3
    assert news_acc >= vader_acc


def test_semeval_cross_validation(shared_dir: Path) -> None:
    folder = shared_dir / "eval" / "affective-text"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    import numpy as np

    evaluation = _eval_module()
    headlines = evaluation.read_headlines(folder)  # type: ignore[attr-defined]
    scores = [S.text_sentiment(h.text) for h in headlines]
    cv = evaluation.cross_validate(  # type: ignore[attr-defined]
        np.array([s.vader_news for s in scores]),
        np.array([s.textblob_polarity for s in scores]),
        np.array([h.gold for h in headlines]),
        10,
    )
    assert cv.pooled_r >= 65
    assert min(cv.weights) <= S.TEXTBLOB_WEIGHT <= max(cv.weights)


# --------------------------------------------------------------------------- figures


def test_sentiment_figures(strike_article: Article, tmp_path: Path) -> None:
    from newslib import plotting

    arc = newslib.sentiment_arc(strike_article)
    figure = plotting.sentiment_arc_figure(arc)
    assert len(figure.axes[0].patches) == len(arc)
    png = plotting.save_figure(figure, arc, tmp_path, "arc")
    assert png.is_file() and (tmp_path / "arc.csv").is_file()
    voices = newslib.voice_sentiment(strike_article)
    figure = plotting.voice_sentiment_figure(voices)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels[-1] == "narrator" and len(labels) == len(voices)
    entities = newslib.entity_sentiment(strike_article)
    figure = plotting.entity_sentiment_figure(entities, top=5)
    assert len(figure.axes[0].patches) == min(5, len(entities))


# --------------------------------------------------------------------------- command line


def test_cli_sentiment(
    strike_article: Article, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newslib.cli import main

    assert main(["sentiment", "--text", ASHAMED]) == 0
    printed = capsys.readouterr().out
    assert "(negative)" in printed and "ashamed" in printed
    path = ROOT / "data" / "2023-03-14-harbour-strike.txt"
    assert main(["sentiment", str(path), "--out", str(tmp_path)]) == 0
    for name in ["segments", "arc", "paragraphs", "voices", "entities", "disagreements"]:
        assert (tmp_path / f"{name}.csv").is_file()
    segments = pd.read_csv(tmp_path / "segments.csv")
    assert len(segments) == len(newslib.sentiment_frame(strike_article))
    assert main(["sentiment"]) == 2
    assert main(["sentiment", "no/such/file.txt", "--out", str(tmp_path)]) == 1


# --------------------------------------------------------------------------- sentences and counts

SENTENCE_TEXTS = [
    # (text, the whole sentences the arc must list)
    (
        "“We have been patient,” she said. Rain fell.",
        ["“We have been patient,” she said.", "Rain fell."],
    ),
    ("A terrible loss.\n\n* * *\n\nA great win.", ["A terrible loss.", "* * *", "A great win."]),
    ("Rain fell.", ["Rain fell."]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_TEXTS)
def test_arc_rows_are_the_whole_sentences(text: str, expected: list[str]) -> None:
    article = load_article(text)
    arc = newslib.sentiment_arc(article)
    sentences = newslib.sentence_frame(article)
    assert arc["text"].tolist() == expected
    columns = ["sentence", "paragraph", "start", "end", "text", "n_words"]
    pd.testing.assert_frame_equal(arc[columns], sentences[columns], check_dtype=False)
    assert newslib.article_sentiment(article).n_sentences == len(expected)


def test_sentence_without_words_has_no_score_and_is_never_extreme() -> None:
    table = newslib.sentence_scores(load_article("A terrible loss.\n\n* * *\n\nA great win."))
    assert table["score"].isna().tolist() == [False, True, False]
    arc = newslib.sentiment_arc(load_article("A great win.\n\n* * *"))
    assert arc["extreme"].tolist() == ["most positive", ""]


def test_harbour_arc_starts_at_the_opening_quotation_mark(strike_article: Article) -> None:
    arc = newslib.sentiment_arc(strike_article).set_index("sentence")
    sentences = newslib.sentence_frame(strike_article).set_index("sentence")
    assert (arc.loc[2, "start"], arc.loc[2, "end"]) == (
        sentences.loc[2, "start"],
        sentences.loc[2, "end"],
    )
    assert arc.loc[2, "text"].startswith("“We have been patient")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (text, words per segment: newslib.text.words, as sentence_frame counts)
        ("“It’s a well-known 3.5% rise,” Smith said.", [6, 2]),
        ("Rain fell on the U.S. coast.", [6]),
        ("It cost $1,000,000 in 2023/24.", [5]),
        ("“…”", []),
    ],
)
def test_segment_word_counts_use_newslib_words(text: str, expected: list[int]) -> None:
    assert newslib.sentiment_frame(load_article(text))["n_words"].tolist() == expected


def test_segment_words_add_up_to_sentence_words(
    seed_article: Article, sample_articles: list[Article]
) -> None:
    for article in [seed_article, *sample_articles]:
        segments = newslib.sentiment_frame(article)["n_words"].sum()
        assert segments == newslib.sentence_frame(article)["n_words"].sum()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (text, sign of vader_news); score is the documented blend of visible columns
        ("Each day of closure delays cargo worth millions.", -1),
        ("A great win.", 1),
        ("The committee meets on Tuesday.", 0),
    ],
)
def test_score_is_traceable_to_its_columns(text: str, expected: int) -> None:
    row = newslib.sentiment_frame(load_article(text)).iloc[0]
    w = S.TEXTBLOB_WEIGHT
    assert row["score"] == pytest.approx((1 - w) * row["vader_news"] + w * row["textblob_polarity"])
    assert int(math.copysign(1, row["vader_news"])) * (row["vader_news"] != 0) == expected


def test_most_positive_sentence_is_the_top_extreme_sentence(
    seed_article: Article, sample_articles: list[Article]
) -> None:
    for article in [seed_article, *sample_articles]:
        result = newslib.article_sentiment(article)
        top = newslib.extreme_sentences(article, n=1).set_index("rank")["sentence"]
        arc = newslib.sentiment_arc(article).set_index("extreme")["sentence"]
        if result.most_positive_sentence is not None:
            assert top["most positive"] == result.most_positive_sentence == arc["most positive"]
        if result.most_negative_sentence is not None:
            assert top["most negative"] == result.most_negative_sentence == arc["most negative"]


def test_article_sentiment_frame_matches_the_dataclasses(strike_article: Article) -> None:
    table = newslib.article_sentiment_frame(strike_article).set_index("measure")["value"]
    summary = newslib.article_sentiment(strike_article)
    framing = newslib.headline_vs_body(strike_article)
    assert table["n_segments"] == summary.n_segments
    assert table["label"] == summary.label
    assert table["headline_minus_body"] == pytest.approx(framing.gap)
    assert table["headline_kind"] == "title"


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.05, "positive"),
        (0.0499, "neutral"),
        (0.0, "neutral"),
        (-0.05, "negative"),
        (math.nan, "neutral"),
    ],
)
def test_figures_colour_scores_by_their_label(score: float, expected: str) -> None:
    from matplotlib.colors import to_rgb

    from newslib import plotting

    assert plotting.label_colours([score]) == [plotting.SENTIMENT_COLOURS[expected]]
    table = pd.DataFrame(
        {
            "speaker": ["A"],
            "n_quotes": [2],
            "n_articles": [1],
            "mean": [score],
            "ci_low": [score],
            "ci_high": [score],
        }
    )
    figure = plotting.speaker_tone_figure(table)
    colour = figure.axes[0].collections[-1].get_facecolor()[0]
    assert tuple(colour[:3]) == pytest.approx(to_rgb(plotting.SENTIMENT_COLOURS[expected]))


def _pattern_score(text: str) -> tuple[float, float, list[object]]:
    from textblob.en import sentiment  # TextBlob's own, as TextBlob(text).sentiment uses it

    score = sentiment(text)
    return score[0], score[1], score.assessments


#: Pieces whose tokenisation or scoring depends on their neighbours in Pattern.
_PATTERN_PIECES = [
    "good", "not", "very", "bad", "!", "(!)", ":", ")", ":-)", "don't", "U.S.", "Mr.",
    "really", "'", '"', "...", "happy,", "(great)", "x", "D", "8", "\n\n", "  ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PATTERN_PIECES), max_size=25).map(" ".join))
def test_textblob_chunk_cache_gives_pattern_scores(text: str) -> None:
    # textblob_sentiment tokenises whitespace chunks separately (cached) and looks words up in
    # a plain-dict copy of the lexicon; the score, and each assessment behind it, must be
    # exactly TextBlob's on the whole text.
    fast = S.textblob_sentiment(text)
    assert (fast[0], fast[1], fast.assessments) == _pattern_score(text)


_CHUNK_PIECES = st.sampled_from(
    [
        *("a", "Mr", "etc", "e", "g", "U", "S", "x", "é", "7", "n", "t", "s", "d", "vs"),
        *("END-OF-SENTENCE", *".,;:!?()[]-'\"’“…_@"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHUNK_PIECES, min_size=1, max_size=6).map("".join))
@example("END-OF-SENTENCE,")
def test_plain_chunk_tokens_are_patterns(chunk: str) -> None:
    # The shortcut past Pattern's tokenizer must give exactly its tokens whenever it answers.
    from textblob.en import sentiment

    plain = S._pattern_plain_chunk(chunk)
    if plain is not None:
        assert plain == tuple(" ".join(sentiment.tokenizer(chunk)).split())


def test_plain_chunk_tokens_cover_most_words() -> None:
    sentence = "The minister, who arrived on Tuesday, said: talks were well-known failures."
    chunks = sentence.split(" ")
    assert [S._pattern_plain_chunk(c) for c in chunks] == [
        ("The",), ("minister", ","), ("who",), ("arrived",), ("on",), ("Tuesday", ","),
        ("said", ":"), ("talks",), ("were",), ("well-known",), ("failures", "."),
    ]  # fmt: skip
    assert S._pattern_plain_chunk("Mr.") is None and S._pattern_plain_chunk("don't") is None


def test_textblob_chunk_cache_on_real_sentences(seed_article: Article) -> None:
    texts = [S.normalise(s.text) for s in newslib.sentences(seed_article)]
    texts += [S.normalise(s.text) for s in S.voice_segments(seed_article)]
    for text in texts:
        fast = S.textblob_sentiment(text)
        assert (fast[0], fast[1], fast.assessments) == _pattern_score(text), text
    assert sum(S.textblob_sentiment(text)[0] != 0 for text in texts) > 10


#: Words that exercise Pattern's rules: rated words, adverbs that modify (and "-ly" words that
#: are not rated), negations, small words negation carries across, "!", "(!)", emoticons,
#: numbers and symbols that send Pattern through its emoticon list.
_PATTERN_WORDS = [
    "good", "bad", "terrible", "wonderful", "happy", "great", "very", "really", "extremely",
    "quite", "too", "quickly", "slowly", "not", "never", "no", "n't", "is", "a", "an", "it",
    "the", "'s", "!", "(!)", ":)", ":-)", ":(", "<3", ":d", "x", "8", "76%", "$1", "2004",
    "?", ".", ",", "'", "''", "()", "dammit", "ok", "kind", "of",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PATTERN_WORDS), max_size=30))
@example(["very", "not", "good"])
@example(["not", "a", "very", "good", "!"])
@example(["really", "not", "quickly", "bad"])
def test_pattern_scorer_equals_pattern_on_word_lists(words: list[str]) -> None:
    # newslib's table-driven copy of Pattern's assessment rules must give Pattern's floats.
    expected = S._pattern_sentiment()(list(words))
    assert S._pattern_scorer().scores(list(words)) == (float(expected[0]), float(expected[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PATTERN_PIECES + _PATTERN_WORDS), max_size=25).map(" ".join))
def test_textblob_scores_are_textblobs(text: str) -> None:
    polarity, subjectivity, _ = _pattern_score(text)
    assert S._textblob_scores(text) == (float(polarity), float(subjectivity))


def test_pattern_scorer_on_real_sentences(seed_article: Article) -> None:
    texts = [S.normalise(s.text) for s in newslib.sentences(seed_article)]
    scores = [S._textblob_scores(text) for text in texts]
    assert scores == [tuple(float(x) for x in _pattern_score(text)[:2]) for text in texts]
    assert sum(polarity != 0 for polarity, _ in scores) > 10


#: Words that trigger VADER's rules: boosters, negations, "never so", "least", idioms,
#: contrast, "like", capitals, names, extension words and inflections, punctuation.
_VADER_WORDS = [
    "good", "bad", "GOOD", "BAD", "terrible", "happy", "ashamed", "intolerable", "killed",
    "very", "VERY", "extremely", "kind", "of", "sort", "kinda", "barely", "not", "never",
    "isn't", "don't", "no", "without", "or", "nor", "so", "this", "as", "more", "least", "at",
    "but", "however", "like", "i", "we", "only", "just", "the", "shit", "bomb", "ass", "yeah",
    "right", "cut", "mustard", "kiss", "death", "United", "Nations", "Liberty", "Paris", "The",
    "good,", "bad!", "!", "?", "??", "!!", ":)", "—", "rain", "minister", "(good)", "'bad'",
    "good...", "-bad-", "#bad", "good?!", "\"happy\"", "bad;",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VADER_WORDS), max_size=14).map(" ".join))
@example("I have never felt as ashamed. Never so happy, never this bad.")
@example("Not only a terrible crime but also a bad one; not just bad.")
@example("No good, no bad or terrible, at least good, very least good, least good.")
@example("Kind of good and sort of bad; the bomb and the shit; cut the mustard; yeah right.")
@example("I like it, places like Paris; The United Nations and Liberty are GOOD!!! Really??")
@example("a, I. i! x? (a) -b- it, good good, GOOD, good; me.")  # one-letter words stay marked
@example("It's well-known, good-bad. 'good-bad' good-bad!! -it's- it's, year-earlier.")
def test_one_pass_vader_equals_nltk(text: str) -> None:
    # newslib applies VADER's rules in one pass of its own; plain VADER must score exactly as
    # NLTK's analyser, and the news variant exactly as NLTK's analyser with newslib's
    # overrides (tests/vader_reference.py).
    from vader_reference import reference_news_vader_class

    news = S.news_vader()
    reference = reference_news_vader_class()(news.lexicon)
    from nltk.sentiment.vader import SentiText

    sentitext = S._vader_text(text)
    constants = vader_analyzer().constants
    nltk_text = SentiText(text, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION)
    assert sentitext.tokens == nltk_text.words_and_emoticons
    assert sentitext.is_cap_diff == nltk_text.is_cap_diff
    assert S._vader_scores(S._plain_rules(), sentitext) == vader_analyzer().polarity_scores(text)
    assert news.polarity_scores(text) == reference.polarity_scores(text)


def test_vader_marks_are_punctuation() -> None:
    # _vader_text keeps a stripped word without reading the text's words when the word has no
    # punctuation of its own: true only because every mark NLTK strips is punctuation.
    import string

    assert all(set(mark) <= set(string.punctuation) for mark in vader_analyzer().constants.PUNC_LIST)


def test_one_pass_vader_on_real_sentences(seed_article: Article) -> None:
    from vader_reference import reference_news_vader_class

    news = S.news_vader()
    reference = reference_news_vader_class()(news.lexicon)
    texts = [S.normalise(s.text) for s in newslib.sentences(seed_article)]
    texts += [S.normalise(s.text) for s in S.voice_segments(seed_article)]
    for text in texts:
        assert S._vader_scores(S._plain_rules(), S._vader_text(text)) == (
            vader_analyzer().polarity_scores(text)
        ), text
        assert news.polarity_scores(text) == reference.polarity_scores(text), text
    assert sum(news.polarity_scores(text)["compound"] != 0 for text in texts) > 10
