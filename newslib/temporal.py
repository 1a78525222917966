"""Temporal expressions (TimeML TIMEX3) found in plain text and normalised against a date.

This is the engine behind :mod:`newslib.timeline`. It works on plain text plus a document
creation time (DCT), so the same code tags newslib articles and TempEval-3 TimeML files.

Method (after the rule-based systems that lead TempEval-3: HeidelTime, Strötgen & Gertz 2013;
SUTime, Chang & Manning 2012): a set of regular expressions over the text, one per kind of
expression (explicit dates, weekdays, relative units, durations, quarters, times of day, ...),
built from the small lexicons below. Overlapping candidates are resolved leftmost-longest. Each
match is then normalised to a TimeML ``type`` and ``value``:

* relative expressions ("yesterday", "this week", "three months ago") are resolved against the
  DCT; without a DCT they stay underspecified (``XXXX-XX-XX``), never today's date;
* weekdays and month-days without a year are resolved by the tense of the nearest verb
  (TextBlob's offline Pattern tagger): past -> on or before the DCT, future -> on or after,
  present or none -> the nearest;
* anaphoric expressions ("that day", "a year earlier", "the year-earlier quarter") are resolved
  against the previous resolved date expression in the text.

Every pattern is bounded (no nested unbounded quantifiers), so matching is linear in the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from newslib.pattern_tokens import chunk_tokens

# --------------------------------------------------------------------------- lexicons
# Month names and news abbreviations (AP style: Jan., Feb., Aug., Sept., Oct., Nov., Dec.).
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Weekdays, Monday = 0 as in datetime.weekday(); abbreviations only with a full stop.
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
# Cardinal number words (English).
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
}  # fmt: skip
# Vague quantities: the value's number becomes X (TimeML "PXY").
VAGUE_NUMBERS = frozenset({"a few", "few", "several", "some", "many", "the", "dozens of"})
# Ordinals for quarters, halves and centuries.
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4, "final": 4, "last": 4,
}  # fmt: skip
# Duration units -> (ISO 8601 designator, multiplier, granularity for "N units ago").
UNITS = {
    "second": ("S", 1, "second"), "minute": ("M", 1, "minute"), "hour": ("H", 1, "hour"),
    "day": ("D", 1, "day"), "week": ("W", 1, "week"), "fortnight": ("W", 2, "week"),
    "month": ("M", 1, "month"), "quarter": ("M", 3, "quarter"), "year": ("Y", 1, "year"),
    "decade": ("Y", 10, "decade"), "century": ("Y", 100, "century"),
    "centurie": ("Y", 100, "century"), "millennium": ("Y", 1000, "century"),
    "weekend": ("D", 2, "weekend"),
}  # fmt: skip
_TIME_UNITS = frozenset({"S", "H"})
# TimeML parts of the day (TimeML 1.2 guidelines, section on TIMEX3 values).
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "noon": "12:00", "midday": "12:00", "midnight": "24:00",
}  # fmt: skip
# Meteorological seasons of the northern hemisphere (TimeML SP, SU, FA, WI).
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_ORDER = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
# Modifiers before an expression -> TimeML ``mod`` (TimeML 1.2 guidelines, table of mods).
MODS = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "beginning of": "START", "start of": "START",
    "mid": "MID", "mid-": "MID", "the middle of": "MID", "middle of": "MID",
    "late": "END", "later": "END", "the end of": "END", "end of": "END", "the close of": "END",
    "at least": "EQUAL_OR_MORE", "more than": "MORE_THAN", "over": "MORE_THAN",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
    "almost": "LESS_THAN", "nearly": "LESS_THAN", "up to": "EQUAL_OR_LESS",
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "post": "AFTER", "pre": "BEFORE",
}  # fmt: skip
# Fixed-date holidays (month, day) and movable ones computed in _holiday().
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "independence day": (7, 4), "halloween": (10, 31), "christmas eve": (12, 24),
    "christmas day": (12, 25), "christmas": (12, 25), "veterans day": (11, 11),
    "thanksgiving day": (0, 0), "thanksgiving": (0, 0), "labor day": (0, 0),
    "memorial day": (0, 0), "election day": (0, 0), "easter sunday": (0, 0), "easter": (0, 0),
}  # fmt: skip
# Words before a bare 4-digit number that make it a count rather than a year.
_QUANTITY_WORDS = frozenset(
    [
        "about",
        "some",
        "nearly",
        "over",
        "than",
        "approximately",
        "around",
        "almost",
        "roughly",
        "only",
        "just",
        "least",
        "most",
        "additional",
        "another",
    ]
)
# Measure words after a number: "2000 people", "1990 feet" are not years.
_MEASURE_AFTER = re.compile(
    r"\s*(?:%|percent|per\b|people|troops|soldiers|workers|employees|jobs|feet|foot|"
    r"miles?\b|meters?\b|metres?\b|kilometers?\b|km\b|tons?\b|tonnes?\b|dollars|euros|"
    r"pounds|yen|shares|units|cars|homes|points)",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- pattern pieces
_B = r"(?<![\w$£€])"  # left word boundary that also excludes money
_E = r"(?![\w])"
_MONTH = (
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?:\.|\b))"
)
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w/]|:\d)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\w%]|[.,]\d)"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|a\s+hundred|hundred|a\s+dozen|dozen|"
    r"a\s+couple\s+of|a\s+couple|couple\s+of|a\s+few|few|several|dozens\s+of|many|an|a)"
)
_NUMBER = r"(?:\d{1,4}(?:\.\d{1,3})?(?:\s+\d/\d)?|" + _NUMWORD + r"(?:\s+and\s+a\s+half)?)"
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|weekends?|weeks?|fortnights?|months?|quarters?|"
    r"years?|decades?|century|centuries|millennium)"
)
# Premodifiers kept inside a duration's extent (TimeML: "nearly two years", "at least 72
# hours"); "about", "over", "some" stay outside, as in TimeBank.
_PREMOD = r"(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|nearly|almost|up\s+to)"


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression in TimeML TIMEX3 terms.

    Attributes:
        tid: Identifier in document order: ``t1``, ``t2``, ...
        start: Offset of the first character in the text.
        end: Offset after the last character.
        text: The expression as written.
        type: ``DATE``, ``TIME``, ``DURATION`` or ``SET``.
        value: TimeML value (``2022-05-23``, ``2022-W21``, ``P3M``, ``PRESENT_REF``, ...).
        anchor: What a relative expression was resolved against (a date value or a ``tid``).
        anchor_source: ``published`` (the DCT), ``dateline``, ``expression`` or ``none``.
        granularity: ``day``, ``week``, ``month``, ..., ``ref``, ``duration``, ``set``.
        mod: TimeML ``mod`` (``START``, ``END``, ``APPROX``, ...) or ``None``.
        rule: Name of the rule that found it (for debugging and the README).
        sentence: Sentence number in the article (-1 outside an article).
        paragraph: Paragraph number in the article (-1 outside an article).
    """

    tid: str
    start: int
    end: int
    text: str
    type: str
    value: str
    anchor: str | None
    anchor_source: str
    granularity: str
    mod: str | None
    rule: str
    sentence: int = -1
    paragraph: int = -1


# --------------------------------------------------------------------------- date helpers
def _add_months(day: dt.date, months: int) -> dt.date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    if not 1 <= year <= 9999:
        return day
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` units (day, week, month, quarter, year, decade, century).

    Examples:
        >>> shift(dt.date(2022, 5, 23), -3, "month")
        datetime.date(2022, 2, 23)
    """
    try:
        if unit in ("day",):
            return day + dt.timedelta(days=amount)
        if unit in ("week", "weekend"):
            return day + dt.timedelta(weeks=amount)
        factor = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(unit)
        if factor is None:
            return day
        return _add_months(day, amount * factor)
    except OverflowError:
        return day


def format_date(day: dt.date | None, granularity: str) -> str:
    """A TimeML value for ``day`` at ``granularity``; X-filled when the date is unknown.

    Examples:
        >>> [format_date(dt.date(2022, 5, 23), g) for g in ("day", "week", "quarter", "decade")]
        ['2022-05-23', '2022-W21', '2022-Q2', '202']
        >>> format_date(None, "month")
        'XXXX-XX'
    """
    if day is None:
        return {
            "day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
            "quarter": "XXXX-QX", "half": "XXXX-HX", "year": "XXXX", "decade": "XXX",
            "century": "XX",
        }.get(granularity, "XXXX-XX-XX")  # fmt: skip
    if granularity == "day":
        return day.isoformat()
    if granularity in ("week", "weekend"):
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if granularity == "weekend" else "")
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def _season_of(day: dt.date) -> str:
    return ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI")[day.month - 1]


def _easter(year: int) -> dt.date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, year: int) -> dt.date:
    month, day = HOLIDAYS[name]
    if month:
        return dt.date(year, month, day)
    if name.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if name == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if name == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if name == "election day":
        return _nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)
    return _easter(year)


# --------------------------------------------------------------------------- tense
# Modals and markers that point forward ("will meet", "could follow", "is going to", "to leave").
_FUTURE_WORDS = frozenset({"will", "'ll", "shall", "wo", "going", "would", "could", "may", "might"})
# "to" + verb points forward after these ("is to resume", "has to pay") and FUTURE_VERBS.
_TO_FUTURE_AFTER = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "going", "set", "due", "about"}
    # commissive verbs (Searle 1976): what is offered or promised lies ahead
    | {"offer", "offers", "offered", "agree", "agrees", "agreed", "promise", "promises"}
    | {"promised", "threaten", "threatens", "threatened", "vow", "vows", "vowed", "pledge"}
    | {"pledges", "pledged"}
)
# Verbs of planning that point forward whatever their own tense ("is scheduled to close Monday").
FUTURE_VERBS = frozenset(
    {
        "payable",
        "expire",
        "expires",
        "expiring",
        "mature",
        "matures",
        "maturing",
        "scheduled",
        "schedule",
        "planned",
        "plan",
        "plans",
        "planning",
        "expect",
        "expected",
        "expects",
        "slated",
        "intends",
        "intend",
        "intended",
        "upcoming",
    }
)
# Penn tags before a word that make it a noun ("the plan", "its plans", "new plans").
_NOUN_LEFT = frozenset({"DT", "PRP$", "POS", "JJ"})
_PAST_AUX = frozenset({"was", "were", "had", "did", "has", "have"})
_PRESENT_AUX = frozenset({"is", "are", "am", "be", "being", "'s", "'re"})
#: Characters added to the distance of an auxiliary used as a tense cue.
_AUX_PENALTY = 40
#: Longest sentence tagged as one piece; longer ones are tagged in blocks of this size.
_TAG_BLOCK = 2000
_TAG_WINDOW = 160


@functools.cache
def _tagger() -> Callable[[str], list[tuple[str, str]]]:
    from textblob.en.taggers import PatternTagger

    tagger = PatternTagger()
    return tagger.tag  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=512)
def pos_tags(window: str) -> tuple[tuple[str, str], ...]:
    """Penn Treebank tags of ``window`` from TextBlob's offline Pattern tagger, cached.

    Examples:
        >>> pos_tags("She said it.")
        (('She', 'PRP'), ('said', 'VBD'), ('it', 'PRP'), ('.', '.'))
    """
    sentences = _pattern_sentences(window)
    if sentences is None:
        return _pattern_pos_tags(window)
    tags: list[tuple[str, str]] = []
    for sentence in sentences:
        tags.append(_first_tagged(sentence[0]))
        tags.extend(map(_tagged, sentence[1:]))
    return tuple(tags)


def _pattern_pos_tags(window: str) -> tuple[tuple[str, str], ...]:
    """:func:`pos_tags` by TextBlob's ``PatternTagger`` itself (for any text)."""
    return tuple((str(word), str(tag)) for word, tag in _tagger()(window))


# Pattern's tagger (TextBlob's ``PatternTagger``) tokenises the text into sentences, tags each
# token from its lexicon alone (the parser hands the tagger no context, morphology or entity
# rules: a known word takes its entry, a sentence's first word also its lower-case entry, an
# unknown one NNP if title-cased, CD if a number, else a suffix rule), then writes the tags
# into one slash-separated string and splits it again. Most of its time goes to the per-token
# loop of its tokeniser, to that string and back, and to tagging words it has tagged before.
# :func:`pos_tags` gives the same tags from the same tokeniser rules, with each chunk of the
# text (between white space) split once and each word tagged once; Pattern's own tagger still
# takes a text with a line break. tests/test_timeline_fast_paths.py compares the two on the
# BBC corpus and on random texts.


def _pattern_sentences(window: str) -> list[list[str]] | None:
    """The tokens of each sentence Pattern's ``find_tokens`` finds in ``window``; ``None`` for
    a text with a line break (Pattern reads two as a sentence end)."""
    if "\n" in window or "\r" in window:
        return None
    from textblob._text import EOS, RE_EMOTICONS, RE_SARCASM

    tokens: list[str] = []
    for chunk in window.split():
        if chunk.isalnum():  # most words: no punctuation, quotation mark or apostrophe
            tokens.append(chunk)
        else:
            tokens.extend(chunk_tokens(chunk))
    # Pattern's sentence ends: a full stop, "!", "?" or ellipsis, with the quotation marks,
    # parentheses and repeated marks after it (a straight quotation mark only if it closes one).
    # Its loop goes through every token; between two ends it does nothing, so this goes from
    # end to end.
    sentences: list[list[str]] = [[]]
    i = j = 0
    for end in [k for k, token in enumerate(tokens) if token in _PATTERN_ENDS]:
        if end < j:
            continue
        j = end
        while j < len(tokens) and tokens[j] in _PATTERN_CLOSERS:
            if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                break
            j += 1
        sentence = tokens[i:j]
        sentences[-1].extend([t for t in sentence if t != EOS] if EOS in sentence else sentence)
        sentences.append([])
        i = j
        j += 1
    sentences[-1].extend(tokens[i:])
    joined = (RE_SARCASM.sub("(!)", " ".join(s)) for s in sentences if s)
    return [RE_EMOTICONS.sub(_emoticon_without_spaces, sentence).split(" ") for sentence in joined]


_PATTERN_ENDS = frozenset(("...", ".", "!", "?", "END-OF-SENTENCE"))
_PATTERN_CLOSERS = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", "END-OF-SENTENCE"))


def _emoticon_without_spaces(match: re.Match[str]) -> str:
    """Pattern's replacement for an emoticon written with spaces (``: )``)."""
    return match.group(1).replace(" ", "") + match.group(2)


@functools.lru_cache(maxsize=1 << 15)
def _tagged(token: str) -> tuple[str, str]:
    """``(word, tag)`` as Pattern's tagger gives a token that does not begin a sentence."""
    return _pattern_tag(token, first=False)


@functools.lru_cache(maxsize=1 << 12)
def _first_tagged(token: str) -> tuple[str, str]:
    """``(word, tag)`` as Pattern's tagger gives the first token of a sentence."""
    return _pattern_tag(token, first=True)


def _pattern_tag(token: str, *, first: bool) -> tuple[str, str]:
    """Pattern's ``find_tags`` for one token, without context rules (it is given none)."""
    from textblob._text import CD, _suffix_rules
    from textblob.en import parser

    lexicon = parser.lexicon
    common, proper, number = parser.default  # ("NN", "NNP", "CD")
    tag = lexicon.get(token, (first and lexicon.get(token.lower())) or None)
    if tag is None:
        if token.istitle():
            tag = proper
        elif CD.match(token) is not None:
            tag = number
        else:
            tag = _suffix_rules([token, common])[1]
    # The tagger's slash-separated string: "/" in a word is written "&slash;" and read back.
    fields = (token.replace("/", "&slash;") + "/" + tag).split("/")
    return fields[0].replace("&slash;", "/"), fields[1].replace("&slash;", "/")


def tense_cues(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """``(offset, tense)`` of every verb cue in ``text[lo:hi]`` (Pattern tagger, offline).

    Tenses: ``future`` (modals, "going to", "to" + verb, verbs of planning: :data:`FUTURE_VERBS`),
    ``past`` (VBD, VBN after a non-present auxiliary), ``present`` (VBZ, VBP, "is held").

    Examples:
        >>> tense_cues("He will meet them.", 0, 18)
        [(3, 'future'), (8, 'future')]
    """
    window = text[lo:hi].replace("’", "'")
    position = 0
    tokens: list[tuple[int, str, str]] = []
    for word, tag in pos_tags(window):
        found = window.find(word, position)
        if found >= 0:
            position = found + len(word)
        tokens.append((lo + (found if found >= 0 else position), word.lower(), tag))
    cues: list[tuple[int, str]] = []
    previous: list[str] = []
    for index, (offset, lowered, tag) in enumerate(tokens):
        cue = None
        following = [t[2] for t in tokens[index + 1 : index + 3]]
        is_aux = lowered in _PAST_AUX or lowered in _PRESENT_AUX
        if (lowered in _FUTURE_WORDS and (tag == "MD" or lowered == "going")) or (
            # "announced the plan Aug. 21": a noun of planning (after a determiner, possessive
            # or adjective) is no tense cue; the tagger also calls "did not plan" a noun
            lowered in FUTURE_VERBS
            and not (tag.startswith("NN") and index > 0 and tokens[index - 1][2] in _NOUN_LEFT)
        ):
            cue = "future"
        elif is_aux and any(t.startswith("VB") for t in following):
            cue = None  # an auxiliary: its verb group's main verb decides
        elif tag.startswith("VB") and any(p in _FUTURE_WORDS for p in previous[-3:]):
            cue = "future"  # will meet, will be held, is going to
        elif (
            tag == "VB"
            and previous[-1:] == ["to"]
            and len(previous) > 1
            and (previous[-2] in FUTURE_VERBS or previous[-2] in _TO_FUTURE_AFTER)
            # "their offers to acquire": a noun, not a verb of promising
            and not tokens[index - 2][2].startswith("NN")
            and not (index >= 3 and tokens[index - 3][2] in ("DT", "PRP$", "JJ"))
        ):
            cue = "future"  # plans to leave, is to resume
        elif tag in ("VBN", "VBG") and any(p in _PRESENT_AUX for p in previous[-2:]):
            cue = "present"  # "talks are held", "is leaving"
        elif tag == "VBG" and any(p in _PAST_AUX for p in previous[-2:]):
            cue = "past"  # "was leaving"
        elif tag in ("VBD", "VBN"):
            cue = "past"
        elif tag in ("VBZ", "VBP"):
            cue = "present" if lowered not in _PAST_AUX else "past"
        if cue is not None:
            cues.append((offset, cue if not is_aux else cue + "-aux"))
        previous.append(lowered)
    return cues


def _nearest_cue(cues: Sequence[tuple[int, str]], start: int, end: int) -> str:
    best: tuple[int, str] | None = None
    for offset, cue in cues:
        if start <= offset < end or offset < start - _TAG_WINDOW or offset >= end + _TAG_WINDOW:
            continue
        distance = start - offset if offset < start else offset - end
        if cue.endswith("-aux"):
            # A bare auxiliary ("were", "has") is a weaker cue than a full verb.
            distance += _AUX_PENALTY
            cue = cue.removesuffix("-aux")
        if best is None or (distance, cue) < best:
            best = (distance, cue)
    return best[1] if best else "none"


def tense_near(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> str:
    """``past``, ``future``, ``present`` or ``none``: tense of the verb nearest ``text[start:end]``.

    Only verbs in ``[lo, hi)`` (the sentence) within 160 characters count.

    Examples:
        >>> s = "He resigned on Monday."
        >>> tense_near(s, 15, 21)
        'past'
        >>> s = "They will meet on Friday."
        >>> tense_near(s, 18, 24)
        'future'
    """
    hi = len(text) if hi is None else hi
    left = max(lo, start - _TAG_WINDOW)
    right = min(hi, end + _TAG_WINDOW)
    return _nearest_cue(tense_cues(text, left, right), start, end)


# --------------------------------------------------------------------------- matching
@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    type: str
    rule: str
    resolve: Callable[[_Context], tuple[str, str | None, str, str, str | None]]


@dataclass(slots=True)
class _Context:
    """Resolution state while walking the expressions of one text in order."""

    text: str
    dct: dt.date | None
    dct_source: str
    sentence_lo: int
    sentence_hi: int
    start: int
    end: int
    last_date: dt.date | None = None
    last_granularity: str = ""
    last_tid: str | None = None
    cue_cache: dict[tuple[int, int], list[tuple[int, str]]] = field(default_factory=dict)

    def tense(self) -> str:
        """Tense nearest the current expression; each sentence (or block) is tagged once.

        "since" before the expression makes it past whatever the verb ("has been on patrol
        since March", "was scheduled ... since Monday"): the point a state began.
        """
        if _SINCE_BEFORE.search(self.text, max(0, self.start - 20), self.start):
            return "past"
        if _UNTIL_BEFORE.search(self.text, max(0, self.start - 30), self.start):
            # "until" names a deadline ("extended the offer until Tuesday", "postponed until
            # Tuesday morning"), ahead of the DCT, unless a past perfect puts the state before
            # a past time ("Until Thursday, they had not called him a suspect").
            lo = max(self.sentence_lo, self.start - 60)
            hi = min(self.sentence_hi, self.end + 60)
            if not _HAD.search(self.text, lo, hi):
                return "future"
        lo, hi = self.sentence_lo, self.sentence_hi
        cues: list[tuple[int, str]] = []
        if hi - lo <= _TAG_BLOCK:
            blocks = [(lo, hi)]
        else:
            first = (max(lo, self.start - _TAG_WINDOW) - lo) // _TAG_BLOCK
            last = (min(hi, self.end + _TAG_WINDOW) - lo) // _TAG_BLOCK
            blocks = [
                (lo + k * _TAG_BLOCK, min(hi, lo + (k + 1) * _TAG_BLOCK))
                for k in range(first, last + 1)
            ]
        for block in blocks:
            if block not in self.cue_cache:
                self.cue_cache[block] = tense_cues(self.text, *block)
            cues.extend(self.cue_cache[block])
        return _nearest_cue(cues, self.start, self.end)


# "since" (+ "early"/"mid-"/"late") just before an expression: it names a past point.
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:early|mid|late)(?:\s*-\s*|\s+))?$", re.IGNORECASE)

# "until" (+ a mod or a clock time: "until 9 a.m. EST Tuesday") just before an expression.
_UNTIL_BEFORE = re.compile(
    r"\b(?:until|till)\s+(?:(?:early|mid|late)(?:\s*-\s*|\s+)|"
    r"\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+(?:[ECMP][SD]T\s+)?)?$",
    re.IGNORECASE,
)

_HAD = re.compile(r"\bhad\b|\w'd\b", re.IGNORECASE)
_Resolved = tuple[str, str | None, str, str, str | None]  # value, anchor, source, gran, mod
_Handler = Callable[[re.Match[str], str], "_Found | None"]


def _num(word: str) -> int | None:
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word in VAGUE_NUMBERS:
        return None
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    half = word.endswith(" and a half")
    word = word.removesuffix(" and a half")
    parts = re.split(r"[-\s]", word)
    if all(p in NUMBER_WORDS for p in parts):
        return sum(NUMBER_WORDS[p] for p in parts) if not half else None
    try:
        if " " in word:
            return None  # 5 1/2
        number = float(word)
    except ValueError:
        return None
    return int(number) if number.is_integer() and not half else None


def _unit_key(unit: str) -> str:
    unit = unit.lower()
    if unit in ("centuries", "century"):
        return "century"
    return unit[:-1] if unit.endswith("s") and unit[:-1] in UNITS else unit


def _duration_value(number: int | None, unit_key: str, fraction: str = "") -> str:
    designator, factor, _ = UNITS[unit_key]
    prefix = (
        "PT" if designator in _TIME_UNITS or (designator == "M" and unit_key == "minute") else "P"
    )
    amount = "X" if number is None else str(number * factor)
    if fraction and number is not None:
        # "5 1/2 hours" -> PT5H30M; "2 1/2 years" -> P2Y6M
        smaller = {"Y": ("M", 6), "H": ("M", 30), "D": ("H", 12), "M": ("D", 15), "W": ("D", 3)}
        small = smaller.get(designator)
        if small:
            sub_prefix = "T" if small[0] in ("H",) and prefix == "P" else ""
            return f"{prefix}{amount}{designator}{sub_prefix}{small[1]}{small[0]}"
    if unit_key == "decade" and number is None:
        return "PXDE"
    if unit_key == "century" and number is None:
        return "PXCE"
    return f"{prefix}{amount}{designator}"


def _fixed(
    value: str, granularity: str = "day", mod: str | None = None
) -> Callable[[_Context], _Resolved]:
    def resolve(ctx: _Context) -> _Resolved:
        return value, None, "none", granularity, mod

    return resolve


def _dct(ctx: _Context) -> tuple[dt.date | None, str | None, str]:
    if ctx.dct is None:
        return None, None, "none"
    return ctx.dct, ctx.dct.isoformat(), ctx.dct_source


def _relative(
    unit: str, amount: int, suffix: str = "", mod: str | None = None, granularity: str | None = None
) -> Callable[[_Context], _Resolved]:
    """DCT shifted by ``amount`` units, formatted at the unit's granularity."""

    def resolve(ctx: _Context) -> _Resolved:
        base, anchor, source = _dct(ctx)
        gran = granularity or unit
        day = shift(base, amount, unit) if base is not None else None
        return (
            format_date(day, gran) + (suffix if day is not None or suffix.startswith("T") else ""),
            anchor,
            source,
            gran,
            mod,
        )

    return resolve


def _anaphoric(
    unit: str, amount: int, mod: str | None = None, keep_granularity: bool = False
) -> Callable[[_Context], _Resolved]:
    """The previous resolved expression (else the DCT) shifted by ``amount`` units."""

    def resolve(ctx: _Context) -> _Resolved:
        if ctx.last_date is not None:
            gran = (
                ctx.last_granularity
                if keep_granularity and _finer(ctx.last_granularity, unit)
                else unit
            )
            day = shift(ctx.last_date, amount, unit)
            return format_date(day, gran), ctx.last_tid, "expression", gran, mod
        base, anchor, source = _dct(ctx)
        moved = shift(base, amount, unit) if base is not None else None
        return format_date(moved, unit), anchor, source, unit, mod

    return resolve


_GRAN_ORDER = {
    "day": 0,
    "weekend": 1,
    "week": 1,
    "month": 2,
    "quarter": 3,
    "season": 3,
    "half": 4,
    "year": 5,
    "decade": 6,
    "century": 7,
}


def _finer(a: str, b: str) -> bool:
    return _GRAN_ORDER.get(a, 9) < _GRAN_ORDER.get(b, 9)


def _choose_by_tense(
    candidates: Sequence[dt.date], dct: dt.date, tense: str, slack: int = 0
) -> dt.date:
    """Past tense: the latest candidate on or before the DCT (+ ``slack`` days, for dates
    reported in advance); future: the earliest on or after (- slack); else the nearest."""
    before = [c for c in candidates if c <= dct + dt.timedelta(days=slack)]
    after = [c for c in candidates if c >= dct - dt.timedelta(days=slack)]
    if tense == "past" and before:
        return max(before)
    if tense == "future" and after:
        return min(after)
    return min(candidates, key=lambda c: (abs((c - dct).days), c > dct))


def _weekday_resolver(weekday: int, relation: str, part: str) -> Callable[[_Context], _Resolved]:
    def resolve(ctx: _Context) -> _Resolved:
        base, anchor, source = _dct(ctx)
        if base is None:
            return (
                f"XXXX-WXX-{weekday + 1}" + (f"T{part}" if part else ""),
                None,
                "none",
                "day",
                None,
            )
        last = base - dt.timedelta(days=(base.weekday() - weekday) % 7)
        nxt = base + dt.timedelta(days=(weekday - base.weekday()) % 7)
        if relation == "last":
            day = last if last != base else last - dt.timedelta(days=7)
        elif relation == "next":
            day = nxt if nxt != base else nxt + dt.timedelta(days=7)
        elif relation == "this":
            day = _choose_by_tense([last, nxt], base, ctx.tense())
        else:
            day = _choose_by_tense([last, nxt], base, ctx.tense())
        suffix = f"T{part}" if part else ""
        return day.isoformat() + suffix, anchor, source, "day", None

    return resolve


def _month_day_resolver(
    month: int, day: int, year: int | None, year_relation: str = ""
) -> Callable[[_Context], _Resolved]:
    def resolve(ctx: _Context) -> _Resolved:
        if year is not None:
            try:
                return dt.date(year, month, day).isoformat(), None, "none", "day", None
            except ValueError:
                return f"{year:04d}-{month:02d}-{day:02d}", None, "none", "day", None
        base, anchor, source = _dct(ctx)
        if base is None:
            return f"XXXX-{month:02d}-{day:02d}", None, "none", "day", None
        offset = {"this": 0, "last": -1, "next": 1}.get(year_relation)
        try:
            if offset is not None:
                return (
                    dt.date(base.year + offset, month, day).isoformat(),
                    anchor,
                    source,
                    "day",
                    None,
                )
            candidates = [dt.date(base.year + k, month, day) for k in (-1, 0, 1)]
        except ValueError:
            return f"XXXX-{month:02d}-{day:02d}", None, "none", "day", None
        chosen = _choose_by_tense(candidates, base, ctx.tense(), slack=31)
        return chosen.isoformat(), anchor, source, "day", None

    return resolve


def _month_resolver(
    month: int, year: int | None, relation: str = "", mod: str | None = None
) -> Callable[[_Context], _Resolved]:
    def resolve(ctx: _Context) -> _Resolved:
        if year is not None:
            return f"{year:04d}-{month:02d}", None, "none", "month", mod
        base, anchor, source = _dct(ctx)
        if base is None:
            return f"XXXX-{month:02d}", None, "none", "month", mod
        if relation == "this":
            return f"{base.year:04d}-{month:02d}", anchor, source, "month", mod
        if relation == "last":
            y = base.year if month < base.month else base.year - 1
            return f"{y:04d}-{month:02d}", anchor, source, "month", mod
        if relation == "next":
            y = base.year if month > base.month else base.year + 1
            return f"{y:04d}-{month:02d}", anchor, source, "month", mod
        tense = ctx.tense()
        if tense == "past":
            # As for month-days, a past tense may report what was set for the next month
            # ("notified a cutback in September", written in August): the latest month
            # starting no later than the month after the DCT's.
            next_month = base.year * 12 + base.month  # months since year 0, 0-based
            y = (next_month - (month - 1)) // 12
            return f"{y:04d}-{month:02d}", anchor, source, "month", mod
        candidates = [dt.date(base.year + k, month, 15) for k in (-1, 0, 1)]
        chosen = _choose_by_tense(candidates, base, tense, slack=15)
        return f"{chosen.year:04d}-{month:02d}", anchor, source, "month", mod

    return resolve


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower()).strip()


def _month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


# Each handler gets the match and the original text; returns a _Found or None (rejected).


def _h_iso(m: re.Match[str], text: str) -> _Found | None:
    year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if m["h"]:
        value += f"T{m['h']}:{m['mi']}"
        return _Found(m.start(), m.end(), "TIME", "iso", _fixed(value, "time"))
    return _Found(m.start(), m.end(), "DATE", "iso", _fixed(value))


def _h_numeric(m: re.Match[str], text: str) -> _Found | None:
    a, b, c = int(m["a"]), int(m["b"]), m["c"]
    year = int(c) if len(c) == 4 else (1900 + int(c) if int(c) >= 30 else 2000 + int(c))
    month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return _Found(
        m.start(), m.end(), "DATE", "numeric", _fixed(f"{year:04d}-{month:02d}-{day:02d}")
    )


def _month_ok(token: str, m: re.Match[str], text: str, has_number: bool) -> bool:
    if not token[:1].isupper():
        return False
    key = token.lower().rstrip(".")
    if (
        not token.endswith(".")
        and key not in ("may", "june", "july", "march", "april")
        and len(key) <= 4
        and not has_number
    ):
        return False  # bare "Jan", "Dec": names more often than months
    if key in ("may", "march") and not has_number:
        following = text[m.end() : m.end() + 12].lower()
        if re.match(
            r"\s+(?:be|have|not|also|well|help|still|never|want|need|i\b|we\b|you\b)", following
        ):
            return False
    return True


def _h_date(m: re.Match[str], text: str) -> _Found | None:
    month_token = m["m1"] or m["m2"] or m["m3"] or m["m4"]
    day = m["d1"] or m["d2"]
    year = m["y1"] or m["y2"] or m["y3"]
    if not _month_ok(month_token, m, text, bool(day or year)):
        return None
    month = _month_number(month_token)
    relation = (m["rel"] or "").lower()
    if day:
        number = int(re.sub(r"\D", "", day))
        return _Found(
            m.start(),
            m.end(),
            "DATE",
            "month-day",
            _month_day_resolver(month, number, int(year) if year else None, relation),
        )
    return _Found(
        m.start(),
        m.end(),
        "DATE",
        "month",
        _month_resolver(month, int(year) if year else None, relation),
    )


def _h_month_rel(m: re.Match[str], text: str) -> _Found | None:
    token = m["mo"]
    if not token[:1].isupper():
        return None
    return _Found(
        m.start(),
        m.end(),
        "DATE",
        "month",
        _month_resolver(_month_number(token), None, m["rel"].lower()),
    )


def _h_year(m: re.Match[str], text: str) -> _Found | None:
    before = text[max(0, m.start() - 20) : m.start()].lower().split()
    if before and before[-1] in _QUANTITY_WORDS:
        return None
    if _MEASURE_AFTER.match(text, m.end()):
        return None
    if m.start() > 0 and text[m.start() - 1] in "#$£€":
        return None
    if before and before[-1].rstrip(".") in (
        "no",
        "number",
        "route",
        "flight",
        "room",
        "page",
        "article",
    ):
        return None
    year = int(m["y"])
    return _Found(m.start(), m.end(), "DATE", "year", _fixed(f"{year:04d}", "year"))


def _h_decade(m: re.Match[str], text: str) -> _Found | None:
    digits = m["dd"]
    words = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties")
    if digits.lower() in (*words, "nineties"):
        if not m.group().lower().startswith("the"):
            return None  # "in his sixties" is an age
        digits = f"'{(*words, 'nineties').index(digits.lower()) + 2}0s"
    value = "19" + digits[1] if digits.startswith(("'", "’")) else digits[:3]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["pre"] or "").lower().strip("- "))
    if m["half"] and not mod:
        # "the last half of the '80s": TimeML mod END (START for the first half)
        mod = "START" if m["half"].lower() == "first" else "END"
    return _Found(m.start(), m.end(), "DATE", "decade", _fixed(value, "decade", mod))


def _h_century(m: re.Match[str], text: str) -> _Found | None:
    word = m["c"].lower()
    number = ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
    if not 1 <= number <= 30:
        return None
    return _Found(m.start(), m.end(), "DATE", "century", _fixed(f"{number - 1:02d}", "century"))


def _h_weekday(m: re.Match[str], text: str) -> _Found | None:
    token = m["wd"]
    if not token[:1].isupper():
        return None
    weekday = WEEKDAYS[token.lower().rstrip(".")]
    relation = (m["rel"] or "").lower().split()[-1] if m["rel"] else ""
    part = PARTS_OF_DAY.get((m["pod"] or "").lower(), "")
    kind = "TIME" if part else "DATE"
    return _Found(m.start(), m.end(), kind, "weekday", _weekday_resolver(weekday, relation, part))


_DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


def _h_deictic(m: re.Match[str], text: str) -> _Found | None:
    word = m["w"].lower()
    part_word = (m["pod"] or "").lower()
    if m["pod0"]:
        # "mid-afternoon yesterday", "morning today": the part of the day before the day
        part_word = m["pod0"].lower().removeprefix("mid").lstrip("-")
    if word == "tonight":
        part_word = "night"
    if word in ("last night",):
        return _Found(
            m.start(), m.end(), "TIME", "deictic", _relative("day", -1, "TNI", granularity="day")
        )
    offset = _DEICTIC_DAYS[word]
    part = PARTS_OF_DAY.get(part_word, "")
    mod = {"early": "START", "late": "END"}.get((m["pre"] or "").lower().strip())
    suffix = f"T{part}" if part else ""
    kind = "TIME" if part else "DATE"
    return _Found(m.start(), m.end(), kind, "deictic", _relative("day", offset, suffix, mod, "day"))


def _h_this_part(m: re.Match[str], text: str) -> _Found | None:
    part = PARTS_OF_DAY[m["pod"].lower()]
    return _Found(
        m.start(), m.end(), "TIME", "part-of-day", _relative("day", 0, f"T{part}", None, "day")
    )


_REF_WORDS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "the present": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF",
    "formerly": "PAST_REF", "the past": "PAST_REF", "once upon a time": "PAST_REF",
    "the future": "FUTURE_REF", "soon": "FUTURE_REF", "the near future": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "shortly": "FUTURE_REF",
}  # fmt: skip


def _h_ref(m: re.Match[str], text: str) -> _Found | None:
    word = _clean(m.group())
    if word == "now" and re.match(r"\s*that\b", text[m.end() : m.end() + 8]):
        return None  # "now that" is a conjunction
    return _Found(m.start(), m.end(), "DATE", "ref", _fixed(_REF_WORDS[word], "ref"))


_REL_SHIFT = {
    "this": 0, "current": 0, "the current": 0, "present": 0, "the present": 0,
    "last": -1, "past": -1, "the past": -1, "previous": -1, "the previous": -1, "the last": -1,
    "next": 1, "coming": 1, "the coming": 1, "the next": 1,
}  # fmt: skip
_ANAPHORIC = {"that": 0, "the same": 0, "the following": 1, "the previous": -1}


def _h_rel_unit(m: re.Match[str], text: str) -> _Found | None:
    det = _clean(m["det"])
    unit = m["u"].lower()
    mod = MODS.get((m["pre"] or "").lower().strip()) if m["pre"] else None
    if unit in SEASONS:
        return _Found(
            m.start(), m.end(), "DATE", "season", _season_resolver(SEASONS[unit], det, mod)
        )
    if unit == "day":
        # Only anaphoric days: "that day", "the same day", "the next day", "the previous day".
        offset = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1}
        if det not in offset:
            return None
        return _Found(m.start(), m.end(), "DATE", "anaphoric", _anaphoric("day", offset[det], mod))
    gran = {"weekend": "weekend", "half": "half"}.get(unit, unit)
    if unit in ("decade", "century") and det in ("past", "the past", "last", "the last"):
        # "the past decade" measures the ten years up to now (TimeML DURATION P10Y).
        return _Found(
            m.start(),
            m.end(),
            "DURATION",
            "duration",
            _fixed(_duration_value(1, unit), "duration", mod),
        )
    if det in ("that", "the same", "the following"):
        if unit in ("half",):
            return None
        return _Found(
            m.start(), m.end(), "DATE", "anaphoric", _anaphoric(unit, _ANAPHORIC[det], mod)
        )
    amount = _REL_SHIFT[det]
    shift_unit = {"half": "quarter"}.get(unit, unit)
    return _Found(
        m.start(),
        m.end(),
        "DATE",
        "relative",
        _relative(shift_unit, amount * (2 if unit == "half" else 1), "", mod, gran),
    )


def _season_resolver(season: str, det: str, mod: str | None) -> Callable[[_Context], _Resolved]:
    def resolve(ctx: _Context) -> _Resolved:
        base, anchor, source = _dct(ctx)
        if base is None:
            return f"XXXX-{season}", None, "none", "season", mod
        # January and February belong to the winter that began the year before.
        current = base.year - 1 if base.month <= 2 else base.year
        year = current
        now = _SEASON_ORDER[_season_of(base)]
        wanted = _SEASON_ORDER[season]
        if det in ("last", "past", "the past", "previous", "the last"):
            year = current if wanted < now else current - 1
        elif det in ("next", "coming", "the coming", "the next"):
            year = current if wanted > now else current + 1
        return f"{year:04d}-{season}", anchor, source, "season", mod

    return resolve


def _h_season(m: re.Match[str], text: str) -> _Found | None:
    season = SEASONS[m["s"].lower()]
    year = m["y"]
    if year:
        return _Found(
            m.start(), m.end(), "DATE", "season", _fixed(f"{int(year):04d}-{season}", "season")
        )
    return _Found(m.start(), m.end(), "DATE", "season", _season_resolver(season, "this", None))


def _h_quarter(m: re.Match[str], text: str) -> _Found | None:
    which = _clean(m["q"]).replace("fiscal", "").strip()
    unit = m["u"].lower().rstrip("s")
    if unit == "period" and which not in (
        "latest",
        "year-earlier",
        "year-ago",
        "year earlier",
        "year ago",
        "comparable",
        "same",
    ):
        return None
    unit = "quarter" if unit == "period" else unit
    year = m["y1"] or m["y2"]
    year_rel = _clean(m["yr"] or "")
    per_year = 4 if unit == "quarter" else 2
    letter = "Q" if unit == "quarter" else "H"
    if which in ORDINALS and which not in ("last", "final"):
        index = ORDINALS[which]
        if index > per_year:
            return None
        start = m.start()
        if m["q"] and text[m.end("q") : m.end("q") + 1] == "-" and not (m["y1"] or m["yr"]):
            start = m.start("q")  # "the third-quarter profit": TimeBank tags "third-quarter"
        return _Found(
            start,
            m.end(),
            "DATE",
            "quarter",
            _quarter_resolver(letter, index, int(year) if year else None, year_rel),
        )
    if which in ("last", "final") and (year or year_rel):
        return _Found(
            m.start(),
            m.end(),
            "DATE",
            "quarter",
            _quarter_resolver(letter, per_year, int(year) if year else None, year_rel),
        )
    if unit != "quarter":
        return None
    if which in ("year-earlier", "year-ago", "year earlier", "year ago"):
        return _Found(m.start(), m.end(), "DATE", "quarter-earlier", _anaphoric_quarter(-4))
    if which in (
        "latest",
        "current",
        "recent",
        "most recent",
        "same",
        "comparable",
        "last",
        "previous",
        "past",
        "final",
        "next",
        "",
        "fourth",
    ):
        offset = {"previous": -1, "past": -1, "next": 1, "last": 0}.get(which, 0)
        return _Found(m.start(), m.end(), "DATE", "quarter", _anaphoric_quarter(offset))
    return None


def _quarter_resolver(
    letter: str, index: int, year: int | None, year_rel: str
) -> Callable[[_Context], _Resolved]:
    def resolve(ctx: _Context) -> _Resolved:
        if year is not None:
            return f"{year:04d}-{letter}{index}", None, "none", "quarter", None
        base, anchor, source = _dct(ctx)
        if base is None:
            return f"XXXX-{letter}{index}", None, "none", "quarter", None
        y = base.year + {"this year's": 0, "last year's": -1, "next year's": 1}.get(year_rel, 0)
        if not year_rel:
            current = (base.month - 1) // 3 + 1 if letter == "Q" else (1 if base.month <= 6 else 2)
            tense = ctx.tense()
            if index > current and tense != "future":
                y -= 1
        return f"{y:04d}-{letter}{index}", anchor, source, "quarter", None

    return resolve


def _anaphoric_quarter(offset_quarters: int) -> Callable[[_Context], _Resolved]:
    def resolve(ctx: _Context) -> _Resolved:
        if ctx.last_date is not None and ctx.last_granularity == "quarter":
            day = shift(ctx.last_date, offset_quarters, "quarter")
            return format_date(day, "quarter"), ctx.last_tid, "expression", "quarter", None
        base, anchor, source = _dct(ctx)
        if base is None:
            return "XXXX-QX", None, "none", "quarter", None
        # A quarter spoken of in a report is the last completed one.
        day = shift(base, offset_quarters - 1, "quarter")
        return format_date(day, "quarter"), anchor, source, "quarter", None

    return resolve


def _ago_resolver(
    unit: str, amount: int, mod: str | None, gran: str
) -> Callable[[_Context], _Resolved]:
    """DCT minus the amount; "a year ago" after a quarter means that quarter a year before."""
    relative = _relative(unit, amount, "", mod, gran)

    def resolve(ctx: _Context) -> _Resolved:
        if unit == "year" and ctx.last_date is not None and ctx.last_granularity == "quarter":
            day = shift(ctx.last_date, amount, "year")
            return format_date(day, "quarter"), ctx.last_tid, "expression", "quarter", mod
        return relative(ctx)

    return resolve


def _h_ago(m: re.Match[str], text: str) -> _Found | None:
    number = _num(m["n"])
    unit = _unit_key(m["u"])
    word = m["dir"].lower()
    sign = 1 if word in ("later", "hence", "from now", "after") else -1
    mod = MODS.get(_clean(m["pm"] or "")) if m["pm"] else None
    gran = UNITS[unit][2]
    if gran in ("second", "minute", "hour"):
        return None
    if number is None:
        ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return _Found(m.start(), m.end(), "DATE", "ago", _fixed(ref, "ref", mod))
    amount = number * sign * (2 if unit == "fortnight" else 1)
    shift_unit = "week" if unit == "fortnight" else unit
    if word in ("ago", "from now", "hence"):
        return _Found(
            m.start(), m.end(), "DATE", "ago", _ago_resolver(shift_unit, amount, mod, gran)
        )
    return _Found(
        m.start(),
        m.end(),
        "DATE",
        "earlier-later",
        _anaphoric(shift_unit, amount, mod, keep_granularity=True),
    )


def _h_duration(m: re.Match[str], text: str) -> _Found | None:
    raw_number = m["n"]
    unit = _unit_key(m["u"])
    number = _num(raw_number)
    fraction = "1/2" if ("1/2" in raw_number or "and a half" in raw_number.lower()) else ""
    if fraction:
        number = _num(re.sub(r"\s*(?:1/2|and a half)", "", raw_number)) or (
            0 if raw_number.lower().startswith(("a", "half")) else None
        )
    lowered = raw_number.lower().strip()
    joint = text[m.end("n") : m.start("u")]
    if "-" in joint and m["u"].lower().endswith("s"):
        return None  # "three-quarters", "two-thirds": fractions
    if lowered in ("a", "an") and m["rel"] is None and m["pm"] is None:
        # "$5 a year", "twice a day": a frequency, not a duration.
        before = text[max(0, m.start() - 30) : m.start()].lower()
        if re.search(r"(?:\d|once|twice|times|percent|%)\W{0,3}\s*$", before):
            return _Found(m.start(), m.end(), "SET", "set", _fixed(_duration_value(1, unit), "set"))
    if lowered in ("a", "an") and unit in ("second", "minute") and not m["rel"]:
        return None  # "wait a minute"
    if lowered == "some" and unit in ("day", "time"):
        return None
    mod = MODS.get(_clean(m["pm"] or "")) if m["pm"] else None
    if unit == "weekend":
        return None
    value = _duration_value(number, unit, fraction)
    return _Found(m.start(), m.end(), "DURATION", "duration", _fixed(value, "duration", mod))


def _h_vague_duration(m: re.Match[str], text: str) -> _Found | None:
    unit = _unit_key(m["u"])
    return _Found(
        m.start(), m.end(), "DURATION", "duration", _fixed(_duration_value(None, unit), "duration")
    )


_SET_WORDS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "annual": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "biannual": "P6M",
    "biennial": "P2Y",
}


def _h_set_word(m: re.Match[str], text: str) -> _Found | None:
    return _Found(m.start(), m.end(), "SET", "set", _fixed(_SET_WORDS[m.group().lower()], "set"))


def _h_every(m: re.Match[str], text: str) -> _Found | None:
    number = _num(m["n"]) if m["n"] else 1
    unit = m["u"].lower()
    if unit in MONTHS:
        # "each July": TimeML SET with the month's value and no year
        if not m["u"][:1].isupper() or m["n"] or m["other"]:
            return None
        return _Found(m.start(), m.end(), "SET", "set", _fixed(f"XXXX-{MONTHS[unit]:02d}", "set"))
    # "every Monday", and the plural the rule also takes ("every Mondays")
    weekday_name = unit[:-1] if unit.endswith("days") else unit
    if weekday_name in WEEKDAYS:
        weekday = WEEKDAYS[weekday_name]
        return _Found(m.start(), m.end(), "SET", "set", _fixed(f"XXXX-WXX-{weekday + 1}", "set"))
    key = _unit_key(unit)
    if m["other"]:
        number = 2
    return _Found(m.start(), m.end(), "SET", "set", _fixed(_duration_value(number, key), "set"))


def _h_time(m: re.Match[str], text: str) -> _Found | None:
    hour = int(m["h"]) if m["h"] else 12
    minute = int(m["mi"]) if m["mi"] else 0
    ampm = (m["ap"] or "").lower().replace(".", "").replace(" ", "")
    special = (m["sp"] or "").lower()
    if special:
        clock = PARTS_OF_DAY[special]
    else:
        if hour > 24 or (ampm and not 1 <= hour <= 12):
            return None
        if ampm == "pm" and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
        clock = f"{hour:02d}:{minute:02d}"
    day_word = (m["day"] or "").lower()
    month_day = (
        (_month_number(m["mo"]), int(re.sub(r"\D", "", m["dd"])))
        if "mo" in m.groupdict() and m["mo"]
        else None
    )

    def resolve(ctx: _Context) -> _Resolved:
        if month_day is not None:
            value, anchor, source, _, _ = _month_day_resolver(*month_day, None)(ctx)
        elif day_word:
            key = day_word.rstrip(".")
            if key in _DEICTIC_DAYS:
                value, anchor, source, _, _ = _relative("day", _DEICTIC_DAYS[key], "", None, "day")(
                    ctx
                )
            else:
                weekday = WEEKDAYS[key] if key in WEEKDAYS else WEEKDAYS[key[:3]]
                value, anchor, source, _, _ = _weekday_resolver(weekday, "", "")(ctx)
        elif ctx.last_date is not None and ctx.last_granularity == "day":
            value, anchor, source = ctx.last_date.isoformat(), ctx.last_tid, "expression"
        else:
            value, anchor, source, _, _ = _relative("day", 0, "", None, "day")(ctx)
        return f"{value}T{clock}", anchor, source, "time", None

    return _Found(m.start(), m.end(), "TIME", "time", resolve)


def _h_holiday(m: re.Match[str], text: str) -> _Found | None:
    name = _clean(m["hol"]).replace("’", "'")
    if not m["hol"][:1].isupper():
        return None
    year = int(m["y"]) if m["y"] else None

    def resolve(ctx: _Context) -> _Resolved:
        if year is not None:
            return _holiday(name, year).isoformat(), None, "none", "day", None
        base, anchor, source = _dct(ctx)
        if base is None:
            return "XXXX-XX-XX", None, "none", "day", None
        candidates = [_holiday(name, base.year + k) for k in (-1, 0, 1)]
        near = [c for c in candidates if abs((c - base).days) <= 183]
        return (
            _choose_by_tense(near or candidates, base, ctx.tense()).isoformat(),
            anchor,
            source,
            "day",
            None,
        )

    return _Found(m.start(), m.end(), "DATE", "holiday", resolve)


def _h_year_earlier(m: re.Match[str], text: str) -> _Found | None:
    return _Found(
        m.start(),
        m.end(),
        "DATE",
        "year-earlier",
        _anaphoric("year", -1, None, keep_granularity=True),
    )


def _h_the_weekend(m: re.Match[str], text: str) -> _Found | None:
    def resolve(ctx: _Context) -> _Resolved:
        value, anchor, source, _, _ = _weekday_resolver(5, "", "")(ctx)
        parsed = parse_value(value)
        if parsed is None:
            return "XXXX-WXX-WE", None, "none", "weekend", None
        return format_date(parsed[0], "weekend"), anchor, source, "weekend", None

    return _Found(m.start(), m.end(), "DATE", "weekend", resolve)


_TEENS_TENS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
)


def _h_spelled_year(m: re.Match[str], text: str) -> _Found | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    if m["c"]:
        rest = m["r"].lower()
        tail = 0 if rest == "hundred" else _num(rest)
        if tail is None:
            return None
        year = (19 if m["c"].lower() == "nineteen" else 20) * 100 + tail
    else:
        tail = _num(m["r2"]) if m["r2"] else 0
        if tail is None:
            return None
        year = 2000 + tail
    if m["mo"] and m["mo"][:1].isupper():
        # "January nineteen ninety-seven" (transcripts spell the year out)
        value = f"{year:04d}-{_month_number(m['mo']):02d}"
        return _Found(m.start(), m.end(), "DATE", "year", _fixed(value, "month"))
    if m["s"]:
        # "the winter of nineteen ninety-four"
        value = f"{year:04d}-{SEASONS[m['s'].lower()]}"
        return _Found(m.start(), m.end(), "DATE", "year", _fixed(value, "season"))
    start = m.start("c") if m["mo"] else m.start()  # a lower-case "may" is not the month
    return _Found(start, m.end(), "DATE", "year", _fixed(f"{year:04d}", "year"))


def _h_edge(m: re.Match[str], text: str) -> _Found | None:
    """ "the end of the year": the DCT's year with TimeML mod END."""
    unit = m["u"].lower()
    mod = {"end": "END", "close": "END", "beginning": "START", "start": "START"}.get(
        m["edge"].lower(), "MID"
    )
    return _Found(m.start(), m.end(), "DATE", "relative", _relative(unit, 0, "", mod, unit))


def _h_fiscal(m: re.Match[str], text: str) -> _Found | None:
    return _Found(m.start(), m.end(), "DATE", "fiscal-year", _fixed(f"{int(m['y']):04d}", "year"))


def _h_year_edge(m: re.Match[str], text: str) -> _Found | None:
    # TimeBank's reading of "year-end": the last day of the DCT's year.
    def resolve(ctx: _Context) -> _Resolved:
        base, anchor, source = _dct(ctx)
        if base is None:
            return "XXXX-12-31", None, "none", "day", None
        # "since year-end": the last year-end before the DCT
        since = _SINCE_BEFORE.search(ctx.text, max(0, ctx.start - 20), ctx.start)
        year = base.year - 1 if since and base < dt.date(base.year, 12, 31) else base.year
        return f"{year:04d}-12-31", anchor, source, "day", None

    return _Found(m.start(), m.end(), "DATE", "year-end", resolve)


# --------------------------------------------------------------------------- the rules
_RULES: list[tuple[str, str, _Handler]] = [
    (
        "iso",
        _B + r"(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)(?:T(?P<h>\d\d):(?P<mi>\d\d)(?::\d\d)?)?" + _E,
        _h_iso,
    ),
    ("numeric", _B + r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<c>\d{4}|\d\d)(?![\w/])", _h_numeric),
    (
        "date",
        _B + r"(?:" + _WEEKDAY + r"\s*,?\s*)?"
        r"(?:(?P<m1>" + _MONTH + r")\s*(?P<d1>" + _DAY + r")(?:\s*,?\s*(?P<y1>" + _YEAR + r"))?"
        r"|(?:the\s+)?(?P<d2>"
        + _DAY
        + r")(?:\s+of)?\s+(?P<m2>"
        + _MONTH
        + r")(?:\s*,?\s*(?P<y2>"
        + _YEAR
        + r"))?"
        r"|(?P<m3>" + _MONTH + r")\s*,?\s*(?:of\s+)?(?P<y3>" + _YEAR + r")"
        r"|(?P<m4>" + _MONTH + r"))"
        r"(?:\s+(?P<rel>this|last|next)\s+year\b)?",
        _h_date,
    ),
    (
        "month-rel",
        _B + r"(?P<rel>this|last|next)\s+(?P<mo>" + _MONTH + r")(?!\.?\s*\d)",
        _h_month_rel,
    ),
    ("fiscal", _B + r"fiscal(?:\s+year)?\s+(?P<y>" + _YEAR + r")", _h_fiscal),
    (
        "decade",
        _B
        + r"(?:the\s+)?(?:(?P<half>first|last|latter|second)\s+half\s+of\s+(?:the\s+)?)?"
        + r"(?P<pre>(?:early|mid|late)(?:\s*-\s*|\s+))?"
        + r"(?P<dd>(?:1[5-9]|20)\d0s|['’]\d0s|(?:twenties|thirties|forties|fifties|sixties|"
        r"seventies|eighties|nineties))" + _E,
        _h_decade,
    ),
    ("year", r"(?<![\w$£€.,/])(?<![\d.,]-)(?P<y>" + _YEAR + r")(?![\w/-])", _h_year),
    (
        "spelled-year",
        _B + r"(?:(?P<mo>" + _MONTH + r")\s+|(?:the\s+)?(?P<s>spring|summer|autumn|winter|fall)\s+"
        r"(?:of\s+)?|the\s+year\s+)?(?:(?P<c>nineteen|twenty)[-\s]+(?P<r>" + _TEENS_TENS + r")"
        r"|two\s+thousand(?:\s+and)?(?:[-\s]+(?P<r2>" + _TEENS_TENS + r"))?)" + _E,
        _h_spelled_year,
    ),
    (
        "edge",
        _B + r"the\s+(?P<edge>end|beginning|start|middle|close)\s+of\s+(?:the|this)\s+"
        r"(?P<u>week|month|year|quarter|decade|century)" + _E,
        _h_edge,
    ),
    (
        "century",
        _B
        + r"(?:the\s+)?(?P<c>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
        r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
        r"seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[-\s]+century" + _E,
        _h_century,
    ),
    (
        "weekday",
        _B
        + r"(?P<rel>(?:last|next|this(?:\s+past|\s+coming)?|early|late)\s+)?(?P<wd>"
        + _WEEKDAY
        + r")"
        r"(?:\s+(?P<pod>morning|afternoon|evening|night))?",
        _h_weekday,
    ),
    (
        "deictic",
        _B
        + r"(?:(?P<pod0>(?:mid-?)?(?:morning|afternoon|evening))\s+(?=yesterday|today|tomorrow))?"
        r"(?P<pre>(?:early|late)\s+)?(?P<w>today|yesterday|tomorrow|tonight|last\s+night)\b"
        r"(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?",
        _h_deictic,
    ),
    ("part-of-day", _B + r"this\s+(?P<pod>morning|afternoon|evening)\b", _h_this_part),
    (
        "ref",
        _B + r"(?:now|right\s+now|currently|nowadays|these\s+days|at\s+present|presently|"
        r"at\s+the\s+moment|recently|lately|the\s+past|"
        r"the\s+(?:near\s+)?future|as\s+soon\s+as\s+possible)\b(?![-'’])",
        _h_ref,
    ),
    (
        "relative",
        _B + r"(?P<pre>(?:earlier|later|early|late)\s+)?"
        r"(?P<det>this|last|next|the\s+current|the\s+coming|the\s+previous|the\s+past|"
        r"the\s+following|the\s+same|that|the\s+last|the\s+next|coming|past|previous|current)\s+"
        r"(?P<u>day|week|weekend|month|quarter|year|decade|century|half(?!\s+of\b)|spring|summer|fall|"
        r"autumn|winter)" + _E + r"(?!-)",
        _h_rel_unit,
    ),
    (
        "season",
        _B + r"(?:(?<=in\s)|(?<=during\s)|(?<=by\s)|(?<=until\s)|(?<=since\s)|(?<=through\s))"
        r"(?:the\s+)?(?P<s>spring|summer|autumn|winter|fall)(?:\s+(?:of\s+)?(?P<y>"
        + _YEAR
        + r"))?(?!\s+of\b)"
        + _E,
        _h_season,
    ),
    (
        "season-year",
        _B + r"(?P<s>spring|summer|autumn|winter|fall)\s+(?:of\s+)?(?P<y>" + _YEAR + r")",
        _h_season,
    ),
    (
        "quarter",
        _B
        + r"(?:the\s+)?(?:(?P<y1>"
        + _YEAR
        + r")\s+|(?P<yr>this\s+year['’]s|last\s+year['’]s|next\s+year['’]s)\s+)?"
        r"(?P<q>(?:fiscal\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|"
        r"recent|most\s+recent|previous|past|next|same|comparable|year[-\s]earlier|year[-\s]ago)(?:\s+fiscal)?)"
        r"[-\s]+(?:fiscal\s+)?(?P<u>quarter|half|period)(?:\s+of\s+(?:fiscal\s+)?(?P<y2>"
        + _YEAR
        + r"))?"
        + _E,
        _h_quarter,
    ),
    (
        "the-quarter",
        _B + r"the\s+(?P<q>)(?P<u>quarter)(?P<y1>)(?P<y2>)(?P<yr>)" + _E + r"(?!\s+of\b)(?![-'’])",
        _h_quarter,
    ),
    (
        "ago",
        _B + r"(?:(?P<pm>" + _PREMOD + r")\s+)?(?P<n>" + _NUMBER + r")\s+(?P<u>" + _UNIT + r")\s+"
        r"(?:or\s+so\s+)?(?P<dir>ago|earlier|later|hence|from\s+now)\b",
        _h_ago,
    ),
    (
        "duration",
        _B
        + r"(?:(?P<pm>"
        + _PREMOD
        + r")\s+)?(?:the\s+)?(?P<rel>(?:past|last|next|first|coming|previous|"
        r"following|final|preceding|remaining|initial|latest)\s+)?"
        r"(?P<n>"
        + _NUMBER
        + r")(?:\s*-\s*|\s+)(?:(?:more|additional|straight|consecutive|full)\s+)?"
        r"(?P<u>" + _UNIT + r")" + _E + r"(?!-(?:old|earlier|ago|end))(?:-long)?",
        _h_duration,
    ),
    (
        "vague-duration",
        _B + r"(?:(?:the\s+)?(?:recent|coming|past|next|last)\s+)"
        r"(?P<u>days|weeks|months|years|decades|centuries)" + _E,
        _h_vague_duration,
    ),
    (
        "vague-for",
        r"(?<=\bfor\s)(?P<u>hours|days|weeks|months|years|decades|centuries)" + _E,
        _h_vague_duration,
    ),
    (
        "set-word",
        _B
        + r"(?:daily|nightly|weekly|monthly|annually|annual|yearly|hourly|biannual|biennial)"
        + _E,
        _h_set_word,
    ),
    (
        "every",
        _B + r"(?:every|each|per)\s+(?P<other>other\s+)?(?:(?P<n>" + _NUMWORD + r"|\d{1,3})\s+)?"
        r"(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|"
        r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|january|february|march|april|may|june|"
        r"july|august|september|october|november|december)" + _E,
        _h_every,
    ),
    (
        "time",
        _B
        + r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*"
        + r"(?P<ap>a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b)"
        r"|(?P<sp>noon|midnight|midday)\b)"
        r"(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?"
        r"(?:,?\s+(?:on\s+)?(?:(?P<day>today|yesterday|tomorrow|" + _WEEKDAY + r")"
        r"|(?P<mo>" + _MONTH + r")\s*(?P<dd>" + _DAY + r")))?",
        _h_time,
    ),
    (
        "clock",
        _B
        + r"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?P<ap>)(?P<sp>)"
        + r"(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?"
        + r"(?:,?\s+(?:on\s+)?(?:(?P<day>today|yesterday|tomorrow|"
        + _WEEKDAY
        + r")"
        + r"|(?P<mo>"
        + _MONTH
        + r")\s*(?P<dd>"
        + _DAY
        + r")))?",
        _h_time,
    ),
    (
        "holiday",
        _B
        + r"(?P<hol>new\s+year['’]s\s+(?:day|eve)|valentine['’]s\s+day|independence\s+day|"
        + r"halloween|"
        r"christmas(?:\s+(?:eve|day))?|veterans\s+day|thanksgiving(?:\s+day)?|labor\s+day|"
        r"memorial\s+day|election\s+day|easter(?:\s+sunday)?)(?:\s*,?\s*(?P<y>"
        + _YEAR
        + r"))?"
        + _E,
        _h_holiday,
    ),
    ("year-end", _B + r"(?:the\s+)?year[-\s]end" + _E, _h_year_edge),
    ("year-earlier", _B + r"year-(?:earlier|ago)" + _E, _h_year_earlier),
    ("the-weekend", _B + r"the\s+weekend" + _E, _h_the_weekend),
]
_COMPILED = [
    (name, re.compile(pattern, re.IGNORECASE), handler) for name, pattern, handler in _RULES
]
# Rules whose patterns need a keyword: skip them quickly when the text lacks it (speed only).
_PRE_MODS = re.compile(
    r"(?P<mod>\b(?:early|mid|late|post|pre|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    r"the\s+middle\s+of|the\s+close\s+of|end\s+of|beginning\s+of)(?:\s*-\s*|\s+))$",
    re.IGNORECASE,
)


# Every expression contains a digit or a word from one of these families; the rules run only
# in windows around such words, and each rule only where its families occur, which keeps a
# 400-word article to a few milliseconds. Plurals ("months", "Mondays") count as the word.
_TRIGGER_STEMS = {
    "month": "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec",
    "weekday": "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu "
    "thur thurs fri sat sun",
    "unit": "second minute hour day week weekend fortnight month year decade century centuries "
    "millennium millennia quarter half period",
    "deictic": "today yesterday tomorrow tonight night last",
    "part": "morning afternoon evening night noon midnight midday",
    "ref": "now nowadays currently current recently recent lately past future present presently "
    "moment soon",
    "season": "spring summer fall autumn winter",
    "set": "daily nightly weekly monthly annually annual yearly hourly biannual biennial every "
    "each per",
    "holiday": "christmas easter thanksgiving halloween new valentine independence labor "
    "memorial election veterans",
    "century": "century centuries",
    "fiscal": "fiscal",
    "spelled": "nineteen twenty thousand",
    "decades": "twenties thirties forties fifties sixties seventies eighties nineties",
}
_KINDS_BY_WORD: dict[str, frozenset[str]] = {}
for _kind, _words in _TRIGGER_STEMS.items():
    for _word in _words.split():
        _KINDS_BY_WORD[_word] = _KINDS_BY_WORD.get(_word, frozenset()) | {_kind}
_DIGIT_KIND = frozenset({"digit"})
# Which families each rule needs (any of them).
_RULE_KINDS = {
    "iso": {"digit"}, "numeric": {"digit"}, "date": {"month"}, "month-rel": {"month"},
    "fiscal": {"fiscal"}, "decade": {"digit", "decades"}, "year": {"digit"}, "century": {"century"},
    "weekday": {"weekday"}, "deictic": {"deictic"}, "part-of-day": {"part"}, "ref": {"ref"},
    "relative": {"unit", "season"}, "season": {"season"}, "season-year": {"season"},
    "quarter": {"unit"}, "the-quarter": {"unit"}, "ago": {"unit"}, "duration": {"unit"},
    "vague-duration": {"unit"}, "vague-for": {"unit"}, "set-word": {"set"},
    "every": {"set"}, "time": {"digit", "part"}, "clock": {"digit"}, "holiday": {"holiday"},
    "year-end": {"unit"}, "year-earlier": {"unit"}, "the-weekend": {"unit"},
    "spelled-year": {"spelled"}, "edge": {"unit"},
}  # fmt: skip
_WORDS = re.compile(r"[A-Za-z]{3,}|\d+")

# A piece of text every match of a rule contains (speed only): a rule runs in a window only if
# its guard occurs there, which skips most rule/window pairs. Each guard is a part of its
# rule's pattern that lies inside the match (never in a lookbehind, which sees before the
# window), written in lower case and searched in the text folded by :func:`_fold`, so that a
# window the rule matches always holds it. tests/test_timeline.py checks the guards against
# the rules.
_RULE_GUARDS: dict[str, re.Pattern[str]] = {
    name: re.compile(guard)
    for name, guard in {
        "iso": r"-\d\d-",  # led by a literal, which the engine finds in C
        "numeric": r"/\d",  # (also "clock")
        "month-rel": r"this|last|next",
        "decade": r"0s|ties",  # 1990s, '90s, the nineties
        "year": r"1[5-9]\d\d|20\d\d",
        "edge": r"end|beginning|start|middle|close",
        "deictic": r"today|yesterday|tomorrow|night",
        "part-of-day": r"this",
        "ref": r"now|current|these|present|moment|recent|late|past|future|soon",
        "season-year": r"1[5-9]\d\d|20\d\d",
        "quarter": r"quarter|half|period",
        "the-quarter": r"quarter",
        "ago": r"ago|earlier|later|hence|from",
        "vague-duration": r"days|weeks|months|years|decades|centuries",
        "vague-for": r"hours|days|weeks|months|years|decades|centuries",
        "time": r"\d\s*[ap](?:\.\s?)?m|noon|midnight|midday",  # 9 a.m., 10.30pm, noon
        "clock": r":[0-5]\d",
        "year-end": r"year[-\s]end",
        "year-earlier": r"year-",
        "the-weekend": r"weekend",
    }.items()
}
# Case-insensitive matching (re.IGNORECASE on str patterns) also lets "İ" and "ı" match "i"
# and "ſ" match "s"; str.lower() does not map them so (and makes "İ" two characters). Replaced
# by the letters they match, case for case, they read as the rules read them.
_UNUSUAL_CASE_LETTERS = str.maketrans({"ſ": "s", "ı": "i", "İ": "I"})


def _plain_letters(text: str) -> str:
    """``text`` with :data:`_UNUSUAL_CASE_LETTERS` replaced: ``str.translate`` with a table
    looks every character up in Python, so skip it when none of the three letters occurs
    (most texts)."""
    if "ſ" in text or "ı" in text or "İ" in text:
        return text.translate(_UNUSUAL_CASE_LETTERS)
    return text


def _fold(text: str) -> str:
    """``text`` in lower case, one character for one, as the rules' case-insensitive matching
    sees letters."""
    return _plain_letters(text).lower()


# The rules in lower case and case-sensitive, for the folded text: they match where the rules
# match in the text (folding maps each character to what case-insensitive matching compares,
# and keeps the word, space and digit classes: tests/test_timeline.py checks every character).
# The regex engine skips an alternative on its first character only when matching
# case-sensitively, which makes these two to three times faster than the rules themselves.
_FOLDED_RULES = {
    name: re.compile(pattern.lower().replace("(?p<", "(?P<")) for name, pattern, _ in _RULES
}


#: Characters before and after a trigger word that a rule may cover ("at least the past 18").
_WINDOW_BEFORE = 60
_WINDOW_AFTER = 90


def _trigger_alternation(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words`` (lower-case letters), as a trie.

    The regex engine tries the alternatives of a group one by one; sharing prefixes makes a
    position that starts no word fail after one or two comparisons.

    Examples:
        >>> _trigger_alternation(["mar", "march", "may"])
        'ma(?:r(?:ch)?|y)'
    """
    trie: dict[str, dict[str, Any]] = {}
    for word in words:
        node = trie
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [letter + pattern(child) for letter, child in sorted(node.items()) if letter]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


# The trigger words of :data:`_WORDS` (a word of _KINDS_BY_WORD, or one with an "s" after it)
# in the folded text, where ASCII letters are lower case: one search finds them between the
# other words, where a loop over every word of the text looked each one up. A trigger starts
# after a character that is not a letter (consumed by the match: a leading character class
# lets the engine skip to candidate positions) or at the start of the text.
_TRIGGER_BODY = "(" + _trigger_alternation(_KINDS_BY_WORD) + "s?)(?![a-z])"
_TRIGGER_AFTER = re.compile("[^a-z]" + _TRIGGER_BODY)
_TRIGGER_AT_START = re.compile(_TRIGGER_BODY)
_DIGITS = re.compile(r"\d+")
# Characters that fold to an ASCII letter but are not one (so :data:`_WORDS` does not read
# them as letters, and the folded text would): texts with them take the word loop.
# tests/test_timeline_fast_paths.py checks that no other character folds so.
_FOLDS_TO_ASCII_LETTER = ("ſ", "ı", "İ", "\u212a")


def _trigger_words(text: str, folded: str | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, word in lower case)`` of every :data:`_WORDS` match that is a digit run
    or a trigger word (alone or with an "s"), in text order. ``folded`` is ``_fold(text)``."""
    if folded is None or any(letter in text for letter in _FOLDS_TO_ASCII_LETTER):
        return _trigger_words_by_loop(text)
    found = [(m.start(), m.end(), m.group()) for m in _DIGITS.finditer(folded)]
    first = _TRIGGER_AT_START.match(folded)
    if first is not None:
        found.append((0, first.end(), first.group()))
    found.extend((m.start(1), m.end(), m.group(1)) for m in _TRIGGER_AFTER.finditer(folded))
    found.sort()  # the spans never overlap, so this is text order
    return found


def _trigger_words_by_loop(text: str) -> list[tuple[int, int, str]]:
    """:func:`_trigger_words` one word of :data:`_WORDS` at a time (for any text)."""
    found = []
    for match in _WORDS.finditer(text):
        word = match.group()
        lowered = word.lower()
        if (
            word[0].isdigit()
            or lowered in _KINDS_BY_WORD
            or (lowered.endswith("s") and lowered[:-1] in _KINDS_BY_WORD)
        ):
            found.append((match.start(), match.end(), lowered))
    return found


def _windows(text: str, folded: str | None = None) -> list[tuple[int, int, set[str]]]:
    """Spans of ``text`` around its trigger words, merged where they overlap, with the
    families of the words in each. ``folded`` (``_fold(text)``, optional) is faster."""
    windows: list[tuple[int, int, set[str]]] = []
    for start, end, word in _trigger_words(text, folded):
        if word[0].isdigit():
            kinds: frozenset[str] | None = _DIGIT_KIND
        else:
            kinds = _KINDS_BY_WORD.get(word)
            if kinds is None and word.endswith("s"):
                kinds = _KINDS_BY_WORD.get(word[:-1])
        if kinds is None:
            continue
        lo = max(0, start - _WINDOW_BEFORE)
        hi = min(len(text), end + _WINDOW_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][2].update(kinds)
            windows[-1] = (windows[-1][0], hi, windows[-1][2])
        else:
            windows.append((lo, hi, set(kinds)))
    return windows


# Most rules begin with a one-character lookbehind, ``(?<![\w$£€])`` (:data:`_B`), with which
# the regex engine tries the rule at every position. Searched instead as the character before
# the match and then the rest, ``[^\w$£€](?:rest)``, the engine skips in C to the characters
# that are no letter or digit and tries the rest only after those (and at the very start,
# where a lookbehind sees nothing). A lookbehind sees before the search's start, so a match
# at or after ``position`` is searched from ``position - 1``. Speed only: the match found is
# the one the folded rule finds (tests/test_timeline_fast_paths.py checks that no rule has an
# alternative at its top level, to which the lookbehind would not apply).
_LEADING_LOOKBEHIND = re.compile(r"\(\?<!\[([^\]]+)\]\)")
# The words every match of a busy rule begins with (or a digit), checked by a lookahead before
# the rest of the rule, which would otherwise try each of its alternatives and optional words
# at every word: tests/test_timeline_fast_paths.py derives each rule's possible beginnings
# from its pattern and checks that the lookahead admits them all.
_NUMBER_STARTS = (
    "twenty thirty forty fifty sixty seventy eighty ninety one two three four five six seven "
    "eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
    "nineteen a hundred dozen couple few several dozens many an"
)
_PREMOD_STARTS = "at more less fewer nearly almost up"
_RULE_STARTS = {
    "date": "mon tues wednes thurs fri satur sun tue wed thur thu sat jan feb mar apr may jun "
    "jul aug sep oct nov dec the",
    "relative": "earlier later early late this last next the that coming past previous current",
    "ago": f"{_PREMOD_STARTS} {_NUMBER_STARTS}",
    "duration": f"{_PREMOD_STARTS} the past last next first coming previous following final "
    f"preceding remaining initial latest {_NUMBER_STARTS}",
    "weekday": "last next this early late mon tues wednes thurs fri satur sun tue wed thur thu sat",
    "holiday": "new valentine independence halloween christmas veterans thanksgiving labor "
    "memorial election easter",
    "ref": "now right currently nowadays these at presently recently lately the as",
    "quarter": "the this last next fiscal first second third fourth final latest current recent "
    "most previous past same comparable year",
    "vague-duration": "the recent coming past next last",
    "set-word": "daily nightly weekly monthly annually annual yearly hourly biannual biennial",
    "every": "every each per",
}


def _split_lookbehind(
    pattern: str, starts: str | None = None
) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """``(rest, before + rest)`` of a pattern that begins with ``(?<![...])``, else ``None``;
    ``starts``: the words (space-separated) every match begins with, if not a digit.

    Examples:
        >>> [p.pattern for p in _split_lookbehind("(?<![$£])ago")]
        ['(?:ago)', '[^$£](?:ago)']
        >>> print(_split_lookbehind("(?<![$£])(?:ago|hence)", "ago hence")[0].pattern)
        (?=\\d|(?:ago|hence))(?:(?:ago|hence))
    """
    lead = _LEADING_LOOKBEHIND.match(pattern)
    if lead is None:
        return None
    rest = "(?:" + pattern[lead.end() :] + ")"
    if starts is not None:
        rest = f"(?=\\d|{_trigger_alternation(starts.split())}){rest}"
    return re.compile(rest), re.compile(f"[^{lead.group(1)}]{rest}")


_FOLDED_SEARCH = {
    name: _split_lookbehind(rule.pattern, _RULE_STARTS.get(name))
    for name, rule in _FOLDED_RULES.items()
}


def _next_start(
    folded_rule: re.Pattern[str],
    split: tuple[re.Pattern[str], re.Pattern[str]] | None,
    folded: str,
    position: int,
    hi: int,
) -> int:
    """Start of ``folded_rule.search(folded, position, hi)``, or -1; ``split`` is its
    :func:`_split_lookbehind`."""
    if split is None:
        found = folded_rule.search(folded, position, hi)
        return -1 if found is None else found.start()
    rest, before_rest = split
    if position == 0 and rest.match(folded, 0, hi) is not None:
        return 0
    found = before_rest.search(folded, max(position - 1, 0), hi)
    return -1 if found is None else found.start() + 1


def _rule_matches(
    pattern: re.Pattern[str],
    folded_rule: re.Pattern[str],
    text: str,
    folded: str,
    lo: int,
    hi: int,
    split: tuple[re.Pattern[str], re.Pattern[str]] | None = None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, lo, hi)``, each match found by ``folded_rule`` in ``folded``
    (searched as ``split``, its :func:`_split_lookbehind`, if given).

    No rule matches the empty string, so the next match starts at or after the previous end.
    """
    position = lo
    while (start := _next_start(folded_rule, split, folded, position, hi)) >= 0:
        match = pattern.match(text, start, hi)
        if match is None or match.end() == match.start():  # never (the same places): be safe
            position = start + 1
            continue
        yield match
        position = match.end()


def _candidates(text: str, *, quick: bool = True) -> list[_Found]:
    """What every rule finds in the windows of ``text``, by rule, then window, then position.

    ``quick=False`` runs every rule itself in every window of its families, without guards or
    folded rules (the tests compare).
    """
    found: list[_Found] = []
    seen: set[tuple[int, int, str]] = set()
    folded = _fold(text) if quick else text
    windows = _windows(text, folded if quick else None)
    for name, pattern, handler in _COMPILED:
        needed = _RULE_KINDS[name]
        guard = _RULE_GUARDS.get(name) if quick else None
        for lo, hi, kinds in windows:
            if needed.isdisjoint(kinds):
                continue
            if guard is not None and guard.search(folded, lo, hi) is None:
                continue
            matches = (
                _rule_matches(
                    pattern, _FOLDED_RULES[name], text, folded, lo, hi, _FOLDED_SEARCH[name]
                )
                if quick
                else pattern.finditer(text, lo, hi)
            )
            for match in matches:
                if match.end() == match.start():
                    continue
                result = handler(match, text)
                if result is not None and (result.start, result.end, result.rule) not in seen:
                    seen.add((result.start, result.end, result.rule))
                    found.append(result)
    return found


def _select(found: list[_Found]) -> list[_Found]:
    order = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[_Found] = []
    last_end = -1
    for item in order:
        if item.start >= last_end:
            chosen.append(item)
            last_end = item.end
    return chosen


def _extend_mod(text: str, item: _Found) -> tuple[int, str | None]:
    """Take in a modifier just before a DATE ("early", "mid-", "the end of")."""
    if item.type != "DATE" or item.rule in ("ref", "decade", "relative", "deictic"):
        return item.start, None
    window = text[max(0, item.start - 20) : item.start]
    match = _PRE_MODS.search(window)
    if not match:
        return item.start, None
    word = re.sub(r"\s+", " ", match.group("mod").lower()).strip().rstrip("-").strip()
    mod = MODS.get(word) or MODS.get(word + "-")
    return item.start - len(match.group("mod")), mod


def find_timexes(
    text: str,
    dct: dt.date | None,
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    dct_source: str = "published",
) -> tuple[Timex, ...]:
    """Temporal expressions of ``text``, normalised against the document creation time ``dct``.

    Args:
        text: Plain text.
        dct: Document creation time (publication date); ``None`` keeps values underspecified.
        sentences: Sentence spans used for tense cues (default: the whole text as one).
        dct_source: Where ``dct`` came from (``published``/``dateline``), for ``anchor_source``.

    Examples:
        >>> [(t.text, t.value) for t in find_timexes("He quit on Monday.", dt.date(2022, 5, 25))]
        [('Monday', '2022-05-23')]
        >>> [(t.text, t.value) for t in find_timexes("He quit on Monday.", None)]
        [('Monday', 'XXXX-WXX-1')]
    """
    original = text
    # The case-insensitive rules match "ſ" as "s" and "ı", "İ" as "i", which the handlers'
    # look-ups (str.lower) do not know: read the text with those letters replaced, one for one
    # and case for case (no other text changes), and quote the original.
    text = _plain_letters(text)
    chosen = _select(_candidates(text))
    spans = sorted(sentences) if sentences else [(0, len(text))]
    result: list[Timex] = []
    ctx = _Context(text, dct, dct_source, 0, len(text), 0, 0)
    sentence_index = 0
    for item in chosen:
        while sentence_index + 1 < len(spans) and spans[sentence_index][1] <= item.start:
            sentence_index += 1
        lo, hi = spans[sentence_index]
        ctx.sentence_lo, ctx.sentence_hi = min(lo, item.start), max(hi, item.end)
        ctx.start, ctx.end = item.start, item.end
        start, extra_mod = _extend_mod(text, item)
        if result and start < result[-1].end:
            start, extra_mod = item.start, None
        value, anchor, source, granularity, mod = item.resolve(ctx)
        tid = f"t{len(result) + 1}"
        timex = Timex(
            tid=tid,
            start=start,
            end=item.end,
            text=original[start : item.end],
            type=item.type,
            value=value,
            anchor=anchor,
            anchor_source=source,
            granularity=granularity,
            mod=mod or extra_mod,
            rule=item.rule,
        )
        result.append(timex)
        if item.type in ("DATE", "TIME") and "X" not in value and item.rule not in _DERIVED:
            parsed = parse_value(value)
            if parsed is not None:
                ctx.last_date, ctx.last_granularity = parsed
                ctx.last_tid = tid
    return tuple(result)


# Expressions computed from the previous one do not become the anchor of the next.
_DERIVED = frozenset(
    {"earlier-later", "year-earlier", "quarter-earlier", "ago", "anaphoric", "ref"}
)

_VALUE_RE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?(?:T.*)?$"
)


def parse_value(value: str) -> tuple[dt.date, str] | None:
    """The first day and the granularity of a TimeML date value (``None`` if not a calendar date).

    Examples:
        >>> parse_value("2022-W21")
        (datetime.date(2022, 5, 23), 'week')
        >>> parse_value("2022-Q1"), parse_value("P3M")
        ((datetime.date(2022, 1, 1), 'quarter'), None)
    """
    match = _VALUE_RE.match(value)
    if not match:
        return None
    year = int(match["y"])
    if not 1 <= year <= 9999:
        return None
    try:
        if match["d"]:
            return dt.date(year, int(match["m"]), int(match["d"])), "day"
        if match["m"]:
            return dt.date(year, int(match["m"]), 1), "month"
        if match["w"]:
            return dt.date.fromisocalendar(year, int(match["w"]), 1), "weekend" if match[
                "we"
            ] else "week"
        if match["q"]:
            return dt.date(year, 3 * int(match["q"]) - 2, 1), "quarter"
        if match["h"]:
            return dt.date(year, 1 if match["h"] == "1" else 7, 1), "half"
        if match["s"]:
            return dt.date(year, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[match["s"]], 1), "season"
    except ValueError:
        return None
    return dt.date(year, 1, 1), "year"
