"""Figures for the notebooks: each function takes tidy data and returns a matplotlib Figure.

Functions never show or save; notebooks call :func:`save_figure` to write the PNG and the CSV
of the data plotted side by side, so every figure can be re-plotted or checked.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

#: Fixed metadata so saved PNGs are byte-identical from run to run.
PNG_METADATA = {"Software": None}


def save_figure(figure: Figure, data: pd.DataFrame, output_dir: str | Path, name: str) -> Path:
    """Write ``name.png`` and ``name.csv`` (the data plotted) into ``output_dir``; return the PNG.

    Examples:
        >>> import tempfile
        >>> fig = sentence_length_figure(pd.DataFrame({"n_words": [3, 5, 8]}))
        >>> save_figure(fig, pd.DataFrame({"n_words": [3, 5, 8]}), tempfile.mkdtemp(), "x").name
        'x.png'
    """
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{name}.png"
    figure.savefig(png, dpi=110, bbox_inches="tight", metadata=PNG_METADATA)
    data.to_csv(folder / f"{name}.csv", index=False)
    return png


# --------------------------------------------------------------------------- overview


def sentence_length_figure(sentence_table: pd.DataFrame) -> Figure:
    """Histogram of words per sentence from :func:`newslib.sentence_frame`."""
    figure, axes = plt.subplots(figsize=(7, 3.2))
    lengths = sentence_table["n_words"]
    axes.hist(
        lengths,
        bins=range(0, int(lengths.max() if len(lengths) else 1) + 5, 5),
        color="#4C72B0",
        edgecolor="white",
    )
    if len(lengths):
        axes.axvline(
            lengths.mean(),
            color="#C44E52",
            linestyle="--",
            label=f"mean {lengths.mean():.1f} words",
        )
        axes.legend(frameon=False)
    axes.set_xlabel("words per sentence")
    axes.set_ylabel("sentences")
    axes.set_title("Sentence lengths")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def top_words_figure(word_table: pd.DataFrame) -> Figure:
    """Horizontal bars of the most frequent content words from :func:`newslib.top_words`."""
    figure, axes = plt.subplots(figsize=(7, 0.28 * max(len(word_table), 4) + 1))
    ordered = word_table.iloc[::-1]
    axes.barh(ordered["word"], ordered["count"], color="#55A868")
    axes.set_xlabel("occurrences")
    axes.set_title("Most frequent content words")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
