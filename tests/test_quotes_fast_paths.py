"""The shortcuts of the entity finder of newslib.quotes agree with what they replace: the
word-before search with its regular expression, and the skipped stretches (a lone capitalised
stop word) with the names :meth:`_Entities._stretch` would find in them (none)."""

from __future__ import annotations

import importlib
import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslib.resources import word_list
from newslib.text import Token, tokenize

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


# ------------------------------------------------------------------ one plain word


def _check_plain_words(text: str) -> int:
    """Wherever :meth:`_Entities._plain_word` answers for a stretch, it gives what tokenising
    gives (the names, and the titles and full names recorded on the way); the number of
    stretches it answered."""
    answered = 0
    for match in quotes_module._CAPITALISED_STRETCH.finditer(text):
        start, end = match.start(), match.end()
        before = quotes_module._word_before(text, max(0, start - 30), start)
        fast = quotes_module._Entities("", [])
        found = fast._plain_word(text, start, end, before)
        if found is None:
            continue
        answered += 1
        slow = quotes_module._Entities("", [])
        assert found == slow._stretch_tokens(text, start, end, before), (text, start)
        assert (fast.titled, fast.full) == (slow.titled, slow.full), (text, start)
    return answered


PLAIN_TEXTS = [
    "said Smith. Smith said. the BBC, a London firm. of Paris and for Obama",
    "Mr. Smith met spokesman Jones and chairwoman Lee; mr Brown, sir Elton and the King",
    "visiting Clinton's home, Clinton’s aides, Clinton ' s, Clinton 's, Smith‐Jones, Smith-Jones",
    "from President\nObama. to Obama\nSmith. to Obama\nsmith. to Obama\tde Villepin",
    "in UN talks the US and NATO. We, The, He. Obama (Smith) Lee: O’Neil D'Souza O Neil",
    "choosing Johnson over Sanders; outside San Diego; former Obama and then Trump said",
    "supercalifragilisticexpialidocious Smith and supercalifragilisticexpialidociousnes Jones",
    "Ann said X. I agree. A man. Obama Iñárritu Élysée Smith5 Smith_ Smith.",
    "saidSmith ofParis iPhone eBay the\tBBC a\nLondon firm X.\nA. B.",
]


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_plain_words_agree_with_tokenising(text: str) -> None:
    _check_plain_words(text)


def test_plain_words_are_answered() -> None:
    # The shortcut does apply (or the tests above would test nothing).
    assert _check_plain_words("said Smith, and the BBC; a London firm near Paris.") == 4


PLAIN_WORDS = [
    *WORDS, "Clinton", "Paris", "BBC", "A", "I", "X", "O", "De", "Van", "King", "Press",
    "spokesman", "king", "of", "to", "choosing", "former", "Iñárritu", "O’Neil", "U.S.",
]  # fmt: skip
PLAIN_GAPS = "  \t\n,.;:()-‐’'“”5_?Éa"


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PLAIN_WORDS),
            st.text(alphabet=PLAIN_GAPS, min_size=1, max_size=3),
        ),
        max_size=12,
    )
)
def test_plain_words_agree_with_tokenising_in_random_texts(
    parts: list[tuple[str, str]],
) -> None:
    _check_plain_words("".join(word + gap for word, gap in parts))


# ------------------------------------------------------------------ inert tails


def _check_inert_tails(text: str) -> int:
    """Wherever :func:`_inert_tail` lets :meth:`_Entities._stretch_tokens` stop at the
    stretch's end, it finds what it finds reading three characters more (the names, and the
    titles and full names recorded on the way); the number of such stretches."""
    answered = 0
    for match in quotes_module._CAPITALISED_STRETCH.finditer(text):
        start, end = match.start(), match.end()
        if not quotes_module._inert_tail(text, end):
            continue
        answered += 1
        before = quotes_module._word_before(text, max(0, start - 30), start)
        fast = quotes_module._Entities("", [])
        slow = quotes_module._Entities("", [])
        found = fast._stretch_tokens(text, start, end, before)
        with mock.patch.object(quotes_module, "_inert_tail", lambda text, end: False):
            assert found == slow._stretch_tokens(text, start, end, before), (text, start)
        assert (fast.titled, fast.full) == (slow.titled, slow.full), (text, start)
        lo = start if before is None else before
        short = tokenize(text, lo, end)
        assert tokenize(text, lo, min(len(text), end + 3))[: len(short)] == short, (text, start)
    return answered


INERT_TEXTS = [
    *PLAIN_TEXTS,
    "said Boris Johnson, the BBC, and Mr. Smith, with Prime Minister Tony Blair. so",
    "Area 51, Area 5,000 and Area 51% or Area 51:30 and Route 66/67; O’Neil D’Souza’s Smith’s",
    "Smith\nJones said. Smith and jones. Smith (Jones) Smith‐Jones Smith-jones Smith.jones",
    "Smith.51,500 and A-380,000 and Route.66/67 and Smith.51% and Smith.51:30 and A380,000",
]


@pytest.mark.parametrize("text", INERT_TEXTS)
def test_inert_tails_change_nothing(text: str) -> None:
    _check_inert_tails(text)


def test_inert_tails_are_found() -> None:
    # The shortcut does apply (or the tests above would test nothing).
    assert _check_inert_tails(INERT_TEXTS[-4]) == 4


INERT_GAPS = PLAIN_GAPS + "%/,:5"


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*PLAIN_WORDS, "Mrs", "Prime", "Tony", "de", "51", "5", "Area"]),
            st.one_of(
                st.sampled_from([" ", " ", "\t", "  "]),
                st.text(alphabet=INERT_GAPS, min_size=1, max_size=3),
            ),
        ),
        max_size=12,
    )
)
def test_inert_tails_change_nothing_in_random_texts(parts: list[tuple[str, str]]) -> None:
    _check_inert_tails("".join(word + gap for word, gap in parts))


# ------------------------------------------------------------------ name runs and canonical
# _name_runs and _canonical as they were before they were tuned for speed (stop words looked
# up per token through _is_cap; the person test as two generator scans): the reference.


def reference_is_cap(token: Token) -> bool:
    word = token.text
    return word[0].isupper() and word.lower() not in word_list("stopwords_en.txt")


def reference_name_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    runs = []
    i = 0
    n = len(tokens)
    while i < n:
        if not (tokens[i].text[0].isalpha() and reference_is_cap(tokens[i])):
            i += 1
            continue
        j = i + 1
        while j < n:
            word = tokens[j].text
            adjacent = tokens[j].start - tokens[j - 1].end <= 1
            if (
                (word[0].isalpha() and reference_is_cap(tokens[j]) and adjacent)
                or (
                    word == "."
                    and tokens[j].start == tokens[j - 1].end
                    and (
                        len(tokens[j - 1].text) == 1
                        or quotes_module._is_abbreviation(tokens[j - 1].text)
                    )
                    and j + 1 < n
                    and tokens[j + 1].text[0].isupper()
                )
                or (
                    word.lower() in quotes_module._NAME_CONNECTORS
                    and j + 1 < n
                    and reference_is_cap(tokens[j + 1])
                )
                or (
                    word in ("’", "'")
                    and tokens[j - 1].text in ("O", "D")
                    and tokens[j].start == tokens[j - 1].end
                    and j + 1 < n
                    and tokens[j + 1].start == tokens[j].end
                    and tokens[j + 1].text[:1].isupper()
                )
            ):
                j += 1
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def reference_canonical(tokens: list[Token], i: int, j: int, text: str) -> tuple[str | None, bool]:
    titles = quotes_module._TITLES
    org_words = quotes_module._ORG_WORDS
    words = [t.text for t in tokens[i:j]]
    lowered = [w.lower().rstrip(".") for w in words]
    k = 0
    while k < len(words) - 1 and (
        lowered[k] in titles
        or words[k] == "."
        or (
            lowered[k].endswith(quotes_module._NATIONALITY_SUFFIXES)
            and k + 1 < len(words) - 1
            and lowered[k + 1] in titles
        )
    ):
        k += 1
    while k < len(words) and words[k] == ".":
        k += 1
    if k < len(words) - 1 and lowered[k] in quotes_module._cue_forms() and k == 0:
        k += 1
    if k >= len(words):
        return None, False
    if lowered[k] in titles and k == len(words) - 1:
        return None, False
    name = text[tokens[i + k].start : tokens[j - 1].end]
    person = not any(
        w in org_words or (len(w) > 1 and w.isalpha() and tokens[i + m].text.isupper())
        for m, w in enumerate(lowered)
        if m >= k
    ) and not any(w in org_words for w in lowered[:k])
    return name, person


def _check_runs(text: str) -> None:
    tokens = tokenize(text)
    assert quotes_module._name_runs(tokens, text) == reference_name_runs(tokens)
    for i in range(len(tokens)):
        for j in range(i + 1, min(len(tokens), i + 6) + 1):
            expected = reference_canonical(tokens, i, j, text)
            assert quotes_module._canonical(tokens, i, j, text) == expected, (text, i, j)


RUN_WORDS = [
    *PLAIN_WORDS, "President", "Foreign", "Minister", "Russian", "Said", "Stated", "said",
    "University", "Times", "NATO", "UN", "Mr.", "Gen.", "Sept.", "R-Ky.", "de", "van", "Al",
    "O", "D", "’", "'", "Souza", ".", "House", "White", "Obama", "IBM", "Iñárritu", "ÉLYSÉE",
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [*PLAIN_TEXTS, "Russian Foreign Minister Sergei Lavrov", "Ann de The, Ann van He. Ann al BBC"],
)
def test_name_runs_and_canonical_agree_with_the_reference(text: str) -> None:
    _check_runs(text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(RUN_WORDS), st.sampled_from(["", " ", "  ", "\n", ", ", "."])),
        max_size=10,
    )
)
def test_name_runs_and_canonical_agree_with_the_reference_in_random_texts(
    parts: list[tuple[str, str]],
) -> None:
    _check_runs("".join(word + gap for word, gap in parts))
