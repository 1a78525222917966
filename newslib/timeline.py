"""Timelines: time expressions normalised against the publication date, and the events they date.

* :func:`timexes` / :func:`timex_frame`: every temporal expression of an article in TimeML
  TIMEX3 terms (type DATE, TIME, DURATION, SET and a TimeML value), resolved against the
  article's ``published`` date (the document creation time, DCT), else a date in the dateline,
  else left underspecified (``XXXX-...``): never today's date. The rules are in
  :mod:`newslib.temporal`.
* :func:`timeline_frame`: one row per dated event: the DATE/TIME expression, its resolved
  period (``date`` .. ``date_end``), the verb it dates (``event``) and its clause; durations
  that can be anchored ("three months since ...", "the past two years") become intervals.
* :func:`speech_dates`: the date each quotation was spoken, from a time expression attached to
  its reporting verb ("told reporters on Monday").
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import pandas as pd

from newslib.articles import Article
from newslib.tables import Row, TableSchema
from newslib.temporal import (
    Timex,
    find_timexes,
    format_date,
    parse_value,
    pos_tags,
    shift,
)
from newslib.text import sentences

#: Anchored durations snap their open end to an earlier expression when it lies this close
#: (as a fraction of the duration, at least :data:`SNAP_MIN_DAYS`): "three months since my
#: government launched ..." starts on the "February 24" mentioned before, not on February 23.
SNAP_FRACTION = 0.1
SNAP_MIN_DAYS = 3
#: Longest distance, in words, between a reporting verb and the time expression that dates it.
SPEECH_WINDOW_WORDS = 4
# Sentences up to this length are tagged whole (and once); longer ones around the expression.
_WHOLE_SENTENCE = 2000

_DATELINE_DATE = re.compile(
    r"\b(?P<m>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)\b"
)
_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DURATION = re.compile(r"P(?:T)?(?P<n>\d+)(?P<u>[YMWDH])$")
_SINCE_AFTER = re.compile(r"\s*(?:since|ago)\b", re.IGNORECASE)
_PAST_BEFORE = re.compile(
    r"\b(?:for|in|over|during|within)\s+(?:the\s+)?(?:past|last)\s+$|\b(?:the\s+)?(?:past|last)\s+$",
    re.IGNORECASE,
)
_NEXT_BEFORE = re.compile(
    r"\b(?:in|within|for)\s+(?:the\s+)?(?:next|coming)\s+$|\b(?:the\s+)?(?:next|coming)\s+$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]“”\"–—]|\s-\s|\b(?:and|but|while|when|after|before|because|although|which|who)\b"
)
_AUXILIARIES = frozenset(
    [
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "am",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "'s",
        "'re",
        "'ve",
        "'d",
        "'ll",
    ]
)


def document_time(article: Article) -> tuple[dt.date | None, str]:
    """The date relative expressions are resolved against, and where it came from.

    The publication date if known; else a full date in the header's dateline
    (``GENEVA, May 23, 2022 (Reuters) -``); else ``(None, "none")``. Never today's date.

    Examples:
        >>> from newslib.articles import load_article
        >>> document_time(load_article("date 2022-05-23 GENEVA (AP) – He quit."))
        (datetime.date(2022, 5, 23), 'published')
        >>> document_time(load_article("He quit on Monday."))
        (None, 'none')
    """
    if article.published is not None:
        return article.published, "published"
    match = _DATELINE_DATE.search(article.header[:300])
    if match:
        try:
            month = _MONTH_NUMBERS[match["m"].lower()]
            return dt.date(int(match["y"]), month, int(match["d"])), "dateline"
        except ValueError:
            pass
    return None, "none"


@functools.lru_cache(maxsize=32)
def timexes(article: Article) -> tuple[Timex, ...]:
    """The article's temporal expressions, normalised against its publication date.

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article("date 2022-05-23 He resigned on Monday morning after three months.")
        >>> [(t.text, t.type, t.value) for t in timexes(a)]
        [('Monday morning', 'TIME', '2022-05-23TMO'), ('three months', 'DURATION', 'P3M')]
    """
    dct, source = document_time(article)
    spans = sentences(article)
    found = find_timexes(
        article.text,
        dct,
        sentences=[(s.start, s.end) for s in spans],
        dct_source=source if source != "none" else "published",
    )
    result = []
    index = 0
    for timex in found:
        while index + 1 < len(spans) and spans[index].end <= timex.start:
            index += 1
        sentence = spans[index] if spans else None
        result.append(
            _placed(
                timex,
                sentence.index if sentence else -1,
                sentence.paragraph if sentence else -1,
            )
        )
    return tuple(result)


def _placed(timex: Timex, sentence: int, paragraph: int) -> Timex:
    """``dataclasses.replace(timex, sentence=sentence, paragraph=paragraph)``.

    Without ``replace``'s loop over the fields by name, about 6 % of the timeline's time
    (cProfile, BBC); tests/test_timeline_fast_paths.py checks that every field is copied.
    """
    return Timex(
        timex.tid,
        timex.start,
        timex.end,
        timex.text,
        timex.type,
        timex.value,
        timex.anchor,
        timex.anchor_source,
        timex.granularity,
        timex.mod,
        timex.rule,
        sentence,
        paragraph,
    )


#: The temporal expressions table (:func:`timex_frame`).
TIMEX_TABLE = TableSchema.of(
    ("timex", "str"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "str"),
    ("type", "str"),
    ("value", "str"),
    ("granularity", "str"),
    ("mod", "str"),
    ("anchor", "str"),
    ("anchor_source", "str"),
    ("interval_start", "str"),
    ("interval_end", "str"),
    ("sentence", "int64"),
    ("paragraph", "int64"),
    ("rule", "str"),
)


def timex_frame(article: Article) -> pd.DataFrame:
    """One row per temporal expression (TimeML TIMEX3).

    Columns: ``timex`` (id), ``start``, ``end``, ``text``, ``type``, ``value``, ``granularity``,
    ``mod``, ``anchor`` (the date value or timex id it was resolved against),
    ``anchor_source`` (``published``, ``dateline``, ``expression`` or ``none``),
    ``interval_start``/``interval_end`` (ISO dates, for anchored durations), ``sentence``,
    ``paragraph``, ``rule``.

    Examples:
        >>> from newslib.articles import load_article
        >>> text = "date 2022-05-23 It has been three months since the war began."
        >>> frame = timex_frame(load_article(text))
        >>> frame[["text", "value", "interval_start", "interval_end"]].values.tolist()
        [['three months', 'P3M', '2022-02-23', '2022-05-23']]
    """
    return TIMEX_TABLE.frame(timex_rows(article))


def timex_rows(article: Article) -> list[Row]:
    """The rows of :func:`timex_frame` as plain tuples, in :data:`TIMEX_TABLE` order."""
    intervals = _intervals(article)
    rows: list[Row] = []
    for t in timexes(article):
        begin, finish, anchor, source = intervals.get(
            t.tid, (None, None, t.anchor, t.anchor_source)
        )
        rows.append(
            (
                t.tid,
                t.start,
                t.end,
                t.text,
                t.type,
                t.value,
                t.granularity,
                t.mod,
                anchor,
                source,
                begin.isoformat() if begin else None,
                finish.isoformat() if finish else None,
                t.sentence,
                t.paragraph,
                t.rule,
            )
        )
    return rows


def period(value: str) -> tuple[dt.date, dt.date, str] | None:
    """First and last day of the period a TimeML date value names, and its granularity.

    Examples:
        >>> period("2022-W21")
        (datetime.date(2022, 5, 23), datetime.date(2022, 5, 29), 'week')
        >>> period("2022-05-23TMO")
        (datetime.date(2022, 5, 23), datetime.date(2022, 5, 23), 'day')
        >>> period("PRESENT_REF") is None
        True
    """
    parsed = parse_value(value)
    if parsed is None:
        return None
    first, granularity = parsed
    lengths = {"day": ("day", 1), "week": ("week", 1), "weekend": ("day", 2), "month": ("month", 1),
               "quarter": ("quarter", 1), "half": ("month", 6), "season": ("month", 3),
               "year": ("year", 1)}  # fmt: skip
    if granularity == "weekend":
        first = first + dt.timedelta(days=5)
    unit, amount = lengths.get(granularity, ("day", 1))
    last = shift(first, amount, unit) - dt.timedelta(days=1)
    return first, max(first, last), granularity


def _duration_days(value: str) -> tuple[int, str] | None:
    match = _DURATION.match(value)
    if not match or value.startswith("PT"):
        return None
    return int(match["n"]), {"Y": "year", "M": "month", "W": "week", "D": "day"}[match["u"]]


@functools.lru_cache(maxsize=32)
def _intervals(article: Article) -> dict[str, tuple[dt.date, dt.date, str | None, str]]:
    """Anchored durations: tid -> (first day, last day, anchor, anchor source)."""
    dct, source = document_time(article)
    result: dict[str, tuple[dt.date, dt.date, str | None, str]] = {}
    if dct is None:
        return result
    found = timexes(article)
    text = article.text
    for position, t in enumerate(found):
        if t.type != "DURATION":
            continue
        amount = _duration_days(t.value)
        if amount is None:
            continue
        number, unit = amount
        before = text[max(0, t.start - 30) : t.start]
        inside_past = t.text.lower().startswith(("the past", "the last", "past", "last"))
        inside_next = t.text.lower().startswith(("the next", "the coming", "next"))
        if _SINCE_AFTER.match(text, t.end) or inside_past or _PAST_BEFORE.search(before):
            snapped, anchor = _snap(shift(dct, -number, unit), dct, found[:position])
            if anchor is not None:
                result[t.tid] = (snapped, dct, anchor, "expression")
            else:
                result[t.tid] = (snapped, dct, dct.isoformat(), source)
        elif inside_next or _NEXT_BEFORE.search(before):
            result[t.tid] = (dct, shift(dct, number, unit), dct.isoformat(), source)
    return result


def _snap(begin: dt.date, end: dt.date, earlier: tuple[Timex, ...]) -> tuple[dt.date, str | None]:
    tolerance = max(SNAP_MIN_DAYS, int((end - begin).days * SNAP_FRACTION))
    best = begin
    best_tid: str | None = None
    best_distance = tolerance + 1
    for t in earlier:
        if t.type != "DATE" or t.granularity != "day":
            continue
        parsed = parse_value(t.value)
        if parsed is None:
            continue
        distance = abs((parsed[0] - begin).days)
        if distance <= tolerance and distance < best_distance:
            best, best_distance, best_tid = parsed[0], distance, t.tid
    return best, best_tid


# --------------------------------------------------------------------------- events


def _sentence_verbs(text: str, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
    """(start, end, word, tag) of the verbs in ``text[lo:hi]`` (Pattern tagger, offline)."""
    window = text[lo:hi]
    verbs = []
    position = 0
    for word, tag in pos_tags(window.replace("’", "'")):
        found = window.find(word, position)
        if found < 0:
            continue
        position = found + len(word)
        if tag.startswith("VB") and word.lower() not in _AUXILIARIES:
            verbs.append((lo + found, lo + position, word, tag))
    return verbs


def _clause_bounds(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    left, right = lo, hi
    for match in _CLAUSE_BREAK.finditer(text, lo, hi):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    return left, right


def governing_event(article: Article, timex: Timex) -> tuple[str | None, str]:
    """The verb a time expression dates and the clause around both.

    The nearest verb (not an auxiliary) in the expression's clause, else in its sentence.

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article("date 2022-05-23 He said he delivered a letter Monday morning.")
        >>> governing_event(a, timexes(a)[0])
        ('delivered', 'He said he delivered a letter Monday morning')
    """
    spans = sentences(article)
    if not spans or timex.sentence < 0:
        return None, ""
    sentence = spans[timex.sentence]
    if sentence.end - sentence.start <= _WHOLE_SENTENCE:
        lo, hi = sentence.start, sentence.end  # the tags of the sentence are cached
    else:
        lo = max(sentence.start, timex.start - 400)
        hi = min(sentence.end, timex.end + 400)
    verbs = _sentence_verbs(article.text, lo, hi)
    if not verbs:
        return None, article.text[lo:hi].strip()
    c_lo, c_hi = _clause_bounds(article.text, lo, hi, timex.start, timex.end)
    in_clause = [v for v in verbs if c_lo <= v[0] and v[1] <= c_hi]
    pool = in_clause or verbs

    def distance(v: tuple[int, int, str, str]) -> int:
        return timex.start - v[1] if v[1] <= timex.start else v[0] - timex.end

    verb = min(pool, key=lambda v: (distance(v), v[0] > timex.start))
    c_start = min(c_lo, verb[0]) if in_clause else min(verb[0], timex.start)
    c_end = max(c_hi, verb[1]) if in_clause else max(verb[1], timex.end)
    if not in_clause:
        c_start, c_end = _clause_bounds(
            article.text, lo, hi, min(verb[0], timex.start), max(verb[1], timex.end)
        )
    clause = article.text[c_start:c_end].strip(" ,;:.")
    return verb[2], clause


#: The dated events table (:func:`timeline_frame`).
TIMELINE_TABLE = TableSchema.of(
    ("timex", "str"),
    ("date", "object"),
    ("date_end", "object"),
    ("granularity", "str"),
    ("kind", "str"),
    ("expression", "str"),
    ("type", "str"),
    ("value", "str"),
    ("event", "str"),
    ("clause", "str"),
    ("sentence", "int64"),
    ("paragraph", "int64"),
    ("start", "int64"),
    ("end", "int64"),
    ("anchor_source", "str"),
)


def timeline_frame(article: Article) -> pd.DataFrame:
    """One row per dated event, in narrative order.

    Columns: ``timex``, ``date`` and ``date_end`` (first and last day of the period, as
    ``datetime.date``), ``granularity``, ``kind`` (``point`` for a DATE/TIME, ``interval`` for an
    anchored duration), ``expression`` (the words), ``type``, ``value``, ``event`` (the governing
    verb), ``clause``, ``sentence``, ``paragraph``, ``start``, ``end``, ``anchor_source``.
    Expressions without a calendar value (``PRESENT_REF``, ``XXXX-...``, sets, unanchored
    durations) are left out: see :func:`timex_frame`.

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article("date 2022-05-23 Talks began this week. He quit on Monday.")
        >>> frame = timeline_frame(a)
        >>> frame[["expression", "event"]].values.tolist()
        [['this week', 'began'], ['Monday', 'quit']]
        >>> [str(d) for d in frame.date_end]
        ['2022-05-29', '2022-05-23']
    """
    return TIMELINE_TABLE.frame(timeline_rows(article))


def timeline_rows(article: Article) -> list[Row]:
    """The rows of :func:`timeline_frame` as plain tuples, in :data:`TIMELINE_TABLE` order."""
    intervals = _intervals(article)
    rows: list[Row] = []
    for t in timexes(article):
        if t.type in ("DATE", "TIME"):
            found = period(t.value)
            if found is None:
                continue
            first, last, granularity = found
            kind = "point"
        elif t.tid in intervals:
            first, last, _, _ = intervals[t.tid]
            granularity, kind = "interval", "interval"
        else:
            continue
        event, clause = governing_event(article, t)
        rows.append(
            (
                t.tid,
                first,
                last,
                granularity,
                kind,
                t.text,
                t.type,
                t.value,
                event,
                clause,
                t.sentence,
                t.paragraph,
                t.start,
                t.end,
                t.anchor_source,
            )
        )
    return rows


# --------------------------------------------------------------------------- speech dates
_WORD = re.compile(r"[\w'’]+")
_QUOTE_MARKS = re.compile(r"[\"“”]")
# Words between a reporting verb and a time expression that make the time something else's
# ("offered to extend talks until Friday", "said that by Monday ...").
_NOT_SPEECH_TIME = frozenset(
    {"until", "till", "by", "before", "after", "since", "from", "to", "that", "which", "who"}
    | {"whose", "when", "if", "unless"}
)


def _governed_by(article: Article, timex: Timex, cue_start: int, cue_end: int) -> bool:
    """True when the expression's governing verb is the cue (or the cue is not a tagged verb)."""
    verb, _ = governing_event(article, timex)
    cue = article.text[cue_start:cue_end].lower()
    return (
        verb is None
        or verb.lower() == cue
        or not any(v[0] == cue_start for v in _sentence_verbs(article.text, cue_start, cue_end + 1))
    )


def speech_dates(article: Article, quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotes table with the date each quotation was spoken.

    A DATE/TIME expression in the cue's sentence, outside the quotation, within
    :data:`SPEECH_WINDOW_WORDS` words of the reporting verb and with no quotation mark in
    between ("told the Associated Press on Monday", "said Friday") dates the quotation.

    Args:
        article: The article the quotes come from.
        quotes: A frame like :func:`newslib.quotes.quote_frame`'s, with at least ``start``,
            ``end`` (the quotation), ``cue_start`` and ``cue_end`` (the reporting verb).

    Returns:
        A copy of ``quotes`` with ``speech_timex``, ``speech_expression``, ``speech_value``
        and ``speech_date`` (first day, ``datetime.date``), empty where nothing dates it.

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article('date 2022-05-23 "I quit," he told reporters on Monday.')
        >>> q = pd.DataFrame({"start": [0], "end": [10], "cue_start": [14], "cue_end": [18]})
        >>> speech_dates(a, q)[["speech_expression", "speech_value"]].values.tolist()
        [['Monday', '2022-05-23']]
    """
    found = [t for t in timexes(article) if t.type in ("DATE", "TIME")]
    text = article.text
    frame = quotes.copy()
    columns: dict[str, list[object]] = {
        "speech_timex": [], "speech_expression": [], "speech_value": [], "speech_date": [],
    }  # fmt: skip
    for row in quotes.itertuples(index=False):
        cue_start, cue_end = getattr(row, "cue_start", None), getattr(row, "cue_end", None)
        q_start, q_end = int(getattr(row, "start", -1)), int(getattr(row, "end", -1))
        best: Timex | None = None
        if (
            cue_start is not None
            and cue_end is not None
            and not pd.isna(cue_start)
            and not pd.isna(cue_end)
        ):
            c_start, c_end = int(cue_start), int(cue_end)
            best_gap = SPEECH_WINDOW_WORDS + 1
            for t in found:
                if q_start <= t.start < q_end:
                    continue
                if t.start >= c_end:
                    between = text[c_end : t.start]
                elif t.end <= c_start:
                    between = text[t.end : c_start]
                else:
                    continue
                if _QUOTE_MARKS.search(between) or "." in between:
                    continue
                words = _WORD.findall(between)
                if any(w.lower() in _NOT_SPEECH_TIME for w in words):
                    continue
                if len(words) < best_gap and _governed_by(article, t, c_start, c_end):
                    best, best_gap = t, len(words)
        found_period = period(best.value) if best else None
        columns["speech_timex"].append(best.tid if best else None)
        columns["speech_expression"].append(best.text if best else None)
        columns["speech_value"].append(best.value if best else None)
        columns["speech_date"].append(found_period[0] if found_period else None)
    for name, values in columns.items():
        frame[name] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def unresolved(article: Article) -> pd.DataFrame:
    """The expressions that have no calendar date: references, sets, unanchored durations, X values.

    Examples:
        >>> from newslib.articles import load_article
        >>> unresolved(load_article("He quit on Monday, now a habit.")).value.tolist()
        ['XXXX-WXX-1', 'PRESENT_REF']
    """
    frame = timex_frame(article)
    dated = set(timeline_frame(article)["timex"])
    return frame[~frame["timex"].isin(dated)].reset_index(drop=True)


__all__ = [
    "Timex",
    "document_time",
    "format_date",
    "governing_event",
    "period",
    "speech_dates",
    "timeline_frame",
    "timex_frame",
    "timexes",
    "unresolved",
]
