"""Score newslib.rhetoric against the Propaganda Techniques Corpus (SemEval-2020 Task 11).

Usage (from the repository root)::

    python benchmarks/eval_rhetoric.py [PTC_DIR] [--vader-threshold 2.5]

``PTC_DIR`` defaults to ``../shared/eval/ptc`` next to the repository. Each article file is read
as is (title, blank line, body): its text is the article's text, each non-empty line a paragraph,
so newslib's offsets and the gold offsets refer to the same characters.

Metric: span identification with partial-overlap credit, as in SemEval-2020 Task 11 (Da San
Martino et al., 2020, sec. 3): for predicted spans S and gold spans T of one technique,
``P = sum_s sum_t |s & t| / |s| / |S|`` and ``R = sum_t sum_s |s & t| / |t| / |T|``, summed over
all articles; F1 is their harmonic mean. Overlapping spans of one side are merged first, so no
character is credited twice. Nothing here is fitted to the corpus: the lexicons and rules of
newslib.rhetoric are used as shipped.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import newslib
from newslib.articles import Article, Span
from newslib.rhetoric import RhetoricConfig, rhetoric_frame

#: PTC technique -> newslib.rhetoric measures (and categories; None = all) predicting it.
TECHNIQUES: dict[str, tuple[tuple[str, frozenset[str] | None], ...]] = {
    "Loaded_Language": (("loaded_language", None),),
    "Name_Calling,Labeling": (("name_calling", None),),
    "Repetition": (("repetition", None),),
    "Exaggeration,Minimisation": (("exaggeration", None),),
    "Doubt": (("question_exclamation", frozenset({"question"})),),
}
#: Span identification regardless of technique: every measure above against every gold span.
ALL = "any technique (span identification)"

#: Articles the test suite scores (the first by file name), to keep it under 30 s.
TEST_ARTICLES = 100
#: Floors of F1 the test suite asserts on those articles, slightly below what they measure.
FLOORS = {
    "Loaded_Language": 0.10,
    "Name_Calling,Labeling": 0.11,
    "Repetition": 0.03,
    "Exaggeration,Minimisation": 0.04,
    "Doubt": 0.18,
    ALL: 0.18,
}

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ptc"


def ptc_article(path: Path) -> Article:
    """A PTC article file as an :class:`Article` whose text is the file's exact text."""
    text = path.read_text(encoding="utf-8")
    paragraphs = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            paragraphs.append(Span(start, start + len(stripped)))
        position += len(line) + 1
    article_id = path.stem.removeprefix("article")
    return Article(
        id=article_id,
        title=None,
        published=None,
        place=None,
        agency=None,
        text=text,
        paragraphs=tuple(paragraphs),
    )


def gold_spans(label_file: Path) -> dict[str, list[tuple[int, int]]]:
    """Gold spans by technique from a ``*.labels`` file (``id technique start end``)."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in label_file.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            spans[parts[1]].append((int(parts[2]), int(parts[3])))
    return spans


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans merged, sorted.

    Examples:
        >>> merge([(5, 9), (0, 3), (2, 4), (9, 10)])
        [(0, 4), (5, 10)]
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap(span: tuple[int, int], others: list[tuple[int, int]], ends: list[int]) -> int:
    """Characters of ``span`` covered by the merged, sorted spans ``others`` (``ends`` theirs)."""
    total = 0
    for k in range(bisect.bisect_right(ends, span[0]), len(others)):
        start, end = others[k]
        if start >= span[1]:
            break
        total += min(span[1], end) - max(span[0], start)
    return total


class Score:
    """Running sums of the partial-overlap precision and recall."""

    def __init__(self) -> None:
        self.precision_sum = 0.0
        self.recall_sum = 0.0
        self.n_pred = 0
        self.n_gold = 0

    def add(self, predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> None:
        predicted, gold = merge(predicted), merge(gold)
        self.n_pred += len(predicted)
        self.n_gold += len(gold)
        gold_ends = [end for _, end in gold]
        predicted_ends = [end for _, end in predicted]
        self.precision_sum += sum(_overlap(s, gold, gold_ends) / (s[1] - s[0]) for s in predicted)
        self.recall_sum += sum(_overlap(t, predicted, predicted_ends) / (t[1] - t[0]) for t in gold)

    def result(self) -> dict[str, float]:
        precision = self.precision_sum / self.n_pred if self.n_pred else 0.0
        recall = self.recall_sum / self.n_gold if self.n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def evaluate(
    ptc_dir: Path, *, limit: int | None = None, config: RhetoricConfig | None = None
) -> dict[str, dict[str, float]]:
    """Partial-overlap P/R/F1 per technique (and for any technique) over the PTC articles
    (the first ``limit`` by file name, or all)."""
    scores = {technique: Score() for technique in [*TECHNIQUES, ALL]}
    for label_file in sorted((ptc_dir / "labels").glob("*.labels"))[:limit]:
        article_id = label_file.name.split(".")[0].removeprefix("article")
        article = ptc_article(ptc_dir / "articles" / f"article{article_id}.txt")
        frame = rhetoric_frame(article, config=config)
        gold = gold_spans(label_file)
        everything: list[tuple[int, int]] = []
        for technique, sources in TECHNIQUES.items():
            predicted: list[tuple[int, int]] = []
            for measure, categories in sources:
                rows = frame[frame["measure"] == measure]
                if categories is not None:
                    rows = rows[rows["category"].isin(categories)]
                predicted.extend(zip(rows["start"].tolist(), rows["end"].tolist(), strict=True))
            scores[technique].add(predicted, gold.get(technique, []))
            everything.extend(predicted)
        scores[ALL].add(everything, [span for spans in gold.values() for span in spans])
    return {technique: score.result() for technique, score in scores.items()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ptc_dir", nargs="?", default=str(DEFAULT_DIR), help="PTC folder")
    parser.add_argument(
        "--vader-threshold",
        type=float,
        default=RhetoricConfig().vader_threshold,
        help="least |valence| of a VADER word counted as loaded (default 2.5)",
    )
    args = parser.parse_args(argv[1:])
    ptc_dir = Path(args.ptc_dir)
    config = RhetoricConfig(vader_threshold=args.vader_threshold)
    if not (ptc_dir / "labels").is_dir():
        print(f"no PTC labels in {ptc_dir}: pass the folder of the PTC corpus", file=sys.stderr)
        return 2
    started = time.perf_counter()
    scores = evaluate(ptc_dir, config=config)
    elapsed = time.perf_counter() - started
    n_articles = len(list((ptc_dir / "labels").glob("*.labels")))
    print(
        f"PTC, {n_articles} articles, newslib {newslib.__version__}, "
        f"VADER threshold {config.vader_threshold}, {elapsed:.1f} s"
    )
    print("| technique | precision | recall | F1 | predicted spans | gold spans |")
    print("|---|---|---|---|---|---|")
    for technique, result in scores.items():
        print(
            f"| {technique} | {result['precision']:.3f} | {result['recall']:.3f} | "
            f"{result['f1']:.3f} | {result['n_pred']} | {result['n_gold']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
