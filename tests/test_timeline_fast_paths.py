"""The timeline's fast paths give what the straightforward computations they bypass give: those
computations are kept here as the reference, and both run on texts written to hit the edge
cases (trigger words in every case, plurals and near misses, words glued to digits or to
non-ASCII letters, digits of other scripts, the letters that fold to ASCII letters without
being ones, a trigger at the very start or end, long texts)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newslib
from newslib import Article, temporal, timeline
from newslib.pattern_tokens import chunk_tokens

# ------------------------------------------------------------------ reference implementations


def reference_windows(text: str) -> list[tuple[int, int, set[str]]]:
    """``temporal._windows`` as it was before the trigger search: every word of the text,
    looked up one by one."""
    windows: list[tuple[int, int, set[str]]] = []
    for match in temporal._WORDS.finditer(text):
        word = match.group()
        if word[0].isdigit():
            kinds: frozenset[str] | None = temporal._DIGIT_KIND
        else:
            lowered = word.lower()
            kinds = temporal._KINDS_BY_WORD.get(lowered)
            if kinds is None and lowered.endswith("s"):
                kinds = temporal._KINDS_BY_WORD.get(lowered[:-1])
        if kinds is None:
            continue
        lo = max(0, match.start() - temporal._WINDOW_BEFORE)
        hi = min(len(text), match.end() + temporal._WINDOW_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][2].update(kinds)
            windows[-1] = (windows[-1][0], hi, windows[-1][2])
        else:
            windows.append((lo, hi, set(kinds)))
    return windows


def reference_fold(text: str) -> str:
    return text.translate(temporal._UNUSUAL_CASE_LETTERS).lower()


def reference_matches(name: str, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """What a rule finds in ``text[lo:hi]``, searched as written (case-insensitive)."""
    pattern = next(p for n, p, _ in temporal._COMPILED if n == name)
    return [m.span() for m in pattern.finditer(text, lo, hi)]


def beginnings(items: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Every way a match of the parsed sequence ``items`` can begin: ``(literal text, first
    item that is no literal, or None at the end)``; zero-width items (lookarounds, \\b) are
    passed over, as they only ever reject a match."""
    if not items or len(prefix) >= 12:
        return [(prefix, None)]
    op, av = items[0]
    rest = items[1:]
    if op is sre.LITERAL:
        return beginnings(rest, prefix + chr(av))
    if op is sre.SUBPATTERN:
        return beginnings([*av[-1].data, *rest], prefix)
    if op is sre.BRANCH:
        return [found for b in av[1] for found in beginnings([*b.data, *rest], prefix)]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = av
        found = beginnings(rest, prefix) if low == 0 else []
        if high == 0:
            return found
        again = (op, (max(low - 1, 0), high if high == sre.MAXREPEAT else high - 1, body))
        return found + beginnings([*body.data, again, *rest], prefix)
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return beginnings(rest, prefix)
    return [(prefix, (op, av))]


def is_digit_class(item: Any) -> bool:
    """True if the parsed item matches only ASCII or Unicode decimal digits."""
    if item is None or item[0] is not sre.IN:
        return False
    for op, av in item[1]:
        if op is sre.LITERAL and "0" <= chr(av) <= "9":
            continue
        if op is sre.RANGE and ord("0") <= av[0] <= av[1] <= ord("9"):
            continue
        if op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            continue
        return False
    return True


# ------------------------------------------------------------------ texts

_TRIGGERS = sorted(temporal._KINDS_BY_WORD)
_PIECES = [
    *"0123456789 ,.-/:'’\n\t_", "٣", "١٩٩٩", "²", "é", "Ä", "ß", "K", "ſ", "ı", "İ", "Å",
    "May", "mayor", "Maybe", "dismay", "sun", "Sundays", "SUNS", "news", "New", "tues", "Tues",
    "weekends", "centuries", "centurys", "monthss", "fridays", "Sept", "septs", "sep", "mar",
    "March", "marches", "nights", "tonight", "tonights", "overnight", "per", "pers", "each",
    "eaches", "ago", "the", "an", "of", "in", "at", "ab", "s", "xs", "pm", "am", "a.m.",
]  # fmt: skip
_CASES = [
    str, str.upper, str.title, str.lower, lambda s: s.replace("s", "ſ"),
    lambda s: s.replace("i", "İ"), lambda s: s.upper().replace("I", "ı"),
    lambda s: s.replace("k", "K"), lambda s: s.replace("K", "K"),
]  # fmt: skip
_JOINERS = ["", " ", "  ", "-", ",", "5", "é", "’s ", "\n"]
_RULE_PIECES = [
    *"0123456789 ,.-/:'’\n$£€", "ſ", "ı", "İ", "K", "é", " a ", " an ", "the ", "of ", "and a half ",
    "a couple of ", "dozens of ", "a few ", "at least ", "more than ", "up to ", "or so ",
    "from now", "ago", "earlier", "later", "hence", "day", "days", "weeks", "months", "year",
    "years", "quarter", "decade", "century", "centuries", "weekend", "half of ", "full ",
    "straight ", "-long", "-old", "twenty-one", "ninety nine", "two", "Several", "many",
    "hundred", "1.5", "3 1/2", "1999", "2022", "21st", "3rd", "mid-", "Sept.", "Mon.", "Tue.",
    "Monday", "Thursday", "may", "March", "dec", "this", "that", "last", "next", "coming",
    "past", "previous", "current", "the same", "the following", "early", "late", "later ",
    "summer", "fall", "spring",
]  # fmt: skip

texts = st.lists(
    st.tuples(
        st.sampled_from(_PIECES) | st.sampled_from(_TRIGGERS),
        st.sampled_from(_CASES),
        st.sampled_from(_JOINERS),
    ),
    max_size=40,
).map(lambda parts: "".join(case(piece) + joiner for piece, case, joiner in parts))


# ------------------------------------------------------------------ the tests


@settings(max_examples=600, deadline=None)
@given(texts)
def test_windows_from_the_trigger_search_are_the_word_loops(text: str) -> None:
    folded = temporal._fold(text)
    assert folded == reference_fold(text)
    expected = reference_windows(text)
    assert temporal._windows(text, folded) == expected
    assert temporal._windows(text) == expected
    words = temporal._trigger_words(text, folded)
    assert words == temporal._trigger_words_by_loop(text)
    assert [text[start:end].lower() for start, end, _ in words] == [w for _, _, w in words]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_windows_on_any_text(text: str) -> None:
    assert temporal._windows(text, temporal._fold(text)) == reference_windows(text)


def test_windows_on_long_and_plain_texts(sample_articles: list[Article]) -> None:
    cases = [
        "",
        "no numbers and no trigger words here at all",
        "May",
        "Mondays",
        "2022",
        "\u212amay 5, ſunday, thıs İnstant, Kmonday",  # fold to letters _WORDS does not see
        "x" * 5000 + " last Monday " + "9" * 50,
        " ".join(_TRIGGERS) + " " + " ".join(w.upper() + "S" for w in _TRIGGERS),
        *(a.text for a in sample_articles),
        " ".join(a.text for a in sample_articles),
    ]
    for text in cases:
        assert temporal._windows(text, temporal._fold(text)) == reference_windows(text), text[:40]


def test_trigger_words_suit_the_search() -> None:
    # The search reads words as runs of lower-case ASCII letters of three or more, as _WORDS
    # and the folded text have them.
    assert all(re.fullmatch("[a-z]{3,}", word) for word in _TRIGGERS)
    pattern = re.compile(temporal._trigger_alternation(_TRIGGERS))
    assert all(pattern.fullmatch(word) for word in _TRIGGERS)
    assert not pattern.fullmatch("mayo") and not pattern.fullmatch("ma")


def test_only_the_listed_characters_fold_to_an_ascii_letter() -> None:
    # The trigger search runs on the folded text; a character that folds to a-z but is no
    # ASCII letter would make a word there that _WORDS does not see in the text.
    ascii_letter = re.compile("[A-Za-z]")
    odd = set()
    for code in range(0x110000):
        char = chr(code)
        if not ascii_letter.fullmatch(char) and re.fullmatch("[a-z]", temporal._fold(char)):
            odd.add(char)
    assert odd == set(temporal._FOLDS_TO_ASCII_LETTER)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_plain_letters_is_the_translation(text: str) -> None:
    assert temporal._plain_letters(text) == text.translate(temporal._UNUSUAL_CASE_LETTERS)


@pytest.mark.parametrize("name", sorted(temporal._RULE_STARTS))
def test_rule_starts_admit_every_beginning_of_the_rule(name: str) -> None:
    # Derived from the pattern itself: whatever a match of the rule begins with, the lookahead
    # put before it admits it (a word of the list begins the text, or a digit).
    folded = temporal._FOLDED_RULES[name].pattern
    lead = temporal._LEADING_LOOKBEHIND.match(folded)
    assert lead is not None
    admits = re.compile(r"\d|" + temporal._trigger_alternation(temporal._RULE_STARTS[name].split()))
    for prefix, after in beginnings(list(sre_parse.parse(folded[lead.end() :]).data)):
        if prefix:
            assert admits.match(prefix), (name, prefix)
        else:
            assert is_digit_class(after), (name, after)


def test_split_rules_begin_with_their_lookbehind_only() -> None:
    # "(?<![...])rest" is "one character not in [...], then rest" only if the lookbehind
    # applies to all of rest: no alternative at the top level of the pattern.
    split = [name for name, search in temporal._FOLDED_SEARCH.items() if search is not None]
    assert len(split) == len(temporal._RULES) - 1  # all but "vague-for", a "for " lookbehind
    for name in split:
        parsed = sre_parse.parse(temporal._FOLDED_RULES[name].pattern).data
        assert parsed[0][0] is sre.ASSERT_NOT and parsed[0][1][0] == -1, name
    assert set(temporal._RULE_STARTS) <= set(split)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_RULE_PIECES), st.sampled_from(_CASES), st.sampled_from(_JOINERS)
        ),
        max_size=30,
    ).map(lambda parts: "".join(case(piece) + joiner for piece, case, joiner in parts)),
    st.integers(0, 300),
    st.integers(0, 300),
)
def test_rule_matches_are_the_rules_matches(text: str, lo: int, hi: int) -> None:
    lo, hi = min(lo, hi, len(text)), min(max(lo, hi), len(text))
    folded = temporal._fold(text)
    for name, pattern, _ in temporal._COMPILED:
        for start in (0, lo):
            found = temporal._rule_matches(
                pattern, temporal._FOLDED_RULES[name], text, folded, start, hi,
                temporal._FOLDED_SEARCH[name],
            )  # fmt: skip
            assert [m.span() for m in found] == reference_matches(name, text, start, hi), name


def test_lower_casing_the_rules_keeps_their_escapes() -> None:
    # _FOLDED_RULES lower-cases whole patterns: an escape whose meaning changes with its case
    # (\S, \W, \D, \B, \A, \Z, \N, \P) would silently turn into another one.
    case_sensitive_escape = re.compile(r"(?<!\\)(?:\\\\)*\\[SWDBAZNP]")
    for name, pattern, _ in temporal._RULES:
        assert case_sensitive_escape.search(pattern) is None, name
    assert case_sensitive_escape.search(r"a\Sb") and not case_sensitive_escape.search(r"a\\Sb")


# ------------------------------------------------------------------ part-of-speech tags


def _check_tags(text: str) -> None:
    """:func:`temporal.pos_tags` gives what TextBlob's PatternTagger gives, on a fresh call."""
    assert temporal.pos_tags.__wrapped__(text) == temporal._pattern_pos_tags(text), text


def test_pos_tags_are_the_taggers_on_the_samples(sample_articles: list[Article]) -> None:
    for article in sample_articles:
        for sentence in newslib.sentences(article):
            _check_tags(sentence.text)
        for paragraph in article.paragraphs:  # several sentences in one call
            _check_tags(paragraph.of(article.text))


def test_pos_tags_are_the_taggers_on_the_bbc_corpus(shared_dir: Path) -> None:
    corpus = shared_dir / "corpora" / "bbc"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    for path in newslib.corpus_files(corpus)[::6]:
        article = newslib.load_article(path)
        for sentence in newslib.sentences(article):
            _check_tags(sentence.text.replace("’", "'"))  # as the timeline hands them over
            _check_tags(sentence.text)
        for paragraph in article.paragraphs:
            _check_tags(paragraph.of(article.text))


TAGGER_CASES = [
    "She said it. He didn't. They'll go, won't they? I'm here; you're there; we've won.",
    "“He’s gone,” she said. ‘Really?’ \"Yes.\" 'No.' He said 'yes'. (It is.) [Ok!] {x}",
    "Mr. Smith met Dr. Lee at 5 p.m. in the U.S. on Jan. 5. T. De Smedt, e.g. this... Wait...",
    "He left... She stayed!? Really?! Fine.) Done.' Then \" quote. END-OF-SENTENCE here.",
    "Happy :) sad :( grin : D wink ;-) love <3 :-) (!) ( ! ) ironic (!) xD XD",
    "and/or 1/2 24/7 &slash; a&slash;b http://x.y/z $5 40% 3.5 1,000 -- - @user #tag",
    "The Run Going Quickly runs. Fiscal-year-end well-known IBM's 1990s '90s US-led.",
    "x\u00a0y\u2009z\u3000w\x1cv\x0bu\x0ct\u2028s\u2029r\x85q done.",
    "",
    "   ",
    ".",
    "'",
    "...",
    "a\nb",
    "a\n\nb. c",
    "a\r\nb",
]


@pytest.mark.parametrize("text", TAGGER_CASES)
def test_pos_tags_are_the_taggers_on_written_cases(text: str) -> None:
    _check_tags(text)


_TAGGER_PIECES = [
    "He", "said", "the", "The", "Monday", "US", "U.S.", "Mr.", "e.g.", "X.", "ok.", "run",
    "running", "quickly", "Paris", "it's", "don't", "can't", "I'd", "we'll", "you're",
    "they've", "I'm", "n't", "'s", "1990", "3.5", "5%", "$4", "1/2", "and/or", "&slash;",
    ":)", ": )", ":-(", "<3", "(!)", "( ! )", "xD", "END-OF-SENTENCE", "...", "..", ".", "!",
    "?", ",", ";", ":", "'", '"', "“", "”", "‘", "’", "(", ")", "[", "]", "-", "--", "—",
]  # fmt: skip
_TAGGER_GAPS = ["", " ", "  ", "\t", "\u00a0", "\u2028", "\x1c"]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_TAGGER_PIECES), st.sampled_from(_TAGGER_GAPS)), max_size=25
    ).map(lambda parts: "".join(piece + gap for piece, gap in parts))
)
def test_pos_tags_are_the_taggers_on_random_texts(text: str) -> None:
    _check_tags(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=60))
def test_pos_tags_are_the_taggers_on_any_text(text: str) -> None:
    _check_tags(text)


def test_white_space_splits_as_patterns_white_space_pattern() -> None:
    # Pattern collapses r"\s+" and reads r"(\S+)\s"; pos_tags splits chunks with str.split.
    for code in range(0x110000):
        char = chr(code)
        assert (re.fullmatch(r"\s", char) is not None) == (char.split() == []), hex(code)


def test_pattern_sentence_marks_are_patterns() -> None:
    from textblob._text import EOS

    assert EOS in temporal._PATTERN_ENDS and EOS in temporal._PATTERN_CLOSERS
    assert temporal._PATTERN_ENDS <= temporal._PATTERN_CLOSERS


def test_patterns_contractions_are_literals() -> None:
    # chunk_tokens skips a contraction's re.sub where the text lacks it as a substring.
    from textblob._text import replacements

    for pattern in replacements:
        assert re.escape(pattern) == pattern, pattern


def test_patterns_tokeniser_keeps_a_letter_and_digit_chunk_whole() -> None:
    # _pattern_sentences takes a chunk of letters and digits (str.isalnum) as one token
    # without asking chunk_tokens: Pattern splits off, or spaces out, only these characters
    # (and the contractions, each with an apostrophe).
    from textblob._text import PUNCTUATION, replacements

    assert not any(mark.isalnum() for mark in PUNCTUATION + "“”‘’'\"")
    assert all("'" in key for key in replacements)
    for chunk in ["word", "Word2", "ÉtéΣ", "123", "x", "²"]:
        assert chunk_tokens(chunk) == (chunk,)


# ------------------------------------------------------------------ placing expressions


def test_placed_is_dataclasses_replace() -> None:
    # Every field set to a value of its own (none its default), so a field _placed does not
    # copy shows up as a difference.
    values: dict[str, Any] = {}
    for number, field in enumerate(dataclasses.fields(temporal.Timex)):
        values[field.name] = 100 + number if field.type == "int" else f"value {number}"
    timex = temporal.Timex(**values)
    placed = timeline._placed(timex, 7, 8)
    assert placed == dataclasses.replace(timex, sentence=7, paragraph=8)
    assert (placed.sentence, placed.paragraph) == (7, 8)
