"""Before/after of the analyses: two checkouts of newslib timed alternately, minimum and median.

The machine's speed drifts by 10-30 % within minutes, so one run of each commit cannot show a
change of a few per cent. This runs the corpus runner's analyses (``corpus.ANALYSES[name].run``
for the sentences table and each default analysis, on fresh articles, CPU time) in a fresh
process per run, alternating the two checkouts, and prints the minimum and median per stage.

Usage::

    git worktree add /tmp/before 83ba61f
    python benchmarks/stage_ab.py /tmp/before . --runs 8 --step 5

``--step 5`` times every fifth article of the corpus (default: ../shared/corpora/bbc).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def time_stages(corpus: Path, step: int) -> dict[str, float]:
    """CPU ms/article of each stage, for the newslib on ``sys.path``."""
    import warnings

    warnings.simplefilter("ignore")  # one cp1252 file among thousands
    import newslib
    from newslib import corpus as corpus_module
    from newslib.articles import iter_file_records

    files = newslib.corpus_files(corpus)[::step]
    analyses = corpus_module.default_analyses()

    def load() -> list[newslib.Article]:
        return [a for p in files for a in iter_file_records(p) if not isinstance(a, Exception)]

    for article in load()[:20]:  # lexicons and models loaded, caches of these filled
        corpus_module._analyse(article, analyses)
    articles = load()  # fresh objects: the analyses' caches by article are cold
    cpu: dict[str, float] = {}
    for article in articles:
        done: dict[str, list[tuple[object, ...]]] = {}
        for name in ("sentences", *analyses):
            started = time.process_time()
            done.update(corpus_module.ANALYSES[name].run(article, done))
            cpu[name] = cpu.get(name, 0.0) + time.process_time() - started
    per_article = {name: 1000 * seconds / len(articles) for name, seconds in cpu.items()}
    per_article["total"] = sum(per_article.values())
    return per_article


def _newslib_file() -> str:
    import newslib

    return str(newslib.__file__)


def _run_child(checkout: Path, corpus: Path, step: int) -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    command = [sys.executable, __file__, "--child", str(corpus), "--step", str(step)]
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    result = json.loads(output.stdout.strip().splitlines()[-1])
    imported = Path(result.pop("newslib")).parents[1]
    if imported != checkout.resolve():  # an installed newslib shadowing the checkout
        raise SystemExit(f"{checkout} timed the newslib in {imported}: run from outside it")
    return {name: float(value) for name, value in result.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, nargs="?", help="checkout timed first")
    parser.add_argument("after", type=Path, nargs="?", help="checkout timed second")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=8, help="runs of each checkout")
    parser.add_argument("--step", type=int, default=5, help="time every STEP-th article")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps({"newslib": _newslib_file(), **time_stages(args.child, args.step)}))
        return 0
    if args.before is None or args.after is None:
        parser.error("give two checkouts: BEFORE AFTER")
    runs: dict[Path, list[dict[str, float]]] = {args.before: [], args.after: []}
    for _ in range(args.runs):
        for checkout in runs:
            runs[checkout].append(_run_child(checkout, args.corpus, args.step))
    stages = list(runs[args.before][0])
    print(f"{'stage, ms/article':20} {'before: min (median)':>22} {'after: min (median)':>22}")
    for stage in stages:
        cells = [
            f"{min(r[stage] for r in results):.2f} "
            f"({statistics.median(r[stage] for r in results):.2f})"
            for results in runs.values()
        ]
        print(f"{stage:20} {cells[0]:>22} {cells[1]:>22}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
