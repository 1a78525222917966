"""The timeline's fast paths give what the straightforward computations they bypass give: those
computations are kept here as the reference, and both run on texts written to hit the edge
cases (trigger words in every case, plurals and near misses, words glued to digits or to
non-ASCII letters, digits of other scripts, the letters that fold to ASCII letters without
being ones, a trigger at the very start or end, long texts)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newslib import Article, temporal

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
