"""Temporal expressions on the TempEval-3 training data (TBAQ-cleaned: TimeBank 1.2 + AQUAINT).

Each ``.tml`` file is stripped of its annotation, tagged by newslib against its ``<DCT>``
(``newslib.normalise_timeml``) and scored with newslib's Python implementation of the
TempEval-3 Task A measures (``newslib.timeml.score_timexes``; UzZaman et al., SemEval 2013):
strict and relaxed extent precision/recall/F1, type accuracy and value accuracy over relaxed
matches, value F1 = relaxed F1 x value accuracy. TimeBank and AQUAINT are reported separately.

Run from the repository root (the data stay in ../shared; nothing of them is copied):

    python benchmarks/eval_timeline.py [--data ../shared/eval/timeml] [--errors 20] [--misses]

``--misses`` prints every value miss of a matched expression (the scorer's one-to-one
matching) with the document's DCT, the rule that fired and the text around it, to group misses
by cause (nothing is written to disk).

``--baseline`` also scores the obvious alternative, ``dateparser.search.search_dates`` with the
DCT as ``RELATIVE_BASE`` (each found string is a DATE valued at its day), on the same files.

To score with the official TempEval-3 toolkit instead, write tagged files with
``newslib timeml ../shared/eval/timeml/TimeBank --out /tmp/tb`` and run its ``TE3-evaluation.py``.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(ROOT))

from newslib.timeml import (  # noqa: E402
    EMPTY_SCORES,
    GoldTimex,
    TimeMLDocument,
    TimexScores,
    match_timexes,
    normalise_timeml,
    read_timeml,
    score_timexes,
)

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "timeml"
PARTS = ("TimeBank", "AQUAINT")
#: Published figures on the TempEval-3 platinum test set (UzZaman et al. 2013, Table 3), in %.
ANCHORS = {
    "HeidelTime-t (TE3 test)": {"relaxed_f1": 90.30, "strict_f1": 81.34, "value_f1": 77.61},
    "SUTime (TE3 test)": {"relaxed_f1": 90.32, "strict_f1": 79.57, "value_f1": 67.38},
}
COLUMNS = (
    "strict_precision", "strict_recall", "strict_f1", "relaxed_precision", "relaxed_recall",
    "relaxed_f1", "type_accuracy", "value_accuracy", "value_f1",
)  # fmt: skip


def evaluate(folder: Path, errors: int) -> dict[str, TimexScores]:
    """Scores per part, and (printed) the most frequent misses when ``errors`` > 0."""
    results: dict[str, TimexScores] = {}
    missed: collections.Counter[str] = collections.Counter()
    spurious: collections.Counter[str] = collections.Counter()
    wrong_value: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for part in PARTS:
        total = EMPTY_SCORES
        files = sorted((folder / part).glob("*.tml"))
        began = time.perf_counter()
        for path in files:
            document = read_timeml(path)
            system = normalise_timeml(document.text, document.dct)
            total = total + score_timexes(document.text, document.gold, system)
            for gold in document.gold:
                overlapping = [s for s in system if s.start < gold.end and gold.start < s.end]
                if not overlapping:
                    missed[gold.text.lower()] += 1
                elif overlapping[0].value != gold.value:
                    wrong_value[(gold.text.lower(), gold.value, overlapping[0].value)] += 1
            for found in system:
                if not any(g.start < found.end and found.start < g.end for g in document.gold):
                    spurious[found.text.lower()] += 1
        elapsed = time.perf_counter() - began
        results[part] = total
        sys.stdout.write(
            f"{part}: {len(files)} documents, {elapsed / max(len(files), 1) * 1000:.1f} ms each\n"
        )
    results["all"] = results[PARTS[0]] + results[PARTS[1]]
    if errors:
        for title, counter in (
            ("missed (gold, no overlap)", missed),
            ("spurious (no gold)", spurious),
            ("wrong value (text, gold, ours)", wrong_value),
        ):
            sys.stdout.write(f"\nMost frequent {title}:\n")
            for item, count in counter.most_common(errors):
                sys.stdout.write(f"  {count:4d}  {item}\n")
    return results


def value_misses(folder: Path) -> list[str]:
    """One tab-separated line per matched expression whose value differs from the gold one."""
    lines = []
    for part in PARTS:
        for path in sorted((folder / part).glob("*.tml")):
            document = read_timeml(path)
            text = document.text
            system = normalise_timeml(text, document.dct)
            for gold, ours, _ in match_timexes(text, document.gold, system):
                if ours.value != gold.value:
                    context = " ".join(text[max(0, gold.start - 70) : gold.end + 50].split())
                    lines.append(
                        f"{part}\t{path.stem}\t{document.dct}\t{gold.text!r}\t{gold.type} "
                        f"{gold.value}\t{ours.text!r}\t{ours.type} {ours.value}\t{ours.rule}"
                        f"\t{context}"
                    )
    return lines


def dateparser_timexes(document: TimeMLDocument) -> list[GoldTimex]:
    """Expressions found by ``dateparser.search.search_dates`` (the baseline), located in order."""
    import datetime as dt

    from dateparser.search import search_dates

    base = dt.datetime.combine(document.dct, dt.time()) if document.dct else None
    settings = {"RELATIVE_BASE": base} if base else {}
    found = search_dates(document.text, languages=["en"], settings=settings) or []
    result = []
    position = 0
    for text, when in found:
        start = document.text.find(text, position)
        if start < 0:
            continue
        position = start + len(text)
        result.append(GoldTimex(start, position, text, "DATE", when.date().isoformat()))
    return result


def evaluate_baseline(folder: Path) -> dict[str, TimexScores]:
    """The dateparser baseline, per part."""
    results: dict[str, TimexScores] = {}
    for part in PARTS:
        total = EMPTY_SCORES
        for path in sorted((folder / part).glob("*.tml")):
            document = read_timeml(path)
            total = total + score_timexes(
                document.text, document.gold, dateparser_timexes(document)
            )
        results[f"dateparser, {part}"] = total
    results["dateparser, all"] = (
        results[f"dateparser, {PARTS[0]}"] + results[f"dateparser, {PARTS[1]}"]
    )
    return results


def table(results: dict[str, TimexScores]) -> str:
    """A Markdown table of the figures (in %), with the published anchors."""
    header = "| data | gold | system | " + " | ".join(COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 3)]
    for name, scores in results.items():
        figures = scores.as_dict()
        cells = " | ".join(f"{100 * float(figures[c]):.1f}" for c in COLUMNS)
        lines.append(f"| {name} | {scores.gold} | {scores.system} | {cells} |")
    for name, anchor in ANCHORS.items():
        cells = " | ".join(f"{anchor[c]:.1f}" if c in anchor else "" for c in COLUMNS)
        lines.append(f"| {name} | | | {cells} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder of TimeBank/ and AQUAINT/"
    )
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    parser.add_argument(
        "--baseline", action="store_true", help="also score dateparser.search_dates (slow)"
    )
    parser.add_argument(
        "--misses", action="store_true", help="print every value miss with its context"
    )
    args = parser.parse_args(argv)
    if not (args.data / "TimeBank").is_dir():
        sys.stderr.write(f"{args.data}: no TimeBank/ folder; pass --data\n")
        return 2
    if args.misses:
        sys.stdout.write("part\tfile\tdct\tgold\tgold value\tours\tour value\trule\tcontext\n")
        sys.stdout.write("".join(line + "\n" for line in value_misses(args.data)))
        return 0
    results = evaluate(args.data, args.errors)
    if args.baseline:
        results.update(evaluate_baseline(args.data))
    sys.stdout.write("\n" + table(results) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
