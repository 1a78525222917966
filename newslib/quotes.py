"""Direct quotations, their speakers and their reporting verbs.

Who speaks in an article, how much, and with which verb. The method is rule based and linear in
the length of the text, in the tradition of Krestel, Bergler & Witte, "Minding the Source:
Automatic Tagging of Reported Speech in Newspaper Articles" (LREC 2008): quotation marks delimit
the quoted words, a reporting verb (the *cue*, from a documented lexicon) next to the quotation
marks the attribution, and the noun phrase governed by the cue is the speaker; pronouns are
resolved to the most recent compatible named person. textacy's ``extract.direct_quotations``
(chartbeat-labs/textacy) is prior art for the same triple (speaker, cue, content) with a
dependency parse; newslib needs no parser and never raises on unbalanced marks, recording a
``warning`` on the row instead.

Steps, each visible in the output:

1. *Marks.* One left-to-right pass per paragraph pairs opening and closing marks on a small
   stack: curly and straight double quotes, single quotes nested in double (a straight ``'`` may
   close a curly ``‘``), guillemets. Apostrophes (``Putin’s``, ``don’t``, ``’90s``,
   ``parents’``) are never marks. An unclosed mark runs to the paragraph end (news convention:
   if the next paragraph opens with a mark, the quotation continues there); an orphan closing
   mark takes the words since the previous quotation or attribution.
2. *Cues.* After the quotation (``“...,” Bondarev told the AP``, ``“...,” said Caddell``), else
   before it in the same sentence (``he wrote: “...”``, ``Bondarev said those who “...”``), or
   a colon after a sentence whose subject speaks (``Politico reveals a few facts: “...”``, also
   across a paragraph break). Cue forms that read as nouns (``the Islamic State``, ``the
   Sept. 11 attacks``, ``her home state``) are not cues.
3. *Speakers.* Proper names (titles such as ``Foreign Minister`` dropped), pronouns (``he`` and
   ``she`` resolved to the most recent named person of a compatible gender in subject position,
   never a possessive or the object of a preposition; ``it`` to the organisation or document
   that spoke last), descriptions (``a spokesperson for the mission``, ``the email``:
   anonymous) and collectives (``others``, ``officials``: vague). All mentions of one person
   are merged by surname.
4. *Continuations.* A quotation with no cue of its own inherits the speaker of the quotation
   it continues from the previous paragraph, of the previous quotation in its paragraph, or,
   when it opens its paragraph, of the previous paragraph's last quotation or reporting clause;
   else the person opening its own sentence (``sentence_subject``), else the owner of a speech
   noun just before it (``speech_noun``: ``his call for “...”``), else, when it opens a
   sentence, the speaker of a previous sentence ending in a reporting clause
   (``reporting_clause``: ``..., the board writes. “...”``) or the person opening that
   sentence (``previous_sentence``: ``Trump was blunt. “...”``).
5. *Kind.* Short quotations (at most :data:`TERM_MAX_WORDS` words) embedded in the narrator's
   sentence with no cue of their own, no first or second person and no sentence punctuation
   are ``term`` (scare quotes, titles, slogans: “special military operation”, “Z”); the rest
   are ``speech``, including partial quotations close after a finite cue
   (:data:`PARTIAL_QUOTE_GAP`: ``He denounced the growing “lies and unprofessionalism”``).

Measured on PolNeAR dev (``benchmarks/eval_quotes.py``): content F1 0.934 (overlap), cue F1
0.832, speaker accuracy 0.855; see the README for the definitions and the known misses.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from newslib.articles import Article, Span
from newslib.resources import data_path, word_list
from newslib.tables import Row, TableSchema
from newslib.text import CALENDAR_WORDS, Token, sentences, tokenize

#: Quotations of at most this many words with no cue of their own, embedded in a sentence,
#: are terms (scare quotes). Chosen by reading; 4 covers “special military operation”,
#: “war of aggression”, “Z”, “top secret” while leaving partial quotations of clauses as speech.
TERM_MAX_WORDS = 4
#: A short quotation at most this many words after a finite cue in its sentence is a partial
#: quotation (speech), not a term: ``called it “disqualifying”``. Chosen by reading.
PARTIAL_QUOTE_GAP = 10
#: Characters searched after a closing mark for a cue (``,” he told the Associated Press``).
AFTER_WINDOW = 160
#: Characters searched before an opening mark for a cue; the window stops at a sentence end.
BEFORE_WINDOW = 400
#: Word tokens allowed between a closing mark and its cue (``,” Heller Neuer, executive
#: director of the advocacy group UN Watch, said``).
MAX_SUBJECT_TOKENS = 16

#: The quotations table (:func:`quote_frame`): one row per quotation, as :class:`Quote`.
QUOTE_TABLE = TableSchema.of(
    ("quote", "int64"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "str"),
    ("kind", "str"),
    ("speaker", "object"),
    ("speaker_mention", "object"),
    ("speaker_start", "Int64"),
    ("speaker_end", "Int64"),
    ("speaker_type", "object"),
    ("cue", "object"),
    ("cue_start", "Int64"),
    ("cue_end", "Int64"),
    ("cue_category", "object"),
    ("paragraph", "int64"),
    ("sentence", "int64"),
    ("nested_in", "Int64"),
    ("attribution", "str"),
    ("rule", "str"),
    ("warning", "object"),
)
QUOTE_COLUMNS = list(QUOTE_TABLE.columns)


@functools.cache
def _word_classes() -> dict[str, frozenset[str]]:
    """Word classes from ``newslib/data/speaker_words.tsv`` (class, words)."""
    classes: dict[str, set[str]] = {}
    for line in data_path("speaker_words.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, words = line.split("\t", 1)
            classes.setdefault(name, set()).update(words.split())
    return {name: frozenset(words) for name, words in classes.items()}


def _word_class(name: str) -> frozenset[str]:
    return _word_classes()[name]


@functools.cache
def first_names() -> dict[str, str]:
    """First names and the sex they are mostly given to, ``m`` or ``f``, from the 1990 US
    Census (``newslib/data/first_names.tsv``): the gender of a name for pronoun resolution.

    Examples:
        >>> names = first_names()
        >>> names["hillary"], names["bernie"], "jamie" in names
        ('f', 'm', False)
    """
    table = {}
    for line in data_path("first_names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sex = line.split("\t")
            table[name] = sex
    return table


#: Titles and role nouns that tell a person's gender (``Mr. Trump``, ``Mrs. Clinton``,
#: ``Congresswoman Lee``); written for newslib from English usage.
GENDERED_TITLES = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "congressman": "m",
    "congresswoman": "f",
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "businessman": "m",
    "businesswoman": "f",
}
#: Pronouns that tell the gender of their antecedent.
_PRONOUN_GENDER = {"he": "m", "she": "f", "his": "m", "her": "f"}
#: Candidate antecedents looked at, most recent first, when the nearest has the wrong gender.
RESOLVE_LOOKBACK = 40


_LETTERS = re.compile(r"[A-Za-z]+")
# Capitalised words and the runs they form (linear: each repetition starts at a new word).
_CAPITALISED_STRETCH = re.compile(
    r"[A-Z][\w’'.-]*"
    r"(?:[ \t]+[A-Za-z][\w’'.-]*[ \t]+[A-Z][\w’'.-]*|[ \t]+[A-Z][\w’'.-]*)*"
)
_MARKS = re.compile("''|[\"“”«»‘’']")
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"“”’']|$)")
_OPENING_CONTEXT = frozenset("([{—–-/“‘\"'«")
_ELISIONS = frozenset({"n", "em", "til", "tis", "twas", "cause", "round"})
_CLOSING_PUNCT = frozenset(".,;:!?)]}…—–-")
_FIRST_SECOND_PERSON = re.compile(
    r"\b(?:I|I'm|I’m|me|my|mine|we|We|us|our|ours|you|You|your|yours)\b"
)

# Word classes for speaker phrases; written for newslib from standard English grammar.
_PRONOUNS = {
    "he": "singular",
    "she": "singular",
    "they": "plural",
    "we": "plural",
    "i": "first",
    "it": "neuter",  # an organisation or a document ("it said"); not resolved
}
_ADVERBS = _word_class("adverbs")
_COORDINATORS = frozenset({"and", "but", "or", "then", "yet"})
_SUBORDINATORS = _word_class("subordinators")
_PREPOSITIONS = _word_class("prepositions")
_DETERMINERS = _word_class("determiners")
#: Collective and vague sources (Bergler's "vague" sources); a plural head noun is vague too.
_COLLECTIVE = _word_class("collective")
#: Leading words dropped from a name to form the canonical name (titles, roles, parties).
_TITLES = _word_class("titles")
#: Words that make a capitalised run an organisation or a place, not a person.
_ORG_WORDS = _word_class("org_words")
_NATIONALITY_SUFFIXES = ("an", "ian", "ese", "ish", "i")
_ABBREVIATIONS = _word_class("abbreviations")
#: Abbreviations that end no sentence when capitalised (AP style months and US states:
#: ``Sept.``, ``Ky.``, ``Calif.``); in lower case they are words (``ill.``, ``wash.``).
_CAPITAL_ABBREVIATIONS = _word_class("capital_abbreviations")


def _is_abbreviation(word: str) -> bool:
    """A word whose full stop ends no sentence (``Mr``, ``Gen``, ``Sept``, ``Calif``, the state of
    a party-and-state label ``R-Ky``)."""
    word = word.rsplit("-", 1)[-1]
    lowered = word.lower()
    return lowered in _ABBREVIATIONS or (word[:1].isupper() and lowered in _CAPITAL_ABBREVIATIONS)


#: Role nouns that stand before a name in apposition (``Republican strategist Karl Rove``).
_ROLES = _word_class("roles")
_NAME_CONNECTORS = frozenset(
    ("de", "van", "von", "der", "la", "le", "bin", "al", "da", "di", "del")
)


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: the quoted words (``start``/``end`` exclude the marks) and who said them.

    Attributes:
        index: Number of the quotation in the article, from 0 in text order.
        start: Offset of the first quoted character in ``article.text``.
        end: Offset just after the last quoted character.
        text: ``article.text[start:end]``.
        kind: ``speech`` (reported speech) or ``term`` (scare quotes, titles, slogans).
        speaker: Canonical name (``"Boris Bondarev"``), a description for unnamed speakers, or
            ``None``.
        speaker_mention: The words naming the speaker at this quotation (``"he"``).
        speaker_start: Offset of the mention, or ``None``.
        speaker_end: End offset of the mention, or ``None``.
        speaker_type: ``named``, ``anonymous``, ``vague`` or ``None``.
        cue: Lemma of the reporting verb (``"tell"``), or ``None``.
        cue_start: Offset of the cue, or ``None``.
        cue_end: End offset of the cue, or ``None``.
        cue_category: ``neutral`` or ``evaluative`` (from :func:`reporting_verbs`), or ``None``.
        paragraph: Paragraph number of ``start``.
        sentence: Sentence number (:func:`newslib.text.sentences`) of ``start``.
        nested_in: ``index`` of the quotation this one is nested in, or ``None``.
        attribution: ``explicit`` (own cue), ``continued`` (speaker carried from an earlier
            quotation) or ``unattributed``.
        rule: The rule that chose the speaker: ``cue_after_quote``, ``cue_before_quote``,
            ``pronoun_resolved``, ``same_paragraph``, ``paragraph_continuation``,
            ``previous_paragraph``, ``sentence_subject``, ``speech_noun``,
            ``reporting_clause``, ``previous_sentence``, ``nested``, ``term`` or ``none``.
        warning: ``unclosed_mark``, ``orphan_closing_mark`` or ``None``.
    """

    index: int
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_type: str | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    cue_category: str | None
    paragraph: int
    sentence: int
    nested_in: int | None
    attribution: str
    rule: str
    warning: str | None


@dataclass(frozen=True, slots=True)
class ReportingVerb:
    """One entry of the reporting-verb lexicon (``newslib/data/reporting_verbs.tsv``)."""

    lemma: str
    forms: tuple[str, ...]
    category: str
    stance: str


@functools.cache
def reporting_verbs() -> tuple[ReportingVerb, ...]:
    """The reporting-verb lexicon: lemma, inflected forms, category and stance.

    ``category`` is ``neutral`` (say, tell, write, add) or ``evaluative`` (stance-bearing:
    claim, admit, denounce, warn); ``stance`` refines the evaluative ones (assertive,
    tentative, concessive, critical, emotive, directive, favourable).

    Examples:
        >>> verbs = {v.lemma: v for v in reporting_verbs()}
        >>> verbs["say"].category, verbs["denounce"].category, verbs["admit"].stance
        ('neutral', 'evaluative', 'concessive')
        >>> "told" in verbs["tell"].forms
        True
    """
    entries = []
    for line in data_path("reporting_verbs.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, forms, category, stance = line.split("\t")
        entries.append(ReportingVerb(lemma, tuple(forms.split(",")), category, stance))
    return tuple(entries)


@functools.cache
def _cue_forms() -> dict[str, ReportingVerb]:
    return {form: verb for verb in reporting_verbs() for form in verb.forms if " " not in form}


# --------------------------------------------------------------------------- mark scanning


@dataclass(slots=True)
class _Raw:
    """A quotation found by the mark scanner, before attribution."""

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None
    paragraph: int
    parent: int | None
    warning: str | None
    continues: bool = False  # runs on into the next paragraph (news convention)
    continued: bool = False  # continues a quotation of the previous paragraph
    close_end: int | None = None  # just after the closing mark (marks may be two characters)


@dataclass(slots=True)
class _Open:
    kind: str  # "d" double or "s" single
    style: str  # "curly", "straight", "guillemet"
    pos: int
    size: int = 1  # two for the doubled apostrophe '' some newspapers print for "
    raw_index: int | None = None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ".,;:…"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_apostrophe(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    if prev.isalnum() and nxt.isalnum():
        return True  # don’t, Putin’s, rock’n’roll
    if nxt.isdigit():
        return True  # ’90s, '05
    if (prev.isspace() or i == start) and nxt.isalpha():
        word = _LETTERS.match(text, i + 1, min(i + 8, end))
        return word is not None and word.group().lower() in _ELISIONS  # ’em, 'til, ’n’
    return False


def _scan_paragraph(
    text: str, start: int, end: int, paragraph: int, found: list[_Raw], continued: bool
) -> bool:
    """Pair the marks of one paragraph into ``found``; True if a quotation stays open at its end."""
    stack: list[_Open] = []
    last_boundary = start

    def top(kind: str) -> int | None:
        for position in range(len(stack) - 1, -1, -1):
            if stack[position].kind == kind:
                return position
        return None

    def close(position: int, close_at: int, size: int = 1) -> None:
        nonlocal last_boundary
        entry = stack[position]
        del stack[position:]
        s, e = _trim(text, entry.pos + entry.size, close_at)
        if any(char.isalnum() for char in text[s:e]):
            found.append(_Raw(s, e, entry.pos, close_at, paragraph, None, None))
            found[-1].close_end = close_at + size
            if not stack and entry.kind == "d":
                found[-1].continued = continued and entry.pos == start
        if not stack:
            last_boundary = close_at + size

    def orphan(close_at: int, size: int = 1) -> None:
        nonlocal last_boundary
        s = _orphan_start(text, last_boundary, close_at)
        s, e = _trim(text, s, close_at)
        if any(char.isalnum() for char in text[s:e]):
            found.append(_Raw(s, e, None, close_at, paragraph, None, "orphan_closing_mark"))
            found[-1].close_end = close_at + size
        last_boundary = close_at + size

    for match in _MARKS.finditer(text, start, end):
        i = match.start()
        char = match.group()
        size = len(char)
        if size == 2:
            char = '"'  # '' printed for a straight double quote
        prev = text[i - 1] if i > start else " "
        nxt = text[i + size] if i + size < end else " "
        if char in "“«":
            style = "curly" if char == "“" else "guillemet"
            position = top("d")
            if (
                position is not None
                and char == "“"
                and not prev.isspace()
                and (nxt.isspace() or nxt in _CLOSING_PUNCT)
            ):
                close(position, i)  # an opening mark typed for a closing one: “...,“ said X
                continue
            if position is not None and stack[position].style == style:
                # Same-style double marks never nest: the earlier one was left open.
                entry = stack[position]
                del stack[position:]
                s, e = _trim(text, entry.pos + entry.size, i)
                if any(c.isalnum() for c in text[s:e]):
                    found.append(_Raw(s, e, entry.pos, None, paragraph, None, "unclosed_mark"))
            stack.append(_Open("d", style, i))
        elif char in "”»":
            position = top("d")
            if position is None:
                orphan(i)
            else:
                close(position, i)
        elif char == '"':
            if size == 2 and prev.isdigit():
                continue  # 6'' (inches), not a quotation mark
            position = top("d")
            opener_context = prev.isspace() or prev in _OPENING_CONTEXT or i == start
            closer_context = not prev.isspace() and (nxt.isspace() or nxt in _CLOSING_PUNCT)
            if position is not None and (
                stack[position].style == "straight" or (closer_context and not opener_context)
            ):
                close(position, i, size)
            elif position is None and closer_context and not opener_context:
                orphan(i, size)
            else:
                stack.append(_Open("d", "straight", i, size))
        elif char == "‘":
            if nxt.isdigit():
                continue
            position = top("s")
            double = top("d")
            if position is not None and (double is None or double < position):
                del stack[position:]  # an earlier single mark was an apostrophe after all
            stack.append(_Open("s", "curly", i))
        else:  # ’ or '
            if _is_apostrophe(text, i, start, end):
                continue
            position = top("s")
            double = top("d")
            if (
                position is not None
                and not prev.isspace()
                and not nxt.isalnum()
                and (double is None or double < position)
            ):
                close(position, i)
            elif (prev.isspace() or prev in _OPENING_CONTEXT or i == start) and (
                nxt.isalnum() or nxt in '“"'
            ):
                stack.append(_Open("s", "straight" if char == "'" else "curly", i))
            # anything else: an apostrophe (parents’ votes) or a stray mark
    # Paragraph end: the outermost open double mark runs to the end of the paragraph.
    position = top("d")
    if position is not None and position == min(
        (p for p, entry in enumerate(stack) if entry.kind == "d"), default=position
    ):
        entry = stack[position]
        s, e = _trim(text, entry.pos + entry.size, end)
        if any(c.isalnum() for c in text[s:e]):
            raw = _Raw(s, e, entry.pos, None, paragraph, None, "unclosed_mark")
            raw.continued = continued and entry.pos == start
            found.append(raw)
            return True
    return False


def _orphan_start(text: str, boundary: int, close_at: int) -> int:
    """Start of the words an orphan closing mark ends: skip a short attribution first, either
    the tail of the previous quotation's sentence (``he wrote. Today, ...”``) or a reporting
    clause that introduces the words (``she added, Donald Trump is ...”``)."""
    match = _SENTENCE_END.search(text, boundary, close_at)
    if match is not None and boundary > 0:
        tail = text[boundary : match.end()]
        words = tail.split()
        if len(words) <= 12 and any(w.strip(".,;:").lower() in _cue_forms() for w in words):
            return match.end()
    tokens = tokenize(text, boundary, min(close_at, boundary + 300))
    for index, token in enumerate(tokens[:-1]):
        if token.text.lower() in _cue_forms():
            following = tokens[index + 1 : index + 4]
            stop = next((t for t in following if t.text in (",", ":")), None)
            if stop is not None:
                return stop.end
    return boundary


#: A single line break inside a blank-line paragraph also ends a paragraph when the line
#: before ends a sentence and the next opens one: news text scraped with one newline between
#: paragraphs (5 % of PolNeAR's train articles) would otherwise run its paragraphs together.
_LINE_BREAK = re.compile(r"\n[ \t]*")
_LINE_END = frozenset(".!?:”\"’'")
_LINE_START = frozenset("“\"‘'«(—–-")


def _blocks(article: Article) -> tuple[tuple[Span, ...], tuple[int, ...]]:
    """The paragraphs quotations are read in, and the article paragraph each one belongs to:
    the article's paragraphs, split again at single line breaks between sentences."""
    text = article.text
    blocks: list[Span] = []
    owners: list[int] = []
    for number, paragraph in enumerate(article.paragraphs):
        start = paragraph.start
        for match in _LINE_BREAK.finditer(text, paragraph.start, paragraph.end):
            before = text[start : match.start()].rstrip()
            after = text[match.end() : match.end() + 1]
            if before and before[-1] in _LINE_END and (after.isupper() or after in _LINE_START):
                blocks.append(Span(start, start + len(before)))
                owners.append(number)
                start = match.end()
        blocks.append(Span(start, paragraph.end))
        owners.append(number)
    return tuple(blocks), tuple(owners)


def _scan(article: Article, blocks: tuple[Span, ...]) -> list[_Raw]:
    text = article.text
    found: list[_Raw] = []
    open_at_end = False
    for number, paragraph in enumerate(blocks):
        starts_with_mark = paragraph.end > paragraph.start and text[paragraph.start] in '“"«'
        if open_at_end:
            previous = found[-1]
            if starts_with_mark:
                previous.continues = True
                previous.warning = None
            continued = starts_with_mark
        else:
            continued = False
        open_at_end = _scan_paragraph(
            text, paragraph.start, paragraph.end, number, found, continued
        )
    found.sort(key=lambda raw: (raw.start, -raw.end))
    # Nesting: a quotation inside another's span is nested in the innermost such quotation.
    for index, raw in enumerate(found):
        for outer in range(index - 1, max(index - 8, -1), -1):
            other = found[outer]
            if other.start <= raw.start and raw.end <= other.end and other is not raw:
                raw.parent = outer
                break
    return found


# --------------------------------------------------------------------------- speakers


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    text: str
    form: str  # "name", "pronoun", "description"
    canonical: str | None
    speaker_type: str | None
    person: bool = False


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    verb: ReportingVerb


def _name_runs(tokens: list[Token], text: str) -> list[tuple[int, int]]:
    """Token index ranges ``[i, j)`` of capitalised runs (names, organisations, places)."""
    # (_is_cap inlined, and each token's text read once: this runs for every stretch.)
    stop = word_list("stopwords_en.txt")
    words = [token.text for token in tokens]
    runs = []
    i = 0
    n = len(tokens)
    while i < n:
        word = words[i]
        if not (word[0].isalpha() and word[0].isupper() and word.lower() not in stop):
            i += 1
            continue
        j = i + 1
        while j < n:
            word = words[j]
            first = word[0]
            adjacent = tokens[j].start - tokens[j - 1].end <= 1
            if (
                (first.isalpha() and adjacent and first.isupper() and word.lower() not in stop)
                or (
                    word == "."
                    and tokens[j].start == tokens[j - 1].end
                    and (len(words[j - 1]) == 1 or _is_abbreviation(words[j - 1]))
                    and j + 1 < n
                    and words[j + 1][0].isupper()
                )
                or (
                    word.lower() in _NAME_CONNECTORS
                    and j + 1 < n
                    and words[j + 1][0].isupper()
                    and words[j + 1].lower() not in stop
                )
                or (
                    # O’Donnell, O'Rourke, D’Souza: an apostrophe inside a surname.
                    word in ("’", "'")
                    and words[j - 1] in ("O", "D")
                    and tokens[j].start == tokens[j - 1].end
                    and j + 1 < n
                    and tokens[j + 1].start == tokens[j].end
                    and words[j + 1][:1].isupper()
                )
            ):
                j += 1
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _canonical(tokens: list[Token], i: int, j: int, text: str) -> tuple[str | None, bool]:
    """The canonical form of a capitalised run and whether it looks like a person's name."""
    words = [t.text for t in tokens[i:j]]
    lowered = [w.lower().rstrip(".") for w in words]
    last = len(words) - 1
    k = 0
    while k < last and (
        lowered[k] in _TITLES
        or words[k] == "."
        or (
            lowered[k].endswith(_NATIONALITY_SUFFIXES)
            and k + 1 < last
            and lowered[k + 1] in _TITLES
        )
    ):
        k += 1
    while k <= last and words[k] == ".":
        k += 1
    if k == 0 and last > 0 and lowered[0] in _cue_forms():
        k = 1  # "Said Bondarev", "Stated Stone": an inverted cue opening the sentence
    if k > last:
        return None, False
    if k == last and lowered[k] in _TITLES:
        return None, False
    name = text[tokens[i + k].start : tokens[j - 1].end]
    # A person unless an organisation word stands anywhere in the run, or a word of two or
    # more letters in capitals (``BBC``) from the name on.
    person = _ORG_WORDS.isdisjoint(lowered) and not any(
        len(w) > 1 and w.isalpha() and words[m].isupper() for m, w in enumerate(lowered[k:], k)
    )
    return name, person


#: Lower-case words that may stand before a subject name: clause openers and pre-name modifiers.
#: Any other lower-case word before a name (``choosing Johnson``, ``outside San Diego``) makes
#: the name an object, not a candidate antecedent for ``he``/``she``. Written for newslib.
_BEFORE_SUBJECT = frozenset(("former", "late", "then", "now", "that", "who", "said", "says"))


def _object_position(previous: str) -> bool:
    """True if a name after the word ``previous`` is the object of a verb or preposition."""
    if not previous or not previous[0].isalpha() or not previous.islower():
        return False
    return not (
        previous in _COORDINATORS
        or previous in _ROLES
        or previous in _TITLES
        or previous in _SUBORDINATORS
        or previous in _ADVERBS
        or previous in _BEFORE_SUBJECT
        or previous in _cue_forms()
    )


def _word_before(text: str, lower: int, position: int) -> int | None:
    """Where the word before ``position`` starts (not before ``lower``), when only spaces or tabs
    lie between them; ``None`` when there is no such word.

    The start of ``re.compile(r"[\\w’']+[ \\t]*$").search(text, lower, position)`` (``$``
    matching at ``position`` or before a line break just before it), without trying the
    pattern at every offset: that search was a sixth of the work of finding an article's names.
    """
    end = position - 1 if position > lower and text[position - 1] == "\n" else position
    word_end = end
    while word_end > lower and text[word_end - 1] in " \t":
        word_end -= 1
    word_start = word_end
    # ``\w`` of a str pattern is str.isalnum() or the underscore.
    while word_start > lower and (text[word_start - 1].isalnum() or text[word_start - 1] in "_’'"):
        word_start -= 1
    return word_start if word_start < word_end else None


def _lone_stop_word(text: str, start: int, end: int) -> bool:
    """Whether the capitalised stretch ``text[start:end]`` is one stop word that no capital
    follows (``The``, ``But``, ``He``): then :meth:`_Entities._stretch` finds no name in it.

    A name run starts at a token whose first character is upper case and that is no stop
    word. In the stretch's token range (up to ``end + 3``) the only upper-case character is
    then the stretch's first, and the token starting there (if one does) is the stretch
    itself: ASCII letters only, and the character after it (not a letter, digit, ``_``,
    ``'``, ``’``, ``.`` or ``-``, or the stretch would go on) is no "‐" joining a compound.
    """
    word = text[start:end]
    if not (word.isascii() and word.isalpha()) or text[end : end + 1] == "‐":
        return False
    if word.lower() not in word_list("stopwords_en.txt"):
        return False
    return not any(char.isupper() for char in text[start + 1 : end + 3])


def _inert_tail(text: str, end: int) -> bool:
    """Whether the three characters after a stretch ending at ``end`` change nothing that
    :meth:`_Entities._stretch_tokens` finds, so that it need not tokenise them.

    They hold no capital, no apostrophe and no "‐" first, and a stretch ending in a number is
    followed by none of ",", ":", "/" and "%" (which the number's token takes in). The character
    after a stretch is no letter, digit, "_", "’", "'", "." or "-", so the tokens up to ``end``
    are then the same with or without the three characters, and the tokens of these can
    neither start nor extend a name run (every rule needs a capital or an apostrophe) nor make
    a name possessive. Without them, the tokens up to ``end`` are a slice of the text's cached
    tokens and need no scan of a cut word. tests/test_quotes_fast_paths.py compares both.
    """
    tail = text[end : end + 3]
    return not (
        tail[:1] == "‐"
        or (tail[:1] in (",", ":", "/", "%") and not text[end - 1].isalpha())
        or "’" in tail
        or "'" in tail
        or any(map(str.isupper, tail))
    )


class _Entities:
    """Person mentions of an article outside quotations, for pronoun resolution and merging."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]) -> None:
        self.text = text
        self.full: dict[str, str] = {}  # surname or first name -> full canonical name
        self.subjects: list[tuple[int, str]] = []  # (offset, canonical) in subject position
        self.titled: list[tuple[str, str]] = []  # (name, gender) from a title: "Mrs. Clinton"
        self.genders: dict[str, str] = {}  # canonical name -> "m" or "f"
        quoted_starts = [s for s, _ in quoted]
        candidates: list[tuple[int, str, bool]] = []
        # Only the stretches around capitalised words are tokenised (the article is long,
        # its names are few): each stretch with the word before it and the one after.
        for match in _CAPITALISED_STRETCH.finditer(text):
            k = bisect.bisect_right(quoted_starts, match.start()) - 1
            if k >= 0 and quoted[k][0] <= match.start() < quoted[k][1]:
                continue
            if _lone_stop_word(text, match.start(), match.end()):
                continue  # a fifth of the stretches: "The", "But", "He" opening a sentence
            candidates.extend(self._stretch(text, match.start(), match.end()))
        for position, name, subject in candidates:
            parts = name.split()
            if len(parts) == 1 and parts[0].lower() not in self.full:
                # A lone capitalised word is a person only when a full name explains it.
                continue
            if subject:
                self.subjects.append((position, self.merge(name)))
        self.subject_starts = [position for position, _ in self.subjects]
        for name, sex in self.titled:
            self.genders.setdefault(self.merge(name), sex)

    def _stretch(self, text: str, start: int, end: int) -> list[tuple[int, str, bool]]:
        """Person names in ``text[start:end]``: (offset, name, in subject position)."""
        before = _word_before(text, max(0, start - 30), start)
        found = self._plain_word(text, start, end, before)
        if found is not None:
            return found
        return self._stretch_tokens(text, start, end, before)

    def _plain_word(
        self, text: str, start: int, end: int, before: int | None
    ) -> list[tuple[int, str, bool]] | None:
        """What :meth:`_stretch_tokens` finds in a stretch of one plain word, worked out
        without tokenising; ``None`` if the stretch is not such a word.

        Nearly half the stretches are one word (``London``, ``Smith.``, ``BBC``). Here the
        word is ASCII letters, perhaps with a full stop (a token of its own: the stretch would
        hold a letter or a full stop after it), and nothing capitalised can join it: the word
        before (if any) is ASCII lower case and a space, tab or line break apart, and the three
        characters after the stretch (the rest of the range :meth:`_stretch_tokens` tokenises)
        hold no capital, no apostrophe and no "‐" first. Then the tokens are that word before,
        the word, its full stop and tokens without a capital: the only name run is the word
        itself (every rule extending a run, and every run's start, needs a capital after it),
        and no token after it is a possessive. tests/test_quotes_fast_paths.py compares both on
        random texts.
        """
        word = text[start : end - 1] if text[end - 1] == "." else text[start:end]
        tail = text[end : end + 3]
        if (
            not (word.isascii() and word.isalpha())
            or tail[:1] == "‐"
            or "’" in tail
            or "'" in tail
            or any(map(str.isupper, tail))
        ):
            return None
        previous_token = ""
        if before is not None:
            if text[start - 1] not in " \t\n":
                return None
            previous_token = text[before:start].rstrip(" \t\n")
            if not (
                previous_token.isascii() and previous_token.isalpha() and previous_token.islower()
            ):
                return None
        lowered = word.lower()
        if lowered in word_list("stopwords_en.txt") or lowered in _TITLES:
            return []  # no name run, or one that is only a title (_canonical gives no name)
        if lowered in _ORG_WORDS or (len(word) > 1 and word.isupper()):
            return []  # not a person (_canonical)
        sex = GENDERED_TITLES.get(previous_token)
        if sex is not None:
            self.titled.append((word, sex))
        subject = not (
            previous_token in _PREPOSITIONS
            or previous_token in ("the", "a", "an")
            or _object_position(previous_token)
        )
        return [(start, word, subject)]

    def _stretch_tokens(
        self, text: str, start: int, end: int, before: int | None
    ) -> list[tuple[int, str, bool]]:
        """:meth:`_stretch` on the tokens of the stretch, the word before it (from ``before``)
        and three characters after it."""
        stop = end if _inert_tail(text, end) else min(len(text), end + 3)
        tokens = tokenize(text, start if before is None else before, stop)
        found = []
        for i, j in _name_runs(tokens, text):
            if tokens[i].start < start:
                continue
            name, person = _canonical(tokens, i, j, text)
            if name is None or not person:
                continue
            name_start = tokens[i].start + text[tokens[i].start : tokens[j - 1].end].find(name)
            for token in tokens[max(0, i - 1) : j]:
                if token.start >= name_start:
                    break
                sex = GENDERED_TITLES.get(token.text.lower())
                if sex is not None:
                    self.titled.append((name, sex))
            possessive = j < len(tokens) and tokens[j].text in ("’s", "'s", "’", "'")
            previous = tokens[i - 1].text.lower() if i > 0 else ""
            previous_token = tokens[i - 1].text if i > 0 else ""
            if (
                previous == "of"
                and i > 1
                and tokens[i - 2].text[0].isupper()
                and tokens[i - 2].text.lower() in _TITLES
                and tokens[i].start < name_start
            ):
                # "Secretary of State Hillary Clinton": "of" inside a title, not a preposition.
                previous = previous_token = ""
            subject = not (
                possessive
                or previous in _PREPOSITIONS
                or previous in ("the", "a", "an")
                or _object_position(previous_token)
            )
            parts = name.split()
            if len(parts) >= 2:
                self.full.setdefault(parts[-1].lower(), name)
            found.append((tokens[i].start, name, subject))
        return found

    def merge(self, name: str) -> str:
        """The article's full form of a name: ``Bondarev`` -> ``Boris Bondarev``."""
        parts = name.split()
        if len(parts) == 1:
            return self.full.get(parts[0].lower(), name)
        return self.full.get(parts[-1].lower(), name)

    def is_person(self, name: str) -> bool:
        parts = name.split()
        return len(parts) >= 2 or parts[0].lower() in self.full

    def gender(self, name: str) -> str | None:
        """``m``, ``f`` or ``None``: from a title the article gives the person (``Mrs.``,
        ``Congressman``), else from the first name (:func:`first_names`)."""
        sex = self.genders.get(name)
        if sex is None and " " in name:
            sex = first_names().get(name.split()[0].lower())
        return sex

    def resolve(self, position: int, extra: list[tuple[int, str]], pronoun: str = "") -> str | None:
        """The most recent named person before ``position`` (subject mentions, speakers) whose
        gender does not contradict ``pronoun`` (``he``/``she``; people of unknown gender fit
        both)."""
        wanted = _PRONOUN_GENDER.get(pronoun.lower())

        def fits(name: str) -> bool:
            return wanted is None or self.gender(name) in (None, wanted)

        best = None
        k = bisect.bisect_left(self.subject_starts, position) - 1
        for index in range(k, max(-1, k - RESOLVE_LOOKBACK), -1):
            if fits(self.subjects[index][1]):
                best = self.subjects[index]
                break
        for count, (offset, name) in enumerate(reversed(extra)):
            if count >= RESOLVE_LOOKBACK or (best is not None and offset <= best[0]):
                break
            if offset < position and fits(name):
                best = (offset, name)
                break
        if best is None and wanted is not None:
            return self.resolve(position, extra)  # nobody of that gender: the nearest person
        return best[1] if best else None


def _word_tokens(text: str, start: int, end: int) -> list[Token]:
    return [t for t in tokenize(text, start, end) if t.text.strip()]


def _cut(tokens: list[Token]) -> int:
    """End of an inverted speaker phrase (``said Robby Mook in a statement``): the first clause
    punctuation, or a word that starts an adjunct of time, place or manner."""
    for position, token in enumerate(tokens):
        if token.text in (",", ".", ";", ":", "!", "?", "(", "–", "—") and not _abbreviation_dot(
            tokens, position
        ):
            return position
        if position > 0 and token.text.lower() in _INVERTED_STOP:
            return position
    return len(tokens)


_INVERTED_STOP = frozenset(
    (
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "to",
        "while",
        "when",
        "as",
        "last",
        "this",
        "yesterday",
        "today",
        "tonight",
        "earlier",
        "later",
        "recently",
        "that",
        "who",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "and",
    )
)


#: Words after which a cue form is an infinitive or a noun (``to say``, ``Clinton’s emails``).
_NOT_BEFORE_CUES = frozenset(
    (
        "to",
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "’s",
        "'s",
        "’",
        "'",
        "of",
        "whose",
        "such",
        "public",
        "recent",
        "latest",
        "new",
        "own",
    )
)


def _find_cue(tokens: list[Token], index: int) -> tuple[_Cue, int] | None:
    """A cue starting at token ``index`` (``said``, ``according to``, ``went on``): the cue and
    its length in tokens."""
    word = tokens[index].text.lower()
    if word not in _cue_words():
        return None  # most tokens: no cue form starts with them, so no branch below can match
    previous = tokens[index - 1].text.lower() if index > 0 else ""
    if previous in _NOT_BEFORE_CUES and not (
        previous == "to" and index + 1 < len(tokens) and tokens[index + 1].text in (":", ",")
    ):
        # An infinitive ("trying to explain", but "went so far as to say:" introduces a
        # quotation) or a noun ("Clinton’s emails").
        return None
    for words, verb in _multiword_cues().get(word, ()):
        end = index + len(words)
        if end <= len(tokens) and all(
            tokens[index + k].text.lower() == w for k, w in enumerate(words)
        ):
            return _Cue(tokens[index].start, tokens[end - 1].end, verb), len(words)
    verb_entry = _cue_forms().get(word)
    if verb_entry is None or _noun_reading(tokens, index, verb_entry):
        return None
    return _Cue(tokens[index].start, tokens[index].end, verb_entry), 1


#: Clause openers after which a capitalised cue form is a verb (``Said Bondarev: ...``).
_CLAUSE_OPENING = frozenset((".", "!", "?", ":", ";", "“", '"', "(", "—", "–", "-", "‘"))


def _noun_reading(tokens: list[Token], index: int, verb: ReportingVerb) -> bool:
    """True if the cue form at ``tokens[index]`` reads as a noun, not a reporting verb.

    A present-tense form (``state``, ``states``, ``post``, ``attacks``) is a noun when it is
    capitalised inside a clause, i.e. part of a name (``the Islamic State``, ``The Washington
    Post``, ``the United States``), when a number stands before it (``the Sept. 11
    attacks``), or, for the base form, when no plural or first/second-person subject, auxiliary
    or adverb stands before it (``her home state``, ``a wake-up call``; but ``they say``,
    ``will tell``). Past and ``-ing`` forms are verbs (``read`` and ``put`` are past tense too).
    """
    token = tokens[index]
    word = token.text
    lowered = word.lower()
    if lowered != verb.lemma and lowered not in (verb.lemma + "s", verb.lemma + "es"):
        return False  # said, posted, calling
    if index == 0:
        return False
    previous = tokens[index - 1].text
    if not word.islower() and previous not in _CLAUSE_OPENING:
        return True
    if previous[0].isdigit():
        return True
    if lowered == verb.lemma and verb.lemma not in ("read", "put") and previous[0].isalpha():
        # A base form is finite only after a plural or first/second-person subject, an
        # auxiliary or an adverb ("they say", "officials state", "will tell", "also note"):
        # after any other word it is a noun ("her home state", "a wake-up call").
        before = previous.lower()
        return not (
            before in _BASE_FORM_SUBJECTS
            or before in _ADVERBS
            or before.endswith(("ly", "n’t", "n't"))
            or (before.endswith("s") and not before.endswith("ss"))
        )
    return False


#: Words after which a base form of a cue is a finite verb: pronouns, plurals without ``-s``,
#: auxiliaries and negation. Written for newslib from standard English grammar.
_BASE_FORM_SUBJECTS = frozenset(
    (
        "i",
        "you",
        "we",
        "they",
        "who",
        "that",
        "which",
        "people",
        "police",
        "men",
        "women",
        "children",
        "staff",
        "media",
        "public",
        "folks",
        "and",
        "or",
        "not",
        "never",
        "do",
        "did",
        "does",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "let",
        "ll",
        "’ll",
        "'ll",
        "d",
    )
)


@functools.cache
def _multiword_cues() -> dict[str, list[tuple[tuple[str, ...], ReportingVerb]]]:
    """Multi-word cue forms (``according to``, ``went on``) by their first word."""
    table: dict[str, list[tuple[tuple[str, ...], ReportingVerb]]] = {}
    for verb in reporting_verbs():
        for form in verb.forms:
            if " " in form:
                words = tuple(form.split())
                table.setdefault(words[0], []).append((words, verb))
    return table


#: Words and marks dropped from the end of a speaker phrase (made once: the union is a set of
#: its own, built anew on every test if written inline).
_PHRASE_TRAILERS = _ADVERBS | {",", "–", "—", "-"}


@functools.cache
def _cue_words() -> frozenset[str]:
    """Lower-case words a cue can start with: one-word cue forms and the first words of the
    multi-word ones."""
    return frozenset(_cue_forms()) | frozenset(_multiword_cues())


def _phrase(tokens: list[Token], text: str, entities: _Entities) -> _Mention | None:
    """Parse a speaker phrase (the subject of a cue, or the words after an inverted cue)."""
    while tokens and tokens[-1].text.lower() in _PHRASE_TRAILERS:
        tokens = tokens[:-1]
    while tokens and tokens[0].text in {",", "–", "—", "-", ":", "(", ")"}:
        tokens = tokens[1:]
    if not tokens:
        return None
    while tokens and tokens[0].text.lower() in _SUBORDINATORS | _RELATIVES:
        tokens = tokens[1:]
    if not tokens:
        return None
    last = tokens[-1]
    if last.text.lower() in _PRONOUNS:
        return _Mention(last.start, last.end, last.text, "pronoun", None, None)
    runs = _name_runs(tokens, text)
    for i, j in reversed(runs):
        possessive = j < len(tokens) and tokens[j].text in ("’s", "'s", "’", "'")
        after_preposition = i > 0 and tokens[i - 1].text.lower() in _PREPOSITIONS
        modifier = (
            j < len(tokens)
            and tokens[j].text[0].isalpha()
            and tokens[j].text.islower()
            and tokens[j].text not in _FUNCTION_WORDS()
        )
        if possessive or after_preposition or modifier:
            continue
        name, person = _canonical(tokens, i, j, text)
        if name is None:
            continue
        if person and len(name.split()) == 1 and not entities.is_person(name):
            # A lone capitalised word no full name explains: a person only mid-sentence.
            person = not _sentence_initial(text, tokens[i].start)
        if not person and not _organisation(name):
            continue  # a place or a capitalised common word ("New York", "Hours")
        start = tokens[i].start + text[tokens[i].start : tokens[j - 1].end].find(name)
        canonical = entities.merge(name) if person else name
        return _Mention(
            start,
            start + len(name),
            name,
            "name",
            canonical,
            "named",
            person and entities.is_person(name),
        )
    # A description: from its first determiner, at most 12 tokens.
    window = tokens[-12:]
    first = 0
    for position, token in enumerate(window):
        if token.text.lower() in _DETERMINERS:
            first = position
            break
    window = window[first:]
    words = [t.text for t in window if t.is_word]
    if not words:
        return None
    mention = text[window[0].start : window[-1].end]
    lowered = [w.lower() for w in words]
    if any(w in _COORDINATORS for w in lowered) and lowered[0] not in _DETERMINERS:
        return None
    if any(
        w in _NOT_IN_DESCRIPTIONS and not (k == 0 and w == "this" and len(lowered) > 1)
        for k, w in enumerate(lowered)
    ) or any(
        w in _cue_forms()
        and not (k > 0 and lowered[k - 1] in _DETERMINERS)
        and not (k == len(lowered) - 1 and lowered[0] in _DETERMINERS)
        for k, w in enumerate(lowered)
    ):
        # A clause ("that Cruz is too principled"), not a noun phrase; a cue form after a
        # determiner, or heading a phrase that opens with one, is a noun ("the email", "one
        # tweet", "the congressional report").
        return None
    if lowered[0] in _PREPOSITIONS or lowered[0] in _SUBORDINATORS or lowered[-1] in _PREPOSITIONS:
        return None
    head = _head(lowered)
    vague = (
        head in _COLLECTIVE
        or lowered[0] in ("some", "many", "several", "few", "most", "others")
        or (head.endswith("s") and not head.endswith("ss") and lowered[0] not in ("a", "an", "one"))
    )
    canonical = " ".join(lowered[1:] if lowered[0] in ("a", "an", "the", "one") else lowered)
    return _Mention(
        window[0].start,
        window[-1].end,
        mention,
        "description",
        canonical or mention,
        "vague" if vague else "anonymous",
    )


#: Words that never occur in a speaker description: verbs, complementisers, wh-words.
_NOT_IN_DESCRIPTIONS = frozenset(
    (
        "that",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "to",
        "why",
        "how",
        "what",
        "whether",
        "if",
        "it",
        "this",
        "there",
        "not",
        "can",
        "could",
        "should",
        "may",
        "might",
        "do",
        "does",
        "did",
        "said",
        "says",
    )
)


@functools.cache
def _FUNCTION_WORDS() -> frozenset[str]:
    return word_list("stopwords_en.txt") | _PREPOSITIONS


_RELATIVES = frozenset(("which", "who", "whom", "that", "where"))


def _organisation(name: str) -> bool:
    """A capitalised run that names an organisation (``the White House``, ``CNN``)."""
    words = name.split()
    if len(words) == 1:
        return len(words[0]) >= 2 and words[0].isalpha() and words[0].isupper()  # CNN, AP
    return any(w.lower() in _ORG_WORDS and w.lower() not in CALENDAR_WORDS for w in words)


def _head(words: list[str]) -> str:
    for position, word in enumerate(words):
        if word in _PREPOSITIONS or (word in ("who", "which", "that") and position > 0):
            return words[position - 1]
    return words[-1]


def _subject_before(
    tokens: list[Token], cue_index: int, text: str, entities: _Entities
) -> _Mention | None:
    """The subject of the cue at ``tokens[cue_index]`` from the tokens before it."""
    segment = tokens[:cue_index]
    while segment and segment[-1].text.lower() in _ADVERBS:
        segment = segment[:-1]
    if segment and segment[-1].text == ")":
        # A parenthesis after the subject: "Harry M. Reid (D-Nev.) said".
        paren = next(
            (
                k
                for k in range(len(segment) - 2, max(-1, len(segment) - 12), -1)
                if segment[k].text == "("
            ),
            None,
        )
        if paren is not None:
            segment = segment[:paren]
    if not segment:
        return None
    participle = tokens[cue_index].text.lower().endswith("ing")
    infinitive = segment[-1].text.lower() == "to"
    if participle and len(segment) >= 2 and segment[-1].text == ",":
        # "..., Mr. Manafort said, adding that": the subject of the finite cue just before.
        for index in range(len(segment) - 2, max(-1, len(segment) - 9), -1):
            if segment[index].text in (",", ".", ";", ":"):
                break
            found = _find_cue(segment, index)
            if found is not None and not segment[index].text.lower().endswith("ing"):
                mention = _subject_before(segment, index, text, entities)
                if mention is not None:
                    return mention
                break
    if segment[-1].text.lower() in _COORDINATORS or participle or infinitive:
        # "he laughed and said", "Bondarev said ..., but added:", "Trump ..., saying": the
        # clause's first subject.
        runs = {i: j for i, j in _name_runs(segment[:-1], text)}
        opening = _description_subject(segment[:-1], text, entities)
        if opening is not None:
            return opening
        fallback: _Mention | None = None
        for position, token in enumerate(segment[:-1]):
            lowered = token.text.lower()
            if lowered in _PRONOUNS and lowered != "it":  # "it was ..., saying": no speaker
                return _Mention(token.start, token.end, token.text, "pronoun", None, None)
            if position in runs:
                end = runs[position]
                if end < len(segment) and segment[end].text in ("’s", "'s", "’", "'"):
                    continue  # "Hillary Clinton’s right-hand woman ..., saying"
                if (
                    position == 0
                    and token.text.isupper()
                    and len(token.text) > 1
                    and end < len(segment)
                    and segment[end].text in ("—", "–", "-", "―")
                ):
                    continue  # a dateline: "WASHINGTON — Sen. Chuck Grassley ..."
                before = position - 1
                if before >= 0 and segment[before].text.lower() in ("the", "a", "an"):
                    before -= 1
                mention = _phrase(segment[position:end], text, entities)
                if mention is None or mention.form != "name":
                    continue
                if before >= 0 and segment[before].text.lower() in _PREPOSITIONS:
                    # "In an interview with The Wall Street Journal, Trump ... and said": a
                    # name after a preposition only when no other name follows.
                    fallback = fallback or mention
                    continue
                return mention
        if fallback is not None:
            return fallback
        if not participle or segment[-1].text.lower() in _COORDINATORS:
            return None
        segment = segment[:-1] if segment[-1].text == "," else segment
        if not segment:
            return None
    separators = {",", "–", "—"}
    parts: list[list[Token]] = [[]]
    for token in segment:
        if token.text in separators:
            parts.append([])
        else:
            parts[-1].append(token)
    if parts[-1]:
        return _phrase(parts[-1], text, entities)
    # Apposition: "Heller Neuer, executive director of UN Watch, said"; "Clinton, during a
    # town hall meeting in Columbus, Ohio, said".
    candidates = [part for part in parts if part][-4:]
    mentions = [_phrase(part, text, entities) for part in candidates]
    for mention in mentions:
        if mention is not None and mention.form == "name" and mention.person:
            return mention
    return next((mention for mention in mentions if mention is not None), None)


def _finite_verb(word: str) -> bool:
    """A lower-case word that looks like a finite verb: ``-ed``, ``-s`` or an irregular past."""
    return word in _IRREGULAR_VERBS or (
        word.isalpha()
        and word.islower()
        and len(word) > 3
        and (word.endswith("ed") or (word.endswith("s") and not word.endswith("ss")))
        and word not in _FUNCTION_WORDS()
    )


def _description_subject(segment: list[Token], text: str, entities: _Entities) -> _Mention | None:
    """A description opening a clause as its subject, before its first verb and before any
    name (``the prince called for Trump to ...``, ``The president left no doubt ...``)."""
    if segment and segment[0].text.lower() in _PREPOSITIONS | _SUBORDINATORS:
        # An opening adverbial ("In December, the prince ...") up to its comma.
        comma = next((k for k, t in enumerate(segment[:10]) if t.text == ","), None)
        segment = segment[comma + 1 :] if comma is not None else []
    if len(segment) < 3 or segment[0].text.lower() not in ("the", "a", "an"):
        return None
    for index in range(1, min(len(segment), 8)):
        word = segment[index].text
        if not word[0].isalpha() or word[0].isupper():
            return None  # a name or punctuation before the verb
        if _finite_verb(word):
            mention = _phrase(segment[:index], text, entities)
            return mention if mention is not None and mention.form == "description" else None
    return None


def _clause_start(text: str, lower: int, position: int) -> int:
    """Start of the sentence (or clause after a closing mark) that ``position`` is in."""
    start = lower
    for match in _SENTENCE_END.finditer(text, lower, position):
        before = text[max(lower, match.start() - 6) : match.start()].split()
        word = before[-1].strip("“”\"'(") if before else ""
        if match.group() == "." and (_is_abbreviation(word) or len(word) == 1):
            continue
        start = match.end()
    return start


def _abbreviation_dot(tokens: list[Token], index: int) -> bool:
    """The full stop of a title or an initial (``Mr.``, ``Gen.``, ``George W. Bush``), which
    ends no clause."""
    return (
        tokens[index].text == "."
        and index > 0
        and tokens[index - 1].end == tokens[index].start
        and (_is_abbreviation(tokens[index - 1].text) or _initial(tokens[index - 1].text))
    )


def _sentence_initial(text: str, position: int) -> bool:
    """Whether the word at ``position`` opens a paragraph, a sentence or a quotation, so that its
    capital says nothing about it being a name. A straight ``"`` right after a word closes a
    quotation (``," Jones said``); after a space it opens one; a closing mark after a full stop
    ends a sentence (``“No.” Hours later``)."""
    raw = text[max(0, position - 12) : position]
    before = raw.rstrip()
    if not before or "\n" in raw[len(before) :]:
        return True  # the paragraph's first word
    last = before[-1]
    if last in '”’"' and len(before) >= 2 and before[-2] in ".!?":
        return True  # after a quotation that ends a sentence: ``“No.” Hours later``
    if last == '"':
        return len(before) == 1 or before[-2].isspace()
    if last == ".":
        words = before[:-1].split()
        return not words or not (_is_abbreviation(words[-1].strip("“”\"'(")) or _initial(words[-1]))
    return last in "!?:\n“("


def _initial(word: str) -> bool:
    """A single capital letter, as in a middle initial (``Elaine C. Kamarck``)."""
    return len(word) == 1 and word.isupper()


def _cue_after(
    text: str, raw: _Raw, limit: int, entities: _Entities, *, last_resort: bool = False
) -> tuple[_Mention | None, _Cue] | None:
    """``“...,” Bondarev told``, ``“...,” said Caddell``, ``“...,” according to X``."""
    if raw.close_mark is None:
        return None
    begin = raw.close_end if raw.close_end is not None else raw.close_mark + 1
    tokens = _word_tokens(text, begin, min(limit, begin + AFTER_WINDOW))
    words = 0
    depth = 0  # inside parentheses: "Harry M. Reid (D-Nev.) said"
    for index, token in enumerate(tokens):
        if token.text in ("(", ")"):
            depth = max(0, depth + (1 if token.text == "(" else -1))
            continue
        if depth:
            continue
        if token.text in (".", "!", "?", ";", ":") and not _abbreviation_dot(tokens, index):
            break
        found = _find_cue(tokens, index)
        if found is not None:
            cue, length = found
            if index == 0 or (index == 1 and tokens[0].text == ","):
                if length == 1 and token.text.lower().endswith("ing") and index == 0:
                    # '... as “...” telling reporters': a participle after the closing mark
                    # belongs to the subject of the sentence before the quotation (found by
                    # the cue before it); kept, with no speaker, as the last resort.
                    return (None, cue) if last_resort else None
                after = tokens[index + length :]
                cut = _cut(after)
                mention = _phrase(after[:cut][:12], text, entities)
                if cue.verb.lemma == "according to" or mention is not None:
                    return mention, cue
                continue
            if index >= 2 and tokens[index - 1].text == ",":
                final = _final_clause(tokens, index, length)
                if final:
                    # '“...,” like the recent volatility of markets, said Richard Curtin.'
                    mention = _phrase(final, text, entities)
                    if mention is not None:
                        return mention, cue
            if _new_clause(tokens):
                # '“...,” and Trump vowed', '“...,” while Trump refers to': the narration
                # goes on in a clause of its own; its cue is not this quotation's, unless it
                # closes the sentence ('“...” that Sanders can catch Clinton, said Steve
                # Elmendorf.', '“...” and donations picked up, Gilbert said.').
                final = _final_clause(tokens, index, length)
                if final is None:
                    break
                mention = (
                    _phrase(final, text, entities)
                    if final
                    else _subject_before(tokens, index, text, entities)
                )
                if mention is not None:
                    return mention, cue
                continue
            mention = _subject_before(tokens, index, text, entities)
            if mention is not None:
                return mention, cue
        if token.is_word:
            words += 1
            if words > MAX_SUBJECT_TOKENS:
                break
    return _unknown_verb_after(text, raw, tokens, entities)


#: Words that open a new clause right after a closing mark (``“...,” and Trump vowed``), so
#: that a cue further on is not the quotation's. ``as`` is left out (``“...,” as he put it``).
_CLAUSE_LINKS = (_COORDINATORS | _SUBORDINATORS | {"that", "which", "who", "whom"}) - {"as"}


#: Tokens a sentence-final reporting clause may hold before its cue (``, Gilbert said.``).
FINAL_CLAUSE_TOKENS = 6


def _final_clause(tokens: list[Token], index: int, length: int) -> list[Token] | None:
    """If the cue at ``tokens[index]`` heads a reporting clause that closes its sentence after a
    comma (``..., Gilbert said.``, ``..., said Steve Elmendorf, deputy ...``): the tokens naming
    the speaker after an inverted cue, or ``[]`` when the speaker stands before the cue; else
    ``None``."""
    start = max(0, index - FINAL_CLAUSE_TOKENS - 1)
    comma = next((k for k in range(index - 1, start - 1, -1) if tokens[k].text == ","), None)
    if comma is None:
        return None
    after = tokens[index + length :]
    if comma == index - 1:
        if not after or not after[0].text[0].isupper():
            return None
        cut = _cut(after)  # inverted: ", said Steve Elmendorf, deputy campaign manager"
        if cut < len(after) and after[cut].text not in (",", ".", ";"):
            return None
        return after[:cut]
    if after and after[0].text not in (".", ",", ";", "!", "?"):
        return None
    return []


def _new_clause(tokens: list[Token]) -> bool:
    """True if the words after a closing mark open a clause linked to the narration."""
    first = next((token for token in tokens if token.text != ","), None)
    return first is not None and first.text in _CLAUSE_LINKS


def _unknown_verb_after(
    text: str, raw: _Raw, tokens: list[Token], entities: _Entities
) -> tuple[_Mention | None, _Cue] | None:
    """``“...,” he riffed``: a quotation ending in a comma, then a pronoun or a person's name and
    a past-tense verb outside the lexicon. The verb is kept as written, with no category."""
    content_end = text[raw.start : raw.end].rstrip()[-1:]
    if content_end not in (",", "?", "!") or len(tokens) < 2:
        return None
    k = 1
    first = tokens[0].text
    if first.lower() not in ("he", "she"):
        runs = _name_runs(tokens[:5], text)
        if not runs or runs[0][0] != 0:
            return None
        k = runs[0][1]
        name, person = _canonical(tokens, 0, k, text)
        if name is None or not person:
            return None
    if k >= len(tokens):
        return None
    verb = tokens[k].text
    if not (verb.islower() and verb.endswith("ed") and len(verb) > 4):
        return None
    if k + 1 < len(tokens) and tokens[k + 1].text.lower() in ("by", "to"):
        return None  # a passive or a participle ("Trump, pressed by ...")
    mention = _phrase(tokens[:k], text, entities)
    if mention is None:
        return None
    entry = ReportingVerb(verb.lower(), (verb.lower(),), "", "")
    return mention, _Cue(tokens[k].start, tokens[k].end, entry)


def _cue_before(
    text: str, raw: _Raw, lower: int, entities: _Entities, skip: list[tuple[int, int]]
) -> tuple[_Mention | None, _Cue] | None:
    """``he wrote: “...”``, ``Bondarev said those who envisioned war “...”``.

    The window is the sentence before the opening mark; words of earlier quotations in it
    (``skip``, mark to mark) are not searched.
    """
    opening = raw.open_mark if raw.open_mark is not None else raw.start
    begin = _clause_start(text, max(lower, opening - BEFORE_WINDOW), opening)
    spans = sorted(skip)
    tokens = []
    pointer = 0
    for token in _word_tokens(text, begin, opening):
        while pointer < len(spans) and spans[pointer][1] < token.start:
            pointer += 1
        if pointer < len(spans) and spans[pointer][0] <= token.start:
            continue
        tokens.append(token)
    for index in range(len(tokens) - 1, -1, -1):
        found = _find_cue(tokens, index)
        if found is None:
            continue
        cue, length = found
        if cue.verb.lemma == "according to":
            after = tokens[index + length :]
            cut = _cut(after)
            return _phrase(after[:cut][:12], text, entities), cue
        mention = _subject_before(tokens, index, text, entities)
        after = tokens[index + length :]
        if mention is None and 0 < len(after) <= 20 and after[-1].text in (",", ":"):
            # Inverted: 'said Bondarev: “...”', 'Said Dorothy Poynter, who grew up ..., “...”'
            mention = _phrase(after[: _cut(after)], text, entities)
        if mention is not None:
            return mention, cue
        # A cue with no subject in reach ("Asked if ..."): keep looking further back.
    return _speaker_colon(text, tokens, entities)


def _speaker_colon(
    text: str, tokens: list[Token], entities: _Entities
) -> tuple[_Mention | None, _Cue] | None:
    """``Republican pollster Daron Shaw: “...”``: a person's name and a colon, no verb. The
    colon stands for the cue (lemma ``:``, no category)."""
    if len(tokens) < 2 or tokens[-1].text != ":":
        return None
    start = len(tokens) - 1
    while (
        start > 0
        and len(tokens) - 1 - start < 8
        and tokens[start - 1].text not in (",", ".", ";", ":", "(", ")")
    ):
        start -= 1
    colon = tokens[-1]
    cue = _Cue(colon.start, colon.end, ReportingVerb(":", (":",), "", ""))
    mention = _phrase(tokens[start:-1], text, entities)
    if (
        mention is not None
        and mention.form == "name"
        and mention.person
        and mention.end == tokens[-2].end  # the name ends right at the colon
    ):
        return mention, cue
    # "Trump took to Twitter on Thursday: “...”": the sentence's subject, when it opens it.
    runs = dict(_name_runs(tokens, text))
    first = tokens[0]
    if first.text.lower() in ("he", "she"):
        return _Mention(first.start, first.end, first.text, "pronoun", None, None), cue
    if 0 in runs and runs[0] < len(tokens) and tokens[runs[0]].text not in ("’s", "'s", "’"):
        mention = _phrase(tokens[: runs[0]], text, entities)
        if mention is not None and mention.form == "name" and mention.person:
            return mention, cue
    return _colon_subject(text, tokens, entities)


#: Past and present forms that end no ``-ed``/``-s`` (``Mr. Christie gave ...:``).
_IRREGULAR_VERBS = frozenset(
    (
        "gave",
        "made",
        "took",
        "had",
        "was",
        "were",
        "went",
        "got",
        "put",
        "left",
        "sent",
        "came",
        "struck",
        "began",
        "offered",
        "sang",
        "sings",
        "spoke",
        "wrote",
        "told",
    )
)


def _colon_subject(
    text: str, tokens: list[Token], entities: _Entities
) -> tuple[_Mention | None, _Cue] | None:
    """``Politico reveals a few relevant facts: “...”``, ``Mr. Christie gloated: “...”``: a
    sentence that introduces the quotation with a colon and a verb outside the lexicon. Its
    subject speaks: a name, a description or a pronoun before the first finite-looking verb
    (lower case, ending in ``-ed`` or ``-s``, or an irregular past); the verb is the cue, kept
    as written with no category."""
    if len(tokens) < 3 or tokens[-1].text != ":":
        return None
    if tokens[0].text.lower() in _SUBORDINATORS:
        # "When Ann Lee left in 1998, Tom Reed released the following statement:": the main
        # clause follows the first comma.
        comma = next((k for k, token in enumerate(tokens) if token.text == ","), None)
        if comma is None:
            return None
        tokens = tokens[comma + 1 :]
    for index in range(1, min(len(tokens) - 1, MAX_SUBJECT_TOKENS)):
        word = tokens[index].text
        if _finite_verb(word):
            if any(token.text in ("’s", "'s", "’", "'") for token in tokens[:index]):
                return None  # "Ann Lee’s response was:" (see _sentence_subject)
            mention = _subject_before(tokens, index, text, entities)
            if mention is None:
                return None
            entry = ReportingVerb(word, (word,), "", "")
            return mention, _Cue(tokens[index].start, tokens[index].end, entry)
    return None


#: Nouns for what a person said, after a possessive name: ``Clinton’s response was: “...”``.
#: Written for newslib from the reporting-verb lexicon's nominalisations.
_SPEECH_NOUNS = frozenset(
    (
        "answer",
        "comment",
        "comments",
        "message",
        "post",
        "remark",
        "remarks",
        "reply",
        "response",
        "retort",
        "statement",
        "tweet",
        "view",
        "words",
    )
)
#: Nouns for what a person said after a possessive, right before a quotation (``her claim that
#: she “...”``, ``his call for “...”``): the speech nouns above and nominalised reporting
#: verbs. Written for newslib.
_POSSESSED_SPEECH = _SPEECH_NOUNS | frozenset(
    (
        "assertion",
        "call",
        "catchphrase",
        "charge",
        "claim",
        "demand",
        "description",
        "insistence",
        "line",
        "mantra",
        "pledge",
        "plea",
        "prediction",
        "promise",
        "question",
        "quip",
        "slogan",
        "suggestion",
        "vow",
        "warning",
    )
)


def _possessor(text: str, raw: _Raw, lower: int, entities: _Entities) -> _Mention | None:
    """The owner of a speech noun just before a quotation: ``his call for “...”``, ``her claim
    that she “...”``, ``Clinton’s stock answer then — “...”``: a possessive pronoun (resolved
    like ``he``/``she``) or a person's name with ``’s``, at most two words before the noun, and
    the noun at most four words before the opening mark."""
    opening = raw.open_mark if raw.open_mark is not None else raw.start
    begin = _clause_start(text, max(lower, opening - BEFORE_WINDOW), opening)
    tokens = _word_tokens(text, begin, opening)
    words = [k for k, token in enumerate(tokens) if token.is_word]
    for k in reversed(words[-5:]):
        if tokens[k].text.lower() not in _POSSESSED_SPEECH:
            continue
        for j in range(k - 1, max(-1, k - 4), -1):
            word = tokens[j].text
            if word.lower() in ("his", "her"):
                return _Mention(tokens[j].start, tokens[j].end, word, "pronoun", None, None)
            if word in ("’s", "'s", "’") and j > 0:
                runs = [(a, b) for a, b in _name_runs(tokens[:j], text) if b == j]
                if runs:
                    mention = _phrase(tokens[runs[0][0] : j], text, entities)
                    if mention is not None and mention.form == "name" and mention.person:
                        return mention
                return None
        return None
    return None


#: Words that may open a sentence before its subject (``But he returned to ...``).
_SENTENCE_OPENERS = frozenset(("and", "but", "so", "then", "yet", "still", "instead", "later"))


def _sentence_subject(text: str, raw: _Raw, lower: int, entities: _Entities) -> _Mention | None:
    """The subject of the sentence a cue-less speech quotation sits in, when the sentence opens
    with ``he``/``she`` or a person's name (``Sanders used this question to demand wealthy
    Americans “...”``, ``He returned to his familiar lines: “...”``), or with a person's
    possessive and a speech noun (``Clinton’s response was: “...”``)."""
    opening = raw.open_mark if raw.open_mark is not None else raw.start
    begin = _clause_start(text, max(lower, opening - BEFORE_WINDOW), opening)
    tokens = _word_tokens(text, begin, min(opening, begin + 200))
    k = 0
    while k < len(tokens) - 1 and (
        tokens[k].text.lower() in _SENTENCE_OPENERS or tokens[k].text in (",", "“", '"')
    ):
        k += 1
    tokens = tokens[k:]
    if len(tokens) < 2:
        return None
    first = tokens[0]
    if first.text.lower() in ("he", "she"):
        return _Mention(first.start, first.end, first.text, "pronoun", None, None)
    runs = _name_runs(tokens, text)
    if not runs or runs[0][0] != 0 or runs[0][1] >= len(tokens):
        return None
    end = runs[0][1]
    following = tokens[end].text
    if following in ("’s", "'s", "’", "'"):
        if end + 1 >= len(tokens) or tokens[end + 1].text.lower() not in _SPEECH_NOUNS:
            return None
    elif not (following[0].isalpha() and following.islower()) and following != ",":
        return None
    mention = _phrase(tokens[:end], text, entities)
    if mention is None or mention.form != "name" or not mention.person:
        return None
    return mention


# --------------------------------------------------------------------------- assembly


def _kind(text: str, raw: _Raw, has_cue: bool) -> str:
    """``speech`` or ``term`` (see the module docstring, step 5)."""
    content = text[raw.start : raw.end].rstrip()
    if raw.warning is not None or raw.continues or raw.continued:
        return "speech"
    if len(content.split()) > TERM_MAX_WORDS or _FIRST_SECOND_PERSON.search(content):
        return "speech"
    last = content[-1:]
    opening = raw.open_mark if raw.open_mark is not None else raw.start
    before = text[max(0, opening - 3) : opening].rstrip()[-1:]
    if has_cue and (last in ",.!?…—–-" or before in (",", ":")):
        return "speech"
    if before == ":" or last in "!?":
        return "speech"
    if last == "." and before in ("", ".", "!", "?", "”", '"'):
        return "speech"  # a quotation that is a sentence of its own
    return "term"


@functools.lru_cache(maxsize=64)
def quotes(article: Article) -> tuple[Quote, ...]:
    """The article's quotations, each with its speaker, cue and the rule that chose them.

    Never raises on unbalanced marks: an unclosed mark runs to the paragraph end and an orphan
    closing mark takes the words since the previous quotation; both are recorded in
    ``warning``.

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article("“We will not give up,” Jane Smith told reporters. “Never.”")
        >>> [(q.text, q.speaker, q.cue, q.rule) for q in quotes(a)]
        [('We will not give up,', 'Jane Smith', 'tell', 'cue_after_quote'), \
('Never.', 'Jane Smith', None, 'same_paragraph')]
    """
    text = article.text
    blocks, owners = _blocks(article)
    raws = _scan(article, blocks)
    if not raws:
        return ()
    top_level = [(raw.start, raw.end) for raw in raws if raw.parent is None]
    entities = _Entities(text, top_level)
    sentence_starts = _sentence_starts(article)
    paragraph_ends = [p.end for p in blocks]
    paragraph_starts = [p.start for p in blocks]

    speakers_so_far: list[tuple[int, str]] = []
    things_so_far: list[tuple[int, str, str]] = []  # (paragraph, speaker, type) of non-persons
    results: list[Quote] = []
    last_in_paragraph: dict[int, int] = {}  # paragraph -> index of last attributed top-level quote
    for index, raw in enumerate(raws):
        paragraph_end = paragraph_ends[raw.paragraph]
        paragraph_start = paragraph_starts[raw.paragraph]
        if raw.parent is not None:
            outer = raws[raw.parent]
            lower, upper = outer.start, outer.end
            skip: list[tuple[int, int]] = []
        else:
            lower, upper = paragraph_start, paragraph_end
            # The cue after a quotation lies before the next quotation's opening mark.
            for later in range(index + 1, min(index + 8, len(raws))):
                other = raws[later]
                if other.paragraph != raw.paragraph:
                    break
                if other.parent is None and other.start >= (raw.close_end or raw.end):
                    upper = other.open_mark if other.open_mark is not None else other.start
                    break
            # Earlier quotations of the paragraph that reach into the cue window.
            # The window reaches back over at most two of them (bounded work per quotation).
            window_start = (raw.open_mark or raw.start) - BEFORE_WINDOW
            skip = []
            for earlier in range(index - 1, -1, -1):
                other = raws[earlier]
                other_end = other.close_end or other.end
                if other.paragraph != raw.paragraph or other_end < window_start:
                    break
                if other.parent is None:
                    if len(skip) == 2:
                        lower = max(lower, other_end + 1)
                        break
                    skip.append((other.open_mark or other.start, other_end))
        found = None
        rule = "none"
        content_end = text[raw.start : raw.end].rstrip()[-1:]
        if content_end in (",", "?", "!", "—", "–", "-") or raw.parent is not None:
            found = _cue_after(text, raw, upper, entities)
            rule = "cue_after_quote"
            if found is not None and raw.parent is None and _far_cue(text, raw, found[1]):
                # '... Cruz said he'd make sand “glow in the dark,” for instance, and Trump
                # vowed': a quotation inside a sentence whose own cue comes before it keeps
                # that cue; a cue after it, past other words, belongs to the narration.
                before = _cue_before(text, raw, lower, entities, skip)
                if before is not None and before[0] is not None and before[1].verb.category:
                    found, rule = before, "cue_before_quote"
        if found is None:
            found = _cue_before(text, raw, lower, entities, skip)
            rule = "cue_before_quote"
        if found is None:
            found = _cue_after(text, raw, upper, entities, last_resort=True)
            rule = "cue_after_quote"
        if found is None and raw.parent is None and raw.open_mark == paragraph_start:
            found = _colon_paragraph(text, blocks, raws, index, entities)
            rule = "cue_before_quote"
        if found is None:
            rule = "none"
        kind = _kind(text, raw, found is not None)
        if (
            kind == "term"
            and found is not None
            and rule == "cue_before_quote"
            and _partial_quotation(text, found[1], raw)
        ):
            kind = "speech"
        if kind == "term":
            found = None
            rule = "term"
        mention, cue = found if found is not None else (None, None)
        speaker = speaker_type = None
        attribution = "unattributed"
        if mention is not None:
            attribution = "explicit"
            speaker, speaker_type = mention.canonical, mention.speaker_type
            if mention.form == "pronoun":
                lowered = mention.text.lower()
                if _PRONOUNS[lowered] == "singular":
                    resolved = entities.resolve(mention.start, speakers_so_far, lowered)
                    if resolved is not None:
                        speaker, speaker_type, rule = resolved, "named", "pronoun_resolved"
                elif _PRONOUNS[lowered] == "plural":
                    speaker, speaker_type = lowered, "vague"
                elif _PRONOUNS[lowered] == "neuter" and things_so_far:
                    # "it": the organisation or document that spoke last, in this paragraph
                    # or the one before ("..., the email said. It added, “...”").
                    paragraph, thing, thing_type = things_so_far[-1]
                    if paragraph >= raw.paragraph - 1:
                        speaker, speaker_type, rule = thing, thing_type, "pronoun_resolved"
            elif (
                raw.parent is None
                and speaker is not None
                and speaker_type is not None
                and (
                    (mention.form == "description" and speaker_type == "anonymous")
                    or (mention.form == "name" and _organisation(speaker))
                )
            ):
                things_so_far.append((raw.paragraph, speaker, speaker_type))
        elif cue is not None:
            attribution = "explicit"
        if raw.parent is None and mention is None and cue is None and kind == "speech":
            carried = _carried(raws, results, index, last_in_paragraph)
            if carried is not None:
                source, rule = carried
                mention_q = results[source]
                speaker, speaker_type = mention_q.speaker, mention_q.speaker_type
                attribution = "continued"
        if raw.parent is not None and mention is None and cue is None and kind == "speech":
            rule = "nested"
        if (
            raw.parent is None
            and mention is None
            and cue is None
            and kind == "speech"
            and attribution == "unattributed"
            and raw.paragraph > 0
            and raw.open_mark == paragraph_start
        ):
            # A paragraph that opens with a quotation and names nobody: the speaker of the
            # previous paragraph (its last attributed quotation or reporting clause).
            carried_speaker = _previous_paragraph_speaker(
                text,
                blocks[raw.paragraph - 1],
                raws,
                results,
                raw.paragraph - 1,
                entities,
                speakers_so_far,
            )
            if (
                carried_speaker is None
                and raw.paragraph > 1
                and not any(other.paragraph == raw.paragraph - 1 for other in raws[:index])
            ):
                # One narration paragraph may stand between a speaker and the quotation.
                carried_speaker = _previous_paragraph_speaker(
                    text,
                    blocks[raw.paragraph - 2],
                    raws,
                    results,
                    raw.paragraph - 2,
                    entities,
                    speakers_so_far,
                )
            if carried_speaker is not None:
                speaker, speaker_type = carried_speaker
                attribution, rule = "continued", "previous_paragraph"
        if (
            raw.parent is None
            and mention is None
            and cue is None
            and kind == "speech"
            and attribution == "unattributed"
        ):
            subject = _sentence_subject(text, raw, lower, entities)
            possessor = _possessor(text, raw, lower, entities) if subject is None else None
            if possessor is not None:
                subject = possessor
            if subject is not None:
                mention = subject
                speaker, speaker_type = subject.canonical, subject.speaker_type
                attribution = "explicit"
                rule = "sentence_subject" if possessor is None else "speech_noun"
                if subject.form == "pronoun":
                    speaker = entities.resolve(subject.start, speakers_so_far, subject.text)
                    speaker_type = "named" if speaker is not None else None
        if (
            raw.parent is None
            and mention is None
            and cue is None
            and kind == "speech"
            and attribution == "unattributed"
            and raw.open_mark is not None
            and raw.open_mark > paragraph_start
            and text[max(paragraph_start, raw.open_mark - 20) : raw.open_mark].rstrip()[-1:]
            in (".", "!", "?")
        ):
            # A quotation opening the sentence after one that ends with a reporting clause
            # ("..., the editorial board writes. “...”"): that clause's speaker.
            clause = _closing_clause(text, paragraph_start, raw.open_mark, entities)
            if clause is not None:
                speaker, speaker_type = clause.canonical, clause.speaker_type
                if clause.form == "pronoun":
                    resolved = None
                    if _PRONOUNS[clause.text.lower()] == "singular":
                        resolved = entities.resolve(clause.start, speakers_so_far, clause.text)
                    speaker, speaker_type = resolved, "named" if resolved else None
                if speaker is not None:
                    attribution, rule = "continued", "reporting_clause"
            if speaker is None:
                # The sentence before names its subject ("Trump was blunt. “We will win.”").
                end = text[paragraph_start : raw.open_mark].rstrip()
                proxy = _Raw(
                    paragraph_start + len(end) - 1,
                    raw.end,
                    paragraph_start + len(end) - 1,
                    None,
                    raw.paragraph,
                    None,
                    None,
                )
                subject = _sentence_subject(text, proxy, paragraph_start, entities)
                if subject is not None:
                    speaker, speaker_type = subject.canonical, subject.speaker_type
                    if subject.form == "pronoun":
                        speaker = entities.resolve(subject.start, speakers_so_far, subject.text)
                        speaker_type = "named" if speaker is not None else None
                    if speaker is not None:
                        attribution, rule = "continued", "previous_sentence"
        if speaker is not None and speaker_type == "named" and raw.parent is None:
            speakers_so_far.append(((raw.close_end or raw.end), speaker))
        if raw.parent is None and kind == "speech" and (speaker is not None or cue is not None):
            last_in_paragraph[raw.paragraph] = index
        verb = cue.verb if cue is not None else None
        results.append(
            Quote(
                index=index,
                start=raw.start,
                end=raw.end,
                text=text[raw.start : raw.end],
                kind=kind,
                speaker=speaker,
                speaker_mention=mention.text if mention else None,
                speaker_start=mention.start if mention else None,
                speaker_end=mention.end if mention else None,
                speaker_type=speaker_type,
                cue=verb.lemma if verb else None,
                cue_start=cue.start if cue else None,
                cue_end=cue.end if cue else None,
                cue_category=(verb.category or None) if verb else None,
                paragraph=owners[raw.paragraph],
                sentence=max(bisect.bisect_right(sentence_starts, raw.start) - 1, 0),
                nested_in=raw.parent,
                attribution=attribution,
                rule=rule,
                warning=raw.warning,
            )
        )
    return _backfill(raws, results)


def _colon_paragraph(
    text: str, blocks: tuple[Span, ...], raws: list[_Raw], index: int, entities: _Entities
) -> tuple[_Mention | None, _Cue] | None:
    """The cue before a quotation that opens its paragraph after one that ends with a colon
    (``In a 1963 speech, he declared: ¶ “...”``, ``Stated Stone: ¶ “...”``): the sentence before
    that colon is read as if the quotation followed it."""
    raw = raws[index]
    if raw.paragraph == 0:
        return None
    previous = blocks[raw.paragraph - 1]
    words = text[previous.start : previous.end].rstrip()
    if not words.endswith(":"):
        return None
    colon_end = previous.start + len(words)
    proxy = _Raw(colon_end, colon_end, colon_end, None, raw.paragraph - 1, None, None)
    skip = [
        (other.open_mark or other.start, other.close_end or other.end)
        for other in raws[max(0, index - 8) : index]
        if other.paragraph == raw.paragraph - 1 and other.parent is None
    ][-2:]
    return _cue_before(text, proxy, previous.start, entities, skip)


#: Word tokens after a closing mark beyond which a cue is "far" (``“...,” said X`` and
#: ``“...,” Mr. Pence said`` are near). Chosen by reading.
FAR_CUE_TOKENS = 4


def _far_cue(text: str, raw: _Raw, cue: _Cue) -> bool:
    """True if more than :data:`FAR_CUE_TOKENS` words stand between the closing mark and the
    cue after the quotation."""
    begin = raw.close_end if raw.close_end is not None else raw.end
    if cue.start < begin:
        return False
    words = sum(1 for token in tokenize(text, begin, cue.start) if token.is_word)
    return words > FAR_CUE_TOKENS


def _partial_quotation(text: str, cue: _Cue, raw: _Raw) -> bool:
    """True for a short quotation governed by a nearby finite cue: ``called it “disqualifying”``,
    ``He denounced the growing “lies and unprofessionalism”`` (not ``noting ... the letter “Z”``).
    """
    opening = raw.open_mark if raw.open_mark is not None else raw.start
    if cue.end > opening or text[cue.start : cue.end].lower().endswith("ing"):
        return False
    gap = sum(1 for token in tokenize(text, cue.end, opening) if token.is_word)
    return gap <= PARTIAL_QUOTE_GAP


def _previous_paragraph_speaker(
    text: str,
    span: Span,
    raws: list[_Raw],
    results: list[Quote],
    paragraph: int,
    entities: _Entities,
    speakers_so_far: list[tuple[int, str]],
) -> tuple[str | None, str | None] | None:
    """The last speaker of a paragraph (``span``, number ``paragraph``): of its last attributed
    quotation or reporting clause."""
    best: tuple[int, str | None, str | None] | None = None
    spans = []
    for quote, raw in zip(results, raws, strict=False):
        if raw.paragraph == paragraph and raw.parent is None:
            spans.append((raw.open_mark or raw.start, raw.close_end or raw.end))
            if quote.kind == "speech" and quote.speaker is not None:
                best = (raw.close_end or raw.end, quote.speaker, quote.speaker_type)
    # The last reporting clause of the narration ("Clinton ... responded, saying ...").
    tokens = [
        t
        for t in _word_tokens(text, span.start, min(span.end, span.start + 5000))
        if not any(a <= t.start < b for a, b in spans)
    ]
    for index in range(len(tokens) - 1, -1, -1):
        if best is not None and tokens[index].start < best[0]:
            break
        found = _find_cue(tokens, index)
        if found is None or found[0].verb.lemma == "according to":
            continue
        clause = index
        while clause > 0 and tokens[clause - 1].text not in (".", "!", "?", ";"):
            clause -= 1
        mention = _subject_before(tokens[clause:], index - clause, text, entities)
        if mention is None:
            continue
        if mention.form == "pronoun":
            if _PRONOUNS[mention.text.lower()] == "neuter":
                return None
            if _PRONOUNS[mention.text.lower()] != "singular":
                return mention.text.lower(), "vague"
            resolved = entities.resolve(mention.start, speakers_so_far, mention.text)
            return (resolved, "named") if resolved is not None else None
        return mention.canonical, mention.speaker_type
    return (best[1], best[2]) if best is not None else None


#: A sentence "ends with a reporting clause" when its cue is among its last this many tokens
#: (``..., From said.``, ``..., said Ann Lee.``). Chosen by reading.
CLOSING_CUE_TOKENS = 5


def _closing_clause(text: str, lower: int, opening: int, entities: _Entities) -> _Mention | None:
    """The speaker of the sentence before ``opening`` if it ends with a reporting clause."""
    end = text[lower:opening].rstrip()
    if not end or end[-1] not in ".!?":
        return None
    stop = lower + len(end) - 1
    begin = _clause_start(text, max(lower, stop - BEFORE_WINDOW), stop)
    tokens = _word_tokens(text, begin, stop)
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 1 - CLOSING_CUE_TOKENS), -1):
        found = _find_cue(tokens, index)
        if found is None or found[0].verb.lemma == "according to":
            continue
        mention = _subject_before(tokens, index, text, entities)
        if mention is None and index + found[1] < len(tokens):
            mention = _phrase(tokens[index + found[1] :], text, entities)  # said Ann Lee.
        return mention
    return None


def _sentence_starts(article: Article) -> list[int]:
    """Starts of :func:`newslib.text.sentences`, or of a plain split where Punkt gives up.

    NLTK guards Punkt's regular expressions with a time limit and raises ``TimeoutError`` on
    pathological paragraphs (e.g. 1 MB without a break); quotations must still be found.
    """
    try:
        return [s.start for s in sentences(article)]
    except TimeoutError:
        starts = []
        for paragraph in article.paragraphs:
            starts.append(paragraph.start)
            ends = _SENTENCE_END.finditer(article.text, paragraph.start, paragraph.end)
            starts.extend(match.end() for match in ends)
        return sorted(set(starts))


def _carried(
    raws: list[_Raw], results: list[Quote], index: int, last_in_paragraph: dict[int, int]
) -> tuple[int, str] | None:
    """The earlier quotation whose speaker a cue-less quotation carries, and the rule."""
    raw = raws[index]
    if raw.continued:
        for previous in range(index - 1, -1, -1):
            if raws[previous].parent is None and raws[previous].continues:
                return previous, "paragraph_continuation"
            if raws[previous].parent is None:
                break
    source = last_in_paragraph.get(raw.paragraph)
    if source is not None and results[source].speaker is not None:
        return source, "same_paragraph"
    return None


def _backfill(raws: list[_Raw], results: list[Quote]) -> tuple[Quote, ...]:
    """A quotation continued in the next paragraph takes a speaker named only there."""
    final = list(results)
    for index in range(len(final) - 1, -1, -1):
        quote = final[index]
        if not raws[index].continues or quote.speaker is not None:
            continue
        for later in range(index + 1, len(final)):
            if raws[later].parent is None:
                donor = final[later]
                if raws[later].continued and donor.speaker is not None:
                    final[index] = _replace(quote, donor)
                break
    return tuple(final)


def _replace(quote: Quote, donor: Quote) -> Quote:
    return Quote(
        quote.index,
        quote.start,
        quote.end,
        quote.text,
        "speech",
        donor.speaker,
        None,
        None,
        None,
        donor.speaker_type,
        None,
        None,
        None,
        None,
        quote.paragraph,
        quote.sentence,
        quote.nested_in,
        "continued",
        "paragraph_continuation",
        quote.warning,
    )


# --------------------------------------------------------------------------- frames


def quote_frame(article: Article) -> pd.DataFrame:
    """One row per quotation; columns as :class:`Quote` (``index`` is named ``quote``).

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article('The so-called "reform" failed, she said: "It is a disgrace."')
        >>> quote_frame(a)[["text", "kind", "speaker_mention"]].values.tolist()
        [['reform', 'term', None], ['It is a disgrace.', 'speech', 'she']]
    """
    return QUOTE_TABLE.frame(quote_rows(article))


def quote_rows(article: Article) -> list[Row]:
    """The rows of :func:`quote_frame` as plain tuples, in :data:`QUOTE_TABLE` order."""
    return [(q.index, *(getattr(q, column) for column in _QUOTE_FIELDS)) for q in quotes(article)]


_QUOTE_FIELDS = QUOTE_TABLE.columns[1:]


def speaker_frame(article: Article) -> pd.DataFrame:
    """One row per speaker of reported speech, most quoted first.

    Columns: ``speaker`` (canonical), ``speaker_type``, ``mentions`` (the distinct words used
    for the speaker at quotations, ``; ``-joined), ``n_quotes``, ``quoted_words`` and
    ``share`` (of all words in top-level speech quotations).

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article("“Go home,” Ann Lee said. “Now,” she added. “No,” officials said.")
        >>> speaker_frame(a)[["speaker", "n_quotes", "quoted_words"]].values.tolist()
        [['Ann Lee', 2, 3], ['officials', 1, 1]]
    """
    columns = ["speaker", "speaker_type", "mentions", "n_quotes", "quoted_words", "share"]
    found = [q for q in quotes(article) if q.kind == "speech" and q.nested_in is None]
    total = sum(len(q.text.split()) for q in found) or 1
    table: dict[str, dict[str, object]] = {}
    mentions: dict[str, list[str]] = {}
    for q in found:
        if q.speaker is None:
            continue
        row = table.setdefault(
            q.speaker,
            {
                "speaker": q.speaker,
                "speaker_type": q.speaker_type,
                "n_quotes": 0,
                "quoted_words": 0,
            },
        )
        row["n_quotes"] = int(str(row["n_quotes"])) + 1
        row["quoted_words"] = int(str(row["quoted_words"])) + len(q.text.split())
        names = mentions.setdefault(q.speaker, [])
        if q.speaker_mention and q.speaker_mention not in names:
            names.append(q.speaker_mention)
    rows = []
    for speaker, row in table.items():
        row["mentions"] = "; ".join(mentions[speaker])
        row["share"] = round(int(str(row["quoted_words"])) / total, 4)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["quoted_words", "n_quotes"], ascending=False, kind="stable")
    return frame.reset_index(drop=True)


def source_audit(article: Article) -> pd.DataFrame:
    """Share of quoted words per source class: named, anonymous, vague, unattributed.

    The audit news researchers ask for: how much of the quoted voice is on the record.
    Counts words of top-level speech quotations.

    Examples:
        >>> from newslib.articles import load_article
        >>> a = load_article("“Go home now,” Ann Lee said. “No,” a police officer said.")
        >>> source_audit(a)[["speaker_type", "quoted_words", "share"]].values.tolist()
        [['named', 3, 0.75], ['anonymous', 1, 0.25], ['vague', 0, 0.0], ['unattributed', 0, 0.0]]
    """
    found = [q for q in quotes(article) if q.kind == "speech" and q.nested_in is None]
    total = sum(len(q.text.split()) for q in found) or 1
    words: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    speakers: dict[str, set[str]] = {}
    for q in found:
        label = q.speaker_type if q.speaker is not None and q.speaker_type else "unattributed"
        words[label] += len(q.text.split())
        counts[label] += 1
        if q.speaker is not None:
            speakers.setdefault(label, set()).add(q.speaker)
    rows = [
        {
            "speaker_type": label,
            "n_speakers": len(speakers.get(label, ())),
            "n_quotes": counts[label],
            "quoted_words": words[label],
            "share": round(words[label] / total, 4),
        }
        for label in ("named", "anonymous", "vague", "unattributed")
    ]
    columns = ["speaker_type", "n_speakers", "n_quotes", "quoted_words", "share"]
    return pd.DataFrame(rows, columns=columns)
