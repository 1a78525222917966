"""Rhetoric: who speaks, with which verbs, and with what language, traced to the words.

Every measure returns :class:`Device` rows: the measure and its category, the matched words
with their ``start``/``end`` offsets into ``article.text``, the sentence and paragraph numbers,
and the ``voice`` the words are in (``"narrator"`` outside quotations, else the quotation's
speaker, from :mod:`newslib.quotes`, assigned by :func:`newslib.sentiment.voice_spans` as in
sentiment). :func:`rhetoric_frame` gathers all rows of all measures,
:func:`rhetoric_summary` counts them per 1,000 words, :func:`highlight_html` renders the article
with its quotations coloured by speaker.

Measures and their sources (thresholds in :class:`RhetoricConfig`):

* ``voice``: words in quotations by speaker, and the narrator's own words;
* ``reporting_verb``: the cue of each quotation, neutral or evaluative (``newslib.quotes``);
* ``loaded_language``: VADER high-intensity words, |valence| >= 2.5 (Hutto & Gilbert, 2014;
  read at run time from the installed ``vaderSentiment`` package), plus ``loaded_terms_en.txt``;
* ``name_calling``: pejorative labels (``name_calling_en.txt``), ``-phobe``/``anti-X`` labels,
  "so-called" and scare quotes;
* ``hedge_booster``: Hyland (2005) hedges and boosters;
* ``intensifier``: VADER's booster words (``BOOSTER_DICT``), intensifiers and downtoners;
* ``modality``: obligation, possibility, prediction (Biber et al., 1999);
* ``stance``: first-person (I, we) against second and third person (you, they);
* ``question_exclamation``: questions and exclamations;
* ``repetition``: repeated phrases and anaphora (consecutive sentences opening alike);
* ``exaggeration``: superlatives and absolutes (extreme case formulations, Pomerantz, 1986).
"""

from __future__ import annotations

import bisect
import functools
import html
import importlib.resources
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from newslib.articles import Article
from newslib.errors import ResourceError
from newslib.quotes import quotes as find_quotes
from newslib.resources import data_path, word_list
from newslib.sentiment import voice_spans
from newslib.tables import Row, TableSchema
from newslib.text import normalise, sentences, word_columns, words

#: The voice of words outside any quotation.
NARRATOR = "narrator"
#: The voice of a quotation whose speaker is not known.
UNATTRIBUTED = "unattributed"

#: Columns of :func:`rhetoric_frame`, in order.
#: The rhetoric table (:func:`rhetoric_frame`): one row per device.
DEVICE_TABLE = TableSchema.of(
    ("measure", "str"),
    ("category", "str"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "str"),
    ("sentence", "int64"),
    ("paragraph", "int64"),
    ("voice", "str"),
)
DEVICE_COLUMNS = list(DEVICE_TABLE.columns)
#: Columns of :func:`rhetoric_summary`, in order.
SUMMARY_COLUMNS = ["measure", "category", "count", "per_1000_words", "n_words"]
#: Columns of :func:`voice_frame`, in order.
VOICE_COLUMNS = ["voice", "speaker_type", "n_quotes", "words", "share"]

#: Measures in the order :func:`rhetoric_frame` computes and :func:`rhetoric_summary` lists them.
MEASURES = (
    "voice",
    "reporting_verb",
    "loaded_language",
    "name_calling",
    "hedge_booster",
    "intensifier",
    "modality",
    "stance",
    "question_exclamation",
    "repetition",
    "exaggeration",
)

#: First-person and other-person pronouns (closed class; Biber et al., 1999, sec. 4.13).
STANCE_PRONOUNS: dict[str, str] = {
    **dict.fromkeys(("i", "me", "my", "mine", "myself"), "I"),
    **dict.fromkeys(("we", "us", "our", "ours", "ourselves"), "we"),
    **dict.fromkeys(("you", "your", "yours", "yourself", "yourselves"), "you"),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), "they"),
}

#: VADER boosters that are also common determiners/adjectives ("more people", "so the"): counted
#: as intensifiers only before a word in VADER's lexicon, as VADER itself applies them.
AMBIGUOUS_BOOSTERS = frozenset(
    {
        "more",
        "most",
        "less",
        "little",
        "major",
        "total",
        "so",
        "considerable",
        "enormous",
        "extreme",
        "exceptional",
        "incredible",
        "occasional",
        "scarce",
        "slight",
        "marginal",
        "tremendous",
        "utter",
        "kind of",
        "sort of",
        "just enough",
    }
)

#: Reporting words that make news boilerplate repeat ("Bondarev said", "told the Associated
#: Press"); a repeated phrase needs a lower-case content word outside this set.
REPORTING_WORDS = frozenset(
    {
        "said",
        "says",
        "say",
        "told",
        "tells",
        "tell",
        "wrote",
        "writes",
        "added",
        "adds",
        "asked",
        "according",
        "reported",
        "stated",
    }
)

#: Punctuation that closes a clause inside a sentence, for question and exclamation spans.
_MARKS_AND_BREAKS = re.compile(r'[?!]+|[.;:"“”«»\n]')
_HAS_WORD = re.compile(r"[^\W_]")
_QUOTE_CHARS = "\"'“”‘’«» \t\n-–—("


@dataclass(frozen=True, slots=True)
class RhetoricConfig:
    """Thresholds of the rhetoric measures.

    Attributes:
        vader_threshold: Least |valence| of a VADER lexicon entry to count as loaded language
            (VADER's scale runs -4..4; 2.5 keeps its "strong" words, about 800 of 7,500).
        ngram_min: Fewest words in a repeated phrase.
        ngram_max: Most words in a repeated phrase (longer repeats are found as overlapping
            phrases of this length).
        min_repeats: Least number of occurrences of a phrase to count as repetition.
        min_content_words: Least number of non-stop-words in a repeated phrase.
        anaphora_words: Number of opening words two consecutive sentences must share.
    """

    vader_threshold: float = 2.5
    ngram_min: int = 2
    ngram_max: int = 5
    min_repeats: int = 2
    min_content_words: int = 2
    anaphora_words: int = 2


DEFAULT_CONFIG = RhetoricConfig()


@dataclass(frozen=True, slots=True)
class Device:
    """One match of a rhetoric measure, traceable to its words.

    Attributes:
        measure: The measure (one of :data:`MEASURES`).
        category: Its category, e.g. ``"hedge"``, ``"negative"``, ``"anaphora"``.
        start: Offset of the first matched character in ``article.text``.
        end: Offset after the last matched character.
        text: ``article.text[start:end]``.
        sentence: Number of the sentence holding ``start`` (see :func:`newslib.sentences`).
        paragraph: Number of its paragraph.
        voice: ``"narrator"``, or the speaker of the quotation holding ``start``.
    """

    measure: str
    category: str
    start: int
    end: int
    text: str
    sentence: int
    paragraph: int
    voice: str


# --------------------------------------------------------------------------------------------
# Lexicons


def _phrase_key(phrase: str) -> tuple[str, ...]:
    """A lexicon entry as the lower-cased word keys the article's tokens are matched on."""
    return tuple(token.text.lower() for token in words(normalise(phrase)))


@functools.cache
def _vader_entries() -> dict[str, float]:
    try:
        raw = importlib.resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
        content = raw.read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError) as exc:  # pragma: no cover - dependency missing
        raise ResourceError(
            "VADER lexicon not available: install it with `pip install vaderSentiment`"
        ) from exc
    entries: dict[str, float] = {}
    for line in content.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                entries[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return entries


@functools.cache
def vader_loaded_words(threshold: float = 2.5) -> dict[str, float]:
    """VADER lexicon words with |valence| >= ``threshold``, less ``vader_excluded.txt``.

    Read at run time from the ``vader_lexicon.txt`` of the installed ``vaderSentiment``
    (Hutto & Gilbert, 2014, MIT licence); only entries made of letters (and ``'``/``-``) are kept,
    so emoticons never match.

    Examples:
        >>> lexicon = vader_loaded_words()
        >>> lexicon["horrific"] < -2.5, "killed" in lexicon, "said" in lexicon
        (True, False, False)
    """
    excluded = word_list("vader_excluded.txt")
    return {
        word: value
        for word, value in _vader_entries().items()
        if abs(value) >= threshold
        and word not in excluded
        and word[:1].isalpha()
        and all(char.isalpha() or char in "'-" for char in word)
    }


@functools.cache
def intensifier_words() -> dict[str, str]:
    """VADER's ``BOOSTER_DICT``: ``"intensifier"`` for increments, ``"downtoner"`` for decrements.

    Examples:
        >>> intensifier_words()["very"], intensifier_words()["slightly"]
        ('intensifier', 'downtoner')
    """
    try:
        from vaderSentiment.vaderSentiment import BOOSTER_DICT
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ResourceError(
            "VADER booster words not available: install it with `pip install vaderSentiment`"
        ) from exc
    return {
        str(word).lower(): "intensifier" if float(value) > 0 else "downtoner"
        for word, value in BOOSTER_DICT.items()
        if not any(part in str(word) for part in ("fuck", "fugg", "frick", "frigg", "frack"))
    }


@functools.cache
def _tagged_lexicon(name: str) -> dict[tuple[str, ...], str]:
    """``phrase<TAB>category`` lines of ``newslib/data/<name>`` keyed by word keys."""
    lexicon: dict[tuple[str, ...], str] = {}
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].rstrip()
        if not entry.strip():
            continue
        phrase, _, category = entry.partition("\t")
        key = _phrase_key(phrase.strip())
        if key:
            lexicon[key] = category.strip() or name
    return lexicon


@functools.cache
def _plain_lexicon(name: str, category: str) -> dict[tuple[str, ...], str]:
    lexicon: dict[tuple[str, ...], str] = {}
    for phrase in sorted(word_list(name)):
        key = _phrase_key(phrase)
        if key:
            lexicon[key] = category
    return lexicon


@functools.cache
def _hedge_booster_lexicon() -> dict[tuple[str, ...], str]:
    return {
        **_plain_lexicon("hedges_hyland2005.txt", "hedge"),
        **_plain_lexicon("boosters_hyland2005.txt", "booster"),
    }


class _PhraseIndex:
    """Longest-match lookup of phrases (tuples of word keys) by their first word."""

    __slots__ = ("_by_first", "first_words")

    def __init__(self, lexicon: dict[tuple[str, ...], str]) -> None:
        # By first word, then by length, longest first: a match tries one slice of the keys
        # per length ("in" starts nine phrases of two lengths), not one per phrase.
        by_first: dict[str, dict[int, dict[tuple[str, ...], str]]] = defaultdict(dict)
        for key, category in lexicon.items():
            by_first[key[0]].setdefault(len(key), {})[key] = category
        self._by_first = {
            first: sorted(by_length.items(), reverse=True) for first, by_length in by_first.items()
        }
        self.first_words = frozenset(by_first)

    def candidates(self, tokens: _Tokens) -> list[int]:
        """Indices of ``tokens`` where a phrase may start (its first word matches), ascending."""
        return tokens.where(self.first_words)

    def match(self, keys: Sequence[str], i: int) -> tuple[int, str] | None:
        """Length and category of the longest phrase starting at ``keys[i]``, if any."""
        for n, phrases in self._by_first.get(keys[i], ()):
            category = phrases.get(tuple(keys[i : i + n]))
            if category is not None:
                return n, category
        return None


@functools.cache
def _index(name: str) -> _PhraseIndex:
    lexicons: dict[str, Callable[[], dict[tuple[str, ...], str]]] = {
        "hedge_booster": _hedge_booster_lexicon,
        "modality": lambda: _tagged_lexicon("modality_en.txt"),
        "exaggeration": lambda: _tagged_lexicon("exaggeration_en.txt"),
        "name_calling": lambda: _plain_lexicon("name_calling_en.txt", "label"),
        "loaded_terms": lambda: _plain_lexicon("loaded_terms_en.txt", "loaded_term"),
        "intensifier": lambda: {_phrase_key(w): c for w, c in intensifier_words().items()},
    }
    return _PhraseIndex(lexicons[name]())


# --------------------------------------------------------------------------------------------
# Article-level lookups (cached per article)


@dataclass(frozen=True, slots=True)
class _Quote:
    start: int
    end: int
    kind: str
    speaker: str
    speaker_type: str
    cue_start: int | None
    cue_end: int | None
    cue_category: str


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value)) if not isinstance(value, str) else False


def _clean(value: Any, default: str = "") -> str:
    if _missing(value):
        return default
    text = str(value)
    return text if text.strip() else default


def _offset(value: Any) -> int | None:
    return None if _missing(value) else int(value)


@functools.lru_cache(maxsize=64)
def _quotes(article: Article) -> tuple[_Quote, ...]:
    """The article's quotations from :func:`newslib.quotes.quotes`, in rhetoric's terms."""
    found = [
        _Quote(
            start=quote.start,
            end=quote.end,
            kind=quote.kind or "speech",
            speaker=_clean(quote.speaker, UNATTRIBUTED),
            speaker_type=_clean(quote.speaker_type, "unknown"),
            cue_start=quote.cue_start,
            cue_end=quote.cue_end,
            cue_category=_clean(quote.cue_category, "unknown"),
        )
        for quote in find_quotes(article)
    ]
    return tuple(sorted(found, key=lambda q: (q.start, -q.end)))


class _Locator:
    """Sentence, paragraph and voice of a character offset, by binary search."""

    __slots__ = (
        "_paragraphs",
        "_sent_starts",
        "_sentences",
        "_voice_owner",
        "_voice_starts",
        "text",
    )

    def __init__(self, article: Article) -> None:
        self.text = article.text
        found = sentences(article)
        self._sent_starts = [s.start for s in found]
        self._sentences = [(s.index, s.paragraph) for s in found]
        self._paragraphs = [p.start for p in article.paragraphs]
        self._voice_starts, self._voice_owner = _voice_changes(voice_spans(article))

    def sentence(self, offset: int) -> tuple[int, int]:
        """``(sentence, paragraph)`` of ``offset``; ``(-1, paragraph)`` outside sentences."""
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        if i >= 0:
            return self._sentences[i]
        return -1, max(bisect.bisect_right(self._paragraphs, offset) - 1, 0)

    @property
    def sentence_starts(self) -> list[int]:
        """Start offset of each sentence, in order."""
        return self._sent_starts

    @property
    def segment_starts(self) -> list[int]:
        """Offsets where the voice changes."""
        return self._voice_starts

    @property
    def segment_owners(self) -> list[str]:
        """The voice from each of :attr:`segment_starts` on."""
        return self._voice_owner

    def voice(self, offset: int) -> str:
        """The voice of ``offset``: :func:`newslib.sentiment.voice_spans`, else narrator."""
        i = bisect.bisect_right(self._voice_starts, offset) - 1
        return self._voice_owner[i] if i >= 0 else NARRATOR


def _voice_changes(spans: Iterable[tuple[int, int, str]]) -> tuple[list[int], list[str]]:
    """Offsets where the voice changes and the voice from each on, from voice spans."""
    starts: list[int] = []
    owners: list[str] = []

    def change(position: int, owner: str) -> None:
        if starts and starts[-1] == position:
            starts.pop()
            owners.pop()
        if (owners[-1] if owners else NARRATOR) != owner:
            starts.append(position)
            owners.append(owner)

    for start, end, voice in spans:
        if end > start:
            change(start, voice)
            change(end, NARRATOR)
    return starts, owners


@functools.lru_cache(maxsize=64)
def _locator(article: Article) -> _Locator:
    return _Locator(article)


@dataclass(frozen=True, slots=True)
class _Tokens:
    """The article's word tokens, column by column, and its distinct keys.

    ``where`` lets a measure visit only the tokens whose key it looks for (lexicon words are
    a few per cent of an article's tokens) instead of testing each in Python.
    """

    starts: list[int]
    ends: list[int]
    keys: list[str]
    texts: list[str]
    #: The article's distinct keys, to intersect lexicons with.
    vocabulary: frozenset[str]
    #: The article's keys that some measure looks for (:func:`_looked_for`), and the indices
    #: (ascending) and keys of all tokens with such a key: a sixth of the tokens or so.
    known: frozenset[str]
    known_at: list[int]
    known_keys: list[str]

    def where(self, *wanted: frozenset[str]) -> list[int]:
        """Indices of the tokens whose key is in one of ``wanted``, ascending."""
        vocabulary = self.vocabulary
        hits: frozenset[str] = frozenset()
        for lexicon in wanted:
            hits |= vocabulary & lexicon  # & iterates the smaller set
        if not hits:
            return []
        # The scan runs in C (no bytecode per token). An index of every key's positions was
        # as fast to build, but its hundreds of lists per cached article made the garbage
        # collector's passes longer for every stage.
        if hits <= self.known:
            # Every token with a key in hits is among the known ones: scan only those.
            return list(itertools.compress(self.known_at, map(hits.__contains__, self.known_keys)))
        return list(itertools.compress(range(len(self.keys)), map(hits.__contains__, self.keys)))


@functools.lru_cache(maxsize=64)
def _tokens(article: Article) -> _Tokens:
    text = article.text
    # The words as the columns the text's cached scan holds, and keys by C-level maps, not a
    # Python loop per token (a key is the token in lower case, normalised:
    # ``normalise(text)[start:end].lower()``).
    columns = word_columns(text)
    starts, ends, texts = columns.starts, columns.ends, columns.texts
    if "Σ" in text:
        # Capital sigma lower-cases by its neighbours (final "ς" or "σ"), which normalising
        # could change: lower-case each token as it reads normalised.
        keys = [normalise(word).lower() for word in texts]
    else:
        # Lower-casing and normalising commute character by character (the characters
        # normalise maps have no case and map to ASCII without case, and no lower case of
        # another character contains one: tests/test_rhetoric_fast_paths.py checks every
        # code point), so each key is the token lower-cased, then normalised when it is not
        # ASCII (few are; normalise leaves ASCII as it is).
        keys = list(map(str.lower, texts))
        if not text.isascii():
            keys = [key if key.isascii() else normalise(key) for key in keys]
    vocabulary = frozenset(keys)
    known = vocabulary & _looked_for()
    # (Every key is in the vocabulary: testing it against the article's few known keys is
    # testing it against all the keys looked for.)
    known_at = list(itertools.compress(range(len(keys)), map(known.__contains__, keys)))
    return _Tokens(
        starts=starts,
        ends=ends,
        keys=keys,
        texts=texts,
        vocabulary=vocabulary,
        known=known,
        known_at=known_at,
        known_keys=list(map(keys.__getitem__, known_at)),
    )


@functools.cache
def _looked_for() -> frozenset[str]:
    """The keys the measures look for with :data:`DEFAULT_CONFIG` (what ``_Tokens.where`` is
    asked for): one scan of the article's keys finds the tokens every measure visits."""
    return frozenset().union(
        _loaded_first_words(DEFAULT_CONFIG.vader_threshold),
        *(
            _index(name).first_words
            for name in ("name_calling", "hedge_booster", "modality", "intensifier", "exaggeration")
        ),
        _SO_CALLED,
        _STANCE_KEYS,
        _SUPERLATIVE_KEYS,
    )


def _device(locator: _Locator, measure: str, category: str, start: int, end: int) -> Device:
    sentence, paragraph = locator.sentence(start)
    return Device(
        measure,
        category,
        start,
        end,
        locator.text[start:end],
        sentence,
        paragraph,
        locator.voice(start),
    )


#: Lexicon words that are also common proper nouns (the month May, the name Will): at the
#: start of a clause they count only before a subject pronoun ("May I ...", "Will they ...").
CAPITALISED_HOMOGRAPHS = frozenset({"may", "will"})
#: Subject pronouns that make a clause-initial "May"/"Will" a modal (a question or a wish).
SUBJECT_PRONOUNS = frozenset(
    {"i", "you", "we", "they", "he", "she", "it", "there", "this", "that", "these", "those"}
)
# Characters ending the gap before a clause-initial word: sentence and clause marks, an
# opening quotation mark or bracket, a dash, a line break.
_CLAUSE_OPENERS = frozenset('.!?:;"“‘([—–\n')


def _clause_initial(text: str, tokens: _Tokens, sentence_starts: Sequence[int], i: int) -> bool:
    """Whether token ``i`` opens its sentence or a clause (after a mark, quote or dash)."""
    start = tokens.starts[i]
    previous_end = tokens.ends[i - 1] if i else -1
    j = bisect.bisect_right(sentence_starts, start) - 1
    if j >= 0 and sentence_starts[j] > previous_end:
        return True
    gap = text[max(previous_end, 0) : start].rstrip(" \t")
    return not gap or gap[-1] in _CLAUSE_OPENERS or "\n" in gap


def _proper_noun_hit(text: str, tokens: _Tokens, sentence_starts: Sequence[int], i: int) -> bool:
    """Whether a lexicon hit at token ``i`` is a name or a month rather than the lexicon word.

    A capitalised word inside a clause ("in May", "Will Smith said") is a proper noun; at the
    start of a clause a word of :data:`CAPITALISED_HOMOGRAPHS` is one unless a subject pronoun
    follows ("May I ask", "Will they act?" are modals; "May 5 is the deadline" is a month).
    """
    if not tokens.texts[i][:1].isupper():
        return False
    if not _clause_initial(text, tokens, sentence_starts, i):
        return True
    if tokens.keys[i] not in CAPITALISED_HOMOGRAPHS:
        return False
    following = tokens.keys[i + 1] if i + 1 < len(tokens.keys) else ""
    return following not in SUBJECT_PRONOUNS


def _lexicon_devices(article: Article, measure: str, index: _PhraseIndex) -> list[Device]:
    """Lexicon matches, longest first and non-overlapping, skipping proper nouns.

    A hit is skipped when its first word is a name or a month (:func:`_proper_noun_hit`).
    """
    loc = _locator(article)
    tokens = _tokens(article)
    keys = tokens.keys
    sentence_starts = loc.sentence_starts
    found: list[Device] = []
    free = 0  # matches do not overlap: the next may start here
    for i in index.candidates(tokens):
        if i < free:
            continue
        hit = index.match(keys, i)
        if hit is None:
            continue
        if _proper_noun_hit(article.text, tokens, sentence_starts, i):
            continue
        n, category = hit
        found.append(_device(loc, measure, category, tokens.starts[i], tokens.ends[i + n - 1]))
        free = i + n
    return found


# --------------------------------------------------------------------------------------------
# Measures


def voice_devices(article: Article) -> list[Device]:
    """One row per speech quotation: category = speaker type, voice = speaker.

    Without :mod:`newslib.quotes` there are no quotations and no rows.

    Examples:
        >>> from newslib.articles import load_article
        >>> voice_devices(load_article("No quotations here."))
        []
    """
    loc = _locator(article)
    return [
        _device(loc, "voice", q.speaker_type, q.start, q.end)
        for q in _quotes(article)
        if q.kind == "speech"
    ]


def _words_per_voice(article: Article) -> Counter[str]:
    """Word tokens per voice, counted segment by segment (binary search on token starts)."""
    starts = _tokens(article).starts
    locator = _locator(article)
    counts: Counter[str] = Counter()
    bounds = [0, *locator.segment_starts, len(article.text) + 1]
    owners = [NARRATOR, *locator.segment_owners]
    for owner, (low, high) in zip(owners, itertools.pairwise(bounds), strict=True):
        n = bisect.bisect_left(starts, high) - bisect.bisect_left(starts, low)
        if n:
            counts[owner] += n
    return counts


def voice_frame(article: Article) -> pd.DataFrame:
    """Words per voice: ``voice, speaker_type, n_quotes, words, share`` (narrator included).

    Each word has the voice :func:`newslib.sentiment.voice_spans` gives it (as in
    :func:`newslib.sentiment_frame`): the speaker of the top-level quotation holding it, speech
    or scare quotes (``unattributed`` without a speaker; a nested quotation stays with the
    outer voice), else the narrator. Rows: the narrator, the speakers of speech quotations in
    order of first quotation, then any other voice with words. ``share`` sums to 1.

    Examples:
        >>> from newslib.articles import load_article
        >>> voice_frame(load_article("It rained all day.")).to_dict("records")
        [{'voice': 'narrator', 'speaker_type': 'narrator', 'n_quotes': 0, 'words': 4, 'share': 1.0}]
    """
    counts = _words_per_voice(article)
    quotes = [q for q in _quotes(article) if q.kind == "speech"]
    n_quotes = Counter(q.speaker for q in quotes)
    types: dict[str, str] = {NARRATOR: NARRATOR}
    for quote in quotes:
        types.setdefault(quote.speaker, quote.speaker_type)
    total = sum(counts.values())
    order = [NARRATOR] + [v for v in dict.fromkeys(q.speaker for q in quotes) if v != NARRATOR]
    order += [v for v in counts if v not in order]
    rows = [
        {
            "voice": voice,
            "speaker_type": types.get(voice, "unknown"),
            "n_quotes": n_quotes.get(voice, 0),
            "words": counts.get(voice, 0),
            "share": round(counts.get(voice, 0) / total, 4) if total else 0.0,
        }
        for voice in order
    ]
    return pd.DataFrame(rows, columns=VOICE_COLUMNS)


def reporting_verbs(article: Article) -> list[Device]:
    """The reporting verb (cue) of each quotation: category ``neutral``/``evaluative``/...

    Categories come from the ``cue_category`` of :func:`newslib.quotes.quote_frame`; a cue
    shared by the parts of a split quotation is counted once.

    Examples:
        >>> from newslib.articles import load_article
        >>> reporting_verbs(load_article("Nobody spoke."))
        []
    """
    loc = _locator(article)
    found: dict[tuple[int, int], Device] = {}
    for quote in _quotes(article):
        if quote.cue_start is None or quote.cue_end is None or quote.cue_end <= quote.cue_start:
            continue
        span = (quote.cue_start, quote.cue_end)
        if span not in found:
            device = _device(loc, "reporting_verb", quote.cue_category, *span)
            # The verb reports the quotation's speaker, not the voice the verb sits in.
            found[span] = Device(
                device.measure,
                device.category,
                device.start,
                device.end,
                device.text,
                device.sentence,
                device.paragraph,
                quote.speaker,
            )
    return sorted(found.values(), key=lambda d: d.start)


def reporting_verb_profile(article: Article) -> pd.DataFrame:
    """Reporting verbs per speaker and category: ``voice, category, count, verbs``.

    Examples:
        >>> from newslib.articles import load_article
        >>> reporting_verb_profile(load_article("Nobody spoke.")).empty
        True
    """
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for device in reporting_verbs(article):
        rows[(device.voice, device.category)].append(normalise(device.text).lower())
    records = [
        {"voice": voice, "category": category, "count": len(verbs), "verbs": ", ".join(verbs)}
        for (voice, category), verbs in rows.items()
    ]
    return pd.DataFrame(records, columns=["voice", "category", "count", "verbs"])


#: Titles before a name ("Dr. Fool"), lower case without the full stop.
NAME_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "st", "sir"})


def _is_name_part(tokens: _Tokens, i: int) -> bool:
    """True for a capitalised word next to another capitalised word (``Great Britain``) or
    after a title (``Dr. Fool``)."""
    if not tokens.texts[i][:1].isupper():
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens.texts) and tokens.texts[j][:1].isupper():
            gap = tokens.starts[max(i, j)] - tokens.ends[min(i, j)]
            if gap <= 1 or (j == i - 1 and gap <= 2 and tokens.keys[j] in NAME_TITLES):
                return True
    return False


def loaded_language(article: Article, *, config: RhetoricConfig = DEFAULT_CONFIG) -> list[Device]:
    """Strongly emotive words (VADER |valence| >= threshold) and loaded terms.

    Categories: ``negative``/``positive`` (VADER sign) and ``loaded_term``
    (``loaded_terms_en.txt``). An intensifier right before the word joins the span
    ("so outlandish"). Capitalised words inside names ("Great Britain") are skipped.

    Examples:
        >>> from newslib.articles import load_article
        >>> [(d.category, d.text) for d in loaded_language(load_article(
        ...     "It was a truly horrific and utterly absurd scheme, the mayor said."))]
        [('negative', 'horrific'), ('loaded_term', 'utterly absurd')]
        >>> loaded_language(load_article("The council met on Tuesday."))
        []
    """
    lexicon = vader_loaded_words(config.vader_threshold)
    terms = _index("loaded_terms")
    boosters = intensifier_words()
    loc = _locator(article)
    tokens = _tokens(article)
    keys = tokens.keys
    found: list[Device] = []
    free = 0  # a hit covers its words, a skipped name part too: the next may start here
    # Only a VADER word or a loaded term's first word can start a hit.
    for i in tokens.where(_loaded_first_words(config.vader_threshold)):
        if i < free:
            continue
        key = keys[i]
        if key in lexicon:
            n, category = 1, "negative" if lexicon[key] < 0 else "positive"
        else:
            hit = terms.match(keys, i)
            if hit is None:
                continue
            n, category = hit
        free = i + n
        if _is_name_part(tokens, i):
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
            _device(loc, "loaded_language", category, tokens.starts[first], tokens.ends[i + n - 1])
        )
    return found


@functools.cache
def _loaded_first_words(threshold: float) -> frozenset[str]:
    """Keys that may start a :func:`loaded_language` hit: VADER words and loaded terms' first
    words."""
    return frozenset(vader_loaded_words(threshold)) | _index("loaded_terms").first_words


#: Keys :func:`name_calling` looks at besides its labels: "so-called" and "so" ("so called").
_SO_CALLED = frozenset({"so-called", "so"})
_PHOBE_SUFFIXES = ("phobe", "phobes", "phobic")


def name_calling(article: Article) -> list[Device]:
    """Labels for people and groups.

    Categories: ``label`` (``name_calling_en.txt``), ``affix_label`` (``anti-`` + a capitalised
    name, ``-phobe``/``-phobic`` words), ``so_called`` ("so-called" and the next word or quoted
    term) and ``scare_quote`` (quotations of kind ``term`` from :mod:`newslib.quotes`).

    Examples:
        >>> from newslib.articles import load_article
        >>> text = "The so-called experts, a gang of globalist thugs and anti-American zealots."
        >>> for d in name_calling(load_article(text)):
        ...     print(d.category, d.text)
        so_called so-called experts
        label globalist
        label thugs
        affix_label anti-American
        label zealots
    """
    loc = _locator(article)
    tokens = _tokens(article)
    keys = tokens.keys
    labels = _index("name_calling")
    # A token whose key is no label's first word, not "so"/"so-called" and has no affix matches
    # nothing: visit only the others. (One search of the joined keys spares testing each key
    # for an affix in the usual article that has none.)
    joined = " ".join(tokens.vocabulary)
    affixed = frozenset(
        key
        for key in (tokens.vocabulary if "anti-" in joined or "phob" in joined else ())
        if key.startswith("anti-") or key.endswith(_PHOBE_SUFFIXES)
    )
    found: list[Device] = []
    free = 0  # the words of a hit are not looked at again
    for i in tokens.where(labels.first_words, _SO_CALLED, affixed):
        if i < free:
            continue
        key = keys[i]
        if key in _SO_CALLED and (key == "so-called" or keys[i + 1 : i + 2] == ["called"]):
            after = i + (1 if key == "so-called" else 2)
            if after < len(keys):
                found.append(
                    _device(loc, "name_calling", "so_called", tokens.starts[i], tokens.ends[after])
                )
                free = after + 1
                continue
        hit = labels.match(keys, i)
        if hit is not None and not _is_name_part(tokens, i):
            n, category = hit
            found.append(
                _device(loc, "name_calling", category, tokens.starts[i], tokens.ends[i + n - 1])
            )
            free = i + n
            continue
        text = tokens.texts[i]
        if (key.startswith("anti-") and text[5:6].isupper()) or key.endswith(_PHOBE_SUFFIXES):
            found.append(
                _device(loc, "name_calling", "affix_label", tokens.starts[i], tokens.ends[i])
            )
    for quote in _quotes(article):
        if quote.kind == "term" and quote.end > quote.start:
            found.append(_device(loc, "name_calling", "scare_quote", quote.start, quote.end))
    return sorted(found, key=lambda d: (d.start, d.end))


def hedges_boosters(article: Article) -> list[Device]:
    """Hedges and boosters of Hyland (2005), categories ``hedge`` and ``booster``.

    Examples:
        >>> from newslib.articles import load_article
        >>> [(d.category, d.text) for d in hedges_boosters(load_article(
        ...     "It is perhaps true that she will in fact win."))]
        [('hedge', 'perhaps'), ('booster', 'true'), ('booster', 'in fact')]
    """
    return _lexicon_devices(article, "hedge_booster", _index("hedge_booster"))


def intensifiers(article: Article) -> list[Device]:
    """VADER booster words: ``intensifier`` (very, deeply) and ``downtoner`` (slightly).

    A booster counts when the next word is not a stop word nor a number (same clause); the
    ambiguous ones in :data:`AMBIGUOUS_BOOSTERS` only before a word in VADER's lexicon.

    Examples:
        >>> from newslib.articles import load_article
        >>> [(d.category, d.text) for d in intensifiers(load_article(
        ...     "A very long, deeply sad and slightly odd day. So the more people came."))]
        [('intensifier', 'very'), ('intensifier', 'deeply'), ('downtoner', 'slightly')]
    """
    loc = _locator(article)
    index = _index("intensifier")
    stop = word_list("stopwords_en.txt")
    vader = _vader_entries()
    tokens = _tokens(article)
    keys = tokens.keys
    text = article.text
    found: list[Device] = []
    free = 0
    for i in index.candidates(tokens):
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
            if ok and phrase in AMBIGUOUS_BOOSTERS:
                ok = nxt in vader
            if ok:
                found.append(
                    _device(loc, "intensifier", category, tokens.starts[i], tokens.ends[j - 1])
                )
    return found


def modality(article: Article) -> list[Device]:
    """Modal expressions: ``obligation`` (must, should, have to), ``possibility``, ``prediction``.

    Examples:
        >>> from newslib.articles import load_article
        >>> [(d.category, d.text) for d in modality(load_article(
        ...     "We have to act; they may wait, but it won’t last."))]
        [('obligation', 'have to'), ('possibility', 'may'), ('prediction', 'won’t')]
    """
    return _lexicon_devices(article, "modality", _index("modality"))


def stance(article: Article) -> list[Device]:
    """Personal pronouns: ``I`` and ``we`` (first-person stance) against ``you`` and ``they``.

    Upper-case ``US`` (the country) is not ``us``.

    Examples:
        >>> from newslib.articles import load_article
        >>> [(d.category, d.text) for d in stance(load_article("We told them: my US visa."))]
        [('we', 'We'), ('they', 'them'), ('I', 'my')]
    """
    loc = _locator(article)
    tokens = _tokens(article)
    return [
        _device(loc, "stance", STANCE_PRONOUNS[tokens.keys[i]], tokens.starts[i], tokens.ends[i])
        for i in tokens.where(_STANCE_KEYS)
        if tokens.texts[i] != "US"
    ]


_STANCE_KEYS = frozenset(STANCE_PRONOUNS)


def questions_exclamations(article: Article) -> list[Device]:
    """Questions and exclamations: the clause up to each ``?`` or ``!`` (a run counts once).

    The span starts after the previous clause break (``. ! ? ; :``, a line break or a double
    quotation mark) in the sentence; spans without a word are skipped, so bare punctuation
    yields nothing.

    Examples:
        >>> from newslib.articles import load_article
        >>> [(d.category, d.text) for d in questions_exclamations(load_article(
        ...     "“Am I worried?” he asked. Enough!!! Really?! ???"))]
        [('question', 'Am I worried?'), ('exclamation', 'Enough!!!'), ('question', 'Really?!')]
    """
    loc = _locator(article)
    text = article.text
    found: list[Device] = []
    for sentence in sentences(article):
        if "?" not in sentence.text and "!" not in sentence.text:
            continue  # only a "?" or "!" makes a row, and most sentences have neither
        clause_start = sentence.start
        for match in _MARKS_AND_BREAKS.finditer(text, sentence.start, sentence.end):
            if match.group()[0] not in "?!":
                clause_start = match.end()
                continue
            position, run_end = match.start(), match.end()
            while run_end < len(text) and text[run_end] in "?!":
                run_end += 1  # "Really?!" split by Punkt after the "?"
            start = clause_start
            while start < position and text[start] in _QUOTE_CHARS:
                start += 1
            if _HAS_WORD.search(text, start, position):
                category = "question" if "?" in text[position:run_end] else "exclamation"
                found.append(_device(loc, "question_exclamation", category, start, run_end))
            clause_start = run_end
    return found


def repetition(article: Article, *, config: RhetoricConfig = DEFAULT_CONFIG) -> list[Device]:
    """Repeated phrases and anaphora.

    ``repeated_phrase``: every occurrence of a phrase of ``ngram_min``..``ngram_max`` words
    (within a sentence) seen at least ``min_repeats`` times, with at least
    ``min_content_words`` non-stop-words, one of them lower-case and not a reporting word
    (so names and "told the Associated Press" do not count); a phrase inside a longer repeated
    one is not counted again.
    ``anaphora``: the opening ``anaphora_words`` words of consecutive sentences that share them.

    Examples:
        >>> from newslib.articles import load_article
        >>> article = load_article(
        ...     "We will fight the illegal aliens. We will win. Illegal aliens are everywhere.")
        >>> for d in repetition(article):
        ...     print(d.category, d.text)
        anaphora We will
        repeated_phrase illegal aliens
        anaphora We will
        repeated_phrase Illegal aliens
    """
    tokens = _tokens(article)
    loc = _locator(article)
    keys = tokens.keys
    sent_starts = loc.sentence_starts
    # "count >= min_repeats" as a C-level callable, for the maps below.
    often_enough = config.min_repeats.__le__

    found: list[Device] = []
    covered = bytearray(len(keys))
    # A phrase can only repeat where its first two words repeat, and those only where its
    # first word does: count the pairs after the repeated content words only (every
    # occurrence of a pair starts with the same word, so their counts are complete).
    counts = Counter(keys)
    repeated = _content_words(itertools.compress(counts, map(often_enough, counts.values())))
    firsts = list(itertools.compress(range(len(keys) - 1), map(repeated.__contains__, keys)))
    seconds = map(keys.__getitem__, map((1).__add__, firsts))
    first_pairs = list(zip(map(keys.__getitem__, firsts), seconds, strict=True))
    pairs = Counter(first_pairs)
    candidates = list(
        itertools.compress(firsts, map(often_enough, map(pairs.__getitem__, first_pairs)))
    )
    # Phrases start at a few dozen places of an article: the places of the phrases of each
    # length are gathered in one pass over them (in the order of their positions, as a pass
    # per length would). For each candidate: whether each word from it on (as far as the
    # longest phrase reaches) is a content word, and how many of those words start before the
    # next sentence does (a phrase's last word must). Whether a word is a content word is
    # read from the repeated content words: exact for every word that occurs often enough,
    # and a phrase with a word that does not (taken for no content word here) occurs too
    # seldom to count whatever its flags say, and adding it or not to its ``places`` leaves
    # the order of the others.
    width = max(config.ngram_max, config.ngram_min)
    lengths = range(max(config.ngram_min, 1), width + 1)
    # A phrase of no words would be counted nowhere (no word of it is lower-case content):
    # lengths start at one.
    places_of: dict[int, dict[tuple[str, ...], list[int]]] = {n: defaultdict(list) for n in lengths}
    flags: dict[int, list[bool]] = {}
    starts = tokens.starts
    for i in candidates:
        content_words = flags[i] = list(map(repeated.__contains__, keys[i : i + width]))
        k = bisect.bisect_right(sent_starts, starts[i])
        sentence_end = sent_starts[k] if k < len(sent_starts) else len(article.text)
        reach = bisect.bisect_left(starts, sentence_end, i, i + len(content_words)) - i
        for n in lengths:
            if n > reach:
                break
            if (
                content_words[0]
                and content_words[n - 1]
                and sum(content_words[:n]) >= config.min_content_words
            ):
                places_of[n][tuple(keys[i : i + n])].append(i)
    for n in reversed(lengths):
        places = places_of[n]
        for positions in places.values():
            if len(positions) < config.min_repeats:
                continue
            i0 = positions[0]
            if not any(
                flags[i0][j - i0]
                and not tokens.texts[j][:1].isupper()
                and keys[j] not in REPORTING_WORDS
                for j in range(i0, i0 + n)
            ):
                continue
            # Occurrences that do not overlap each other ("word word word" is one, not two).
            separate: list[int] = []
            for i in positions:
                if not separate or i >= separate[-1] + n:
                    separate.append(i)
            if len(separate) < config.min_repeats:
                continue
            for i in separate:
                if 0 not in covered[i : i + n]:
                    continue  # inside a longer repeated phrase already counted
                covered[i : i + n] = b"\x01" * n
                found.append(
                    _device(
                        loc,
                        "repetition",
                        "repeated_phrase",
                        tokens.starts[i],
                        tokens.ends[i + n - 1],
                    )
                )
    found.extend(_anaphora(article, config.anaphora_words))
    return sorted(found, key=lambda d: (d.start, d.end))


def _content_words(keys: Iterable[str]) -> frozenset[str]:
    """The content words among ``keys``: neither stop words nor numbers (keys that start with
    a digit), for :func:`repetition`."""
    words = frozenset(keys).difference(word_list("stopwords_en.txt"))
    return words.difference([key for key in words if key[:1].isdigit()])


def _anaphora(article: Article, n_words: int) -> list[Device]:
    loc = _locator(article)
    tokens = _tokens(article)
    openings: list[tuple[tuple[str, ...], int, int]] = []
    for sentence in sentences(article):
        first = bisect.bisect_left(tokens.starts, sentence.start)
        last = first + n_words - 1
        if n_words < 1 or last >= len(tokens.starts) or tokens.ends[last] > sentence.end:
            openings.append(((), 0, 0))
            continue
        key = tuple(tokens.keys[first : last + 1])
        openings.append((key, tokens.starts[first], tokens.ends[last]))
    found: list[Device] = []
    for i, (key, start, end) in enumerate(openings):
        if not key:
            continue
        before = i > 0 and openings[i - 1][0] == key
        after = i + 1 < len(openings) and openings[i + 1][0] == key
        if before or after:
            found.append(_device(loc, "repetition", "anaphora", start, end))
    return found


def exaggeration(article: Article) -> list[Device]:
    """Superlatives and absolutes (``exaggeration_en.txt``): ``superlative``, ``absolute``.

    Also ``most``/``least`` + a word that is not a stop word ("the most important").

    Examples:
        >>> from newslib.articles import load_article
        >>> text = "Nobody has ever seen the most serious crime, the worst."
        >>> [d.text for d in exaggeration(load_article(text))]
        ['Nobody', 'ever', 'most serious', 'worst']
    """
    found = _lexicon_devices(article, "exaggeration", _index("exaggeration"))
    loc = _locator(article)
    tokens = _tokens(article)
    stop = word_list("stopwords_en.txt")
    for i in tokens.where(_SUPERLATIVE_KEYS):
        if i + 1 >= len(tokens.keys):
            continue
        nxt = tokens.keys[i + 1]
        if nxt not in stop and not nxt[:1].isdigit():
            found.append(
                _device(loc, "exaggeration", "superlative", tokens.starts[i], tokens.ends[i + 1])
            )
    return sorted(found, key=lambda d: (d.start, d.end))


_SUPERLATIVE_KEYS = frozenset({"most", "least"})


# --------------------------------------------------------------------------------------------
# Frames


@functools.lru_cache(maxsize=32)
def _all_devices(article: Article, config: RhetoricConfig) -> tuple[Device, ...]:
    measures: list[Iterable[Device]] = [
        voice_devices(article),
        reporting_verbs(article),
        loaded_language(article, config=config),
        name_calling(article),
        hedges_boosters(article),
        intensifiers(article),
        modality(article),
        stance(article),
        questions_exclamations(article),
        repetition(article, config=config),
        exaggeration(article),
    ]
    return tuple(device for measure in measures for device in measure)


def rhetoric_frame(article: Article, *, config: RhetoricConfig | None = None) -> pd.DataFrame:
    """All rows of all measures, one per match, ordered by measure then position.

    Columns: ``measure, category, start, end, text, sentence, paragraph, voice``.

    Examples:
        >>> from newslib.articles import load_article
        >>> frame = rhetoric_frame(load_article("We must act now! It is perhaps too late."))
        >>> print(frame[["measure", "category", "text"]].to_string(index=False))
                     measure    category             text
               hedge_booster     booster             must
               hedge_booster       hedge          perhaps
                    modality  obligation             must
                      stance          we               We
        question_exclamation exclamation We must act now!
    """
    return DEVICE_TABLE.frame(rhetoric_rows(article, config=config))


def rhetoric_rows(article: Article, *, config: RhetoricConfig | None = None) -> list[Row]:
    """The rows of :func:`rhetoric_frame` as plain tuples, in :data:`DEVICE_TABLE` order."""
    return [
        (d.measure, d.category, d.start, d.end, d.text, d.sentence, d.paragraph, d.voice)
        for d in _all_devices(article, config or DEFAULT_CONFIG)
    ]


def rhetoric_summary(article: Article, *, config: RhetoricConfig | None = None) -> pd.DataFrame:
    """Counts of every measure and category per 1,000 words of the article.

    One row per ``(measure, category)`` found, plus an ``all`` row per measure (every measure
    listed, zero where nothing matched). For ``voice`` the count is the number of words in
    that voice (category = the speaker, ``narrator`` included), so ``per_1000_words`` is the
    voice's share in words per 1,000.

    Examples:
        >>> from newslib.articles import load_article
        >>> summary = rhetoric_summary(load_article("We must act now! It is perhaps too late."))
        >>> summary.set_index(["measure", "category"]).loc[("modality", "all"), "per_1000_words"]
        np.float64(111.11)
    """
    cfg = config or DEFAULT_CONFIG
    n_words = len(_tokens(article).keys)
    devices = _all_devices(article, cfg)
    counts: dict[str, Counter[str]] = {measure: Counter() for measure in MEASURES}
    for device in devices:
        if device.measure != "voice":
            counts[device.measure][device.category] += 1
    voices = voice_frame(article)
    counts["voice"] = Counter(dict(zip(voices["voice"], voices["words"], strict=True)))
    rows = []
    for measure in MEASURES:
        by_category = counts[measure]
        if measure != "voice":
            rows.append((measure, "all", sum(by_category.values())))
        rows.extend((measure, category, count) for category, count in sorted(by_category.items()))
    return pd.DataFrame(
        [
            {
                "measure": measure,
                "category": category,
                "count": int(count),
                "per_1000_words": round(1000 * count / n_words, 2) if n_words else 0.0,
                "n_words": n_words,
            }
            for measure, category, count in rows
        ],
        columns=SUMMARY_COLUMNS,
    )


def evidence(frame: pd.DataFrame, measure: str, *, limit: int = 20) -> pd.DataFrame:
    """The rows of one measure from :func:`rhetoric_frame`, for an evidence table.

    Examples:
        >>> from newslib.articles import load_article
        >>> evidence(rhetoric_frame(load_article("Why not?")), "question_exclamation").text.tolist()
        ['Why not?']
    """
    rows = frame[frame["measure"] == measure]
    return rows.head(limit).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# HTML

#: Background colours for speakers, in order of first quotation (ColorBrewer "Pastel1" and
#: "Set3", Brewer 2002, Apache 2.0); the narrator is never coloured.
SPEAKER_COLOURS = (
    "#fbb4ae",
    "#b3cde3",
    "#ccebc5",
    "#decbe4",
    "#fed9a6",
    "#ffffcc",
    "#e5d8bd",
    "#fddaec",
    "#8dd3c7",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
    "#fccde5",
    "#bc80bd",
)

_CSS = (
    ".newslib-rhetoric{font-family:Georgia,serif;line-height:1.6;max-width:46em}"
    ".newslib-rhetoric .quote{border-radius:3px;padding:0 1px}"
    ".newslib-rhetoric .term{border-bottom:1px dotted #555}"
    ".newslib-rhetoric .cue{text-decoration:underline;text-decoration-thickness:2px}"
    ".newslib-rhetoric .legend span.swatch{display:inline-block;width:1em;height:1em;"
    "margin:0 .3em 0 1em;vertical-align:middle;border:1px solid #999}"
)


def speaker_colours(article: Article) -> dict[str, str]:
    """Colour of each speaker, in order of first quotation (deterministic).

    Examples:
        >>> from newslib.articles import load_article
        >>> speaker_colours(load_article("No quotes."))
        {}
    """
    speakers = dict.fromkeys(q.speaker for q in _quotes(article) if q.kind == "speech")
    speakers.update(dict.fromkeys(_locator(article).segment_owners))
    speakers.pop(NARRATOR, None)
    return {s: SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)] for i, s in enumerate(speakers)}


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def highlight_html(article: Article, *, title: bool = True) -> str:
    """The article as HTML: quotations coloured by speaker, cues underlined, with a legend.

    All article text (body, title, speaker names) is HTML-escaped; the output has no scripts
    and no random ids, so the same article always renders to the same string. Quoted terms
    (scare quotes) get a dotted underline; each quotation's ``title`` attribute names its
    speaker.

    Examples:
        >>> from newslib.articles import load_article
        >>> out = highlight_html(load_article("A <script>alert(1)</script> & more."))
        >>> "<script>" in out, "&lt;script&gt;" in out
        (False, True)
    """
    text = article.text
    quotes = _quotes(article)
    colours = speaker_colours(article)
    words_by_voice = voice_frame(article).set_index("voice")["words"].to_dict()
    cues = sorted(
        {
            (q.cue_start, q.cue_end)
            for q in quotes
            if q.cue_start is not None and q.cue_end is not None
        }
    )
    cue_starts = [int(s) for s, _ in cues if s is not None]
    cue_ends = [int(e) for _, e in cues if e is not None]
    terms = [(q.start, q.end) for q in quotes if q.kind == "term"]
    speech = [q for q in quotes if q.kind == "speech"]
    locator = _locator(article)

    parts = [f'<div class="newslib-rhetoric"><style>{_CSS}</style>']
    if title and article.title:
        parts.append(f"<h3>{_escape(article.title)}</h3>")
    if colours:
        legend = ['<p class="legend"><b>Speakers:</b>']
        for speaker, colour in colours.items():
            n = int(words_by_voice.get(speaker, 0))
            legend.append(
                f'<span class="swatch" style="background:{colour}"></span>'
                f"{_escape(speaker)} ({n} words)"
            )
        legend.append(" <u>underlined</u>: reporting verb</p>")
        parts.append("".join(legend))
    for paragraph in article.paragraphs:
        bounds = {paragraph.start, paragraph.end}
        for q in speech:
            if q.end > paragraph.start and q.start < paragraph.end:
                bounds.update((max(q.start, paragraph.start), min(q.end, paragraph.end)))
        for s, e in terms:
            if e > paragraph.start and s < paragraph.end:
                bounds.update((max(s, paragraph.start), min(e, paragraph.end)))
        first = bisect.bisect_left(cue_ends, paragraph.start)
        for k in range(first, len(cue_starts)):
            if cue_starts[k] >= paragraph.end:
                break
            bounds.update((max(cue_starts[k], paragraph.start), min(cue_ends[k], paragraph.end)))
        edges = sorted(bounds)
        pieces: list[tuple[str, str]] = []
        for a, b in itertools.pairwise(edges):
            piece = _escape(text[a:b])
            k = bisect.bisect_right(cue_starts, a) - 1
            if k >= 0 and cue_ends[k] > a:
                piece = f'<u class="cue">{piece}</u>'
            if any(s <= a < e for s, e in terms):
                piece = f'<span class="term">{piece}</span>'
            pieces.append((locator.voice(a), piece))
        chunks = []
        # One coloured span per run of words in one voice.
        for voice, run in itertools.groupby(pieces, key=lambda item: item[0]):
            inner = "".join(piece for _, piece in run)
            if voice == NARRATOR:
                chunks.append(inner)
            else:
                colour = colours.get(voice, "#eeeeee")
                chunks.append(
                    f'<span class="quote" style="background:{colour}" '
                    f'title="{_escape(voice)}">{inner}</span>'
                )
        parts.append("<p>" + "".join(chunks) + "</p>")
    parts.append("</div>")
    return "\n".join(parts)


def device_fields() -> list[str]:
    """The field names of :class:`Device` (the columns of :func:`rhetoric_frame`).

    Examples:
        >>> device_fields() == DEVICE_COLUMNS
        True
    """
    return [f.name for f in fields(Device)]
