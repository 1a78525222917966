"""The ``newslib`` command: one subcommand per task (``newslib corpus``, ``newslib report``, ...).

Each subcommand is added by a ``_add_<name>(subparsers)`` function that registers its parser
and sets ``handler`` to a function taking the parsed arguments and returning an exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from newslib.errors import NewslibError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand.

    Examples:
        >>> build_parser().prog
        'newslib'
    """
    parser = argparse.ArgumentParser(
        prog="newslib",
        description="Close reading of news articles, one at a time or by the thousand.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_report(subparsers)
    _add_timeml(subparsers)
    _add_corpus(subparsers)
    _add_rhetoric(subparsers)
    _add_sentiment(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 success, 1 error, 2 usage).

    Examples:
        >>> main([])
        2
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_usage(sys.stderr)
        return 2
    try:
        return handler(args)
    except NewslibError as exc:
        sys.stderr.write(f"newslib {args.command}: {exc}\n")
        return 1


# --------------------------------------------------------------------------- report (issues 2, 6)


def _add_report(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from newslib.reports import KERNEL_NAME, NOTEBOOKS

    parser = subparsers.add_parser(
        "report",
        help="run the notebooks on articles and write an HTML report site",
        description=(
            "Execute each notebook (papermill) on each ARTICLE and render self-contained HTML "
            "reports (nbconvert) into --out, with OUT/index.html linking them all. Without "
            "ARTICLE, the sample articles in the project's data/ folder. A failing notebook is "
            "reported with its cell and error, the others still run, and the exit status is 1. "
            "Reports whose inputs have not changed are skipped unless --force."
        ),
    )
    parser.add_argument(
        "articles", nargs="*", metavar="ARTICLE", help="article files, or folders of them"
    )
    parser.add_argument("--out", default="reports", help="output folder (default: reports)")
    parser.add_argument(
        "--notebooks",
        default=None,
        help=f"comma-separated notebook names (default: {','.join(NOTEBOOKS)} and the corpus "
        "report); 'corpus' names the corpus report (--notebooks corpus runs only it)",
    )
    parser.add_argument(
        "--no-corpus",
        action="store_true",
        help="do not run the corpus report (the corpus notebook once over all the articles, "
        "into OUT/corpus.html; it runs when the articles are one whole folder, e.g. data/)",
    )
    parser.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML")
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes running notebooks (default 1)"
    )
    parser.add_argument("--force", action="store_true", help="re-run up-to-date reports")
    parser.add_argument(
        "--kernel", default=KERNEL_NAME, help=f"Jupyter kernel name (default {KERNEL_NAME})"
    )
    parser.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a further string parameter for the notebooks that declare it (repeatable), "
        "e.g. -p published=2023-03-14",
    )
    parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    parser.set_defaults(handler=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from newslib.errors import ReportError
    from newslib.reports import ReportResult, run_reports

    notebooks = (
        [name.strip() for name in args.notebooks.split(",") if name.strip()]
        if args.notebooks
        else None
    )

    parameters = {}
    for item in args.parameter:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ReportError(f"parameter {item!r}: expected NAME=VALUE")
        parameters[name.strip()] = value

    def announce(result: ReportResult) -> None:
        if result.status == "failed":
            sys.stderr.write(result.describe() + "\n")

    results = run_reports(
        args.articles or None,
        out=args.out,
        notebooks=notebooks,
        show_code=args.show_code,
        jobs=args.jobs,
        force=args.force,
        progress=not args.no_progress,
        kernel_name=args.kernel,
        parameters=parameters,
        on_result=announce,
        corpus=not args.no_corpus,
    )
    failed = sum(r.status == "failed" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    index = Path(args.out).resolve() / "index.html"
    sys.stdout.write(
        f"{len(results)} reports ({len(results) - failed - skipped} written, {skipped} up to "
        f"date, {failed} failed): {index}\n"
    )
    return 1 if failed else 0


# --------------------------------------------------------------------------- timeml (issue 5)


def _add_timeml(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "timeml",
        help="tag TempEval-3 TimeML files with TIMEX3 expressions",
        description=(
            "Read TempEval-3 input files (TimeML with <DCT> and <TEXT>; any annotation inside "
            "<TEXT> is dropped) and write the same files with newslib's <TIMEX3> tags into --out, "
            "ready for the TempEval-3 scorer. INPUT may be files or folders of *.tml."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="TimeML files or folders")
    parser.add_argument("--out", required=True, help="output folder")
    parser.set_defaults(handler=_run_timeml)


def _run_timeml(args: argparse.Namespace) -> int:
    from newslib.timeml import annotate_files

    written = annotate_files(args.inputs, args.out)
    sys.stdout.write(f"{len(written)} TimeML files written to {args.out}\n")
    return 0 if written else 1


# --------------------------------------------------------------------------- corpus (issue 7)


def _add_corpus(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "corpus",
        help="analyse a corpus (folder, glob, JSONL, CSV) into Parquet tables",
        description=(
            "Analyse every article of SOURCE in parallel with Dask and write tidy Parquet tables "
            "(articles, sentences, segments, quotes, rhetoric, timexes, events, duplicates, "
            "errors) into --out. An interrupted run resumes: finished partitions are not "
            "recomputed."
        ),
    )
    parser.add_argument("source", help="a folder, a glob, a JSONL or a CSV file")
    parser.add_argument("--out", required=True, help="output folder for the Parquet tables")
    parser.add_argument(
        "--scheduler",
        default=None,
        help="Dask scheduler: 'processes' (default), 'threads', 'sync' or tcp://HOST:PORT",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )
    parser.add_argument(
        "--analyses",
        default=None,
        help="comma-separated analyses to run (default: all available)",
    )
    parser.add_argument(
        "--partition-size", type=int, default=None, help="articles per partition (default 200)"
    )
    parser.add_argument(
        "--no-duplicates",
        action="store_true",
        help="skip near-duplicate detection (saves ~1 KB of memory per article)",
    )
    parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    parser.set_defaults(handler=_run_corpus)


def _run_corpus(args: argparse.Namespace) -> int:
    from newslib.corpus import (
        DEFAULT_PARTITION_SIZE,
        DUPLICATE_THRESHOLD,
        analyze_corpus,
        default_analyses,
    )

    analyses = (
        tuple(name.strip() for name in args.analyses.split(",") if name.strip())
        if args.analyses
        else default_analyses()
    )
    result = analyze_corpus(
        args.source,
        analyses=analyses,
        out=args.out,
        scheduler=args.scheduler,
        jobs=args.jobs,
        partition_size=args.partition_size or DEFAULT_PARTITION_SIZE,
        progress=not args.no_progress,
        collect=False,
        threshold=None if args.no_duplicates else DUPLICATE_THRESHOLD,
    )
    sys.stdout.write(result.summary() + "\n")
    return 0


# --------------------------------------------------------------------------- rhetoric (issue 3)


def _add_rhetoric(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rhetoric",
        help="write an article's rhetoric tables and its highlighted HTML",
        description=(
            "Write devices.csv (rhetoric_frame: every match with offsets and voice), "
            "summary.csv (per 1,000 words), voices.csv (words per voice) and article.html "
            "(quotations coloured by speaker, reporting verbs underlined) into --out."
        ),
    )
    parser.add_argument("article", metavar="ARTICLE", help="article file (.txt, .md, .json)")
    parser.add_argument("--out", required=True, help="output folder")
    parser.set_defaults(handler=_run_rhetoric)


def _run_rhetoric(args: argparse.Namespace) -> int:
    import html
    from pathlib import Path

    from newslib.articles import load_article
    from newslib.rhetoric import highlight_html, rhetoric_frame, rhetoric_summary, voice_frame

    article = load_article(args.article)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rhetoric_frame(article).to_csv(out / "devices.csv", index=False)
    rhetoric_summary(article).to_csv(out / "summary.csv", index=False)
    voice_frame(article).to_csv(out / "voices.csv", index=False)
    title = html.escape(article.title or article.id)
    page = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>\n{highlight_html(article)}\n</body></html>\n"
    )
    (out / "article.html").write_text(page, encoding="utf-8")
    sys.stdout.write(f"rhetoric of {article.origin} written to {out}\n")
    return 0


# --------------------------------------------------------------------------- sentiment (issue 4)


def _add_sentiment(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sentiment",
        help="score an article's sentences, voices and entities, or explain one short text",
        description=(
            "With ARTICLE and --out: write segments.csv (sentiment_frame), arc.csv "
            "(sentiment_arc), paragraphs.csv, voices.csv, entities.csv and disagreements.csv "
            "into --out and print the article's summary. With --text: print newslib's score "
            "of the text and the words behind it."
        ),
    )
    parser.add_argument("article", nargs="?", metavar="ARTICLE", help="article file")
    parser.add_argument("--out", help="output folder for the CSV tables")
    parser.add_argument("--text", help="a short text (headline, sentence) to score and explain")
    parser.set_defaults(handler=_run_sentiment)


def _run_sentiment(args: argparse.Namespace) -> int:
    from pathlib import Path

    from newslib import sentiment

    if args.text is not None:
        scores = sentiment.text_sentiment(args.text)
        sys.stdout.write(
            f"score {scores.score:+.3f} ({scores.label}); VADER {scores.vader_compound:+.3f}, "
            f"TextBlob {scores.textblob_polarity:+.3f}\n"
        )
        table = sentiment.explain_sentiment(args.text)
        if len(table):
            sys.stdout.write(table.to_string(index=False) + "\n")
        return 0
    if not args.article or not args.out:
        sys.stderr.write("newslib sentiment: give ARTICLE with --out, or --text TEXT\n")
        return 2
    from newslib.articles import load_article

    article = load_article(args.article)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sentiment.sentiment_frame(article).to_csv(out / "segments.csv", index=False)
    sentiment.sentiment_arc(article).to_csv(out / "arc.csv", index=False)
    sentiment.paragraph_sentiment(article).to_csv(out / "paragraphs.csv", index=False)
    sentiment.voice_sentiment(article).to_csv(out / "voices.csv", index=False)
    sentiment.entity_sentiment(article).to_csv(out / "entities.csv", index=False)
    sentiment.sentiment_disagreements(article).to_csv(out / "disagreements.csv", index=False)
    summary = sentiment.article_sentiment(article)
    sys.stdout.write(
        f"{article.origin}: {summary.n_segments} segments in {summary.n_sentences} sentences, "
        f"weighted mean score {summary.weighted_mean:+.3f} ({summary.label}); "
        f"{summary.share_positive:.0%} positive, {summary.share_negative:.0%} negative; "
        f"tables written to {out}\n"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
