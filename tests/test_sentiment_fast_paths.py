"""Sentiment's fast paths give what the computations they bypass give: TextBlob's own emoticon
and sarcasm searches, VADER's three-word look-back for a rated word with a quiet context, and
the news variant's compound without the proportions. The references are NLTK's analyser,
tests/vader_reference.py and Pattern itself, run on BBC segments, the sample articles and
generated texts written to hit the edges (emoticons written across spaces, boosters,
negations with "n't", "never so", idioms, capitals)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import newslib
from newslib import Article
from newslib import sentiment as S
from newslib.articles import iter_file_records
from newslib.resources import vader_analyzer
from newslib.text import normalise


def reference_text_sentiment(text: str, news_reference: Any) -> S.TextSentiment:
    """``text_sentiment`` from the analysers themselves: NLTK's VADER, the news VADER as NLTK
    overrides and Pattern's sentiment on the whole text."""
    from textblob.en import sentiment

    plain = normalise(text)
    vader = vader_analyzer().polarity_scores(plain)
    news = float(news_reference.polarity_scores(plain)["compound"])
    polarity, subjectivity = (float(x) for x in sentiment(plain)[:2])
    score = (1.0 - S.TEXTBLOB_WEIGHT) * news + S.TEXTBLOB_WEIGHT * polarity
    return S.TextSentiment(
        vader_compound=float(vader["compound"]),
        vader_pos=float(vader["pos"]),
        vader_neu=float(vader["neu"]),
        vader_neg=float(vader["neg"]),
        textblob_polarity=polarity,
        textblob_subjectivity=subjectivity,
        vader_news=news,
        score=max(-1.0, min(1.0, score)),
    )


def reference_emoticon_or_sarcasm(joined: str) -> bool:
    """What :func:`newslib.sentiment._pattern_words` searched before the hint."""
    from textblob._text import RE_EMOTICONS, RE_SARCASM

    return bool(RE_EMOTICONS.search(joined) or RE_SARCASM.search(joined))


@pytest.fixture(scope="module")
def news_reference() -> Any:
    from vader_reference import reference_news_vader_class

    return reference_news_vader_class()(S.news_vader().lexicon)


@pytest.fixture(scope="module")
def bbc_segments(shared_dir: Path) -> list[str]:
    """The voice segments of every tenth BBC article (../shared/corpora/bbc)."""
    corpus = shared_dir / "corpora" / "bbc"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    texts: list[str] = []
    for path in newslib.corpus_files(corpus)[::10]:
        for article in iter_file_records(path):
            if isinstance(article, Article):
                texts.extend(segment.text for segment in S.voice_segments(article))
    return texts


# ------------------------------------------------------------------ the whole of text_sentiment


def test_text_sentiment_on_bbc_segments(bbc_segments: list[str], news_reference: Any) -> None:
    for text in bbc_segments:
        assert S.text_sentiment.__wrapped__(text) == reference_text_sentiment(
            text, news_reference
        ), text
    assert len(bbc_segments) > 3000


def test_text_sentiment_on_sample_articles(
    sample_articles: list[Article], news_reference: Any
) -> None:
    texts = [s.text for article in sample_articles for s in S.voice_segments(article)]
    for text in texts:
        assert S.text_sentiment.__wrapped__(text) == reference_text_sentiment(
            text, news_reference
        ), text


#: Words around a rated word that change it (boosters, negations, "n't" in any case, "never",
#: "so", "this", idiom words, "least", "no"), words that do not, and rated words in capitals.
_CONTEXT_WORDS = [
    "good", "bad", "GOOD", "Bad", "hope", "killed", "intolerable", "very", "VERY", "Very",
    "extremely", "barely", "kind", "of", "sort", "not", "NOT", "never", "Never", "isn't",
    "ISN'T", "wouldn't", "n't", "don't", "dont", "without", "no", "or", "nor", "so", "So",
    "SO", "this", "This", "as", "more", "least", "at", "the", "shit", "bomb", "bad", "ass",
    "yeah", "right", "cut", "mustard", "kiss", "death", "hand", "mouth", "rain", "on", "it",
    "but", "however", "like", "we", "only", "just", "enough", "The", "United", "Nations",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(text=st.lists(st.sampled_from(_CONTEXT_WORDS), min_size=1, max_size=10).map(" ".join))
@example(text="not good; never so good; so good; this good; the good")
@example(text="rain isn't good; rain ISN'T good; rain n't good; rain wouldn't really good")
@example(text="cut the mustard good; yeah right good; kind of good; at least good")
@example(text="It is VERY GOOD, rain rain GOOD, no rain good, no rain or good")
def test_vader_look_back_shortcut(text: str, news_reference: Any) -> None:
    sentitext = S._vader_text(text)
    news = S.news_vader()
    assert S._vader_scores(S._plain_rules(), sentitext) == vader_analyzer().polarity_scores(text)
    assert S._vader_scores(news.rules, sentitext) == news_reference.polarity_scores(text)
    emphasis = S._emphasis(text)
    compound = news_reference.polarity_scores(text)["compound"]
    assert S._vader_compound(news.rules, sentitext, emphasis) == compound


def test_vader_lexicons_hold_nonzero_floats() -> None:
    # A rated word with a quiet context skips VADER's look-back, which would add 0.0 to its
    # valence: the same float only because no valence is zero (0.0 + 0.0 and -0.0 + 0.0 are
    # both 0.0) and every valence is a float (an int would become one).
    for lexicon in (S._plain_rules().lexicon, S.news_vader().lexicon):
        assert all(type(valence) is float and valence != 0 for valence in lexicon.values())


def test_vader_compound_is_the_scores_compound(bbc_segments: list[str]) -> None:
    news = S.news_vader().rules
    for text in bbc_segments[::5]:
        sentitext = S._vader_text(normalise(text))
        expected = S._vader_scores(news, sentitext)["compound"]
        assert S._vader_compound(news, sentitext, S._emphasis(sentitext.text)) == expected


# ------------------------------------------------------------------ the emoticon hint


def _faces() -> list[str]:
    from textblob._text import EMOTICONS

    return sorted(face for group in EMOTICONS.values() for face in group)


def _emoticon_characters() -> list[str]:
    return sorted({c for face in _faces() for c in face})


def _hint_holds(joined: str) -> None:
    if reference_emoticon_or_sarcasm(joined):
        assert S._emoticon_hint().search(joined) is not None, joined


@pytest.mark.parametrize("face", [*_faces(), "(!)"])
def test_emoticon_hint_finds_every_face(face: str) -> None:
    for written in (face, " ".join(face), f"word{face}", f"a {' '.join(face)} b", f"{face}."):
        _hint_holds(written)
        _hint_holds(f"{written} end")
    # Those of letters, digits and common marks only are found by their last character.
    assert S._emoticon_hint().search(face) is not None


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_emoticon_characters(), " ", " ", "a", "T", "!", ",", "\t", "1"]),
        max_size=12,
    ).map("".join)
)
def test_emoticon_hint_on_generated_strings(joined: str) -> None:
    _hint_holds(joined)


def test_emoticon_hint_skips_most_segments(bbc_segments: list[str]) -> None:
    hits = 0
    for text in bbc_segments:
        plain = normalise(text)
        if "\n" in plain:
            continue
        tokens = [t for chunk in plain.split() for t in S._chunk_tokens(chunk)]
        joined = " ".join(tokens)
        _hint_holds(joined)
        hits += S._emoticon_hint().search(joined) is not None
    assert hits < len(bbc_segments) / 5


# ------------------------------------------------------------------ Pattern's tokens of a chunk

_CHUNK_PIECES = st.sampled_from(
    [
        *("Blair", "BBC", "Mr", "Mrs", "Dr", "Gen", "Med", "No", "St", "Bks", "Xyz", "vs"),
        *("a", "e", "g", "i", "U", "S", "x", "D", "O", "8", "7", "2004", "é", "Émile", "ß", "İ"),
        *(".", ".", "..", "...", ",", ";", ":", "?", "!", "-", "%", "$", "£", "&", "/", "(", ")"),
        *("'", "'", '"', "“", "”", "‘", "’", "n't", "N'T", "'s", "'ll", "'d", "n", "t"),
        *("[", "]", "{", "}", "@", "#", "*", "+", "=", "~", "_", "|", "`", "^", "<", ">"),
        *("END-OF-SENTENCE", ":)", "(!)", "xD", "°", "♥"),
    ]
)


def _pattern_chunk_tokens(chunk: str) -> tuple[str, ...]:
    from textblob.en import sentiment

    return tuple(" ".join(sentiment.tokenizer(chunk)).split())


@settings(max_examples=4000, deadline=None)
@given(st.lists(_CHUNK_PIECES, min_size=1, max_size=6).map("".join))
@example("Blair.")
@example("Mr.")
@example("U.S.")
@example("Bks.")
@example("2004.")
@example("rain?")
@example("rain!")
@example("(£600m),")
@example("don't")
@example("rock'n'roll")
@example("N'T")
@example("'hello'...")
@example("(G8),")
@example("“no.”")
def test_chunk_shortcuts_give_patterns_tokens(chunk: str) -> None:
    plain = S._pattern_plain_chunk(chunk)
    if plain is not None:
        assert plain == _pattern_chunk_tokens(chunk), chunk
    edges = S._pattern_edge_tokens(chunk)
    if edges is not None:
        assert edges == _pattern_chunk_tokens(chunk), chunk
    assert S._chunk_tokens.__wrapped__(chunk) == _pattern_chunk_tokens(chunk), chunk


def test_chunk_shortcuts_on_bbc_chunks(bbc_segments: list[str]) -> None:
    chunks = {chunk for text in bbc_segments for chunk in normalise(text).split()}
    plain = edges = 0
    for chunk in chunks:
        if S._pattern_plain_chunk(chunk) is not None:
            plain += 1
            assert S._pattern_plain_chunk(chunk) == _pattern_chunk_tokens(chunk), chunk
        elif S._pattern_edge_tokens(chunk) is not None:
            edges += 1
            assert S._pattern_edge_tokens(chunk) == _pattern_chunk_tokens(chunk), chunk
    assert plain > 0.9 * len(chunks)
    assert plain + edges > 0.999 * len(chunks)


# ------------------------------------------------------------------ texts VADER rates no word of

#: Words neither VADER lexicon rates (boosters, "kind", negations, "but", "never so") and marks.
_UNRATED_PIECES = [
    "rain", "the", "very", "VERY", "kind", "of", "sort", "more", "most", "not", "never", "so",
    "this", "but", "however", "least", "no", "or", "Minister", "said", "It", "a", "I", "x",
    "!", "!!", "?", "???", ",", ".", ":", "-", "(", ")", "'s", "'", "\"", "...", "—",
]  # fmt: skip


def _unrated_agree(text: str) -> None:
    sentitext = S._vader_text(text)
    if not S._vader_words().isdisjoint(sentitext.lowered):
        return
    plain, news = S._plain_rules(), S.news_vader().rules
    assert S._unrated_scores(len(sentitext.tokens)) == S._vader_scores(plain, sentitext), text
    assert S._vader_scores(news, sentitext)["compound"] == 0.0, text


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_UNRATED_PIECES), max_size=12).map(" ".join))
@example("")
@example("a")
@example("Very very, kind of... not so!!! ???")
def test_unrated_texts_score_as_vader(text: str) -> None:
    _unrated_agree(text)


def test_unrated_bbc_segments_score_as_vader(bbc_segments: list[str]) -> None:
    unrated = 0
    for text in bbc_segments:
        plain = normalise(text)
        unrated += S._vader_words().isdisjoint(S._vader_text(plain).lowered)
        _unrated_agree(plain)
    assert unrated > len(bbc_segments) / 5


#: Words Pattern rates no sense of, with negations, "!" and emoticons among them.
_PATTERN_UNRATED = [
    "rain", "the", "minister", "said", "not", "never", "no", "n't", "!", "?", ".", ",", "'s",
    "76%", "$1", "2004", ":)", ":-)", ":(", "<3", ":d", "(!)", "x", "8", "quickly", "very",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PATTERN_UNRATED), max_size=12))
@example([])
@example(["rain", ":)"])
@example(["(!)"])
def test_pattern_scorer_without_assessments(words: list[str]) -> None:
    expected = S._pattern_sentiment()(list(words))  # Pattern on a list of words
    assert S._pattern_scorer().scores(words) == (float(expected[0]), float(expected[1]))


# ------------------------------------------------------------------ repeated tokens


def test_vader_finds_first_positions_in_linear_time() -> None:
    # NLTK scores a repeated token at its first position. Scanning from the start for it at
    # each repeat (tokens.index) took seconds on a text of 20,000 words then 20,000 "good":
    # count the token comparisons instead of timing.
    comparisons = 0

    class Counted(str):
        __hash__ = str.__hash__

        def __eq__(self, other: object) -> bool:
            nonlocal comparisons
            comparisons += 1
            return str.__eq__(self, other)

    text = " ".join([f"w{k}" for k in range(500)] + ["good", "GOOD", "very"] * 200)
    sentitext = S._vader_text(text)
    counted = dataclasses.replace(sentitext, tokens=[Counted(t) for t in sentitext.tokens])
    for rules in (S._plain_rules(), S.news_vader().rules):
        assert S._valences(rules, counted) == S._valences(rules, sentitext)
    assert S._vader_scores(S._plain_rules(), sentitext) == vader_analyzer().polarity_scores(text)
    assert comparisons < 10 * len(sentitext.tokens)


def test_news_vader_reads_the_word_before_like_once(
    monkeypatch: pytest.MonkeyPatch, news_reference: Any
) -> None:
    # Every "like" of a text is the preposition or the verb by the word before its first one:
    # that scan of the text, repeated for each "like", took minutes on 20,000 words then
    # 20,000 "like".
    calls: list[str] = []
    original = S._word_before_like

    def counted(text: str) -> str:
        calls.append(text)
        return original(text)

    monkeypatch.setattr(S, "_word_before_like", counted)
    for text in ("rain " * 50 + "like " * 50, "We like it, LIKE it, Like it.", "places like Rome"):
        calls.clear()
        scores = S._vader_scores(S.news_vader().rules, S._vader_text(text))
        assert len(calls) == 1, text
        assert scores == news_reference.polarity_scores(text), text
