"""TimeML I/O and the TempEval-3 temporal expression scorer.

* :func:`read_timeml` reads a TempEval-3 file (``<DCT>``, ``<TEXT>``; any inline annotation is
  read as gold TIMEX3 spans and removed from the plain text);
* :func:`normalise_timeml` tags plain text against a DCT (the engine of
  :mod:`newslib.temporal`, with Punkt sentences for tense cues);
* :func:`annotate_timeml` writes a file back with ``<TIMEX3>`` tags in its ``<TEXT>``;
* :func:`score_timexes` gives the TempEval-3 Task A figures (UzZaman et al., SemEval 2013):
  strict (identical extent) and relaxed (any overlap) precision, recall and F1 over
  expressions, type and value accuracy over relaxed matches, value F1 = relaxed F1 x value
  accuracy.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from newslib.errors import NewslibError
from newslib.temporal import Timex, find_timexes
from newslib.text import split_sentences

#: A system expression: newslib's :class:`Timex` or another system's, read as :class:`GoldTimex`.
_T = TypeVar("_T", bound="Timex | GoldTimex")


class TimeMLError(NewslibError):
    """A TimeML file could not be read."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 annotated in a TimeML file, with offsets into the plain text."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """A TimeML document: its plain text, DCT and any TIMEX3 annotation it carried."""

    docid: str
    dct: dt.date | None
    text: str
    gold: tuple[GoldTimex, ...]
    raw: str
    text_start: int
    text_end: int


_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_DCT_RE = re.compile(r"<DCT>\s*<TIMEX3\b([^>]*)>", re.DOTALL)
_DOCID_RE = re.compile(r"<DOCID>\s*([^<]*?)\s*</DOCID>")
_TAG_RE = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>|&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{1,10});")
_ATTR_RE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def read_timeml(source: str | Path) -> TimeMLDocument:
    """Read a TimeML document from a path or from its text.

    Examples:
        >>> doc = read_timeml('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" '
        ...     'functionInDocument="CREATION_TIME">02/06/98</TIMEX3></DCT><TEXT>It fell '
        ...     '<TIMEX3 tid="t1" type="DATE" value="1998-02-05">yesterday</TIMEX3> &amp; rose.'
        ...     '</TEXT></TimeML>')
        >>> doc.dct, doc.text, doc.gold[0].value
        (datetime.date(1998, 2, 6), 'It fell yesterday & rose.', '1998-02-05')
    """
    if isinstance(source, Path) or (len(source) < 4096 and "<" not in source):
        path = Path(source)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TimeMLError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        name = path.name
    else:
        raw, name = source, "<string>"
    body = _TEXT_RE.search(raw)
    if body is None:
        raise TimeMLError(f"{name}: no <TEXT>...</TEXT> element; is this a TempEval-3 TimeML file?")
    dct: dt.date | None = None
    dct_match = _DCT_RE.search(raw)
    if dct_match:
        value = dict(_ATTR_RE.findall(dct_match.group(1))).get("value", "")
        try:
            dct = dt.date.fromisoformat(value[:10])
        except ValueError:
            dct = None
    docid_match = _DOCID_RE.search(raw)
    docid = docid_match.group(1) if docid_match else name.removesuffix(".tml")
    plain: list[str] = []
    length = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = body.start(1)
    for match in _TAG_RE.finditer(raw, body.start(1), body.end(1)):
        chunk = raw[position : match.start()]
        plain.append(chunk)
        length += len(chunk)
        position = match.end()
        if match.group(2) is None:  # an entity
            char = html.unescape(match.group())
            plain.append(char)
            length += len(char)
        elif match.group(2).upper() == "TIMEX3":
            if match.group(1):
                if open_timex is not None:
                    start, attrs = open_timex
                    gold.append(
                        GoldTimex(start, length, "", attrs.get("type", ""), attrs.get("value", ""))
                    )
                open_timex = None
            else:
                open_timex = (length, dict(_ATTR_RE.findall(match.group(3))))
    chunk = raw[position : body.end(1)]
    plain.append(chunk)
    text = "".join(plain)
    gold = [GoldTimex(g.start, g.end, text[g.start : g.end], g.type, g.value) for g in gold]
    return TimeMLDocument(docid, dct, text, tuple(gold), raw, body.start(1), body.end(1))


def normalise_timeml(text: str, dct: dt.date | None) -> tuple[Timex, ...]:
    """Find and normalise the TIMEX3 expressions of plain ``text`` against ``dct``.

    Examples:
        >>> [(t.text, t.type, t.value) for t in normalise_timeml(
        ...     "Shares fell 5% yesterday after three months of gains.", dt.date(1998, 2, 6))]
        [('yesterday', 'DATE', '1998-02-05'), ('three months', 'DURATION', 'P3M')]
    """
    spans = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*", text):
        spans.extend(split_sentences(text, paragraph.start(), paragraph.end()))
    return find_timexes(text, dct, sentences=spans)


def _timex_tag(timex: Timex, number: int) -> str:
    attrs = f'tid="t{number}" type="{timex.type}" value="{html.escape(timex.value)}"'
    if timex.mod:
        attrs += f' mod="{timex.mod}"'
    return f"<TIMEX3 {attrs}>"


def annotate_timeml(document: TimeMLDocument, timexes: Sequence[Timex] | None = None) -> str:
    """The document's file text with ``<TIMEX3>`` tags (newslib's, by default) in ``<TEXT>``.

    Any annotation the input carried inside ``<TEXT>`` is dropped.

    Examples:
        >>> doc = read_timeml('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06">x'
        ...                   '</TIMEX3></DCT><TEXT>It fell yesterday.</TEXT></TimeML>')
        >>> annotate_timeml(doc).split("<TEXT>")[1].split("</TEXT>")[0]
        'It fell <TIMEX3 tid="t1" type="DATE" value="1998-02-05">yesterday</TIMEX3>.'
    """
    found = normalise_timeml(document.text, document.dct) if timexes is None else timexes
    parts: list[str] = []
    position = 0
    for number, timex in enumerate(found, start=1):
        parts.append(html.escape(document.text[position : timex.start], quote=False))
        parts.append(_timex_tag(timex, number))
        parts.append(html.escape(document.text[timex.start : timex.end], quote=False))
        parts.append("</TIMEX3>")
        position = timex.end
    parts.append(html.escape(document.text[position:], quote=False))
    raw = document.raw
    return raw[: document.text_start] + "".join(parts) + raw[document.text_end :]


def annotate_files(inputs: Iterable[str | Path], out_dir: str | Path) -> list[Path]:
    """Tag every TimeML file in ``inputs`` (files or folders of ``*.tml``) into ``out_dir``.

    Returns:
        The paths written, one per input file, with the input's file name.
    """
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for item in inputs:
        path = Path(item)
        files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
        for file in files:
            document = read_timeml(file)
            out = target / file.name
            out.write_text(annotate_timeml(document), encoding="utf-8")
            written.append(out)
    return written


# --------------------------------------------------------------------------- scoring
@dataclass(frozen=True, slots=True)
class TimexScores:
    """TempEval-3 Task A figures for temporal expressions (fractions, not percentages)."""

    gold: int
    system: int
    strict_matches: int
    relaxed_matches: int
    type_correct: int
    value_correct: int

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_precision(self) -> float:
        return self.strict_matches / self.system if self.system else 0.0

    @property
    def strict_recall(self) -> float:
        return self.strict_matches / self.gold if self.gold else 0.0

    @property
    def strict_f1(self) -> float:
        return self._f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return self.relaxed_matches / self.system if self.system else 0.0

    @property
    def relaxed_recall(self) -> float:
        return self.relaxed_matches / self.gold if self.gold else 0.0

    @property
    def relaxed_f1(self) -> float:
        return self._f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.relaxed_matches if self.relaxed_matches else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.relaxed_matches if self.relaxed_matches else 0.0

    @property
    def value_f1(self) -> float:
        return self.relaxed_f1 * self.value_accuracy

    def __add__(self, other: TimexScores) -> TimexScores:
        return TimexScores(
            self.gold + other.gold,
            self.system + other.system,
            self.strict_matches + other.strict_matches,
            self.relaxed_matches + other.relaxed_matches,
            self.type_correct + other.type_correct,
            self.value_correct + other.value_correct,
        )

    def as_dict(self) -> dict[str, float | int]:
        """The figures by name, rounded to four places."""
        names = (
            "strict_precision", "strict_recall", "strict_f1", "relaxed_precision",
            "relaxed_recall", "relaxed_f1", "type_accuracy", "value_accuracy", "value_f1",
        )  # fmt: skip
        figures: dict[str, float | int] = {"gold": self.gold, "system": self.system}
        figures.update({name: round(getattr(self, name), 4) for name in names})
        return figures


EMPTY_SCORES = TimexScores(0, 0, 0, 0, 0, 0)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def match_timexes(
    text: str,
    gold: Sequence[GoldTimex],
    system: Sequence[_T],
) -> list[tuple[GoldTimex, _T, bool]]:
    """TempEval-3 matching: ``(gold, system, strict)`` for every gold expression matched.

    Extents are compared after trimming punctuation at their edges (the TempEval-3 scorer
    compares tokens). Each gold expression matches at most one system expression: the one with
    the same extent, else the first overlapping one not yet used (a relaxed match).

    Examples:
        >>> g = [GoldTimex(8, 17, "yesterday", "DATE", "1998-02-05")]
        >>> s = [GoldTimex(8, 26, "yesterday morning", "TIME", "1998-02-05TMO")]
        >>> [(m[1].text, m[2]) for m in match_timexes("It fell yesterday morning.", g, s)]
        [('yesterday morning', False)]
    """
    used: set[int] = set()
    matches: list[tuple[GoldTimex, _T, bool]] = []
    sys_spans = [_trim(text, s.start, s.end) for s in system]
    for item in gold:
        g_start, g_end = _trim(text, item.start, item.end)
        best: int | None = None
        for index, (s_start, s_end) in enumerate(sys_spans):
            if index in used or s_start >= g_end or s_end <= g_start:
                continue
            if (s_start, s_end) == (g_start, g_end):
                best = index
                break
            if best is None:
                best = index
        if best is None:
            continue
        used.add(best)
        matches.append((item, system[best], sys_spans[best] == (g_start, g_end)))
    return matches


def score_timexes(
    text: str,
    gold: Sequence[GoldTimex],
    system: Sequence[Timex | GoldTimex],
) -> TimexScores:
    """TempEval-3 counts for one document (add the results over a corpus).

    Matching as :func:`match_timexes`; type and value are compared over relaxed matches.

    Examples:
        >>> g = [GoldTimex(8, 17, "yesterday", "DATE", "1998-02-05")]
        >>> s = [GoldTimex(8, 26, "yesterday morning", "TIME", "1998-02-05TMO")]
        >>> scores = score_timexes("It fell yesterday morning.", g, s)
        >>> scores.strict_matches, scores.relaxed_matches, scores.type_correct
        (0, 1, 0)
    """
    matches = match_timexes(text, gold, system)
    return TimexScores(
        len(gold),
        len(system),
        sum(strict for _, _, strict in matches),
        len(matches),
        sum(ours.type == item.type for item, ours, _ in matches),
        sum(ours.value == item.value for item, ours, _ in matches),
    )


def evaluate_timeml(paths: Iterable[str | Path]) -> TimexScores:
    """Score newslib against the TIMEX3 annotation of TimeML files (summed over the files).

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.tml").write_text('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" '
        ...     'value="1998-02-06">x</TIMEX3></DCT><TEXT>It fell <TIMEX3 tid="t1" type="DATE" '
        ...     'value="1998-02-05">yesterday</TIMEX3>.</TEXT></TimeML>')
        >>> evaluate_timeml([folder / "a.tml"]).value_accuracy
        1.0
    """
    total = EMPTY_SCORES
    for path in paths:
        document = read_timeml(Path(path))
        total = total + score_timexes(
            document.text, document.gold, normalise_timeml(document.text, document.dct)
        )
    return total
