"""Paragraphs, sentences and word tokens with character offsets into ``Article.text``.

Sentences come from NLTK's Punkt splitter with the English model (Kiss & Strunk, 2006), run per
paragraph so that no sentence crosses a paragraph break; tokens from one linear-time regular
expression. Every unit carries ``start``/``end`` with ``article.text[start:end] == unit.text``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from newslib.articles import Article
from newslib.resources import punkt_tokenizer, word_list
from newslib.tables import Row, TableSchema

#: One-for-one replacements used by :func:`normalise`: curly quotes, primes, dashes, odd spaces.
NORMALISE_TABLE = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)

# Alternatives in order; each is linear and none can backtrack across another. The first is a
# shortcut for most tokens, which halves the scan: at a run of two or more letters that no
# apostrophe, hyphen, digit or underscore follows, every later alternative fails (each needs a
# non-letter in its first two characters, or an apostrophe after the run) except the general
# word, which matches the same run (tests/test_text.py checks it against the pattern without).
_TOKEN_RE = re.compile(
    r"""
      [^\W\d_]{2,}+(?![\w’'‐-])            # plain words (a shortcut, see above)
    | (?:[^\W\d_]\.){2,}(?![^\W\d_])      # U.S.  p.m.  e.g.
    | [’']\d0s\b                          # ’90s
    | \d+(?:[.,:/]\d+)*%?                 # 1,000  3.5  10:30  24/7  40%
    | n[’']t\b                            # the n't of don't
    | [’'](?:s|re|ve|ll|d|m)\b(?![’'])    # 's 're 've 'll 'd 'm
    | \w+?(?=n[’']t\b)                    # the do of don't
    | \w+(?:[-‐]\w+)*                     # words, hyphenated compounds
    | \.\.\.+ | -- | \S                   # ellipses, double hyphen, any other symbol
    """,
    re.VERBOSE,
)
#: A token with the white space before it (see :func:`_scan_columns`).
_SPACED_TOKEN_RE = re.compile(r"\s*+(?:" + _TOKEN_RE.pattern + ")", re.VERBOSE)


#: Weekday and month names, lower case: capitalised like names but never a person, an
#: organisation or an entity (used by the speaker and entity finders).
CALENDAR_WORDS = frozenset(
    (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    )
)  # fmt: skip

#: Longest stretch handed to Punkt in one call (see :func:`_punkt_windows`).
PUNKT_WINDOW_CHARS = 20_000

#: A letter or digit: ``str.isalnum`` as a pattern (``\w`` without the underscore).
_WORD_CHAR = re.compile(r"[^\W_]")

_CLOSED_QUOTE_END = re.compile(r"[!?][”\"’']$")


class Token(NamedTuple):
    """A word or punctuation token.

    A named tuple rather than a frozen dataclass: an article has thousands of tokens, and a
    tuple is made in a third of the time.
    """

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        """True for tokens with a letter or digit (not punctuation)."""
        return _is_word(self.text)


def _is_word(text: str) -> bool:
    """Whether a token's text has a letter or digit (:attr:`Token.is_word`)."""
    # Nearly every word starts with one; the search is for the rest ("'s", "(1").
    return text[:1].isalnum() or _WORD_CHAR.search(text) is not None


def _word_flags(texts: list[str]) -> list[bool]:
    """:func:`_is_word` of each of ``texts``, called only where ``str.isalnum`` cannot tell."""
    # A token of letters and digits only is a word, and a one-character token is a word only
    # if that character is a letter or digit: str.isalnum decides both at C speed. What is
    # left (punctuation of two characters or more, "'s", "U.S.", "1,000") is tested one by one.
    flags = list(map(str.isalnum, texts))
    for k in itertools.compress(range(len(texts)), map(operator.not_, flags)):
        if len(texts[k]) > 1:
            flags[k] = _is_word(texts[k])
    return flags


@dataclass(frozen=True, slots=True)
class WordColumns:
    """The word tokens of a text column by column (see :func:`word_columns`).

    ``starts[k]``, ``ends[k]`` and ``texts[k]`` are the fields of the ``k``-th
    :class:`Token` :func:`words` gives. The lists are the caller's own.
    """

    starts: list[int]
    ends: list[int]
    texts: list[str]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence, numbered from 0 through the article, with its paragraph number."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


def normalise(text: str) -> str:
    """Map curly quotes, dashes and odd spaces to ASCII, one character for one.

    The result has the length of the input, so offsets found in it hold in the original.

    Examples:
        >>> normalise("Putin’s “war” – now")
        'Putin\\'s "war" - now'
        >>> len(normalise("“…”")) == len("“…”")
        True
    """
    # str.translate looks every character up in the table (about 0.1 us each once the text has
    # any non-ASCII character); the replaced characters are rare, so a search finds them faster.
    return _NORMALISED_CHARACTER.sub(_normalised, text)


#: A character :data:`NORMALISE_TABLE` replaces.
_NORMALISED_CHARACTER = re.compile("[" + re.escape("".join(map(chr, NORMALISE_TABLE))) + "]")


def _normalised(match: re.Match[str]) -> str:
    """The replacement of one character :data:`NORMALISE_TABLE` maps."""
    return match.group().translate(NORMALISE_TABLE)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    Examples:
        >>> [t.text for t in tokenize("Putin’s aides don’t (Lavrov) – 5 p.m. …")]
        ['Putin', '’s', 'aides', 'do', 'n’t', '(', 'Lavrov', ')', '–', '5', 'p.m.', '…']
    """
    stop = len(text) if end is None else end
    tokens, first, last, tail = _cached_range(text, start, stop)
    if first < 0:
        return _scan(text, start, stop)
    found = _tokens_of(tokens.starts[first:last], tokens.ends[first:last], tokens.texts[first:last])
    return found if tail < 0 else found + _scan(text, tail, stop)


def words(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens only (no punctuation).

    Examples:
        >>> [t.text for t in words("“Shut up,” he said.")]
        ['Shut', 'up', 'he', 'said']
    """
    stop = len(text) if end is None else end
    tokens, first, last, tail = _cached_range(text, start, stop)
    if first < 0:
        return _words_of(_scan(text, start, stop))
    columns = _word_columns_of(
        tokens.starts[first:last],
        tokens.ends[first:last],
        tokens.texts[first:last],
        tokens.word_flags[first:last],
    )
    found = _tokens_of(columns.starts, columns.ends, columns.texts)
    return found if tail < 0 else found + _words_of(_scan(text, tail, stop))


def _words_of(tokens: list[Token]) -> list[Token]:
    """The word tokens among ``tokens`` (see :attr:`Token.is_word`)."""
    return [token for token in tokens if token.is_word]


def word_columns(text: str) -> WordColumns:
    """:func:`words` of the whole text as columns, without a tuple per word.

    For analyses that read the offsets and texts of every word of an article: the cached scan
    of the text holds them as columns already.

    Examples:
        >>> columns = word_columns("“Shut up,” he said.")
        >>> columns.texts, columns.starts
        (['Shut', 'up', 'he', 'said'], [1, 6, 11, 14])
    """
    if len(text) < _SHORT_TEXT_CHARS:  # as _cached_range: a phrase is scanned, not cached
        starts, ends, texts = _scan_columns(text, 0, len(text))
        flags = _word_flags(texts)
    else:
        tokens = _text_tokens(text)
        starts, ends, texts, flags = tokens.starts, tokens.ends, tokens.texts, tokens.word_flags
    return _word_columns_of(starts, ends, texts, flags)


def _word_columns_of(
    starts: list[int], ends: list[int], texts: list[str], flags: list[bool]
) -> WordColumns:
    """The columns of the tokens whose word flag is set, in new lists."""
    return WordColumns(
        starts=list(itertools.compress(starts, flags)),
        ends=list(itertools.compress(ends, flags)),
        texts=list(itertools.compress(texts, flags)),
    )


def word_count(text: str, start: int = 0, end: int | None = None) -> int:
    """``len(words(text, start, end))``, without making the tokens.

    Examples:
        >>> word_count("“Shut up,” he said."), word_count("“Shut up,” he said.", 11)
        (4, 2)
    """
    stop = len(text) if end is None else end
    tokens, first, last, tail = _cached_range(text, start, stop)
    if first < 0:
        return _count_words(text, start, stop)
    count = tokens.words_before[last] - tokens.words_before[first]
    return count if tail < 0 else count + _count_words(text, tail, stop)


def _count_words(text: str, start: int, stop: int) -> int:
    return sum(_word_flags(_scan_columns(text, start, stop)[2]))


def _scan(text: str, start: int, stop: int) -> list[Token]:
    return _tokens_of(*_scan_columns(text, start, stop))


def _scan_columns(text: str, start: int, stop: int) -> tuple[list[int], list[int], list[str]]:
    """The starts, ends and texts of the tokens ``_TOKEN_RE.finditer`` finds in the range.

    Without a match object per token (they cost more than the matching): every alternative of
    the pattern starts with a non-space, and ``\\S`` takes any non-space, so the gaps between
    tokens are exactly the runs of white space. Each piece of ``_SPACED_TOKEN_RE`` is a gap and
    a token, its end is the sum of the lengths so far, and its token is the piece without
    leading white space (``str.lstrip`` strips exactly what ``\\s`` matches).
    tests/test_text.py compares it with ``finditer``.
    """
    # The range as the regex engine reads pos and endpos, without the white space that ends it:
    # no token starts there, and at each of its positions the spaced pattern would read to the
    # end before failing (quadratic in a long run of trailing spaces).
    start, stop = max(start, 0), min(stop, len(text))
    if stop > start and text[stop - 1].isspace():
        stop = start + len(text[start:stop].rstrip())
    pieces = _SPACED_TOKEN_RE.findall(text, start, stop)
    ends = list(itertools.accumulate(map(len, pieces), initial=start))
    del ends[0]
    texts = list(map(str.lstrip, pieces))
    return list(map(operator.sub, ends, map(len, texts))), ends, texts


def _tokens_of(starts: list[int], ends: list[int], texts: list[str]) -> list[Token]:
    """Tokens from the columns :func:`_scan_columns` gives."""
    # tuple.__new__ is all Token's own __new__ does, here called at C speed through map.
    return list(map(tuple.__new__, itertools.repeat(Token), zip(starts, ends, texts, strict=True)))


@dataclass(frozen=True, slots=True)
class _TextTokens:
    """Every token of one text column by column, the starts and ends for bisection.

    Columns, not :class:`Token` tuples: the callers ask for a third of an article's tokens as
    tuples, or for none (counts, :func:`word_columns`), so tuples are made for the ranges asked.
    """

    starts: list[int]
    ends: list[int]
    texts: list[str]
    #: ``word_flags[k]``: whether token ``k`` is a word (:attr:`Token.is_word`).
    word_flags: list[bool]
    #: ``words_before[k]``: how many of the first ``k`` tokens are words.
    words_before: list[int]


_NO_TOKENS = _TextTokens([], [], [], [], [0])
#: Whole texts shorter than this are scanned, not cached (they would only evict articles).
_SHORT_TEXT_CHARS = 500

#: A character after a range that could change how the token before it is read (the
#: lookaheads of ``_TOKEN_RE`` that can change a token look at word characters and apostrophes
#: only; the shortcut's also reads hyphens, but matches only what the others would).
_LOOKAHEAD_SENSITIVE = re.compile(r"[\w’']")


@functools.lru_cache(maxsize=16)
def _text_tokens(text: str) -> _TextTokens:
    # Analyses ask for the tokens of the same sentences and segments many times; one scan of
    # the whole text answers them all by bisection.
    starts, ends, texts = _scan_columns(text, 0, len(text))
    word_flags = _word_flags(texts)
    return _TextTokens(
        starts=starts,
        ends=ends,
        texts=texts,
        word_flags=word_flags,
        words_before=list(itertools.accumulate(word_flags, initial=0)),
    )


def _cached_range(text: str, start: int, stop: int) -> tuple[_TextTokens, int, int, int]:
    """The whole text's tokens, the slice ``[first, last)`` of them that a scan of
    ``text[start:stop]`` also finds, and where that scan's remaining tokens start (``tail``).

    A scan of the range finds the whole text's tokens unless a token straddles ``start`` (then
    ``first`` is -1 and the caller scans the range itself), or the range ends inside a token or
    just before a character one of the pattern's lookaheads reads. No alternative of the
    pattern reads past a space, so the tokens before the range's last space are the whole
    text's, and only the stretch from that space (``tail``, -1 when there is nothing to
    rescan) needs scanning.
    """
    if len(text) < _SHORT_TEXT_CHARS and start <= 0 and stop >= len(text):
        return _NO_TOKENS, -1, -1, -1  # a phrase or headline: cheaper to scan than to cache
    tokens = _text_tokens(text)
    first = bisect.bisect_right(tokens.ends, start)
    if first < len(tokens.starts) and tokens.starts[first] < start < tokens.ends[first]:
        return tokens, -1, -1, -1
    last = max(first, bisect.bisect_left(tokens.starts, stop))
    ragged_end = last > first and tokens.ends[last - 1] > stop
    if not ragged_end and not (stop < len(text) and _LOOKAHEAD_SENSITIVE.match(text, stop)):
        return tokens, first, last, -1
    space = stop - 1
    while space >= start and not text[space].isspace():
        space -= 1
    if space < start:
        return tokens, -1, -1, -1
    return tokens, first, bisect.bisect_left(tokens.starts, space, first, last), space


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Punkt sentence spans of ``text[start:end]`` as offsets into ``text``.

    Examples:
        >>> text = "Dr. Lee met U.S. officials at 5 p.m. on Jan. 5. “It was fine.” Then she left."
        >>> [text[s:e] for s, e in split_sentences(text)]
        ['Dr. Lee met U.S. officials at 5 p.m. on Jan. 5.', '“It was fine.”', 'Then she left.']
        >>> text = "“Why now?” she asked. He shrugged."
        >>> [text[s:e] for s, e in split_sentences(text)]
        ['“Why now?” she asked.', 'He shrugged.']
    """
    stop = len(text) if end is None else end
    found: list[tuple[int, int]] = []
    for window_start, window_end in _punkt_windows(text, start, stop):
        found.extend(_punkt_spans(text, window_start, window_end))
    return found


def _punkt_windows(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Cut a very long paragraph into windows Punkt can take in one call.

    NLTK runs Punkt's regular expressions under a wall-clock guard, so one call on a
    megabyte-long paragraph can time out. No real paragraph comes near
    ``PUNKT_WINDOW_CHARS``; beyond it, windows end after the last ``. ``/``! ``/``? `` that
    fits, so a sentence is cut only where there is no sentence end for that long.
    """
    position = start
    while stop - position > PUNKT_WINDOW_CHARS:
        limit = position + PUNKT_WINDOW_CHARS
        cut = max(text.rfind(mark, position, limit) for mark in (". ", "! ", "? "))
        cut = cut + 2 if cut > position else limit
        yield position, cut
        position = cut
    yield position, stop


def _punkt_spans(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    chunk = text[start:stop]
    spans: list[tuple[int, int]] = []
    for s, e in punkt_tokenizer().span_tokenize(chunk):
        # News attribution after an exclamation or question: “… weapons!” he wrote.
        # Punkt breaks there because "he" often starts sentences; a lower-case word after
        # a closing quotation mark continues the sentence.
        # (The pattern is two characters anchored at the end: search only those, not from 0.)
        if (
            spans
            and _CLOSED_QUOTE_END.search(chunk, max(0, spans[-1][1] - 2), spans[-1][1])
            and chunk[s].islower()
        ):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return [(start + s, start + e) for s, e in spans]


@functools.lru_cache(maxsize=32)
def sentences(article: Article) -> tuple[Sentence, ...]:
    """The article's sentences; no sentence crosses a paragraph break.

    Examples:
        >>> from newslib.articles import load_article
        >>> [s.text for s in sentences(load_article("He left. She stayed.\\n\\nThe end."))]
        ['He left.', 'She stayed.', 'The end.']
    """
    found: list[Sentence] = []
    for number, paragraph in enumerate(article.paragraphs):
        for start, end in split_sentences(article.text, paragraph.start, paragraph.end):
            found.append(Sentence(len(found), number, start, end, article.text[start:end]))
    return tuple(found)


def sentence_frame(article: Article) -> pd.DataFrame:
    """One row per sentence: ``sentence, paragraph, start, end, text, n_words``.

    Examples:
        >>> from newslib.articles import load_article
        >>> sentence_frame(load_article("It rained. We stayed in.")).n_words.tolist()
        [2, 3]
    """
    return SENTENCE_TABLE.frame(sentence_rows(article))


#: The sentences table (:func:`sentence_frame`).
SENTENCE_TABLE = TableSchema.of(
    ("sentence", "int64"),
    ("paragraph", "int64"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "str"),
    ("n_words", "int64"),
)


def sentence_rows(article: Article) -> list[Row]:
    """The rows of :func:`sentence_frame` as plain tuples, in :data:`SENTENCE_TABLE` order."""
    text = article.text
    return [
        (s.index, s.paragraph, s.start, s.end, s.text, word_count(text, s.start, s.end))
        for s in sentences(article)
    ]


def paragraph_frame(article: Article) -> pd.DataFrame:
    """One row per paragraph: ``paragraph, start, end, text, n_sentences, n_words``."""
    counts = Counter(s.paragraph for s in sentences(article))
    rows = [
        {
            "paragraph": number,
            "start": span.start,
            "end": span.end,
            "text": span.of(article.text),
            "n_sentences": counts.get(number, 0),
            "n_words": word_count(article.text, span.start, span.end),
        }
        for number, span in enumerate(article.paragraphs)
    ]
    return pd.DataFrame(
        rows, columns=["paragraph", "start", "end", "text", "n_sentences", "n_words"]
    )


def top_words(article: Article, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most frequent content words (stop words and numbers excluded), lower-cased.

    Examples:
        >>> from newslib.articles import load_article
        >>> top_words(load_article("The strike ended. The strike was long."), n=1).word.tolist()
        ['strike']
    """
    stop = word_list("stopwords_en.txt")
    counts = Counter(
        word
        for token in words(article.text)
        if (word := normalise(token.text).lower()) not in stop
        and not word.isdigit()
        and not word.startswith("'")
        and len(word) > 1
    )
    return pd.DataFrame(counts.most_common(n), columns=["word", "count"])


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def count_syllables(word: str) -> int:
    """Syllables of an English word by vowel groups, a silent final ``e`` dropped.

    A heuristic (about 90 % exact on common words); enough for a readability score.

    Examples:
        >>> [count_syllables(w) for w in ("war", "diplomat", "resignation", "made")]
        [1, 3, 4, 1]
    """
    lowered = word.lower()
    groups = len(_VOWEL_GROUPS.findall(lowered))
    if lowered.endswith("e") and not lowered.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(groups, 1)


@dataclass(frozen=True, slots=True)
class Readability:
    """Flesch Reading Ease (Flesch, 1948) and Flesch-Kincaid grade (Kincaid et al., 1975)."""

    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words_per_sentence: float
    syllables_per_word: float


def readability(article: Article) -> Readability:
    """Readability of the body text; higher ease = easier (60-70 is plain English).

    Examples:
        >>> from newslib.articles import load_article
        >>> r = readability(load_article("The cat sat. The dog ran."))
        >>> r.words_per_sentence, r.flesch_reading_ease > 90
        (3.0, True)
    """
    word_tokens = [t.text for t in words(article.text) if not t.text[0].isdigit()]
    n_sentences = max(len(sentences(article)), 1)
    n_words = max(len(word_tokens), 1)
    syllables = sum(count_syllables(word) for word in word_tokens)
    per_sentence = n_words / n_sentences
    per_word = syllables / n_words
    return Readability(
        flesch_reading_ease=round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        flesch_kincaid_grade=round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1),
        words_per_sentence=round(per_sentence, 2),
        syllables_per_word=round(per_word, 2),
    )


def overview_frame(article: Article) -> pd.DataFrame:
    """The article at a glance as ``field, value`` rows: metadata and counts.

    Examples:
        >>> from newslib.articles import load_article
        >>> table = overview_frame(load_article("date 2021-07-19\\nLORIN (NWS) – It was hot."))
        >>> dict(zip(table.field, table.value))["published"]
        '2021-07-19'
    """
    fields = {
        "id": article.id,
        "title": article.title or "",
        "published": article.published.isoformat() if article.published else "",
        "place": article.place or "",
        "agency": article.agency or "",
        "source": article.source or "",
        "file": article.path or "",
        "paragraphs": str(len(article.paragraphs)),
        "sentences": str(len(sentences(article))),
        "words": str(len(words(article.text))),
        "characters": str(len(article.text)),
    }
    return pd.DataFrame({"field": list(fields), "value": list(fields.values())})
