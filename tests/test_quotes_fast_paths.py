"""The shortcuts of the entity finder of newslib.quotes agree with what they replace: the
word-before search with its regular expression, and the skipped stretches (a lone capitalised
stop word) with the names :meth:`_Entities._stretch` would find in them (none)."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# newslib.quotes is also the name of the function the package exports.
quotes_module = importlib.import_module("newslib.quotes")

WORD_BEFORE = re.compile(r"[\w’']+[ \t]*$")

#: Characters that matter to the two shortcuts: word characters of several kinds, the
#: apostrophes, spaces, tabs, line breaks, the hyphens, full stops and other punctuation.
ALPHABET = "aZé5_’' \t\n-‐.,“”(Σİ"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.data())
def test_word_before_is_the_regex_search(text: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(text)))
    lower = data.draw(st.integers(0, position))
    match = WORD_BEFORE.search(text, lower, position)
    expected = match.start() if match else None
    assert quotes_module._word_before(text, lower, position) == expected


def _check_stretches(text: str) -> int:
    """Every stretch the shortcut skips yields nothing and changes nothing; the number
    skipped."""
    skipped = 0
    for match in quotes_module._CAPITALISED_STRETCH.finditer(text):
        if not quotes_module._lone_stop_word(text, match.start(), match.end()):
            continue
        skipped += 1
        entities = quotes_module._Entities("", [])
        assert entities._stretch(text, match.start(), match.end()) == []
        assert entities.titled == [] and entities.full == {}
    return skipped


@pytest.mark.parametrize(
    "text",
    [
        "The man said. But he left.\nHe came back",
        "The‐Jones affair. He-Man. The. The",
        "It’s here. He's there. He\nObama said. The US. The Obama. The (Obama) The/Obama",
        "The\tObama The  obama The,Obama The5 The_ The’ The.",
        "Mr Smith and Mrs Jones. Mr. Ms. Dr",
        "Thé Él. The Élysée. The É",
    ],
)
def test_skipped_stretches_have_no_names(text: str) -> None:
    _check_stretches(text)


def test_the_shortcut_skips_sentence_openers() -> None:
    assert _check_stretches("He, the man; It, then Smith, was here.") == 2


WORDS = ["The", "He", "But", "It", "Obama", "Mr", "Smith", "Mrs", "Jones", "the", "said", "US"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(WORDS),
            st.text(alphabet=ALPHABET, min_size=1, max_size=3),
        ),
        max_size=20,
    )
)
def test_skipped_stretches_have_no_names_in_random_texts(parts: list[tuple[str, str]]) -> None:
    _check_stretches("".join(word + gap for word, gap in parts))
