"""newslib's Punkt decides the commonest candidate contexts itself
(:func:`newslib.resources.plain_context_sentbreak`): every decision it takes must be the one
NLTK's own ``text_contains_sentbreak`` takes, on every context of the BBC corpus and the sample
articles, and on contexts generated from the model's own abbreviations, collocations, sentence
starters and orthographic contexts (the words whose lookups change the answer)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import newslib
from newslib import Article, resources
from newslib.articles import iter_file_records
from newslib.resources import plain_context_sentbreak, punkt_tokenizer


@functools.cache
def _nltk_punkt() -> Any:
    from nltk.tokenize.punkt import PunktTokenizer

    return PunktTokenizer("english")


def _params() -> Any:
    return punkt_tokenizer()._params


def _contexts(texts: list[str]) -> list[str]:
    """The candidate contexts Punkt decides on in ``texts``, as its splitter builds them."""
    tokenizer = _nltk_punkt()
    return [
        context for text in texts for _, context in tokenizer._match_potential_end_contexts(text)
    ]


def _disagreements(contexts: list[str]) -> tuple[list[str], int]:
    """The contexts the shortcut decides unlike NLTK, and how many it decides."""
    params, nltk_punkt = _params(), _nltk_punkt()
    decided = wrong = 0
    disagreeing: list[str] = []
    for context in dict.fromkeys(contexts):
        plain = plain_context_sentbreak(params, context)
        if plain is None:
            continue
        decided += 1
        if plain != nltk_punkt.text_contains_sentbreak(context):
            wrong += 1
            disagreeing.append(context)
    assert wrong == len(disagreeing)
    return disagreeing, decided


@pytest.fixture(scope="module")
def bbc_paragraphs(shared_dir: Path) -> list[str]:
    """Every paragraph of the BBC corpus (the texts newslib hands Punkt)."""
    corpus = shared_dir / "corpora" / "bbc"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    return [
        paragraph.of(article.text)
        for path in newslib.corpus_files(corpus)
        for article in iter_file_records(path)
        if isinstance(article, Article)
        for paragraph in article.paragraphs
    ]


def test_shortcut_decides_every_bbc_context_as_nltk(bbc_paragraphs: list[str]) -> None:
    contexts = _contexts(bbc_paragraphs)
    disagreeing, decided = _disagreements(contexts)
    assert disagreeing == []
    # It must also be taken: nine in ten of the corpus's distinct contexts have its shapes.
    assert decided > 0.85 * len(set(contexts))


def test_shortcut_decides_the_sample_articles_as_nltk(sample_articles: list[Article]) -> None:
    texts = [p.of(a.text) for a in sample_articles for p in a.paragraphs]
    disagreeing, decided = _disagreements(_contexts(texts))
    assert disagreeing == [] and decided > 0


def test_splits_stay_nltks_on_the_sample_articles(sample_articles: list[Article]) -> None:
    for article in sample_articles:
        for paragraph in article.paragraphs:
            text = paragraph.of(article.text)
            assert list(punkt_tokenizer().span_tokenize(text)) == list(
                _nltk_punkt().span_tokenize(text)
            )


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("said. The", True),
        ("Mr. Blair", False),  # an abbreviation before a capitalised word it often precedes
        ("2004. The", True),
        ('it."', True),
        ("said. It's", True),
        ("said. Kilroy-Silk", True),
        # other shapes are NLTK's to decide
        ("U.S. The", None),
        ("a. The", None),  # an initial
        ("said. Yes.", None),
        ("said... The", None),
        ("said.  Anti--war", None),
        ("said.\nThe", None),
        ("said. The-", True),
    ],
)
def test_shortcut_shapes(context: str, expected: bool | None) -> None:
    assert plain_context_sentbreak(_params(), context) is expected
    if expected is not None:
        assert _nltk_punkt().text_contains_sentbreak(context) is expected


def test_the_tokenizer_takes_the_shortcut() -> None:
    tokenizer = punkt_tokenizer()
    misses = tokenizer._decided.cache_info().misses
    assert list(tokenizer.span_tokenize("It rained all day. The end.")) == [(0, 18), (19, 27)]
    assert tokenizer._decided.cache_info().misses == misses  # decided without NLTK


def test_orthographic_context_bits_are_nltks() -> None:
    from nltk.tokenize import punkt

    assert resources._ORTHO_UC == punkt._ORTHO_UC
    assert resources._ORTHO_LC == punkt._ORTHO_LC
    assert resources._ORTHO_MID_UC == punkt._ORTHO_MID_UC
    assert resources._ORTHO_BEG_LC == punkt._ORTHO_BEG_LC
    assert frozenset(punkt.PunktSentenceTokenizer.PUNCTUATION) == resources._PUNKT_PUNCTUATION


# ------------------------------------------------------------------ generated contexts


@functools.cache
def _model_words() -> dict[str, list[str]]:
    """Words whose model entries decide contexts, by role (sorted: hypothesis needs order)."""
    params = _params()
    plain = [w for w in params.ortho_context if w.isascii() and w.replace("-", "").isalnum()]
    return {
        "abbreviations": sorted(w for w in params.abbrev_types if w.isalpha()),
        "collocation_firsts": sorted(a for a, _ in params.collocations if a.isalpha()),
        "collocation_seconds": sorted(b for _, b in params.collocations),
        "starters": sorted(params.sent_starters),
        "ortho": sorted(plain),
    }


def _cased(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(words, st.sampled_from((str.lower, str.title, str.upper))).map(
        lambda pair: pair[1](pair[0])
    )


def _words(*roles: str) -> st.SearchStrategy[str]:
    return st.one_of(*(st.sampled_from(_model_words()[role]) for role in roles))


_ODD = st.text(alphabet="aZ09&-/,.'\")(?!;:é“”‘’«»_ \t\n", max_size=5)


@st.composite
def _context(draw: st.DrawFn) -> str:
    head = draw(
        st.one_of(
            _cased(_words("abbreviations", "collocation_firsts", "ortho")),
            st.integers(0, 3000).map(str),
            _ODD,
        )
    )
    mark = draw(st.sampled_from((".", ".", "?", "..")))
    following = draw(_cased(_words("starters", "collocation_seconds", "ortho")) | _ODD)
    after = draw(
        st.one_of(
            st.sampled_from(list(")\";}]*:@'({[‘’“”«»?!,.-x ")),
            st.tuples(
                st.sampled_from((" ", " ", "  ", "\n", "\t", "\u00a0", "")),
                st.sampled_from(("", "", '"', "(", "'", "“", "-", "--", ",")),
                st.just(following),
                st.sampled_from(
                    ("", "", ",", "'s", '"', ")", ",x", "-x", "--", ".", "?", "?)", '!"', "&P")
                ),
            ).map("".join),
        )
    )
    return head + mark + after


@settings(max_examples=3000, deadline=None)
@given(_context())
@example("Mr. Blair")
@example("2004. But")  # a number before a sentence starter
@example("co. (")
@example("co. The,x")  # a comma inside a word: "the,x" is no sentence starter
@example("co. Blair?)")  # a "?" before another token breaks there
def test_shortcut_decides_generated_contexts_as_nltk(context: str) -> None:
    plain = plain_context_sentbreak(_params(), context)
    if plain is not None:
        assert plain == _nltk_punkt().text_contains_sentbreak(context), context


def test_each_rule_of_the_shortcut() -> None:
    # One context for each rule and answer, with words found in the model (so that the
    # generated contexts above are known to be able to reach each rule).
    from nltk.tokenize import punkt

    params = _params()
    number_collocation = next(b for a, b in sorted(params.collocations) if a == "##number##")
    abbreviation = next(w for w in sorted(params.abbrev_types) if w.isalpha() and len(w) > 1)
    starter = next(w for w in sorted(params.sent_starters) if w.isalpha())
    ortho_starter = next(
        word
        for word, bits in sorted(params.ortho_context.items())
        if word.isascii()
        and word.isalpha()
        and word not in params.sent_starters
        and bits & punkt._ORTHO_LC
        and not bits & punkt._ORTHO_MID_UC
    )
    cases = {
        f"2004. {number_collocation.title()}": False,  # a known collocation
        "said. the": True,  # not an abbreviation
        f"{abbreviation}. {ortho_starter.title()}": True,  # the orthographic heuristic
        f"{abbreviation}. {starter.title()}": True,  # a frequent sentence starter
        f"{abbreviation}. {starter}": False,
        f"{abbreviation}. (": False,
        "5. the": False,  # a number before a word that does not start sentences
        f"5. {starter.title()}": True,
    }
    for context, expected in cases.items():
        assert plain_context_sentbreak(params, context) is expected, context
        assert _nltk_punkt().text_contains_sentbreak(context) is expected, context
