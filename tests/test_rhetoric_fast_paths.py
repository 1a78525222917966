"""The rhetoric measures that visit only candidate tokens (``_Tokens.where``) give the rows the
straightforward scans of every token gave: those scans are kept here as the reference, and both
run on texts written to hit the edge cases (hits at the last token, overlapping hits, names,
affixes, repeated phrases across sentences, characters whose lower case is not one for one)."""

from __future__ import annotations

import bisect
import functools
import itertools
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newslib
from newslib import rhetoric
from newslib.articles import Article, iter_file_records, split_paragraphs
from newslib.resources import word_list
from newslib.rhetoric import (
    DEFAULT_CONFIG,
    REPORTING_WORDS,
    STANCE_PRONOUNS,
    Device,
    RhetoricConfig,
)
from newslib.text import NORMALISE_TABLE, normalise, sentences, words

# ------------------------------------------------------------------ reference implementations


def reference_keys(article: Article) -> list[str]:
    flat = normalise(article.text)
    return [flat[t.start : t.end].lower() for t in words(article.text)]


def reference_candidates(index: rhetoric._PhraseIndex, keys: list[str]) -> list[int]:
    return [i for i, key in enumerate(keys) if key in index.first_words]


def reference_lexicon_devices(article: Article, measure: str, name: str) -> list[Device]:
    index = rhetoric._index(name)
    loc = rhetoric._locator(article)
    tokens = rhetoric._tokens(article)
    keys = tokens.keys
    found: list[Device] = []
    free = 0
    for i in reference_candidates(index, keys):
        if i < free:
            continue
        hit = index.match(keys, i)
        if hit is None:
            continue
        if rhetoric._proper_noun_hit(article.text, tokens, loc.sentence_starts, i):
            continue
        n, category = hit
        found.append(
            rhetoric._device(loc, measure, category, tokens.starts[i], tokens.ends[i + n - 1])
        )
        free = i + n
    return found


def reference_loaded_language(article: Article, config: RhetoricConfig) -> list[Device]:
    lexicon = rhetoric.vader_loaded_words(config.vader_threshold)
    terms = rhetoric._index("loaded_terms")
    boosters = rhetoric.intensifier_words()
    loc = rhetoric._locator(article)
    tokens = rhetoric._tokens(article)
    keys = tokens.keys
    found: list[Device] = []
    i = 0
    while i < len(keys):
        key = keys[i]
        if key in lexicon:
            n, category = 1, "negative" if lexicon[key] < 0 else "positive"
        else:
            hit = terms.match(keys, i)
            if hit is None:
                i += 1
                continue
            n, category = hit
        if rhetoric._is_name_part(tokens, i):
            i += n
            continue
        first = i
        if (
            i > 0
            and boosters.get(keys[i - 1]) == "intensifier"
            and tokens.starts[i] - tokens.ends[i - 1] <= 1
            and (not found or found[-1].end <= tokens.starts[i - 1])
        ):
            first = i - 1
        found.append(
            rhetoric._device(
                loc, "loaded_language", category, tokens.starts[first], tokens.ends[i + n - 1]
            )
        )
        i += n
    return found


def reference_name_calling(article: Article) -> list[Device]:
    loc = rhetoric._locator(article)
    tokens = rhetoric._tokens(article)
    keys = tokens.keys
    labels = rhetoric._index("name_calling")
    found: list[Device] = []
    i = 0
    while i < len(keys):
        key = keys[i]
        if key in ("so-called", "so") and (key == "so-called" or keys[i + 1 : i + 2] == ["called"]):
            after = i + (1 if key == "so-called" else 2)
            if after < len(keys):
                found.append(
                    rhetoric._device(
                        loc, "name_calling", "so_called", tokens.starts[i], tokens.ends[after]
                    )
                )
                i = after + 1
                continue
        hit = labels.match(keys, i)
        if hit is not None and not rhetoric._is_name_part(tokens, i):
            n, category = hit
            found.append(
                rhetoric._device(
                    loc, "name_calling", category, tokens.starts[i], tokens.ends[i + n - 1]
                )
            )
            i += n
            continue
        text = tokens.texts[i]
        if (key.startswith("anti-") and text[5:6].isupper()) or key.endswith(
            ("phobe", "phobes", "phobic")
        ):
            found.append(
                rhetoric._device(
                    loc, "name_calling", "affix_label", tokens.starts[i], tokens.ends[i]
                )
            )
        i += 1
    for quote in rhetoric._quotes(article):
        if quote.kind == "term" and quote.end > quote.start:
            found.append(
                rhetoric._device(loc, "name_calling", "scare_quote", quote.start, quote.end)
            )
    return sorted(found, key=lambda d: (d.start, d.end))


def reference_intensifiers(article: Article) -> list[Device]:
    loc = rhetoric._locator(article)
    index = rhetoric._index("intensifier")
    stop = word_list("stopwords_en.txt")
    vader = rhetoric._vader_entries()
    tokens = rhetoric._tokens(article)
    keys = tokens.keys
    text = article.text
    found: list[Device] = []
    free = 0
    for i in reference_candidates(index, keys):
        if i < free:
            continue
        hit = index.match(keys, i)
        if hit is None:
            continue
        n, category = hit
        j = free = i + n
        if j < len(keys):
            gap = text[tokens.ends[j - 1] : tokens.starts[j]]
            nxt = keys[j]
            phrase = " ".join(keys[i:j])
            ok = gap.strip() == "" and nxt not in stop and not nxt[:1].isdigit()
            if ok and phrase in rhetoric.AMBIGUOUS_BOOSTERS:
                ok = nxt in vader
            if ok:
                found.append(
                    rhetoric._device(
                        loc, "intensifier", category, tokens.starts[i], tokens.ends[j - 1]
                    )
                )
    return found


def reference_stance(article: Article) -> list[Device]:
    loc = rhetoric._locator(article)
    tokens = rhetoric._tokens(article)
    return [
        rhetoric._device(loc, "stance", STANCE_PRONOUNS[key], tokens.starts[i], tokens.ends[i])
        for i, key in enumerate(tokens.keys)
        if key in STANCE_PRONOUNS and tokens.texts[i] != "US"
    ]


def reference_repetition(article: Article, config: RhetoricConfig) -> list[Device]:
    tokens = rhetoric._tokens(article)
    loc = rhetoric._locator(article)
    stop = word_list("stopwords_en.txt")
    keys = tokens.keys
    sent_starts = [s.start for s in sentences(article)]
    sentence_of = [bisect.bisect_right(sent_starts, start) - 1 for start in tokens.starts]
    content = [k not in stop and not k[:1].isdigit() for k in keys]
    capital = [t[:1].isupper() for t in tokens.texts]
    running = list(itertools.accumulate(content, initial=0))
    found: list[Device] = []
    covered = bytearray(len(keys))
    pairs = Counter(itertools.pairwise(keys))
    candidates = [
        i
        for i in range(len(keys) - 1)
        if content[i] and pairs[(keys[i], keys[i + 1])] >= config.min_repeats
    ]
    for n in range(max(config.ngram_max, config.ngram_min), config.ngram_min - 1, -1):
        places: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in candidates:
            if i + n > len(keys):
                continue
            if (
                content[i]
                and content[i + n - 1]
                and sentence_of[i] == sentence_of[i + n - 1]
                and running[i + n] - running[i] >= config.min_content_words
            ):
                places[tuple(keys[i : i + n])].append(i)
        for positions in places.values():
            if len(positions) < config.min_repeats:
                continue
            i0 = positions[0]
            if not any(
                content[j] and not capital[j] and keys[j] not in REPORTING_WORDS
                for j in range(i0, i0 + n)
            ):
                continue
            separate: list[int] = []
            for i in positions:
                if not separate or i >= separate[-1] + n:
                    separate.append(i)
            if len(separate) < config.min_repeats:
                continue
            for i in separate:
                if 0 not in covered[i : i + n]:
                    continue
                covered[i : i + n] = b"\x01" * n
                found.append(
                    rhetoric._device(
                        loc,
                        "repetition",
                        "repeated_phrase",
                        tokens.starts[i],
                        tokens.ends[i + n - 1],
                    )
                )
    found.extend(rhetoric._anaphora(article, config.anaphora_words))
    return sorted(found, key=lambda d: (d.start, d.end))


def reference_questions_exclamations(article: Article) -> list[Device]:
    loc = rhetoric._locator(article)
    text = article.text
    found: list[Device] = []
    for sentence in sentences(article):
        clause_start = sentence.start
        for match in rhetoric._MARKS_AND_BREAKS.finditer(text, sentence.start, sentence.end):
            if match.group()[0] not in "?!":
                clause_start = match.end()
                continue
            position, run_end = match.start(), match.end()
            while run_end < len(text) and text[run_end] in "?!":
                run_end += 1
            start = clause_start
            while start < position and text[start] in rhetoric._QUOTE_CHARS:
                start += 1
            if rhetoric._HAS_WORD.search(text, start, position):
                category = "question" if "?" in text[position:run_end] else "exclamation"
                found.append(
                    rhetoric._device(loc, "question_exclamation", category, start, run_end)
                )
            clause_start = run_end
    return found


def reference_exaggeration(article: Article) -> list[Device]:
    found = reference_lexicon_devices(article, "exaggeration", "exaggeration")
    loc = rhetoric._locator(article)
    tokens = rhetoric._tokens(article)
    stop = word_list("stopwords_en.txt")
    for i, key in enumerate(tokens.keys[:-1]):
        nxt = tokens.keys[i + 1]
        if key in ("most", "least") and nxt not in stop and not nxt[:1].isdigit():
            found.append(
                rhetoric._device(
                    loc, "exaggeration", "superlative", tokens.starts[i], tokens.ends[i + 1]
                )
            )
    return sorted(found, key=lambda d: (d.start, d.end))


CONFIGS = (
    DEFAULT_CONFIG,
    RhetoricConfig(vader_threshold=1.5),
    RhetoricConfig(ngram_min=1, ngram_max=3, min_repeats=2, min_content_words=1),
    RhetoricConfig(ngram_min=3, ngram_max=7, min_repeats=3, min_content_words=2),
    RhetoricConfig(ngram_min=0, ngram_max=2, min_repeats=1, min_content_words=0),
)

PAIRS: list[
    tuple[str, Callable[[Article, RhetoricConfig], list[Device]], Callable[..., list[Device]]]
] = [
    (
        "loaded_language",
        lambda a, c: rhetoric.loaded_language(a, config=c),
        reference_loaded_language,
    ),
    ("name_calling", lambda a, c: rhetoric.name_calling(a), lambda a, c: reference_name_calling(a)),
    (
        "hedges_boosters",
        lambda a, c: rhetoric.hedges_boosters(a),
        lambda a, c: reference_lexicon_devices(a, "hedge_booster", "hedge_booster"),
    ),
    (
        "modality",
        lambda a, c: rhetoric.modality(a),
        lambda a, c: reference_lexicon_devices(a, "modality", "modality"),
    ),
    ("intensifiers", lambda a, c: rhetoric.intensifiers(a), lambda a, c: reference_intensifiers(a)),
    ("stance", lambda a, c: rhetoric.stance(a), lambda a, c: reference_stance(a)),
    (
        "questions_exclamations",
        lambda a, c: rhetoric.questions_exclamations(a),
        lambda a, c: reference_questions_exclamations(a),
    ),
    ("repetition", lambda a, c: rhetoric.repetition(a, config=c), reference_repetition),
    ("exaggeration", lambda a, c: rhetoric.exaggeration(a), lambda a, c: reference_exaggeration(a)),
]


def _article_of(text: str) -> Article:
    # The article as the evaluation scripts build it: the text as is, empty or not.
    return Article(
        id="t",
        title=None,
        published=None,
        place=None,
        agency=None,
        text=text,
        paragraphs=split_paragraphs(text),
    )


def assert_same_as_reference(text: str) -> None:
    article = _article_of(text)
    assert rhetoric._tokens(article).keys == reference_keys(article)
    tokens = rhetoric._tokens(article)
    assert tokens.vocabulary == frozenset(tokens.keys)
    some = frozenset(tokens.keys[::3])
    looked_for = rhetoric._looked_for()
    assert tokens.known == tokens.vocabulary & looked_for
    assert tokens.known_at == [i for i, k in enumerate(tokens.keys) if k in looked_for]
    assert tokens.known_keys == [tokens.keys[i] for i in tokens.known_at]
    # Sets within the looked-for keys (scanned among the known tokens only), sets reaching
    # past them (all tokens scanned), the measures' own sets, empty and absent keys.
    wanted_sets = [
        (some,),
        (some, frozenset({"so", "the"})),
        (frozenset(),),
        (frozenset({"zz"}),),
        (some & looked_for,),
        (some & looked_for, frozenset({"zz"})),
        (some & looked_for, some - looked_for),
        (looked_for,),
        (frozenset(tokens.known),),
        (rhetoric._loaded_first_words(1.5),),
        (STANCE_KEYS_SET, rhetoric._index("modality").first_words),
    ]
    for wanted in wanted_sets:
        expected = [i for i, k in enumerate(tokens.keys) if any(k in w for w in wanted)]
        assert tokens.where(*wanted) == expected
    for config in CONFIGS:
        for name, fast, slow in PAIRS:
            assert fast(article, config) == slow(article, config), (name, config)


STANCE_KEYS_SET = frozenset(STANCE_PRONOUNS)

# ------------------------------------------------------------------------------------ tests

TEXTS = [
    "",
    "so",
    "so-called",
    "They are so called. So called experts say so-called",
    "The so-called experts, a gang of globalist thugs and anti-American zealots, so called it.",
    "Homophobes and Islamophobic anti-war anti-Brexit types; an anti-X thug. Thugs thugs thugs",
    "It was a truly horrific and utterly absurd scheme, the mayor said. Great Britain won.",
    "Dr. Fool and Mr. Horrific met Great Evil in Truly Absurd. Absurd!",
    "We will fight the illegal aliens. We will win. Illegal aliens are everywhere.",
    "illegal aliens illegal aliens illegal aliens. illegal. aliens illegal",
    "the most serious crime, the most. least 5 most important least",
    "Nobody has ever seen the most serious crime, the worst. Most",
    "We told them: my US visa, our us, you and yours, They, THEY.",
    "May I ask? May 5 is the deadline. Will they act? Will Smith said he may in fact win.",
    "A very long, deeply sad and slightly odd day. So the more people came. very",
    "ΣΟΦΟΣ ΛΟΓΟΣ horrific ΣΟΦΟΣ ΛΟΓΟΣ horrific. İstanbul İSTANBUL thugs İstanbul thugs.",
    "Putin’s “war” – a ‘special’ operation don’t won’t can’t. “Horrific,” he said, “horrific.”",
    "perhaps perhaps perhaps in fact in fact have to have to must must",
    "fight for the right to fight for the right to fight for the right to fight",
    "\n\nNew paragraph: terrible terrible news.\n\nTerrible terrible news again!",
    "“Am I worried?” he asked. Enough!!! Really?! ??? Why\n?! no. “Stop!” she said!",
]


@pytest.mark.parametrize("text", TEXTS)
def test_candidate_scans_agree_with_full_scans(text: str) -> None:
    assert_same_as_reference(text)


def test_candidate_scans_agree_on_the_sample_articles(
    sample_articles: list[newslib.Article],
) -> None:
    for article in sample_articles:
        assert_same_as_reference(article.text)


def _vocabulary() -> list[str]:
    """Lexicon words and their look-alikes, so that random texts are dense in hits."""
    picked = [
        "so", "so-called", "called", "anti-American", "anti-war", "homophobes", "Islamophobic",
        "most", "least", "the", "a", "of", "illegal", "aliens", "We", "will", "May", "may",
        "I", "US", "us", "they", "them", "very", "deeply", "slightly", "horrific", "absurd",
        "utterly", "truly", "Great", "Britain", "Dr.", "Mr", "Fool", "thugs", "perhaps", "in",
        "fact", "have", "to", "must", "said", "told", "Said", "ΣΟΦΟΣ", "İstanbul", "don’t",
        "5", "ever", "Nobody", "worst", "more", "people", "kind", "sort", "of",
    ]  # fmt: skip
    for name in ("name_calling", "loaded_terms", "hedge_booster", "modality", "exaggeration"):
        picked.extend(sorted(rhetoric._index(name).first_words)[::7])
    picked.extend(sorted(rhetoric.vader_loaded_words())[::40])
    return picked


SEPARATORS = [
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "! ",
    "? ",
    "?! ",
    "!",
    "\n\n",
    "\n",
    " “",
    "” ",
    " - ",
    "-",
    "’s ",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_vocabulary()), st.sampled_from(SEPARATORS), st.booleans()),
        max_size=40,
    )
)
def test_candidate_scans_agree_on_random_texts(parts: list[tuple[str, str, bool]]) -> None:
    text = "".join((word.capitalize() if upper else word) + sep for word, sep, upper in parts)
    assert_same_as_reference(text)


# ------------------------------------------------------------------ keys of _tokens


def test_lower_case_and_normalise_commute_on_every_code_point() -> None:
    """What :func:`newslib.rhetoric._tokens` relies on to lower-case tokens before normalising
    them: a character that :func:`normalise` maps has no case and maps to a character without
    case; no other character has one that normalise maps in its lower case."""
    mapped = {chr(code) for code in NORMALISE_TABLE}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in mapped:
            assert char.lower() == char and normalise(char).lower() == normalise(char), char
        else:
            assert not mapped.intersection(char.lower()), char


#: Characters that test the keys: ones normalise maps, capitals whose lower case is longer
#: ("İ") or depends on the neighbours ("Σ"), apostrophes that may or may not join a token.
KEY_ALPHABET = "aAbZ5 .-‐–—’‘‛'“”\"`´ΣσςΑİIıẞß\u00a0"


def check_keys(text: str) -> None:
    article = _article_of(text)
    tokens = rhetoric._tokens(article)
    found = words(text)
    assert tokens.keys == reference_keys(article)
    assert tokens.texts == [t.text for t in found]
    assert tokens.starts == [t.start for t in found]
    assert tokens.ends == [t.end for t in found]
    assert tokens.vocabulary == frozenset(tokens.keys)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=KEY_ALPHABET, max_size=30))
def test_token_keys_are_the_normalised_text_lower_cased(text: str) -> None:
    check_keys(text)


@pytest.mark.parametrize(
    "text",
    ["ΟΔΟΣ’ ΟΔΟΣ‛ Σ’Σ", "İstanbul’s “İİ” Don’t", "ΑΣ-ΑΣ ΑΣ‐ΑΣ ΑΣ'Α", "plain ascii text's end"],
)
def test_token_keys_on_written_texts(text: str) -> None:
    check_keys(text)


def test_repetition_and_keys_agree_on_the_bbc_corpus(shared_dir: Path) -> None:
    # Repetition counts its pairs and flags its words from the repeated content words, and
    # the keys come from the text's cached word columns: on real articles too, the same rows
    # as the reference, under every configuration.
    corpus = shared_dir / "corpora" / "bbc"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    for path in newslib.corpus_files(corpus)[::10]:
        for article in iter_file_records(path):
            if not isinstance(article, Article):
                continue
            assert rhetoric._tokens(article).keys == reference_keys(article), path
            for config in CONFIGS:
                assert rhetoric.repetition(article, config=config) == reference_repetition(
                    article, config
                ), (path, config)


# ------------------------------------------------------------------ phrase index


def _lexicons() -> dict[str, dict[tuple[str, ...], str]]:
    """The lexicons behind :func:`newslib.rhetoric._index`, by index name."""
    return {
        "hedge_booster": rhetoric._hedge_booster_lexicon(),
        "modality": rhetoric._tagged_lexicon("modality_en.txt"),
        "exaggeration": rhetoric._tagged_lexicon("exaggeration_en.txt"),
        "name_calling": rhetoric._plain_lexicon("name_calling_en.txt", "label"),
        "loaded_terms": rhetoric._plain_lexicon("loaded_terms_en.txt", "loaded_term"),
        "intensifier": {
            rhetoric._phrase_key(w): c for w, c in rhetoric.intensifier_words().items()
        },
    }


def reference_match(
    lexicon: dict[tuple[str, ...], str], keys: list[str], i: int
) -> tuple[int, str] | None:
    """The longest phrase of ``lexicon`` starting at ``keys[i]``, trying every phrase."""
    for key in sorted(lexicon, key=len, reverse=True):
        if tuple(keys[i : i + len(key)]) == key:
            return len(key), lexicon[key]
    return None


def _assert_matches_as_reference(keys: list[str]) -> None:
    for name, lexicon in _lexicons().items():
        index = rhetoric._index(name)
        for i in range(len(keys)):
            assert index.match(keys, i) == reference_match(lexicon, keys, i), (name, keys[i:])


@functools.cache
def _phrase_words() -> list[str]:
    return sorted({word for lexicon in _lexicons().values() for key in lexicon for word in key})


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_phrase_index_matches_as_trying_every_phrase(data: st.DataObject) -> None:
    # The index tries one slice per phrase length; the reference every phrase, longest first.
    keys = data.draw(st.lists(st.sampled_from(_phrase_words()) | st.just("zz"), max_size=30))
    _assert_matches_as_reference(keys)


def test_phrase_index_matches_every_phrase_and_its_prefixes() -> None:
    for lexicon in _lexicons().values():
        for key in lexicon:
            _assert_matches_as_reference([*key, "zz"])
            _assert_matches_as_reference(list(key[:-1]))


def test_phrase_index_matches_on_bbc_keys(shared_dir: Path) -> None:
    corpus = shared_dir / "corpora" / "bbc"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    for path in newslib.corpus_files(corpus)[::25]:
        for article in iter_file_records(path):
            if isinstance(article, Article):
                _assert_matches_as_reference(reference_keys(article))
