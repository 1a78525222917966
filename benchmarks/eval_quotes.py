"""Direct quotations on PolNeAR (Newell, Margolin & Ruths, LREC 2018): content, cue, speaker.

PolNeAR annotates attributions in US election news (2015-2016) as brat standoff: ``Source``,
``Cue`` and ``Content`` spans with character offsets into the article text. Some articles carry
several annotators' files (``<article>_<annotator>.ann``); the first by name is used.

What is scored (only *direct* quotations, as the issue asks):

* **Gold units**: attributions whose Content text holds a double quotation mark (“ ” " « », or
  the doubled apostrophe '' the New York Times texts print for ").
  Single marks are left out (they are mostly apostrophes); so are attributions with no Content.
* **Predicted units**: newslib's top-level ``speech`` quotations (``kind == "speech"``,
  ``nested_in`` empty); ``term`` quotations (scare quotes, titles) are not predictions of
  speech. ``--all-kinds`` scores terms too.
* **Content, overlap**: a prediction is correct if it overlaps a gold Content fragment; a gold
  unit is found if a prediction overlaps it. P = correct predictions / predictions,
  R = found gold units / gold units.
* **Content, exact**: a gold unit is exactly found if the letters and digits covered by the
  predictions overlapping it are exactly those of its Content (marks, spaces and punctuation
  ignored, so ``“Go,” he said. “Now.”`` as one discontinuous gold unit matches two predicted
  quotations). Exact P counts predictions that belong to an exactly found unit.
* **Cue**: predicted cue spans (distinct) against the Cue spans of the gold units, by overlap.
* **Speaker accuracy**: over found gold units that have a Source, the share whose prediction
  (the one overlapping most) names the same speaker: its speaker mention overlaps the Source
  span, or its canonical speaker shares a capitalised word with the Source text, or, when the
  Source is a pronoun or a description ("he", "the Florida senator"), with the nearest
  preceding gold Source that holds a capitalised word (the annotators' own antecedent, a
  stand-in for coreference, which PolNeAR does not annotate).

Run from the repository root (the data stay in ../shared; nothing of them is copied):

    python benchmarks/eval_quotes.py --split dev [--data ../shared/eval/polnear] [--misses 20]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(ROOT))

from newslib import Article, Quote, quotes  # noqa: E402
from newslib.articles import split_paragraphs  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "polnear"
#: Marks that make a Content span a direct quotation.
DOUBLE_MARKS = frozenset('“”"«»')
_LINE = re.compile(r"([TE]\d+)\t(.*)")
_CAPITALISED = re.compile(r"[A-Z][\w’'-]+")
_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "his", "her", "their", "its", "one"])
_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "it", "who", "his", "her", "their"])

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold attribution with a direct quotation in its Content."""

    content: Spans
    cue: Spans
    source: Spans
    source_text: str
    antecedent: str  # nearest preceding named gold Source ("" if none)


@dataclass(frozen=True, slots=True)
class Document:
    """One PolNeAR article: the text as an :class:`Article` and its gold direct quotations."""

    name: str
    article: Article
    gold: tuple[GoldQuote, ...]


@dataclass
class Scores:
    """Counts and the figures derived from them."""

    n_docs: int = 0
    n_gold: int = 0
    n_pred: int = 0
    pred_overlap: int = 0
    gold_overlap: int = 0
    pred_exact: int = 0
    gold_exact: int = 0
    n_gold_cues: int = 0
    n_pred_cues: int = 0
    pred_cues_ok: int = 0
    gold_cues_found: int = 0
    speaker_total: int = 0
    speaker_ok: int = 0
    speaker_given: int = 0  # of speaker_total, quotations newslib gave a speaker
    misses: list[str] = field(default_factory=list)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_rule_ok: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        """Precision, recall, F1 (overlap and exact), cue P/R/F1 and speaker accuracy."""
        p = self.pred_overlap / self.n_pred if self.n_pred else 0.0
        r = self.gold_overlap / self.n_gold if self.n_gold else 0.0
        pe = self.pred_exact / self.n_pred if self.n_pred else 0.0
        re_ = self.gold_exact / self.n_gold if self.n_gold else 0.0
        cp = self.pred_cues_ok / self.n_pred_cues if self.n_pred_cues else 0.0
        cr = self.gold_cues_found / self.n_gold_cues if self.n_gold_cues else 0.0
        return {
            "content_p": p,
            "content_r": r,
            "content_f1": self._f1(p, r),
            "exact_p": pe,
            "exact_r": re_,
            "exact_f1": self._f1(pe, re_),
            "cue_p": cp,
            "cue_r": cr,
            "cue_f1": self._f1(cp, cr),
            "speaker_accuracy": self.speaker_ok / self.speaker_total if self.speaker_total else 0.0,
            "speaker_coverage": (
                self.speaker_given / self.speaker_total if self.speaker_total else 0.0
            ),
            "speaker_precision": (
                self.speaker_ok / self.speaker_given if self.speaker_given else 0.0
            ),
        }


def _spans(field_text: str) -> Spans:
    spans = []
    for part in field_text.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def read_ann(path: Path, text: str) -> tuple[GoldQuote, ...]:
    """The gold direct quotations of one brat ``.ann`` file (continuation lines skipped)."""
    labels: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        key, rest = match.groups()
        if key.startswith("T"):
            head = rest.split("\t", 1)[0]
            label, _, spans = head.partition(" ")
            try:
                labels[key] = (label, _spans(spans))
            except ValueError:
                continue
        else:
            roles = dict(part.split(":", 1) for part in rest.split() if ":" in part)
            events.append(roles)

    def get(roles: dict[str, str], role: str) -> Spans:
        key = roles.get(role)
        return labels[key][1] if key in labels else ()

    sources = sorted(
        (spans[0][0], " ".join(text[s:e] for s, e in spans))
        for label, spans in labels.values()
        if label == "Source"
    )
    found = []
    for roles in events:
        content = get(roles, "Content")
        if not content:
            continue
        words = "".join(text[s:e] for s, e in content)
        if not (any(char in DOUBLE_MARKS for char in words) or "''" in words):
            continue
        source = get(roles, "Source")
        source_text = " ".join(text[s:e] for s, e in source)
        antecedent = ""
        anchor = source[0][0] if source else content[0][0]
        for start, words in sources:
            if start >= anchor:
                break
            if _CAPITALISED.search(words) and words.lower() not in _PRONOUNS:
                antecedent = words
        found.append(GoldQuote(content, get(roles, "Cue"), source, source_text, antecedent))
    return tuple(sorted(found, key=lambda g: g.content[0]))


def load_split(data: Path, split: str) -> list[Document]:
    """Every article of a split (``train``, ``dev``) with its gold direct quotations."""
    folder = data / split
    annotations: dict[str, list[Path]] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    documents = []
    for name, paths in sorted(annotations.items()):
        text_path = folder / "text" / f"{name}.txt"
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        article = Article(
            id=name,
            title=None,
            published=None,
            place=None,
            agency=None,
            text=text,
            paragraphs=split_paragraphs(text),
        )
        documents.append(Document(name, article, read_ann(sorted(paths)[0], text)))
    return documents


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


def _alnum(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e) if text[i].isalnum()}


def _same_speaker(quote: Quote, gold: GoldQuote) -> bool:
    if (
        quote.speaker_start is not None
        and quote.speaker_end is not None
        and _overlaps(quote.speaker_start, quote.speaker_end, gold.source)
    ):
        return True
    if not quote.speaker:
        return False
    names = {w.lower() for w in _CAPITALISED.findall(quote.speaker)}
    if not names:  # a description: compare its words with the Source
        return quote.speaker.lower() in gold.source_text.lower()
    candidates = [gold.source_text]
    first = gold.source_text.split()[0].lower() if gold.source_text.split() else ""
    if (
        not _CAPITALISED.search(gold.source_text)
        or gold.source_text.lower() in _PRONOUNS
        or first in _DETERMINERS
    ):
        # A pronoun or a description ("he", "the Florida senator"): compare with the
        # annotators' nearest preceding named Source instead.
        candidates.append(gold.antecedent)
    return any(
        names & {w.lower() for w in _CAPITALISED.findall(words)} for words in candidates if words
    )


def evaluate(documents: Sequence[Document], *, all_kinds: bool = False, misses: int = 0) -> Scores:
    """Score newslib's quotations against the gold direct quotations of ``documents``."""
    scores = Scores()
    for document in documents:
        text = document.article.text
        predicted = [
            q
            for q in quotes(document.article)
            if q.nested_in is None and (all_kinds or q.kind == "speech")
        ]
        gold = document.gold
        scores.n_docs += 1
        scores.n_gold += len(gold)
        scores.n_pred += len(predicted)
        owner: dict[int, int] = {}  # prediction -> gold index it overlaps most
        for p_index, quote in enumerate(predicted):
            best, best_overlap = -1, 0
            for g_index, unit in enumerate(gold):
                overlap = _overlaps(quote.start, quote.end, unit.content)
                if overlap > best_overlap:
                    best, best_overlap = g_index, overlap
            if best >= 0:
                owner[p_index] = best
            elif len(scores.misses) < misses:
                scores.misses.append(f"FP  {document.name}: {quote.text[:90]!r} ({quote.rule})")
        scores.pred_overlap += len(owner)
        exact_units = set()
        for g_index, unit in enumerate(gold):
            mine = [p for p, g in owner.items() if g == g_index]
            if not mine:
                if len(scores.misses) < misses:
                    words = " ".join(text[s:e] for s, e in unit.content)
                    scores.misses.append(f"FN  {document.name}: {words[:90]!r}")
                continue
            scores.gold_overlap += 1
            covered = _alnum(text, [(predicted[p].start, predicted[p].end) for p in mine])
            if covered == _alnum(text, unit.content):
                exact_units.add(g_index)
            if unit.source:
                main = max(
                    mine,
                    key=lambda p: _overlaps(predicted[p].start, predicted[p].end, unit.content),
                )
                quote = predicted[main]
                scores.speaker_total += 1
                given = quote.speaker is not None or quote.speaker_mention is not None
                scores.speaker_given += given
                scores.by_rule[quote.rule] += 1
                if _same_speaker(quote, unit):
                    scores.speaker_ok += 1
                    scores.by_rule_ok[quote.rule] += 1
                elif len(scores.misses) < misses:
                    scores.misses.append(
                        f"SPK {document.name}: gold {unit.source_text!r} "
                        f"(antecedent {unit.antecedent!r}) predicted {quote.speaker!r} "
                        f"via {quote.speaker_mention!r} [{quote.rule}] for {quote.text[:50]!r}"
                    )
        scores.gold_exact += len(exact_units)
        scores.pred_exact += sum(1 for g in owner.values() if g in exact_units)
        gold_cues = [unit.cue for unit in gold if unit.cue]
        predicted_cues = sorted(
            {
                (q.cue_start, q.cue_end)
                for q in predicted
                if q.cue_start is not None and q.cue_end is not None
            }
        )
        scores.n_gold_cues += len(gold_cues)
        scores.n_pred_cues += len(predicted_cues)
        scores.gold_cues_found += sum(
            1 for cue in gold_cues if any(_overlaps(s, e, cue) for s, e in predicted_cues)
        )
        scores.pred_cues_ok += sum(
            1 for s, e in predicted_cues if any(_overlaps(s, e, cue) for cue in gold_cues)
        )
    return scores


def report(scores: Scores, split: str) -> str:
    """The figures as a small Markdown table."""
    f = scores.figures()
    lines = [
        f"PolNeAR {split}: {scores.n_docs} articles, {scores.n_gold} gold direct quotations, "
        f"{scores.n_pred} predicted speech quotations",
        "",
        "| measure | P | R | F1 |",
        "|---|---|---|---|",
        f"| content (overlap) | {f['content_p']:.3f} | {f['content_r']:.3f} | "
        f"{f['content_f1']:.3f} |",
        f"| content (exact) | {f['exact_p']:.3f} | {f['exact_r']:.3f} | {f['exact_f1']:.3f} |",
        f"| cue | {f['cue_p']:.3f} | {f['cue_r']:.3f} | {f['cue_f1']:.3f} |",
        "",
        f"speaker accuracy: {f['speaker_accuracy']:.3f} "
        f"({scores.speaker_ok}/{scores.speaker_total} found quotations with a gold Source); "
        f"a speaker given for {f['speaker_coverage']:.3f} of them, right for "
        f"{f['speaker_precision']:.3f} of those",
        "",
        "speaker accuracy by rule: "
        + ", ".join(
            f"{rule} {scores.by_rule_ok[rule]}/{n}" for rule, n in scores.by_rule.most_common()
        ),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: score one split and print the table (and misses with ``--misses``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR folder")
    parser.add_argument("--split", default="dev", choices=["train", "dev"], help="split to score")
    parser.add_argument("--all-kinds", action="store_true", help="score term quotations too")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args(argv)
    documents = load_split(args.data, args.split)
    if not documents:
        parser.error(f"no PolNeAR articles under {args.data / args.split}")
    scores = evaluate(documents, all_kinds=args.all_kinds, misses=args.misses)
    print(report(scores, args.split))
    for line in scores.misses:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
