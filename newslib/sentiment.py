"""Sentiment per sentence, paragraph, voice and entity, with the words that drive each score.

Two lexicon methods are run on every sentence, or on every *segment* where a sentence mixes the
narrator's words with a quotation:

* VADER (Hutto & Gilbert, ICWSM 2014) as shipped in NLTK, with its crowd-rated lexicon
  (``vader_*`` columns, unchanged);
* TextBlob's Pattern analyser (De Smedt & Daelemans, 2012), an adjective lexicon
  (``textblob_*`` columns, unchanged).

newslib's own ``score`` (:func:`score_sentiment`) is VADER's rules run on a news-extended
lexicon, with a few repairs, blended with TextBlob's polarity (README, Sentiment, lists each):

1. **Lexicon extension.** Hard-news words VADER does not rate (``intolerable``, ``hostage``,
   ``massacre``...) take the VADER valence of a rated anchor word
   (``newslib/data/sentiment_news_lexicon.tsv``), and unrated inflections take the valence of
   their rated base form (``dies`` -> ``die``, ``kidnapped`` -> ``kidnap``).
2. **Comparative "never".** VADER flips a sentiment word three tokens after "never"; in
   "I have never felt as ashamed" the construction *intensifies* (it means "more ashamed than
   ever"), as VADER itself already assumes for "never so" and "never this".
3. **Negation details.** vaderSentiment's own rule for "no" (missing from NLTK's port), and
   "not only ... but also", which does not negate.
4. **Contrast.** VADER down-weights what precedes "but" and up-weights what follows; newslib
   does the same for "however", "nevertheless" and "nonetheless".
5. **Words that are not sentiment here.** "like" as a preposition, and positive words inside
   proper names in running text ("the United Nations").
6. **Blend.** ``score = (1 - w) * vader_news + w * textblob`` with ``w = TEXTBLOB_WEIGHT``,
   chosen by cross-validation (``benchmarks/eval_sentiment.py``).

A whole article is never scored as one text: VADER's compound saturates on long texts
(``x / sqrt(x^2 + 15)``), so articles are scored sentence by sentence and aggregated.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from newslib.articles import Article
from newslib.errors import NewslibError, ResourceError
from newslib.pattern_tokens import chunk_tokens, is_abbreviation
from newslib.quotes import quotes as quotations_of
from newslib.resources import data_path, vader_analyzer, word_list
from newslib.tables import Row, TableSchema
from newslib.text import (
    CALENDAR_WORDS,
    SENTENCE_TABLE,
    Token,
    normalise,
    sentence_frame,
    sentences,
    tokenize,
    word_count,
)

#: VADER's conventional thresholds (Hutto & Gilbert, 2014; vaderSentiment README):
#: compound >= 0.05 positive, <= -0.05 negative, else neutral. newslib labels ``score`` with them.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
#: Weight of TextBlob's polarity in newslib's score; the rest is VADER on the news lexicon.
#: The median of the weights chosen by 10-fold cross-validation on the SemEval-2007 Task 14
#: trial headlines (grid 0..0.5 by 0.05; each fold picks the weight that maximises Pearson r on
#: the other nine): see benchmarks/eval_sentiment.py and the README.
TEXTBLOB_WEIGHT = 0.05
#: Words that make "never ... as/so X" a comparative that intensifies X ("never felt as
#: ashamed", "never been more proud"); VADER itself treats "never so"/"never this" so.
NEVER_COMPARATIVES = frozenset({"as", "so", "more", "this", "such"})
#: Intensification of a comparative "never" (VADER's own factor for "never so X", 3 words back).
NEVER_COMPARATIVE_FACTOR = 1.25
#: Words after a negator that make it additive, not negating ("not only", "not just").
NOT_ONLY = frozenset({"only", "just", "merely", "simply"})
#: Words after which "like" is the verb (VADER rates it +2.0); elsewhere it is taken for the
#: preposition or conjunction ("places like Cambodia", "it looks like rain") and scores 0.
LIKE_AS_VERB_AFTER = frozenset(
    {
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "people",
        "who",
        "would",
        "i'd",
        "we'd",
        "you'd",
        "they'd",
        "to",
        "not",
        "don't",
        "didn't",
        "doesn't",
        "do",
        "does",
        "did",
        "really",
        "also",
        "just",
        "still",
        "all",
        "many",
        "voters",
        "fans",
        "readers",
        "users",
    }
)
#: Words that contrast the clause before with the clause after, weighted like VADER's "but"
#: (before x0.5, after x1.5; Hutto & Gilbert, 2014, heuristic 4).
CONTRAST_WORDS = ("but", "however", "nevertheless", "nonetheless")
#: Regular inflections tried, in order, when a word is missing from the lexicon:
#: (suffix, replacement). A doubled final consonant is also undone (kidnapped -> kidnap).
INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ying", "ie"),
    ("es", ""),
    ("s", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
)
#: Inflected forms that are other words, or another sense, and must not inherit their base's
#: valence. Found by listing the most frequent back-off hits in the BBC corpus
#: (../shared/corpora/bbc): "handed in his resignation" is not "hand" (+2.2), "fined" is not
#: "fine" (+0.8), "sparked protests" is not "spark" (+0.9), "odds" are not "odd".
INFLECTION_EXCEPTIONS = frozenset(
    {
        "goods",
        "likes",
        "liked",
        "interests",
        "securities",
        "kinds",
        "hands",
        "handed",
        "handing",
        "fined",
        "fines",
        "odds",
        "wages",
        "treated",
        "treating",
        "sparked",
        "sparking",
        "sparks",
        "striking",
        "fairs",
    }
)
#: A text whose words of at least this many letters are all capitalised is title case (a
#: headline such as "United Finds Good Connection in Win"): capitals mark no names there.
TITLE_CASE_MIN_LENGTH = 4
#: Sign disagreement: VADER and TextBlob disagree when one is >= +this and the other <= -this.
DISAGREEMENT_THRESHOLD = 0.05
#: Voice of words outside quotations, and of quotations without a speaker.
NARRATOR = "narrator"
UNATTRIBUTED = "unattributed"
#: Titles: an entity name starts after the last of them ("Russian President Vladimir Putin" ->
#: "Vladimir Putin", "Foreign Minister Sergey Lavrov" -> "Sergey Lavrov").
ENTITY_TITLES = frozenset(
    {
        "president",
        "minister",
        "ambassador",
        "secretary",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "senator",
        "governor",
        "mayor",
        "judge",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lord",
        "lady",
        "director",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "professor",
        "prof",
        "sheikh",
        "general",
        "colonel",
        "captain",
        "commander",
        "councillor",
        "chairman",
        "chairwoman",
        "mp",
        "inspector",
        "detective",
        "sergeant",
        "bishop",
        "archbishop",
        "rabbi",
        "imam",
        "reverend",
        "rev",
        "sheriff",
        "coach",
    }
)
#: Endings of demonyms: one such word before a lower-case word is an adjective ("Russian
#: diplomats"), not an entity.
DEMONYM_SUFFIXES = ("ian", "ean", "ese", "ish", "ch")
#: Lower-case words allowed inside an entity name between capitalised words.
ENTITY_JOINERS = frozenset({"of", "on", "for", "de", "von", "van", "al"})

Label = Literal["positive", "neutral", "negative"]


class SentimentError(NewslibError):
    """A sentiment analysis got input it cannot use (e.g. a quotations frame without columns)."""


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One extension word: the VADER anchor its valence is taken from, and why."""

    word: str
    anchor: str
    valence: float
    relation: str


@functools.cache
def news_lexicon_extension() -> dict[str, LexiconEntry]:
    """newslib's extension of VADER's lexicon, read from ``data/sentiment_news_lexicon.tsv``.

    Each word takes the VADER valence of its anchor word.

    Raises:
        ResourceError: a line is malformed or names an anchor VADER does not rate.

    Examples:
        >>> entry = news_lexicon_extension()["intolerable"]
        >>> entry.anchor, entry.valence
        ('unacceptable', -2.0)
    """
    base = vader_analyzer().lexicon
    path = data_path("sentiment_news_lexicon.tsv")
    entries: dict[str, LexiconEntry] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise ResourceError(f"{path}:{number}: expected 'word<TAB>anchor<TAB>relation'")
        word, anchor = fields[0].strip().lower(), fields[1].strip().lower()
        if anchor not in base:
            raise ResourceError(f"{path}:{number}: anchor {anchor!r} is not in VADER's lexicon")
        relation = fields[2].strip() if len(fields) > 2 else ""
        entries[word] = LexiconEntry(word, anchor, float(base[anchor]), relation)
    return entries


def _base_form(word: str, lexicon: dict[str, float]) -> str | None:
    """The rated base form of an unrated regular inflection, or None."""
    if len(word) < 4 or not word.isalpha() or word in INFLECTION_EXCEPTIONS:
        return None
    for suffix, replacement in INFLECTIONS:
        if word.endswith(suffix) and len(word) > len(suffix):
            stem = word[: -len(suffix)]
            candidate = stem + replacement
            if len(candidate) >= 3 and candidate in lexicon:
                return candidate
            if (
                not replacement
                and len(stem) >= 3
                and stem[-1] == stem[-2]
                and stem[-1] not in "aeiouls"
                and stem[:-1] in lexicon
            ):
                return stem[:-1]
    return None


def _inflected_forms(rated: dict[str, float]) -> Iterator[str]:
    """Every form :data:`INFLECTIONS` could reduce to a rated word (a superset)."""
    for word in rated:
        if not word.isalpha():
            continue
        for suffix, replacement in INFLECTIONS:
            if replacement:
                if word.endswith(replacement):
                    yield word[: -len(replacement)] + suffix
            else:
                yield word + suffix
                yield word + word[-1] + suffix


class _NewsLexicon(dict[str, float]):
    """Rated words (VADER's lexicon plus the extension) and their regular inflections.

    The inflections are looked up once, when the lexicon is built, so that VADER's many
    membership tests stay plain dictionary look-ups.
    """

    def __init__(self, rated: dict[str, float]) -> None:
        super().__init__(rated)
        self.rated = dict(rated)
        for form in _inflected_forms(self.rated):
            if form not in self.rated:
                base = _base_form(form, self.rated)
                if base is not None:
                    self[form] = self.rated[base]

    def base(self, word: str) -> str | None:
        """The rated base form of an unrated inflection, else None."""
        return None if word in self.rated else _base_form(word, self.rated)

    def origin(self, word: str) -> str:
        """Where the valence of ``word`` comes from."""
        extension = news_lexicon_extension()
        if word in extension:
            return f"newslib extension (anchor '{extension[word].anchor}')"
        if word in self.rated:
            return "vader"
        base = self.base(word)
        return f"inflection of '{base}'" if base else ""


def _name_positions(tokens: Sequence[str]) -> frozenset[int]:
    """Positions of words inside multi-word proper names ("the United Nations").

    Positive words there name an institution ("United", "Liberty", "Security", "Amnesty") and
    carry no sentiment; negative ones are usually real events ("Hurricane Paul", "Storm
    Isaac") and are kept (see :func:`_valences`). The first word of a text is
    capitalised anyway and never starts a name here. Title-case texts (every word
    of four letters or more capitalised) are left alone: capitals mark no names there.
    """
    long_words = [t for t in tokens if len(t) >= TITLE_CASE_MIN_LENGTH and t[:1].isalpha()]
    if not long_words or all(t[:1].isupper() for t in long_words):
        return frozenset()
    capitalised = [t[:1].isupper() for t in tokens]
    found: set[int] = set()
    run: list[int] = []
    for position, is_cap in enumerate([*capitalised, False]):
        if is_cap and position > 0 and tokens[position][:1].isalpha():
            run.append(position)
            continue
        if len(run) >= 2:
            found.update(run)
        run = []
    return frozenset(found)


#: Runs of ``string.punctuation``, which NLTK's SentiText deletes (a search, not str.translate,
#: which looks every character up).
_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]+")
_PUNCTUATION_CHARACTERS = frozenset(string.punctuation)


@dataclass(frozen=True, slots=True)
class _VaderText:
    """A text as VADER reads it (NLTK's ``SentiText``), and what its rules ask of each token.

    Attributes:
        text: The text.
        tokens: NLTK's ``words_and_emoticons``: whitespace-separated, one-character tokens
            dropped, one leading or trailing punctuation mark stripped from a word.
        lowered: Each token in lower case (both VADER variants compare lower case).
        is_cap_diff: Some tokens, not all, are in capitals (NLTK's ``allcap_differential``).
    """

    text: str
    tokens: list[str]
    lowered: list[str]
    is_cap_diff: bool


@functools.cache
def _edge_marks() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """NLTK's PUNC_LIST marks, in its order, by their last and by their first character."""
    marks = vader_analyzer().constants.PUNC_LIST
    ending = {ch: tuple(m for m in marks if m.endswith(ch)) for ch in {m[-1] for m in marks}}
    starting = {ch: tuple(m for m in marks if m.startswith(ch)) for ch in {m[0] for m in marks}}
    return ending, starting


def _vader_text(text: str, chunks: list[str] | None = None) -> _VaderText:
    """NLTK's SentiText of ``text`` (``chunks``: ``text.split()``, when the caller has it),
    without the dictionary of every (mark, word) product NLTK builds to strip a mark: the
    marks a token could end (or start) with are checked instead."""
    words_only: set[str] | None = None

    def is_word(candidate: str) -> bool:
        # NLTK strips a mark when what is left is one of the text's words with string
        # punctuation deleted (REGEX_REMOVE_PUNCTUATION), one-letter words left out ("a,"
        # stays). Left without punctuation of its own, it is: the token it came from is such
        # a word once its mark (all punctuation) is deleted. Otherwise it takes the words.
        nonlocal words_only
        if len(candidate) <= 1:
            return False
        if _PUNCTUATION_CHARACTERS.isdisjoint(candidate):
            return True
        if words_only is None:
            words_only = set(_PUNCTUATION.sub("", text).split())
        return candidate in words_only

    def stripped(token: str) -> str:
        ending, starting = _edge_marks()
        for mark in ending.get(token[-1], ()):
            if token.endswith(mark) and is_word(token[: -len(mark)]):
                return token[: -len(mark)]
        for mark in starting.get(token[0], ()):
            if token.startswith(mark) and is_word(token[len(mark) :]):
                return token[len(mark) :]
        return token

    tokens = [
        token if token[0].isalnum() and token[-1].isalnum() else stripped(token)
        for token in (text.split() if chunks is None else chunks)
        if len(token) > 1
    ]
    capitals = sum(map(str.isupper, tokens))
    return _VaderText(
        text=text,
        tokens=tokens,
        lowered=list(map(str.lower, tokens)),
        is_cap_diff=0 < len(tokens) - capitals < len(tokens),
    )


@dataclass(frozen=True, slots=True)
class _VaderRules:
    """One variant of VADER: a lexicon, and whether newslib's repairs apply (``news``).

    Both variants apply NLTK's rules (Hutto & Gilbert, 2014) as NLTK 3.9's
    ``SentimentIntensityAnalyzer.polarity_scores`` does, in one pass over tokens that
    :class:`_VaderText` has lower-cased once for both; ``tests/vader_reference.py`` keeps
    the same rules as overrides of NLTK's analyser, and the tests check they agree.
    """

    lexicon: dict[str, float]
    news: bool
    #: NLTK's plain analyser, for the parts that read only VADER's constants (its idiom check
    #: and normalisation), shared as they are.
    nltk: Any
    boosters: dict[str, float]
    negations: frozenset[str]
    #: Change of a word in capitals among words that are not (VADER's C_INCR).
    capitals_increment: float
    #: Factor of a negated word (VADER's N_SCALAR).
    negation_factor: float
    #: One word of each of VADER's idioms and two-word boosters ("kind of"), its longest (not
    #: "the", "of" or "to", which are everywhere): a phrase matches only where all its words
    #: are, so a rated word with none of these around it cannot change by the idiom check,
    #: which builds many strings.
    idiom_words: frozenset[str]
    #: Unrated words that still set a valence: boosters (0.0) and "kind" of "kind of".
    unrated_triggers: frozenset[str]
    #: Every lower-case word that can change a rated word from up to three words before it
    #: (boosters, negations, "never", "so", "this"; a word with "n't" negates too): a rated
    #: word with none of them before it, and no idiom word around it, keeps its prior.
    context_words: frozenset[str]


def _vader_rules(lexicon: dict[str, float], *, news: bool) -> _VaderRules:
    analyzer = vader_analyzer()
    constants = analyzer.constants
    phrases = [*constants.SPECIAL_CASE_IDIOMS, *(b for b in constants.BOOSTER_DICT if " " in b)]
    return _VaderRules(
        lexicon=lexicon,
        news=news,
        nltk=analyzer,
        boosters=dict(constants.BOOSTER_DICT),
        negations=frozenset(constants.NEGATE),
        capitals_increment=float(constants.C_INCR),
        negation_factor=float(constants.N_SCALAR),
        idiom_words=frozenset(max(reversed(phrase.split(" ")), key=len) for phrase in phrases),
        unrated_triggers=frozenset([*constants.BOOSTER_DICT, "kind"]),
        context_words=frozenset(
            [*constants.BOOSTER_DICT, *constants.NEGATE, "never", "so", "this"]
        ),
    )


@functools.cache
def _plain_rules() -> _VaderRules:
    return _vader_rules(vader_analyzer().lexicon, news=False)


def _valences(rules: _VaderRules, sentitext: _VaderText) -> list[float]:
    """Each token's valence in context, as NLTK's ``polarity_scores`` sums them."""
    tokens: list[str] = sentitext.tokens
    lowered_tokens: list[str] = sentitext.lowered
    last = len(tokens) - 1
    boosters = rules.boosters
    priors = list(map(rules.lexicon.get, lowered_tokens))
    # As NLTK, an unrated word is 0 (an int). Only a rated word, a booster or "kind" (of) can
    # be anything else, so only their positions are visited.
    sentiments: list[float] = [0] * len(tokens)
    rated = map(operator.is_not, priors, itertools.repeat(None))
    positions: Iterable[int] = itertools.compress(range(len(tokens)), rated)
    if not rules.unrated_triggers.isdisjoint(lowered_tokens):
        triggers = map(rules.unrated_triggers.__contains__, lowered_tokens)
        positions = sorted({*positions, *itertools.compress(range(len(tokens)), triggers)})
    names: frozenset[int] | None = None
    # NLTK scores a repeated token at its first position. Whether a position is visited
    # depends on its lower case only, so every occurrence of a visited token is visited, in
    # order: its first visit is its first position. (A scan from the start per visit,
    # tokens.index, was quadratic on a long text of repeated words.)
    first_positions: dict[str, int] = {}
    # Whether the text's "like" is the preposition: VADER reads the word before its first
    # "like" for every "like" (once, not again per "like": a scan of the text up to there).
    like_preposition: bool | None = None
    for k in positions:
        item = tokens[k]
        i = first_positions.setdefault(item, k)
        lowered = lowered_tokens[i]
        if (i < last and lowered == "kind" and lowered_tokens[i + 1] == "of") or (
            lowered in boosters
        ):
            sentiments[k] = 0.0
            continue
        prior = priors[i]
        if prior is None:
            continue  # "kind", not before "of", and unrated
        if rules.news:
            if lowered == "like":
                if like_preposition is None:
                    before = _word_before_like(sentitext.text)
                    like_preposition = before not in LIKE_AS_VERB_AFTER
                if like_preposition:
                    sentiments[k] = 0.0  # the preposition: "places like Cambodia"
                    continue
            if prior > 0 and item[:1].isupper():  # only capitals start a name
                if names is None:
                    names = _name_positions(tokens)
                if i in names:
                    sentiments[k] = 0.0  # "the United Nations"
                    continue
        sentiments[k] = _rated_valence(rules, sentitext, item, i, prior)
    return _contrast(rules, lowered_tokens, sentiments)


def _rated_valence(
    rules: _VaderRules, sentitext: _VaderText, item: str, i: int, prior: float
) -> float:
    """NLTK's ``sentiment_valence`` of the rated token ``item`` at ``i`` (plus the "no" rule)."""
    tokens: list[str] = sentitext.tokens
    lowered: list[str] = sentitext.lowered
    is_cap_diff: bool = sentitext.is_cap_diff
    lexicon = rules.lexicon
    increment = rules.capitals_increment
    valence = prior
    if item.isupper() and is_cap_diff:
        valence = valence + increment if valence > 0 else valence - increment
    # Most rated words have no booster, negation or "never"/"so"/"this" among the three words
    # before them and no idiom around them: the loop below would only add 0.0 to their
    # (nonzero) valence, so it is skipped.
    window = lowered[i - 3 : i] if i >= 3 else lowered[:i]
    quiet = (
        rules.context_words.isdisjoint(window)
        and "n't" not in " ".join(window)
        and (i < 3 or rules.idiom_words.isdisjoint(tokens[i - 3 : i + 3]))
    )
    for start_i in () if quiet else range(3):
        before = i - (start_i + 1)
        if before < 0 or lowered[before] in lexicon:
            continue
        # the scalar of a booster or dampener before the word (NLTK's scalar_inc_dec)
        scalar = 0.0
        booster = rules.boosters.get(lowered[before])
        if booster is not None:
            scalar = -booster if valence < 0 else booster
            if tokens[before].isupper() and is_cap_diff:
                scalar = scalar + increment if valence > 0 else scalar - increment
        if start_i == 1 and scalar != 0:
            scalar = scalar * 0.95
        if start_i == 2 and scalar != 0:
            scalar = scalar * 0.9
        valence = valence + scalar
        valence = _never_check(rules, valence, tokens, lowered, start_i, i)
        if start_i == 2 and not rules.idiom_words.isdisjoint(tokens[i - 3 : i + 3]):
            valence = rules.nltk._idioms_check(valence, tokens, i)
    # NLTK's _least_check: "least" before the word negates it, but not "at least"/"very least"
    if (
        i > 0
        and lowered[i - 1] == "least"
        and "least" not in lexicon
        and (i == 1 or lowered[i - 2] not in ("at", "very"))
    ):
        valence = valence * rules.negation_factor
    if rules.news:
        # vaderSentiment 3.3's rule for "no", missing from NLTK's port: "no" before a rated
        # word negates it and has no valence of its own.
        before_words = window  # the (up to) three words before
        if lowered[i] == "no" and (lowered[i + 1] if i < len(tokens) - 1 else "") in lexicon:
            valence = 0.0
        elif "no" in before_words[-2:] or (
            len(before_words) == 3 and before_words[0] == "no" and before_words[-1] in ("or", "nor")
        ):
            valence = valence * rules.negation_factor
    return valence


def _negation(rules: _VaderRules, lowered_word: str) -> bool:
    """NLTK's ``VaderConstants.negated`` of one word."""
    return lowered_word in rules.negations or "n't" in lowered_word


def _never_check(
    rules: _VaderRules, valence: float, tokens: list[str], lowered: list[str], start_i: int, i: int
) -> float:
    """NLTK's ``_never_check`` (negation ``start_i + 1`` words back), with the news repairs."""
    negator = i - (start_i + 1)
    if rules.news:
        if start_i == 2 and lowered[i - 3] == "never" and lowered[i - 1] in NEVER_COMPARATIVES:
            return valence * NEVER_COMPARATIVE_FACTOR  # "never felt as ashamed"
        not_only = start_i > 0 and lowered[negator + 1] in NOT_ONLY
        if not_only and _negation(rules, lowered[negator]):
            return valence  # "not only a crime ... but also": no negation
    if start_i == 1 and tokens[i - 2] == "never" and tokens[i - 1] in ("so", "this"):
        return valence * 1.5
    if start_i == 2 and (
        (tokens[i - 3] == "never" and tokens[i - 2] in ("so", "this"))
        or tokens[i - 1] in ("so", "this")
    ):
        return valence * 1.25
    if _negation(rules, lowered[negator]):
        return valence * rules.negation_factor
    return valence


_CONTRAST_SET = frozenset(CONTRAST_WORDS)


def _contrast(rules: _VaderRules, lowered: list[str], sentiments: list[float]) -> list[float]:
    """NLTK's ``_but_check``: before the first "but" x0.5, after it x1.5 (news: any of
    :data:`CONTRAST_WORDS`)."""
    words = CONTRAST_WORDS if rules.news else ("but",)
    if rules.news and _CONTRAST_SET.isdisjoint(lowered):  # one pass, not one per word
        return sentiments
    found = [lowered.index(word) for word in words if word in lowered]
    if not found:
        return sentiments
    pivot = min(found)
    return [s * 0.5 if k < pivot else s * 1.5 if k > pivot else s for k, s in enumerate(sentiments)]


def _emphasis(text: str) -> float:
    """NLTK's amplification of a text's valence by its "!" and "?" (``_punctuation_emphasis``)."""
    questions = text.count("?")
    question_emphasis = 0 if questions <= 1 else questions * 0.18 if questions <= 3 else 0.96
    return min(text.count("!"), 4) * 0.292 + question_emphasis


def _compound(rules: _VaderRules, sentiments: list[float], emphasis: float) -> float:
    """NLTK's compound of the valences, before rounding: summed, amplified, normalised."""
    total_valence = float(sum(sentiments))
    if total_valence > 0:
        total_valence += emphasis
    elif total_valence < 0:
        total_valence -= emphasis
    compound: float = rules.nltk.constants.normalize(total_valence)
    return compound


def _vader_compound(rules: _VaderRules, sentitext: _VaderText, emphasis: float) -> float:
    """``_vader_scores(rules, sentitext)["compound"]``, without the proportions (``emphasis``:
    :func:`_emphasis` of the text, which both variants share)."""
    sentiments = _valences(rules, sentitext)
    return round(_compound(rules, sentiments, emphasis), 4) if sentiments else 0.0


def _vader_scores(
    rules: _VaderRules, sentitext: _VaderText, emphasis: float | None = None
) -> dict[str, float]:
    """NLTK's ``score_valence``: the valences summed, amplified by "!" and "?", normalised
    (``emphasis``: :func:`_emphasis` of the text, when the caller has it)."""
    sentiments = _valences(rules, sentitext)
    if not sentiments:
        return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
    if emphasis is None:
        emphasis = _emphasis(sentitext.text)
    compound = _compound(rules, sentiments, emphasis)
    pos_sum, neg_sum = 0.0, 0.0
    # Most valences are 0: count those, and sum over the rest only, in order.
    rated = list(filter(None, sentiments))
    neu_count = len(sentiments) - len(rated)
    for valence in rated:
        if valence > 0:
            pos_sum += float(valence) + 1  # VADER counts a neutral word as 1
        elif valence < 0:
            neg_sum += float(valence) - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += emphasis
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= emphasis
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return {
        "neg": round(math.fabs(neg_sum / total), 3),
        "neu": round(math.fabs(neu_count / total), 3),
        "pos": round(math.fabs(pos_sum / total), 3),
        "compound": round(compound, 4),
    }


_LETTERS = re.compile(r"[A-Za-z']+")


def _word_before_like(text: str) -> str:
    """The lower-cased word before the first "like" (VADER scores a repeated word once).

    Examples:
        >>> _word_before_like("We would like peace."), _word_before_like("Like rain.")
        ('would', '')
    """
    previous = ""
    for match in _LETTERS.finditer(text):
        word = match.group().lower()
        if word == "like":
            return previous
        previous = word
    return ""


class NewsVader:
    """VADER over ``lexicon`` with newslib's repairs: comparative "never", "not only", "no",
    wider contrast, "like" and names (see :class:`_VaderRules`); ``polarity_scores`` returns
    what NLTK's analyser returns, ``{neg, neu, pos, compound}``."""

    def __init__(self, lexicon: dict[str, float]) -> None:
        self.lexicon = lexicon
        self.rules = _vader_rules(lexicon, news=True)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's scores of ``text``."""
        return _vader_scores(self.rules, _vader_text(text))


@functools.cache
def _news_lexicon() -> _NewsLexicon:
    rated = dict(vader_analyzer().lexicon)
    for word, entry in news_lexicon_extension().items():
        rated[word] = entry.valence
    return _NewsLexicon(rated)


@functools.cache
def news_vader() -> NewsVader:
    """VADER with newslib's news lexicon (extension and inflections) and repairs, cached.

    Examples:
        >>> news_vader().polarity_scores("It is intolerable.")["compound"] < 0
        True
    """
    return NewsVader(_news_lexicon())


@functools.cache
def _pattern_sentiment() -> Any:
    """TextBlob's Pattern sentiment function (what ``TextBlob(text).sentiment`` calls), loaded.

    Pattern keeps its lexicon in a ``lazydict``, which loads the file on first use: every
    look-up then still goes through Python-level methods (``__contains__`` calls ``_lazy``,
    which calls ``dict.__contains__``). Once the lexicon is loaded, a copy whose look-ups are
    ``dict``'s own gives the same scores about three times faster.
    """
    from textblob._text import lazydict
    from textblob.en import sentiment

    sentiment("good")  # loads the lexicon
    plain_lookups = {name: getattr(dict, name) for name in vars(lazydict) if name in vars(dict)}
    loaded_class: Any = type("LoadedSentiment", (type(sentiment),), plain_lookups)
    loaded = loaded_class.__new__(loaded_class)
    dict.update(loaded, dict.items(sentiment))
    loaded.__dict__.update(vars(sentiment))
    return loaded


def textblob_sentiment(text: str) -> Any:
    """TextBlob's sentiment of ``text``: exactly the Pattern score ``TextBlob(text).sentiment``
    comes from (a ``(polarity, subjectivity)`` tuple with ``.assessments``), faster.

    Pattern tokenises each whitespace-separated chunk on its own (contractions, quotes,
    punctuation, abbreviations), so the tokens of a text are those of its chunks, which recur
    across a corpus and are cached. The whole text goes to Pattern itself when the chunks
    could interact: paragraph breaks (sentence ends) and emoticons or "(!)" written across
    spaces.

    Examples:
        >>> polarity, subjectivity = textblob_sentiment("A truly wonderful, happy day!")
        >>> polarity > 0.5
        True
    """
    analyser = _pattern_sentiment()
    words = _pattern_words(text)
    return analyser(text) if words is None else analyser(words)


def _pattern_words(text: str, chunks: list[str] | None = None) -> list[str] | None:
    """The lower-cased words Pattern's sentiment reads in ``text`` (``chunks``: its
    ``split()``, when the caller has it), or None where only Pattern itself can tell (see
    :func:`textblob_sentiment`)."""
    if "\n" in text:
        return None
    chunks = text.split() if chunks is None else chunks
    tokens = list(itertools.chain.from_iterable(map(_chunk_tokens, chunks)))
    if _holds_emoticon(tokens):
        return None
    return list(map(str.lower, tokens))


def _textblob_scores(text: str, chunks: list[str] | None = None) -> tuple[float, float]:
    """``textblob_sentiment(text)[:2]`` as floats, without the assessments (see
    :class:`_PatternScorer`); ``chunks`` as :func:`_pattern_words` takes them.

    Examples:
        >>> text = "Not a very good day."
        >>> _textblob_scores(text) == tuple(textblob_sentiment(text))
        True
    """
    words = _pattern_words(text, chunks)
    if words is None:
        polarity, subjectivity = _pattern_sentiment()(text)[:2]
        return float(polarity), float(subjectivity)
    return _pattern_scorer().scores(words)


@dataclass(frozen=True, slots=True)
class _PatternWord:
    """What Pattern's ``Sentiment.assessments`` reads of a word in its lexicon (untagged)."""

    polarity: float
    subjectivity: float
    intensity: float
    #: Has an adverb sense: modifies the next rated word ("very good").
    modifies: bool
    negates: bool


@dataclass(frozen=True, slots=True)
class _PatternScorer:
    """Pattern's ``Sentiment.__call__`` on a list of words, polarity and subjectivity only.

    Pattern builds a dictionary per rated word and a list of assessments that newslib's
    scores never read, looks each word up through several dictionaries, and runs through
    every emoticon for each short non-letter word (numbers, "76%"). This reads a table of
    the lexicon made once and applies Pattern's rules (modifiers, negation, "!", "(!)",
    emoticons) in the same order with the same arithmetic, so the floats are identical;
    tests/test_sentiment.py compares the two.
    """

    words: dict[str, _PatternWord]
    negations: frozenset[str]
    #: Pattern's ``modifier``: an unrated word ending in "-ly" still counts as an adverb.
    modifier: Callable[[str], bool]
    #: Lower-cased emoticon -> its polarity (the first of Pattern's moods listing it).
    emoticons: dict[str, float]
    punctuation: str
    #: Every word that adds an assessment (rated, an emoticon, "(!)"): without one, the rest
    #: only changes assessments, and the scores are Pattern's of none, (0.0, 0.0).
    assessed: frozenset[str]

    def scores(self, words: list[str]) -> tuple[float, float]:
        """``(polarity, subjectivity)`` of Pattern's sentiment of ``words``."""
        if self.assessed.isdisjoint(words):
            return 0.0, 0.0
        # One assessment: [polarity, subjectivity, intensity, negated]; a list, as Pattern
        # updates its last one when a rated word follows a modifier or a negation.
        found: list[list[float | bool]] = []
        modifier: str | None = None  # the preceding modifier (Pattern's m)
        negation: str | None = None  # the preceding negation (Pattern's n)
        lexicon = self.words
        negations = self.negations
        for word in words:
            entry = lexicon.get(word)
            if entry is None:
                if (
                    modifier is None
                    and negation is None
                    and word.isalpha()
                    and word not in negations
                ):
                    continue  # most words: none of the rules below applies
            else:
                if modifier is None:
                    found.append([entry.polarity, entry.subjectivity, entry.intensity, False])
                else:
                    last = found[-1]
                    last[0] = max(-1.0, min(entry.polarity * last[2], +1.0))
                    last[1] = max(-1.0, min(entry.subjectivity * last[2], +1.0))
                    last[2] = entry.intensity
                if negation is not None:
                    found[-1][2] = 1.0 / found[-1][2]
                    found[-1][3] = True
                modifier = word if entry.modifies else None
                negation = word if entry.negates else None
                continue
            if word in negations:
                negation = word
            elif negation and len(word.strip("'")) > 1:
                negation = None
            if negation is not None and modifier is not None and self.modifier(modifier):
                found[-1][3] = True
                negation = None
            elif modifier is not None and len(word) > 2:
                modifier = None
            if word == "!" and found:
                found[-1][0] = max(-1.0, min(found[-1][0] * 1.25, +1.0))
            if word == "(!)":
                found.append([0.0, 1.0, 1.0, False])
            if word.isalpha() is False and len(word) <= 5 and word not in self.punctuation:
                polarity = self.emoticons.get(word)
                if polarity is not None:
                    found.append([polarity, 1.0, 1.0, False])
        # Pattern's average: the sum from 0 over the assessments, over their number.
        polarity_sum: float = 0
        subjectivity_sum: float = 0
        for p, s, _, negated in found:
            polarity_sum += p * -0.5 if negated else p  # "not good" = slightly bad
            subjectivity_sum += s
        count = float(len(found) or 1)
        return float(polarity_sum / count), float(subjectivity_sum / count)


@functools.cache
def _pattern_scorer() -> _PatternScorer:
    """The scorer of TextBlob's loaded Pattern lexicon, made once."""
    from textblob._text import EMOTICONS, PUNCTUATION

    analyser = _pattern_sentiment()
    negations = frozenset(analyser.negations)
    words: dict[str, _PatternWord] = {}
    for word, senses in dict.items(analyser):
        if None not in senses:
            continue  # Pattern reads an untagged word only by its sense for all tags
        polarity, subjectivity, intensity = senses[None]
        words[word] = _PatternWord(
            polarity=polarity,
            subjectivity=subjectivity,
            intensity=intensity,
            modifies=any(tag in senses for tag in analyser.modifiers),
            negates=word in negations,
        )
    emoticons: dict[str, float] = {}
    for (_, polarity), faces in EMOTICONS.items():
        for face in faces:
            emoticons.setdefault(face.lower(), polarity)
    assessed = frozenset([*words, *emoticons, "(!)"])
    return _PatternScorer(words, negations, analyser.modifier, emoticons, PUNCTUATION, assessed)


@functools.lru_cache(maxsize=1 << 15)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    simple = _pattern_plain_chunk(chunk)
    if simple is None:
        simple = _pattern_edge_tokens(chunk)
    if simple is not None:
        return simple
    return tuple(" ".join(_pattern_sentiment().tokenizer(chunk)).split())


def _pattern_edge_tokens(chunk: str) -> tuple[str, ...] | None:
    """Pattern's tokens of a chunk, from its rules without its regular expressions, or None.

    :func:`newslib.pattern_tokens.chunk_tokens` splits the chunk as Pattern's ``find_tokens``
    does; Pattern then rewrites emoticons and "(!)" written across spaces, so a chunk whose
    tokens contain one goes to Pattern, as does one with its end-of-sentence marker. Chunks
    with quotes, apostrophes, numbers and symbols ("Blair's", "$1.13bn", "(£600m)") take this
    path; it saves Pattern's many ``re.sub`` calls over each.

    Examples:
        >>> _pattern_edge_tokens("(£600m),"), _pattern_edge_tokens("don't")
        (('(', '£600m', ')', ','), ('do', 'n', "'", 't'))
    """
    from textblob._text import EOS

    if EOS in chunk:
        return None
    tokens = chunk_tokens(chunk)
    return None if _holds_emoticon(tokens) else tokens


#: Characters Pattern's tokenizer rewrites wherever they are in a chunk (contractions, quotes).
_PATTERN_QUOTES = frozenset("'\"“”‘’")
#: Marks Pattern splits off the end of a word and nothing else reads ("?" and "!" end a
#: sentence, but Pattern's sentiment joins its sentences again).
_PATTERN_PLAIN_MARKS = frozenset(",;:?!")


def _pattern_plain_chunk(chunk: str) -> tuple[str, ...] | None:
    """Pattern's tokens of a chunk it provably keeps whole or splits one plain mark off, or None.

    Pattern's ``find_tokens`` rewrites quotes and apostrophes anywhere in a chunk, and
    otherwise only splits punctuation off its edges (a final period unless the word is an
    abbreviation: listed, one letter, letters with periods, or a capital and consonants). A
    chunk that starts and ends with a letter or digit is therefore one token; most chunks of a
    corpus are, and Pattern's many ``re.sub`` calls per chunk would cost more than the scoring.
    Other cases return None and go to :func:`_pattern_edge_tokens`.

    Examples:
        >>> _pattern_plain_chunk("well-known"), _pattern_plain_chunk("said,")
        (('well-known',), ('said', ','))
        >>> _pattern_plain_chunk("rain."), _pattern_plain_chunk("Mr.") is None
        (('rain', '.'), True)
    """
    from textblob._text import EOS

    if not _PATTERN_QUOTES.isdisjoint(chunk) or EOS in chunk:  # Pattern drops its EOS marker
        return None
    if chunk[0].isalnum() and chunk[-1].isalnum():
        return (chunk,)
    word, mark = chunk[:-1], chunk[-1]
    if not word or not (word[0].isalnum() and word[-1].isalnum()):
        return None
    if mark in _PATTERN_PLAIN_MARKS:
        return (word, mark)
    if mark == ".":  # split off a word ending in a letter or digit, unless an abbreviation
        return None if is_abbreviation(chunk) else (word, mark)
    return None


@functools.cache
def _textblob_emoticons() -> re.Pattern[str]:
    from textblob._text import RE_EMOTICONS

    pattern: re.Pattern[str] = RE_EMOTICONS
    return pattern


def _holds_emoticon(tokens: Sequence[str]) -> bool:
    """Whether Pattern would rewrite an emoticon or "(!)" in ``tokens`` joined by spaces (its
    RE_EMOTICONS and RE_SARCASM searches, asked only where :func:`_emoticon_hint` finds one).

    Examples:
        >>> _holds_emoticon(["a", "good", "day", ":", ")"]), _holds_emoticon(["a", "day"])
        (True, False)
    """
    joined = " ".join(tokens)
    return _emoticon_hint().search(joined) is not None and (
        _textblob_emoticons().search(joined) is not None
        or _textblob_sarcasm().search(joined) is not None
    )


#: Emoticon characters common in running text ("well-known", "rain .", "'s"): the search of
#: :func:`_emoticon_hint` does not look for them.
_COMMON_EMOTICON_MARKS = frozenset("-.'")


@functools.cache
def _emoticon_hint() -> re.Pattern[str]:
    """A search that finds something in every string TextBlob's RE_EMOTICONS or RE_SARCASM
    searches find something in, and nothing in most sentences, at a fraction of their cost.

    A match of RE_EMOTICONS is an emoticon (spaces allowed between its characters) followed by
    whitespace or the end. Each emoticon has a character other than a letter, a digit and
    :data:`_COMMON_EMOTICON_MARKS` ("rare"), or else its last character is followed by
    whitespace or the end; RE_SARCASM's "(!)" has "(". So the hint looks for a rare character,
    or for such a last character before whitespace or the end.
    """
    from textblob._text import EMOTICONS

    faces = [face for group in EMOTICONS.values() for face in group]
    rare = {c for face in faces for c in face if not c.isalnum()} - _COMMON_EMOTICON_MARKS
    rare.add("(")  # RE_SARCASM
    ends = {face[-1] for face in faces if rare.isdisjoint(face)}
    characters = "".join(map(re.escape, sorted(rare)))
    last = "".join(map(re.escape, sorted(ends)))
    return re.compile(f"[{characters}]|[{last}](?:$|\\s)")


@functools.cache
def _textblob_sarcasm() -> re.Pattern[str]:
    from textblob._text import RE_SARCASM

    pattern: re.Pattern[str] = RE_SARCASM
    return pattern


# --------------------------------------------------------------------------- short texts


@dataclass(frozen=True, slots=True)
class TextSentiment:
    """Scores of one short text (sentence, segment or headline)."""

    vader_compound: float
    vader_pos: float
    vader_neu: float
    vader_neg: float
    textblob_polarity: float
    textblob_subjectivity: float
    vader_news: float
    score: float

    @property
    def label(self) -> Label:
        """``positive``/``neutral``/``negative`` of ``score`` at the VADER thresholds."""
        return label_of(self.score)


def label_of(score: float) -> Label:
    """The label of a score at VADER's thresholds (+-0.05).

    Examples:
        >>> label_of(0.3), label_of(0.0), label_of(-0.05)
        ('positive', 'neutral', 'negative')
    """
    if score >= POSITIVE_THRESHOLD:
        return "positive"
    if score <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


@functools.cache
def _vader_words() -> frozenset[str]:
    """Every lower-case word either VADER variant rates: only these take a valence other than
    0 (boosters and "kind" of "kind of" take 0.0; see :func:`_valences`)."""
    return frozenset().union(_plain_rules().lexicon, news_vader().rules.lexicon)


def _unrated_scores(token_count: int) -> dict[str, float]:
    """:func:`_vader_scores` of a text with ``token_count`` tokens, none in :func:`_vader_words`:
    every token neutral (none: all 0)."""
    return {"neg": 0.0, "neu": 1.0 if token_count else 0.0, "pos": 0.0, "compound": 0.0}


@functools.lru_cache(maxsize=4096)
def text_sentiment(text: str) -> TextSentiment:
    """VADER, TextBlob and newslib's combined score of one short text (cached by text).

    Examples:
        >>> s = text_sentiment("A good day.")
        >>> s.vader_compound > 0, s.textblob_polarity > 0, s.score > 0
        (True, True, True)
    """
    plain = normalise(text)
    chunks = plain.split()  # both VADER and Pattern start from the whitespace chunks
    sentitext = _vader_text(plain, chunks)
    if _vader_words().isdisjoint(sentitext.lowered):
        # A third of a corpus's segments ("he said.") have no word either VADER variant
        # rates: their valences are all 0.
        vader, news = _unrated_scores(len(sentitext.tokens)), 0.0
    else:
        emphasis = _emphasis(plain)
        vader = _vader_scores(_plain_rules(), sentitext, emphasis)
        news = _vader_compound(news_vader().rules, sentitext, emphasis)  # its compound only
    polarity, subjectivity = _textblob_scores(plain, chunks)
    score = (1.0 - TEXTBLOB_WEIGHT) * news + TEXTBLOB_WEIGHT * polarity
    return TextSentiment(
        vader_compound=float(vader["compound"]),
        vader_pos=float(vader["pos"]),
        vader_neu=float(vader["neu"]),
        vader_neg=float(vader["neg"]),
        textblob_polarity=polarity,
        textblob_subjectivity=subjectivity,
        vader_news=news,
        score=max(-1.0, min(1.0, score)),
    )


def score_sentiment(text: str) -> float:
    """newslib's sentiment of a short text (a headline, a sentence), in [-1, 1].

    Meant for short texts: score an article with :func:`sentiment_frame` and aggregate.

    Examples:
        >>> score_sentiment("I have never felt as ashamed of my country as on February 24.") < 0
        True
        >>> score_sentiment("What my government is doing now is intolerable.") < 0
        True
        >>> score_sentiment("The meeting is on Tuesday.")
        0.0
    """
    return text_sentiment(text).score


def explain_sentiment(text: str) -> pd.DataFrame:
    """The words that drove a text's score: VADER lexicon hits and TextBlob assessments.

    One row per hit: ``source`` (``vader`` for newslib's VADER, ``textblob``), ``words``,
    ``prior`` (lexicon valence: VADER -4..4, TextBlob -1..1), ``valence`` (in context, after
    negation, boosters and contrast; TextBlob's after its negation and intensifiers),
    ``origin`` (which lexicon, extension anchor or inflection base).

    Examples:
        >>> explain_sentiment("I have never felt as ashamed.")[["words", "prior", "valence"]]
             words  prior  valence
        0  ashamed   -2.1   -2.625
    """
    plain = normalise(text)
    lexicon = _news_lexicon()
    rows: list[dict[str, object]] = []
    sentitext = _vader_text(plain)
    valences = _valences(news_vader().rules, sentitext)
    for token, lowered, valence in zip(sentitext.tokens, sentitext.lowered, valences, strict=True):
        if valence == 0 or lowered not in lexicon:
            continue
        rows.append(
            {
                "source": "vader",
                "words": token,
                "prior": float(lexicon[lowered]),
                "valence": round(float(valence), 4),
                "origin": lexicon.origin(lowered),
            }
        )
    assessments = textblob_sentiment(plain).assessments
    for hit_words, polarity, _subjectivity, _kind in assessments:
        if polarity == 0:
            continue
        rows.append(
            {
                "source": "textblob",
                "words": " ".join(hit_words),
                "prior": float(polarity),
                "valence": float(polarity),
                "origin": "pattern",
            }
        )
    return pd.DataFrame(rows, columns=["source", "words", "prior", "valence", "origin"])


def driving_words(text: str, *, n: int = 3) -> str:
    """The ``n`` VADER hits with the largest valence in context, as ``word (valence)``.

    Examples:
        >>> driving_words("A bloody attack, but a heroic rescue.")
        'heroic (+3.90), rescue (+3.45), attack (-1.05)'
    """
    table = explain_sentiment(text)
    hits = table[table["source"] == "vader"]
    hits = hits.reindex(hits["valence"].abs().sort_values(ascending=False).index).head(n)
    return ", ".join(f"{w} ({v:+.2f})" for w, v in zip(hits["words"], hits["valence"], strict=True))


# --------------------------------------------------------------------------- voices


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence, or the part of a sentence in one voice (narrator or one speaker)."""

    sentence: int
    paragraph: int
    start: int
    end: int
    text: str
    voice: str


_EDGE_CHARS = " \t\n\"'“”‘’«»„‚,;:-–—"
_WORD_CHAR = re.compile(r"\w")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS:
        end -= 1
    return start, end


_Span = tuple[int, int, str]


def _spans_from_frame(quotes: pd.DataFrame) -> list[_Span]:
    """Top-level quotations of a quotations frame as (start, end, voice)."""
    if len(quotes) == 0:
        return []
    missing = {"start", "end"} - set(quotes.columns)
    if missing:
        raise SentimentError(
            f"the quotations frame lacks columns {sorted(missing)}: "
            "pass newslib.quote_frame(article)"
        )
    n = len(quotes)
    top = quotes["nested_in"].isna().tolist() if "nested_in" in quotes.columns else [True] * n
    speakers = quotes["speaker"].tolist() if "speaker" in quotes.columns else [None] * n
    spans: list[_Span] = []
    for start, end, speaker, is_top in zip(
        quotes["start"].tolist(), quotes["end"].tolist(), speakers, top, strict=True
    ):
        if not is_top:
            continue
        name = str(speaker).strip() if speaker is not None and not pd.isna(speaker) else ""
        spans.append((int(start), int(end), name or UNATTRIBUTED))
    return spans


def _spans_from_quotes(article: Article) -> list[_Span]:
    """Top-level quotations newslib finds (:func:`newslib.quotes.quotes`, cached per article)."""
    return [
        (q.start, q.end, (q.speaker or "").strip() or UNATTRIBUTED)
        for q in quotations_of(article)
        if q.nested_in is None
    ]


def _merged(spans: list[_Span]) -> list[_Span]:
    """Sorted, non-overlapping spans (of two overlapping quotations the first wins)."""
    merged: list[_Span] = []
    for start, end, name in sorted(spans):
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end, name))
    return merged


def voice_spans(article: Article, quotes: pd.DataFrame | None = None) -> list[tuple[int, int, str]]:
    """Who speaks where: sorted, non-overlapping ``(start, end, voice)`` of quoted words.

    newslib's one voice assignment, used by :func:`voice_segments` (sentiment) and by
    :mod:`newslib.rhetoric` (the ``voice`` of every device, :func:`newslib.voice_frame`).
    A top-level quotation, speech or scare quotes (``term``), belongs to its speaker
    (``unattributed`` when it has none): quoted words are cited, not the narrator's own. A
    quotation nested in another stays with the outer voice; of two overlapping quotations the
    first wins. Words outside every span are the narrator's.

    Args:
        article: The article.
        quotes: Its quotations as from ``newslib.quote_frame(article)`` (see
            :func:`voice_segments`); by default those newslib finds.

    Examples:
        >>> from newslib import load_article
        >>> a = load_article("“It is a disgrace,” Smith said. Rain fell.")
        >>> q = pd.DataFrame({"start": [1], "end": [18], "kind": ["speech"],
        ...                   "speaker": ["Smith"], "nested_in": [None]})
        >>> voice_spans(a, q)
        [(1, 18, 'Smith')]
    """
    return _merged(_spans_from_quotes(article) if quotes is None else _spans_from_frame(quotes))


def voice_segments(article: Article, quotes: pd.DataFrame | None = None) -> list[Segment]:
    """The article's sentences split into narrator and quoted segments.

    Args:
        article: The article.
        quotes: Its quotations as from ``newslib.quote_frame(article)`` (columns ``start``,
            ``end`` of the quoted words without marks, ``kind``, ``speaker``, ``nested_in``);
            by default those newslib finds; an empty frame for none.
            A top-level quotation, speech or scare quotes (``term``), belongs to its speaker
            (``unattributed`` when it has none): quoted words are cited, not the narrator's
            own. A quotation nested in another stays with the outer voice.

    Examples:
        >>> from newslib import load_article
        >>> a = load_article("“It is a disgrace,” Smith said. Rain fell.")
        >>> q = pd.DataFrame({"start": [1], "end": [18], "kind": ["speech"],
        ...                   "speaker": ["Smith"], "nested_in": [None]})
        >>> for s in voice_segments(a, q):
        ...     print(s.sentence, s.voice, repr(s.text))
        0 Smith 'It is a disgrace'
        0 narrator 'Smith said.'
        1 narrator 'Rain fell.'
    """
    spans = voice_spans(article, quotes)
    text = article.text
    segments: list[Segment] = []
    cursor = 0
    for sentence in sentences(article):
        pieces: list[tuple[int, int, str]] = []
        position = sentence.start
        while cursor < len(spans) and spans[cursor][1] <= sentence.start:
            cursor += 1
        k = cursor
        while k < len(spans) and spans[k][0] < sentence.end:
            q_start, q_end, speaker = spans[k]
            q_start, q_end = max(q_start, sentence.start), min(q_end, sentence.end)
            if q_start > position:
                pieces.append((position, q_start, NARRATOR))
            pieces.append((q_start, q_end, speaker))
            position = max(position, q_end)
            k += 1
        if position < sentence.end:
            pieces.append((position, sentence.end, NARRATOR))
        if len(pieces) == 1:
            start, end, voice = pieces[0]
            pieces = [(sentence.start, sentence.end, voice)]
        for start, end, voice in pieces:
            if len(pieces) > 1:
                start, end = _trimmed(text, start, end)
            if _WORD_CHAR.search(text, start, end) is None:
                continue
            segments.append(
                Segment(sentence.index, sentence.paragraph, start, end, text[start:end], voice)
            )
    return segments


# --------------------------------------------------------------------------- the frame


#: The voice segments table (:func:`sentiment_frame`).
SEGMENT_TABLE = TableSchema.of(
    ("sentence", "int64"),
    ("paragraph", "int64"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "str"),
    ("voice", "str"),
    ("n_words", "int64"),
    ("vader_compound", "float64"),
    ("vader_pos", "float64"),
    ("vader_neu", "float64"),
    ("vader_neg", "float64"),
    ("textblob_polarity", "float64"),
    ("textblob_subjectivity", "float64"),
    ("vader_news", "float64"),
    ("score", "float64"),
    ("label", "str"),
)


def _segment_rows(article: Article, segments: Sequence[Segment]) -> list[Row]:
    text = article.text
    rows: list[Row] = []
    for seg in segments:
        s = text_sentiment(seg.text)
        rows.append(
            (
                seg.sentence,
                seg.paragraph,
                seg.start,
                seg.end,
                seg.text,
                seg.voice,
                word_count(text, seg.start, seg.end),
                s.vader_compound,
                s.vader_pos,
                s.vader_neu,
                s.vader_neg,
                s.textblob_polarity,
                s.textblob_subjectivity,
                s.vader_news,
                s.score,
                s.label,
            )
        )
    return rows


@functools.lru_cache(maxsize=64)
def _default_rows(article: Article) -> tuple[Row, ...]:
    return tuple(_segment_rows(article, voice_segments(article)))


def segment_rows(article: Article) -> list[Row]:
    """The rows of :func:`sentiment_frame` (newslib's quotations) as tuples, in
    :data:`SEGMENT_TABLE` order."""
    return list(_default_rows(article))


def sentiment_frame(article: Article, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sentence, or per voice segment of a sentence mixing narrator and quotation.

    Columns: ``sentence`` (index in the article), ``paragraph``, ``start``, ``end`` (offsets into
    ``article.text``), ``text``, ``voice`` (``narrator`` or the speaker), ``n_words``
    (:func:`newslib.text.words`, as :func:`newslib.sentence_frame` counts),
    ``vader_compound``/``vader_pos``/``vader_neu``/``vader_neg`` (NLTK's VADER),
    ``textblob_polarity``/``textblob_subjectivity``, ``vader_news`` (VADER's compound with
    newslib's news lexicon and repairs), ``score`` (newslib's combined score,
    ``(1 - TEXTBLOB_WEIGHT) * vader_news + TEXTBLOB_WEIGHT * textblob_polarity``,
    :func:`score_sentiment`) and ``label`` (of ``score`` at +-0.05).

    Args:
        article: The article.
        quotes: Its quotations (see :func:`voice_segments`); by default those newslib
            finds (:func:`newslib.quote_frame`).

    Examples:
        >>> from newslib import load_article
        >>> frame = sentiment_frame(load_article("It was a terrible loss. We are proud."))
        >>> frame[["sentence", "voice", "label"]].values.tolist()
        [[0, 'narrator', 'negative'], [1, 'narrator', 'positive']]
    """
    if quotes is None:
        return SEGMENT_TABLE.frame(_default_rows(article))
    return SEGMENT_TABLE.frame(_segment_rows(article, voice_segments(article, quotes)))


# --------------------------------------------------------------------------- aggregates


def _summary(frame: pd.DataFrame) -> dict[str, float | int]:
    n = len(frame)
    weights = frame["n_words"].clip(lower=1) if n else frame["n_words"]
    return {
        "n_segments": n,
        "n_words": int(frame["n_words"].sum()),
        "mean": float(frame["score"].mean()) if n else math.nan,
        "weighted_mean": float((frame["score"] * weights).sum() / weights.sum()) if n else math.nan,
        "share_positive": float((frame["label"] == "positive").mean()) if n else math.nan,
        "share_negative": float((frame["label"] == "negative").mean()) if n else math.nan,
    }


_SUMMARY_COLUMNS = [
    "n_segments",
    "n_words",
    "mean",
    "weighted_mean",
    "share_positive",
    "share_negative",
]


def paragraph_sentiment(article: Article, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per paragraph: ``paragraph``, counts, mean and word-weighted mean ``score``,
    shares of positive and negative segments.

    Examples:
        >>> from newslib import load_article
        >>> table = paragraph_sentiment(load_article("A terrible loss.\\n\\nA great win."))
        >>> (table["weighted_mean"] > 0).tolist()
        [False, True]
    """
    frame = sentiment_frame(article, quotes=quotes)
    rows = [
        {"paragraph": number, **_summary(frame[frame["paragraph"] == number])}
        for number in range(len(article.paragraphs))
        if (frame["paragraph"] == number).any()
    ]
    return pd.DataFrame(rows, columns=["paragraph", *_SUMMARY_COLUMNS])


@dataclass(frozen=True, slots=True)
class ArticleSentiment:
    """Sentiment of a whole article, aggregated from its segments (never scored as one text)."""

    n_sentences: int
    n_segments: int
    n_words: int
    mean: float
    weighted_mean: float
    share_positive: float
    share_negative: float
    most_positive_sentence: int | None
    most_negative_sentence: int | None

    @property
    def label(self) -> Label:
        """The label of the word-weighted mean score."""
        return label_of(self.weighted_mean)


def article_sentiment(article: Article, *, quotes: pd.DataFrame | None = None) -> ArticleSentiment:
    """Mean and word-weighted mean score, shares of positive/negative segments, extremes.

    Examples:
        >>> from newslib import load_article
        >>> result = article_sentiment(load_article("A terrible loss. A great win. Rain."))
        >>> result.n_segments, result.most_negative_sentence, result.most_positive_sentence
        (3, 0, 1)
    """
    frame = sentiment_frame(article, quotes=quotes)
    summary = _summary(frame)
    arc = join_sentence_scores(sentence_frame(article), frame)
    return ArticleSentiment(
        n_sentences=len(arc),
        n_segments=int(summary["n_segments"]),
        n_words=int(summary["n_words"]),
        mean=float(summary["mean"]),
        weighted_mean=float(summary["weighted_mean"]),
        share_positive=float(summary["share_positive"]),
        share_negative=float(summary["share_negative"]),
        most_positive_sentence=_extreme(arc, positive=True),
        most_negative_sentence=_extreme(arc, positive=False),
    )


def article_sentiment_frame(
    article: Article, *, quotes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The article's sentiment summary as a table: one row per figure, ``measure, value``.

    Rows: the fields of :func:`article_sentiment` (``n_sentences`` ... ``most_negative_sentence``)
    and its ``label``, then :func:`headline_vs_body`'s ``headline_kind``, ``headline_score``,
    ``lede_score``, ``body_score`` and ``headline_minus_body`` (its ``gap``).

    Examples:
        >>> from newslib import load_article
        >>> table = article_sentiment_frame(load_article("A terrible loss. A great win."))
        >>> table.set_index("measure").loc[["n_sentences", "headline_kind"], "value"].tolist()
        [2, 'lede']
    """
    summary = article_sentiment(article, quotes=quotes)
    framing = headline_vs_body(article, quotes=quotes)
    values: dict[str, object] = {
        name: getattr(summary, name) for name in ArticleSentiment.__dataclass_fields__
    }
    values.update(
        label=summary.label,
        headline_kind=framing.headline_kind,
        headline_score=framing.headline_score,
        lede_score=framing.lede_score,
        body_score=framing.body_score,
        headline_minus_body=framing.gap,
    )
    return pd.DataFrame(
        {"measure": list(values), "value": pd.Series(list(values.values()), dtype=object)}
    )


def _extreme_position(arc: pd.DataFrame, *, positive: bool) -> int | None:
    """Row of the most positive (negative) sentence score; None if none is positive (negative).

    The first of equal scores wins; sentences without a score (NaN) are skipped.
    """
    best: int | None = None
    best_score = 0.0
    for position, score in enumerate(arc["score"].tolist()):
        if math.isnan(score):
            continue
        if (score > best_score) if positive else (score < best_score):
            best, best_score = position, score
    return best


def _extreme(arc: pd.DataFrame, *, positive: bool) -> int | None:
    """Index of the most positive (negative) sentence; None if none is positive (negative)."""
    position = _extreme_position(arc, positive=positive)
    return None if position is None else int(arc["sentence"].iloc[position])


def voice_sentiment(article: Article, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per voice (the narrator first, then speakers by words quoted).

    Columns: ``voice``, ``n_segments``, ``n_words``, ``mean``, ``weighted_mean`` (score weighted
    by words), ``share_positive``, ``share_negative``.

    Examples:
        >>> from newslib import load_article
        >>> a = load_article("“It is a disgrace,” Smith said. Rain fell.")
        >>> q = pd.DataFrame({"start": [1], "end": [18], "kind": ["speech"],
        ...                   "speaker": ["Smith"], "nested_in": [None]})
        >>> voice_sentiment(a, quotes=q)[["voice", "n_segments"]].values.tolist()
        [['narrator', 2], ['Smith', 1]]
    """
    frame = sentiment_frame(article, quotes=quotes)
    voices = list(
        frame.groupby("voice", sort=False)["n_words"].sum().sort_values(ascending=False).index
    )
    if NARRATOR in voices:
        voices.remove(NARRATOR)
        voices.insert(0, NARRATOR)
    rows = [{"voice": voice, **_summary(frame[frame["voice"] == voice])} for voice in voices]
    return pd.DataFrame(rows, columns=["voice", *_SUMMARY_COLUMNS])


def _voices_and_scores(
    segments: Iterable[tuple[int, int, float, str]],
) -> tuple[dict[int, str], dict[int, float]]:
    """Per sentence: its voices (in order, comma-separated) and the word-weighted mean score
    of its ``(sentence, n_words, score, voice)`` segments (a segment weighs at least 1)."""
    totals: dict[int, list[float]] = {}
    voices: dict[int, list[str]] = {}
    for sentence, n_words, score, voice in segments:
        weight = max(int(n_words), 1)
        total = totals.setdefault(int(sentence), [0.0, 0.0])
        total[0] += weight * float(score)
        total[1] += weight
        seen = voices.setdefault(int(sentence), [])
        if voice not in seen:
            seen.append(voice)
    return (
        {i: ", ".join(names) for i, names in voices.items()},
        {i: weighted / weight for i, (weighted, weight) in totals.items()},
    )


def join_sentence_scores(sentence_table: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """``sentence_table`` (one row per sentence, as :func:`newslib.sentence_frame`) with
    ``voices`` and ``score`` (word-weighted mean of the segment scores) from ``frame`` (as
    :func:`sentiment_frame`). Used by :func:`sentence_scores`."""
    voices, scores = _voices_and_scores(
        zip(
            frame["sentence"].tolist(),
            frame["n_words"].tolist(),
            frame["score"].tolist(),
            frame["voice"].tolist(),
            strict=True,
        )
    )
    result = sentence_table.copy()
    numbers = [int(i) for i in result["sentence"].tolist()]
    result["voices"] = [voices.get(i, "") for i in numbers]
    result["score"] = pd.Series(
        [scores.get(i, math.nan) for i in numbers], index=result.index, dtype="float64"
    )
    return result


#: The sentences table with each sentence's voices and score (the corpus ``sentences``).
SCORED_SENTENCE_TABLE = SENTENCE_TABLE.extended(("voices", "str"), ("score", "float64"))


def scored_sentence_rows(sentence_rows: Sequence[Row], segment_rows: Sequence[Row]) -> list[Row]:
    """:func:`join_sentence_scores` on rows: ``sentence_rows`` (:data:`SENTENCE_TABLE`) with
    the voices and score of ``segment_rows`` (:data:`SEGMENT_TABLE`), as
    :data:`SCORED_SENTENCE_TABLE` rows."""
    voices, scores = _voices_and_scores(
        (row[_SEGMENT_SENTENCE], row[_SEGMENT_WORDS], row[_SEGMENT_SCORE], row[_SEGMENT_VOICE])
        for row in segment_rows
    )
    return [(*row, voices.get(row[0], ""), scores.get(row[0], math.nan)) for row in sentence_rows]


_SEGMENT_SENTENCE, _SEGMENT_WORDS, _SEGMENT_SCORE, _SEGMENT_VOICE = (
    SEGMENT_TABLE.columns.index(name) for name in ("sentence", "n_words", "score", "voice")
)


def sentence_scores(article: Article, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`newslib.sentence_frame` with each sentence's sentiment, one row per sentence.

    Columns: ``sentence``, ``paragraph``, ``start``, ``end``, ``text`` (the whole sentence),
    ``n_words`` (all as :func:`newslib.sentence_frame`), ``voices`` (the voices of its
    segments, in order, comma-separated) and ``score``: the word-weighted mean ``score`` of the
    sentence's voice segments (:func:`sentiment_frame`; a segment weighs at least 1), NaN for a
    sentence without words. Every sentence is kept (a left join on ``sentence``).

    Examples:
        >>> from newslib import load_article
        >>> table = sentence_scores(load_article("A terrible loss.\\n\\n* * *\\n\\nA great win."))
        >>> table[["sentence", "text"]].values.tolist()
        [[0, 'A terrible loss.'], [1, '* * *'], [2, 'A great win.']]
        >>> [round(x, 2) for x in table["score"]]
        [-0.68, nan, 0.83]
    """
    return join_sentence_scores(sentence_frame(article), sentiment_frame(article, quotes=quotes))


def sentiment_arc(
    article: Article, *, window: int = 5, quotes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Sentiment over the article's course, one row per sentence.

    Columns: those of :func:`sentence_scores` (``sentence``, ``paragraph``, ``start``, ``end``,
    ``text`` (the whole sentence), ``n_words``, ``voices``, ``score``), ``rolling`` (centred
    rolling mean over ``window`` sentences, skipping sentences without a score) and
    ``extreme`` (``most positive``, ``most negative`` or empty; the same sentences as
    :func:`article_sentiment` and :func:`extreme_sentences` name).

    Examples:
        >>> from newslib import load_article
        >>> arc = sentiment_arc(load_article("A terrible loss. Rain. A great win."), window=3)
        >>> arc["extreme"].tolist()
        ['most negative', '', 'most positive']
    """
    if window < 1:
        raise SentimentError(f"window must be at least 1 sentence, got {window}")
    arc = sentence_scores(article, quotes=quotes)
    arc["rolling"] = arc["score"].rolling(window, center=True, min_periods=1).mean()
    arc["extreme"] = ""
    for rank, positive in (("most positive", True), ("most negative", False)):
        position = _extreme_position(arc, positive=positive)
        if position is not None:
            arc.loc[arc.index[position], "extreme"] = rank
    return arc


def extreme_sentences(
    article: Article, *, n: int = 3, quotes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences, with their driving words.

    Sentences are ranked by their ``score`` in :func:`sentence_scores` (the word-weighted mean
    of their voice segments), so the first ``most positive`` row is
    :attr:`ArticleSentiment.most_positive_sentence`. Columns: those of
    :func:`sentence_scores` plus ``rank`` (``most positive``/``most negative``) and ``drivers``
    (:func:`driving_words` of the sentence).

    Examples:
        >>> from newslib import load_article
        >>> top = extreme_sentences(load_article("A terrible loss. A great win."), n=1)
        >>> for rank, drivers in top[["rank", "drivers"]].values:
        ...     print(rank, "|", drivers)
        most positive | great (+3.10), win (+2.80)
        most negative | terrible (-2.10), loss (-1.30)
    """
    table = sentence_scores(article, quotes=quotes)
    positive = table[table["score"] > 0].nlargest(n, "score").assign(rank="most positive")
    negative = table[table["score"] < 0].nsmallest(n, "score").assign(rank="most negative")
    top = pd.concat([positive, negative], ignore_index=True)
    top["drivers"] = [driving_words(text) for text in top["text"]]
    return top


def sentiment_disagreements(
    article: Article, *, quotes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Segments where VADER and TextBlob disagree in sign (each beyond +-0.05).

    Disagreement is a finding: one method reads sarcasm, a domain word or a negation that the
    other misses. Columns of :func:`sentiment_frame` plus ``vader_words`` and
    ``textblob_words`` (the hits behind each score).

    Examples:
        >>> from newslib import load_article
        >>> sentiment_disagreements(load_article("It was a terrible loss.")).empty
        True
    """
    frame = sentiment_frame(article, quotes=quotes)
    t = DISAGREEMENT_THRESHOLD
    v, b = frame["vader_compound"], frame["textblob_polarity"]
    found = frame[((v >= t) & (b <= -t)) | ((v <= -t) & (b >= t))].copy()
    explained = [explain_sentiment(text) for text in found["text"]]
    found["vader_words"] = [_hits(e, "vader") for e in explained]
    found["textblob_words"] = [_hits(e, "textblob") for e in explained]
    return found.reset_index(drop=True)


def _hits(table: pd.DataFrame, source: str) -> str:
    part = table[table["source"] == source]
    return ", ".join(f"{w} ({v:+.2f})" for w, v in zip(part["words"], part["valence"], strict=True))


@dataclass(frozen=True, slots=True)
class HeadlineComparison:
    """The tone of the headline (or, without one, the lede) against the rest of the article."""

    headline: str
    headline_kind: Literal["title", "lede"]
    headline_score: float
    lede_score: float
    body_score: float

    @property
    def gap(self) -> float:
        """``headline_score - body_score``: positive when the headline is warmer than the body."""
        return self.headline_score - self.body_score


def headline_vs_body(article: Article, *, quotes: pd.DataFrame | None = None) -> HeadlineComparison:
    """Compare the headline (else the lede paragraph) with the body's word-weighted mean score.

    The lede is the first paragraph; the body is every later paragraph (NaN when there is
    none).

    Examples:
        >>> from newslib import load_article
        >>> result = headline_vs_body(load_article("A terrible loss.\\n\\nThe team met. All fine."))
        >>> result.headline_kind, result.headline_score < result.body_score
        ('lede', True)
    """
    frame = sentiment_frame(article, quotes=quotes)
    lede = frame[frame["paragraph"] == 0]
    body = frame[frame["paragraph"] > 0]
    lede_score = float(_summary(lede)["weighted_mean"])
    body_score = float(_summary(body)["weighted_mean"])
    if article.title:
        return HeadlineComparison(
            article.title, "title", score_sentiment(article.title), lede_score, body_score
        )
    first = article.paragraphs[0].of(article.text) if article.paragraphs else ""
    return HeadlineComparison(first, "lede", lede_score, lede_score, body_score)


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A proper-noun sequence in the text, with the canonical name it was merged into."""

    entity: str
    start: int
    end: int
    text: str
    sentence: int


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


@functools.cache
def _pattern_tagger() -> Any:
    from textblob.en.taggers import PatternTagger

    return PatternTagger()


def _tags(tokens: Sequence[str]) -> list[str]:
    """Pattern's Penn tags for pre-split tokens (capitalisation fallback on a mismatch)."""
    tagged = _pattern_tagger().tag(" ".join(tokens), tokenize=False)
    if len(tagged) == len(tokens):
        return [tag for _, tag in tagged]
    return ["NNP" if _is_capitalised(t) else "NN" for t in tokens]


def _initial_positions(names: Sequence[str]) -> set[int]:
    """Token positions where any word is capitalised: the sentence's first word, and the first
    word after an opening quotation mark or a colon."""
    initial: set[int] = set()
    expect = True
    for position, name in enumerate(names):
        if any(ch.isalnum() for ch in name):
            if expect:
                initial.add(position)
            expect = False
        elif name in {'"', "'", ":", "(", "-"}:
            expect = True
    return initial


def _strip_titles(parts: list[str]) -> list[str]:
    titles = [j for j, part in enumerate(parts[:-1]) if part.lower().rstrip(".") in ENTITY_TITLES]
    return parts[titles[-1] + 1 :] if titles else parts


def entity_mentions(article: Article) -> list[EntityMention]:
    """Named people, organisations and places: proper-noun sequences, merged like speakers.

    A light offline finder: runs of tokens tagged ``NNP``/``NNPS`` by TextBlob's Pattern tagger
    (capitalised words adjoining them, and "of"/"on"/"for" between capitalised words, join the
    run); a name starts after its last title ("Foreign Minister Sergey Lavrov") and loses
    stop words and calendar words at its edges; a one-word name where every word is
    capitalised (a sentence start, after an opening quotation mark) is kept only if the word is
    capitalised elsewhere in the article and never written in lower case; a name that ends a
    longer one ("Bondarev", "Boris Bondarev") is merged into the longest.

    Examples:
        >>> from newslib import load_article
        >>> a = load_article("Boris Bondarev resigned. Bondarev said the United Nations knew.")
        >>> for mention in entity_mentions(a):
        ...     print(mention.entity, "|", mention.text)
        Boris Bondarev | Boris Bondarev
        Boris Bondarev | Bondarev
        United Nations | United Nations
    """
    text = article.text
    stop = word_list("stopwords_en.txt")
    tokenised: list[tuple[int, list[Token], list[str], set[int]]] = []
    inside_capitals: set[str] = set()  # capitalised words seen away from a sentence start
    lower_words: set[str] = set()
    for sentence in sentences(article):
        tokens = [t for t in tokenize(text, sentence.start, sentence.end) if not t.text.isspace()]
        names = [normalise(t.text) for t in tokens]
        initial = _initial_positions(names)
        for position, name in enumerate(names):
            if name.islower():
                lower_words.add(name)
            elif _is_capitalised(name) and position not in initial:
                inside_capitals.add(name)
        tokenised.append((sentence.index, tokens, names, initial))
    raw: list[tuple[int, int, list[str], int]] = []
    for index, tokens, names, initial in tokenised:
        if not tokens:
            continue
        tags = _tags(names)
        k = 0
        while k < len(tokens):
            if not (tags[k].startswith("NNP") and _is_capitalised(names[k])):
                k += 1
                continue
            first = k
            if first > 1 and tags[first - 1] == "JJ" and _is_capitalised(names[first - 1]):
                first -= 1  # "European Union", "Russian Navy"
            last = k
            while last + 1 < len(tokens):
                nxt = names[last + 1]
                if _is_capitalised(nxt) and nxt.isalpha():
                    last += 1
                elif (
                    nxt in ENTITY_JOINERS
                    and last + 2 < len(tokens)
                    and _is_capitalised(names[last + 2])
                    and names[last + 2].isalpha()
                    and names[last + 2].lower() not in CALENDAR_WORDS
                ):
                    last += 2
                else:
                    break
            k = last + 1
            parts = _strip_titles(names[first : last + 1])
            first += last + 1 - first - len(parts)
            while parts and (parts[0].lower() in stop or parts[0].lower() in CALENDAR_WORDS):
                parts, first = parts[1:], first + 1
            while parts and (parts[-1].lower() in stop or parts[-1].lower() in CALENDAR_WORDS):
                parts, last = parts[:-1], last - 1
            key = " ".join(parts)
            if (
                len(key) < 2
                or not any(ch.isalpha() for ch in key)
                or (len(parts) == 1 and parts[0].lower().rstrip(".") in ENTITY_TITLES)
                or (
                    len(parts) == 1
                    and first in initial
                    and (parts[0] not in inside_capitals or parts[0].lower() in lower_words)
                )
                or (
                    len(parts) == 1
                    and parts[0].lower().endswith(DEMONYM_SUFFIXES)
                    and last + 1 < len(names)
                    and names[last + 1].islower()
                )
            ):
                continue
            raw.append((tokens[first].start, tokens[last].end, parts, index))
    canon = _canonical_names([" ".join(parts) for _, _, parts, _ in raw])
    return [
        EntityMention(canon[" ".join(parts)], start, end, text[start:end], index)
        for start, end, parts, index in raw
    ]


def _canonical_names(names: Iterable[str]) -> dict[str, str]:
    """Map each name to the longest name that ends with it ("Bondarev" -> "Boris Bondarev")."""
    unique = sorted(set(names), key=lambda n: (-len(n.split()), n))
    mapping: dict[str, str] = {}
    for name in unique:
        parts = name.split()
        target = name
        for longer in unique:
            longer_parts = longer.split()
            if len(longer_parts) > len(parts) and longer_parts[-len(parts) :] == parts:
                target = mapping.get(longer, longer)
                break
        mapping[name] = target
    return mapping


def entity_sentiment(article: Article, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each entity, the sentiment of the sentences that mention it.

    Columns: ``entity``, ``mentions``, ``n_sentences``, ``mean`` (mean sentence score),
    ``share_positive``, ``share_negative`` (of those sentences), ``sentences`` (their indices).
    Sorted by mentions, then name.

    Examples:
        >>> from newslib import load_article
        >>> a = load_article("Boris Bondarev is a hero. Bondarev was praised. Rain in Paris.")
        >>> entity_sentiment(a)[["entity", "mentions", "n_sentences"]].values.tolist()
        [['Boris Bondarev', 2, 2], ['Paris', 1, 1]]
    """
    scored = sentence_scores(article, quotes=quotes)
    arc = scored[scored["score"].notna()].set_index("sentence")
    mentions = entity_mentions(article)
    rows: list[dict[str, object]] = []
    by_entity: dict[str, list[EntityMention]] = {}
    for mention in mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
    for entity, found in by_entity.items():
        indices = sorted({m.sentence for m in found if m.sentence in arc.index})
        scores = arc.loc[indices, "score"] if indices else pd.Series(dtype=float)
        rows.append(
            {
                "entity": entity,
                "mentions": len(found),
                "n_sentences": len(indices),
                "mean": float(scores.mean()) if len(scores) else math.nan,
                "share_positive": float((scores >= POSITIVE_THRESHOLD).mean())
                if len(scores)
                else math.nan,
                "share_negative": float((scores <= NEGATIVE_THRESHOLD).mean())
                if len(scores)
                else math.nan,
                "sentences": indices,
            }
        )
    columns = [
        "entity",
        "mentions",
        "n_sentences",
        "mean",
        "share_positive",
        "share_negative",
        "sentences",
    ]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["mentions", "entity"], ascending=[False, True], ignore_index=True)
