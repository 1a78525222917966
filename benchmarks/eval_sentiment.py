"""Headline valence on SemEval-2007 Task 14 "Affective Text" (trial set, 250 headlines).

Scores VADER alone, TextBlob alone and newslib's combined score (``newslib.score_sentiment``)
against the gold valence (-100..100): Pearson r x100, the task's official measure, and coarse
accuracy with gold and prediction (x100) mapped to -1/0/1 at -50/50 (Strapparava & Mihalcea,
SemEval 2007). It also reports an ablation of newslib's repairs and the cross-validation of the
one tuned constant, ``TEXTBLOB_WEIGHT``: for each of k folds the weight is chosen on the other
folds (grid 0..0.5 by 0.05) and the held-out fold is scored with it.

Run from the repository root (the data stay in ../shared; nothing of them is copied):

    python benchmarks/eval_sentiment.py [--data ../shared/eval/affective-text] [--folds 10]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(ROOT))

from newslib import sentiment  # noqa: E402
from newslib.text import normalise  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "affective-text"
#: Coarse classes of the task: valence <= -50 negative, >= 50 positive, else neutral.
COARSE_THRESHOLD = 50
#: Grid of TextBlob weights searched inside each cross-validation fold.
WEIGHT_GRID = tuple(round(0.05 * k, 2) for k in range(11))
#: Seed of the fold assignment, so the figures are reproducible.
SEED = 2007

# The XML is not well formed (a bare "&"): read instances with a regular expression.
_INSTANCE = re.compile(r'<instance id="(\d+)">(.*?)</instance>', re.DOTALL)


@dataclass(frozen=True, slots=True)
class Headline:
    id: int
    text: str
    gold: float


def read_headlines(folder: Path) -> list[Headline]:
    """The headlines with their gold valence, read tolerantly."""
    xml = (folder / "affectivetext_trial.xml").read_text(encoding="utf-8", errors="replace")
    texts = {int(m.group(1)): html.unescape(m.group(2)).strip() for m in _INSTANCE.finditer(xml)}
    gold: dict[int, float] = {}
    for line in (folder / "affectivetext_trial.valence.gold").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            gold[int(parts[0])] = float(parts[1])
    return [Headline(i, texts[i], gold[i]) for i in sorted(gold) if i in texts]


def pearson(pred: Sequence[float], gold: Sequence[float]) -> float:
    """Pearson r x100 (0 when a side is constant)."""
    p, g = np.asarray(pred, dtype=float), np.asarray(gold, dtype=float)
    if p.std() == 0 or g.std() == 0:
        return 0.0
    return float(np.corrcoef(p, g)[0, 1] * 100)


def coarse_accuracy(pred: Sequence[float], gold: Sequence[float]) -> float:
    """Share of headlines whose -1/0/1 class (at -50/50 on the -100..100 scale) is right."""

    def classes(values: np.ndarray) -> np.ndarray:
        return np.where(values >= COARSE_THRESHOLD, 1, np.where(values <= -COARSE_THRESHOLD, -1, 0))

    p = np.asarray(pred, dtype=float) * 100
    g = np.asarray(gold, dtype=float)
    return float((classes(p) == classes(g)).mean() * 100)


def folds(n: int, k: int, seed: int = SEED) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


@dataclass(frozen=True, slots=True)
class CrossValidation:
    weights: list[float]
    fold_r: list[float]
    pooled_r: float
    pooled_accuracy: float


def cross_validate(news: np.ndarray, blob: np.ndarray, gold: np.ndarray, k: int) -> CrossValidation:
    """Choose the TextBlob weight on k-1 folds, score the held-out fold; repeat for each fold."""
    predictions = np.zeros_like(gold)
    weights: list[float] = []
    fold_r: list[float] = []
    for held in folds(len(gold), k):
        train = np.setdiff1d(np.arange(len(gold)), held)
        best = max(
            WEIGHT_GRID,
            key=lambda w: (pearson((1 - w) * news[train] + w * blob[train], gold[train]), -w),
        )
        weights.append(best)
        predictions[held] = (1 - best) * news[held] + best * blob[held]
        fold_r.append(pearson(predictions[held], gold[held]))
    return CrossValidation(
        weights, fold_r, pearson(predictions, gold), coarse_accuracy(predictions, gold)
    )


def evaluate(folder: Path, k: int = 10) -> dict[str, tuple[float, float]]:
    """Figures by method: (Pearson r x100, coarse accuracy %)."""
    headlines = read_headlines(folder)
    gold = np.array([h.gold for h in headlines])
    scores = [sentiment.text_sentiment(h.text) for h in headlines]
    base_vader = sentiment.vader_analyzer()
    methods: dict[str, Callable[[int], float]] = {
        "VADER alone (NLTK, compound)": lambda i: scores[i].vader_compound,
        "TextBlob alone (polarity)": lambda i: scores[i].textblob_polarity,
        "newslib VADER (news lexicon + repairs, no blend)": lambda i: scores[i].vader_news,
        "newslib score (score_sentiment)": lambda i: scores[i].score,
    }
    results = {}
    for name, method in methods.items():
        pred = [method(i) for i in range(len(headlines))]
        results[name] = (pearson(pred, gold), coarse_accuracy(pred, gold))
    del base_vader
    return results


def ablation(folder: Path) -> dict[str, float]:
    """Pearson r x100 of VADER with each repair alone (no TextBlob blend)."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    headlines = read_headlines(folder)
    gold = [h.gold for h in headlines]
    news = sentiment.news_vader()
    base = sentiment.vader_analyzer()
    full_lexicon = news.lexicon
    plain_lexicon = sentiment._NewsLexicon(dict(base.lexicon))  # no extension, with inflections
    extension_only = dict(base.lexicon)
    for word, entry in sentiment.news_lexicon_extension().items():
        extension_only[word] = entry.valence

    def run(analyzer: SentimentIntensityAnalyzer) -> float:
        return pearson(
            [analyzer.polarity_scores(normalise(h.text))["compound"] for h in headlines], gold
        )

    figures = {"VADER": run(base)}
    cls = type(news)
    figures["+ rule repairs only (no, never, not only, contrast, like, names)"] = run(
        cls(dict(base.lexicon))
    )
    figures["+ inflection back-off only"] = run(cls(plain_lexicon))
    figures["+ extension lexicon only"] = run(cls(extension_only))
    figures["all (newslib VADER)"] = run(cls(full_lexicon))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="affective-text folder")
    parser.add_argument("--folds", type=int, default=10, help="cross-validation folds")
    args = parser.parse_args(argv)
    if not (args.data / "affectivetext_trial.xml").is_file():
        parser.error(f"{args.data} has no affectivetext_trial.xml: pass --data")
    headlines = read_headlines(args.data)
    print(f"SemEval-2007 Task 14 trial headlines: {len(headlines)}\n")
    print("| method | Pearson r x100 | coarse accuracy % |\n|---|---:|---:|")
    for name, (r, acc) in evaluate(args.data, args.folds).items():
        print(f"| {name} | {r:.2f} | {acc:.1f} |")
    print("\nAblation (VADER rules, Pearson r x100):\n")
    for name, r in ablation(args.data).items():
        print(f"- {name}: {r:.2f}")
    scores = [sentiment.text_sentiment(h.text) for h in headlines]
    news = np.array([s.vader_news for s in scores])
    blob = np.array([s.textblob_polarity for s in scores])
    gold = np.array([h.gold for h in headlines])
    cv = cross_validate(news, blob, gold, args.folds)
    print(
        f"\n{args.folds}-fold cross-validation of TEXTBLOB_WEIGHT"
        f" (grid {WEIGHT_GRID[0]}..{WEIGHT_GRID[-1]}):"
        f"\n- weights chosen per fold: {cv.weights}"
        f"\n- held-out r x100 per fold: mean {np.mean(cv.fold_r):.2f}, sd {np.std(cv.fold_r):.2f}"
        f"\n- pooled out-of-fold r x100: {cv.pooled_r:.2f};"
        f" coarse accuracy {cv.pooled_accuracy:.1f}%"
        f"\n- median of the per-fold choices: {float(np.median(cv.weights))}"
        f" (newslib.sentiment.TEXTBLOB_WEIGHT = {sentiment.TEXTBLOB_WEIGHT})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
