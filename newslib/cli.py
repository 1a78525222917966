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
    _add_corpus(subparsers)
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


# --------------------------------------------------------------------------- corpus (issue 7)


def _add_corpus(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "corpus",
        help="analyse a corpus (folder, glob, JSONL, CSV) into Parquet tables",
        description=(
            "Analyse every article of SOURCE in parallel with Dask and write tidy Parquet tables "
            "(articles, sentences, quotes, rhetoric, timexes, events, duplicates, errors) into "
            "--out. An interrupted run resumes: finished partitions are not recomputed."
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
    parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    parser.set_defaults(handler=_run_corpus)


def _run_corpus(args: argparse.Namespace) -> int:
    from newslib.corpus import DEFAULT_PARTITION_SIZE, analyze_corpus, default_analyses

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
    )
    sys.stdout.write(result.summary() + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
