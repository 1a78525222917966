"""Figures for the notebooks: each function takes tidy data and returns a matplotlib Figure.

Functions never show or save; notebooks call :func:`save_figure` to write the PNG and the CSV
of the data plotted side by side, so every figure can be re-plotted or checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from newslib.sentiment import label_of

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


# --------------------------------------------------------------------------- rhetoric


def voice_figure(voice_table: pd.DataFrame, colours: dict[str, str] | None = None) -> Figure:
    """Horizontal bars of words per voice from :func:`newslib.voice_frame` (narrator in grey).

    ``colours`` maps speakers to colours (e.g. :func:`newslib.rhetoric.speaker_colours`), so
    the chart matches the highlighted article.

    Examples:
        >>> table = pd.DataFrame({"voice": ["narrator", "Solberg"], "words": [300, 40],
        ...                       "share": [0.88, 0.12]})
        >>> len(voice_figure(table).axes[0].patches)
        2
    """
    palette = colours or {}
    figure, axes = plt.subplots(figsize=(7, 0.35 * max(len(voice_table), 3) + 1))
    ordered = voice_table.iloc[::-1]
    bar_colours = [
        "#9e9e9e" if voice == "narrator" else palette.get(str(voice), "#4C72B0")
        for voice in ordered["voice"]
    ]
    bars = axes.barh(
        ordered["voice"].astype(str), ordered["words"], color=bar_colours, edgecolor="#555555"
    )
    for bar, share in zip(bars, ordered["share"], strict=True):
        axes.annotate(
            f"{share:.0%}",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_xlabel("words")
    axes.set_title("Who speaks: words in each voice")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def reporting_verb_figure(profile: pd.DataFrame) -> Figure:
    """Stacked bars of reporting verbs per speaker and category from
    :func:`newslib.reporting_verb_profile`.

    Examples:
        >>> profile = pd.DataFrame({"voice": ["Eide", "Eide"],
        ...                         "category": ["neutral", "evaluative"],
        ...                         "count": [2, 1], "verbs": ["said, said", "insisted"]})
        >>> reporting_verb_figure(profile).axes[0].get_title()
        'Reporting verbs by speaker'
    """
    figure, axes = plt.subplots(figsize=(7, 0.35 * max(profile["voice"].nunique(), 3) + 1.2))
    if profile.empty:
        axes.text(0.5, 0.5, "no reporting verbs found", ha="center", va="center")
        axes.set_axis_off()
    else:
        table = profile.pivot_table(
            index="voice", columns="category", values="count", aggfunc="sum", fill_value=0
        )
        left = pd.Series(0, index=table.index)
        colours = {"neutral": "#9ecae1", "evaluative": "#fd8d3c"}
        for category in table.columns:
            axes.barh(
                table.index.astype(str),
                table[category],
                left=left,
                label=str(category),
                color=colours.get(str(category), "#bdbdbd"),
            )
            left = left + table[category]
        axes.legend(frameon=False, fontsize=8)
        axes.set_xlabel("quotations")
    axes.set_title("Reporting verbs by speaker")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def rhetoric_summary_figure(summary: pd.DataFrame) -> Figure:
    """Bars of each measure per 1,000 words (the ``all`` rows of :func:`newslib.rhetoric_summary`).

    Examples:
        >>> summary = pd.DataFrame({"measure": ["hedge_booster", "stance"],
        ...                         "category": ["all", "all"], "per_1000_words": [12.0, 20.5]})
        >>> len(rhetoric_summary_figure(summary).axes[0].patches)
        2
    """
    rows = summary[(summary["category"] == "all") & (summary["measure"] != "voice")]
    figure, axes = plt.subplots(figsize=(7, 0.32 * max(len(rows), 3) + 1))
    ordered = rows.iloc[::-1]
    axes.barh(ordered["measure"].astype(str), ordered["per_1000_words"], color="#8172B2")
    axes.set_xlabel("matches per 1,000 words")
    axes.set_title("Rhetorical devices")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


# --------------------------------------------------------------------------- timeline (issue 5)


def _day_number(value: object) -> float:
    """Matplotlib's date number for a date or an ISO date string."""
    return float(mdates.date2num(pd.Timestamp(str(value)).to_pydatetime()))  # type: ignore[no-untyped-call]


#: Events further apart than this many days get a second panel zoomed on the publication date.
TIMELINE_ZOOM_SPAN_DAYS = 365
#: Days either side of the publication date shown in the zoomed panel.
TIMELINE_ZOOM_DAYS = 21


def _draw_timeline(axes: Axes, ordered: pd.DataFrame, published: object) -> None:
    for row_number, row in enumerate(ordered.itertuples(index=False)):
        y = len(ordered) - row_number
        start = _day_number(row.date)
        end = _day_number(row.date_end)
        event = getattr(row, "event", None)
        label = f"{row.expression}" + (f" → {event}" if isinstance(event, str) else "")
        if row.kind == "interval" or end > start:
            color = "#DD8452" if row.kind == "interval" else "#8172B3"
            axes.barh(y, end - start + 1, left=start, height=0.5, color=color, alpha=0.7)
        else:
            axes.plot([start], [y], "o", color="#4C72B0")
        axes.annotate(
            label,
            (start, y),
            xytext=(4, 6),
            textcoords="offset points",
            fontsize=8,
            annotation_clip=True,
        )
    if published is not None:
        axes.axvline(_day_number(published), color="#C44E52", linestyle="--", label="published")
        axes.legend(frameon=False, loc="lower left")
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
    axes.set_yticks([])
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.tick_params(axis="x", labelrotation=25)


def timeline_figure(events: pd.DataFrame, *, published: object = None) -> Figure:
    """Events on a date axis from :func:`newslib.timeline_frame`.

    Day-precise events are dots; weeks, months, years and anchored durations are bars from
    ``date`` to ``date_end``; each is labelled with its expression and event; the publication
    date is a dashed vertical line. When the events span more than
    :data:`TIMELINE_ZOOM_SPAN_DAYS`, a second panel shows the
    :data:`TIMELINE_ZOOM_DAYS` days either side of publication.

    Examples:
        >>> import datetime as dt
        >>> frame = pd.DataFrame({"date": [dt.date(2022, 2, 24), dt.date(2022, 5, 23)],
        ...     "date_end": [dt.date(2022, 5, 23), dt.date(2022, 5, 23)],
        ...     "kind": ["interval", "point"], "granularity": ["interval", "day"],
        ...     "expression": ["three months", "Monday"], "event": ["launched", "quit"]})
        >>> len(timeline_figure(frame, published=dt.date(2022, 5, 23)).axes)
        1
        >>> frame.loc[0, "date"] = dt.date(1998, 9, 1)
        >>> len(timeline_figure(frame, published=dt.date(2022, 5, 23)).axes)
        2
    """
    ordered = events.sort_values(["date", "date_end"]).reset_index(drop=True)
    height = 0.45 * max(len(ordered), 3) + 1.5
    days = [_day_number(d) for d in ordered["date"]] + [_day_number(d) for d in ordered["date_end"]]
    zoom = (
        published is not None and len(days) > 0 and max(days) - min(days) > TIMELINE_ZOOM_SPAN_DAYS
    )
    if not zoom:
        figure, axes = plt.subplots(figsize=(9, height))
        _draw_timeline(axes, ordered, published)
        axes.margins(x=0.08)
        axes.set_xlabel("date")
        axes.set_title("Timeline: dated events (dots), periods and durations (bars)")
        figure.tight_layout()
        return figure
    figure, (whole, near) = plt.subplots(2, 1, figsize=(9, 2 * height + 0.5))
    _draw_timeline(whole, ordered, published)
    whole.margins(x=0.08)
    whole.set_title("Timeline: dated events (dots), periods and durations (bars)")
    _draw_timeline(near, ordered, published)
    centre = _day_number(published)
    near.set_xlim(centre - TIMELINE_ZOOM_DAYS, centre + TIMELINE_ZOOM_DAYS)
    near.set_title(f"The {TIMELINE_ZOOM_DAYS} days either side of publication")
    near.set_xlabel("date")
    figure.tight_layout()
    return figure


def story_order_figure(events: pd.DataFrame, *, published: object = None) -> Figure:
    """Story time against narrative order: paragraph number (down) against event date.

    Examples:
        >>> import datetime as dt
        >>> frame = pd.DataFrame({"date": [dt.date(2022, 5, 23)], "paragraph": [1],
        ...                       "expression": ["Monday"]})
        >>> story_order_figure(frame).axes[0].get_ylabel()
        'paragraph'
    """
    figure, axes = plt.subplots(figsize=(7, 4))
    dates = [_day_number(value) for value in events["date"]]
    axes.plot(dates, list(events["paragraph"]), "-o", color="#4C72B0", alpha=0.8)
    labels = zip(dates, events["paragraph"], events["expression"], strict=True)
    for date, paragraph, expression in labels:
        axes.annotate(
            str(expression),
            (date, paragraph),
            xytext=(4, 2),
            textcoords="offset points",
            fontsize=8,
        )
    if published is not None:
        axes.axvline(_day_number(published), color="#C44E52", linestyle="--", label="published")
        axes.legend(frameon=False)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
    axes.invert_yaxis()
    axes.set_xlabel("date of the event (story time)")
    axes.set_ylabel("paragraph")
    axes.set_title("Story time vs narrative order")
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


# --------------------------------------------------------------------------- sentiment

#: Colours of the sentiment figures: negative, neutral, positive (colour-blind safe pair).
SENTIMENT_COLOURS = {"negative": "#C44E52", "neutral": "#8C8C8C", "positive": "#4C72B0"}


def label_colours(scores: Iterable[float]) -> list[str]:
    """Colour of each score by its label, :func:`newslib.sentiment.label_of` (the +-0.05
    thresholds of :data:`newslib.sentiment.POSITIVE_THRESHOLD`; NaN is neutral).

    Examples:
        >>> label_colours([0.05, 0.049, -0.05]) == [
        ...     SENTIMENT_COLOURS["positive"], SENTIMENT_COLOURS["neutral"],
        ...     SENTIMENT_COLOURS["negative"]]
        True
    """
    return [SENTIMENT_COLOURS[label_of(float(score))] for score in scores]


def sentiment_arc_figure(arc: pd.DataFrame) -> Figure:
    """Sentence scores and their rolling mean over the article, from :func:`newslib.sentiment_arc`.

    The most positive and most negative sentences are marked and numbered.

    Examples:
        >>> arc = pd.DataFrame({"sentence": [0, 1, 2], "score": [-0.5, 0.1, 0.6],
        ...                     "rolling": [-0.2, 0.07, 0.35],
        ...                     "extreme": ["most negative", "", "most positive"]})
        >>> sentiment_arc_figure(arc).axes[0].get_xlabel()
        'sentence'
    """
    figure, axes = plt.subplots(figsize=(8, 3.4))
    x, scores = arc["sentence"], arc["score"]
    axes.bar(x, scores, color=label_colours(scores), alpha=0.55, width=0.8, label="sentence score")
    axes.plot(x, arc["rolling"], color="black", linewidth=1.8, label="rolling mean")
    axes.axhline(0, color="#444444", linewidth=0.6)
    for _, row in arc[arc["extreme"] != ""].iterrows():
        axes.annotate(
            f"{row['extreme']} (#{row['sentence']})",
            (row["sentence"], row["score"]),
            xytext=(0, 8 if row["score"] > 0 else -14),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    axes.set_ylim(-1.1, 1.1)
    axes.set_xlabel("sentence")
    axes.set_ylabel("newslib score")
    axes.set_title("Sentiment arc")
    axes.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def voice_sentiment_figure(voices: pd.DataFrame) -> Figure:
    """Word-weighted mean score per voice with segment counts, from :func:`newslib.voice_sentiment`.

    Examples:
        >>> voices = pd.DataFrame({"voice": ["narrator", "Smith"], "weighted_mean": [0.0, -0.6],
        ...                        "n_segments": [10, 3], "n_words": [200, 40]})
        >>> [t.get_text() for t in voice_sentiment_figure(voices).axes[0].get_yticklabels()]
        ['Smith', 'narrator']
    """
    figure, axes = plt.subplots(figsize=(7, 0.45 * max(len(voices), 3) + 1))
    ordered = voices.iloc[::-1]
    scores = ordered["weighted_mean"]
    axes.barh(ordered["voice"], scores, color=label_colours(scores))
    for position, (score, segments, n_words) in enumerate(
        zip(scores, ordered["n_segments"], ordered["n_words"], strict=True)
    ):
        axes.annotate(
            f"{segments} segments, {n_words} words",
            (score, position),
            xytext=(5 if score >= 0 else -5, 0),
            textcoords="offset points",
            ha="left" if score >= 0 else "right",
            va="center",
            fontsize=8,
        )
    axes.axvline(0, color="#444444", linewidth=0.6)
    axes.set_xlim(-1.2, 1.2)
    axes.set_xlabel("word-weighted mean score")
    axes.set_title("Sentiment by voice")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def entity_sentiment_figure(entities: pd.DataFrame, *, top: int = 12) -> Figure:
    """Mean score of the sentences mentioning each of the ``top`` most mentioned entities.

    Takes :func:`newslib.entity_sentiment`; labels carry the number of mentions.

    Examples:
        >>> entities = pd.DataFrame({"entity": ["Paris", "Lee"], "mean": [0.2, -0.4],
        ...                          "mentions": [3, 1]})
        >>> len(entity_sentiment_figure(entities).axes[0].patches)
        2
    """
    shown = entities.head(top).iloc[::-1]
    figure, axes = plt.subplots(figsize=(7, 0.35 * max(len(shown), 3) + 1))
    scores = shown["mean"].fillna(0.0)
    labels = [
        f"{name} ({count})" for name, count in zip(shown["entity"], shown["mentions"], strict=True)
    ]
    axes.barh(labels, scores, color=label_colours(scores))
    axes.axvline(0, color="#444444", linewidth=0.6)
    axes.set_xlim(-1.05, 1.05)
    axes.set_xlabel("mean score of the sentences that mention it (mentions)")
    axes.set_title("Sentiment around entities")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


# --------------------------------------------------------------------------- corpus (issue 7)


def _no_data(axes: Any, message: str) -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes, color="0.4")
    axes.set_xticks([])
    axes.set_yticks([])


def corpus_counts_figure(counts: pd.DataFrame) -> Figure:
    """Articles per source and per month (from :func:`newslib.corpus.overview_counts`).

    Examples:
        >>> t = pd.DataFrame({"by": ["source", "month"], "value": ["A", "2023-01"],
        ...                   "n_articles": [3, 3]})
        >>> len(corpus_counts_figure(t).axes)
        2
    """
    per_source = counts[counts["by"] == "source"]
    per_month = counts[counts["by"] == "month"]
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    if len(per_source):
        ordered = per_source.sort_values("n_articles", kind="stable")
        left.barh(ordered["value"].astype(str), ordered["n_articles"], color="#4C72B0")
        left.set_xlabel("articles")
    else:
        _no_data(left, "no source names")
    left.set_title("Articles per source")
    if len(per_month):
        right.bar(per_month["value"].astype(str), per_month["n_articles"], color="#55A868")
        right.set_ylabel("articles")
        right.tick_params(axis="x", rotation=60, labelsize=8)
    else:
        _no_data(right, "no publication dates")
    right.set_title("Articles per month")
    for axes in (left, right):
        axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def sentiment_band_figure(table: pd.DataFrame, by: str) -> Figure:
    """Mean sentiment per ``by`` with its bootstrap interval (from :func:`newslib.mean_by`).

    Months are drawn as a line with a shaded band; other groupings (sources) as points with
    interval bars.

    Examples:
        >>> t = pd.DataFrame({"month": ["2023-01", "2023-02"], "n_articles": [4, 5],
        ...                   "mean": [0.1, -0.1], "ci_low": [0.0, -0.2], "ci_high": [0.2, 0.0]})
        >>> sentiment_band_figure(t, "month").axes[0].get_ylabel()
        'mean article sentiment'
    """
    figure, axes = plt.subplots(figsize=(8, 3.6))
    if not len(table):
        _no_data(axes, f"no articles with a {by}")
    elif by == "month":
        x = list(range(len(table)))
        axes.plot(x, table["mean"], color="#4C72B0", marker="o", label="mean")
        axes.fill_between(
            x, table["ci_low"], table["ci_high"], color="#4C72B0", alpha=0.25, label="95% CI"
        )
        axes.set_xticks(x, table[by].astype(str), rotation=60, fontsize=8)
        axes.legend(frameon=False)
    else:
        y = list(range(len(table)))
        low = (table["mean"] - table["ci_low"]).clip(lower=0)
        high = (table["ci_high"] - table["mean"]).clip(lower=0)
        axes.errorbar(table["mean"], y, xerr=[low, high], fmt="o", color="#4C72B0", capsize=3)
        pairs = zip(table[by], table["n_articles"], strict=True)
        labels = [f"{name} (n={count})" for name, count in pairs]
        axes.set_yticks(y, labels)
    if len(table) and by == "month":
        axes.axhline(0, color="0.6", linewidth=0.8)
    elif len(table):
        axes.axvline(0, color="0.6", linewidth=0.8)
    if by == "month":
        axes.set_ylabel("mean article sentiment")
    else:
        axes.set_xlabel("mean article sentiment")
        axes.set_ylabel("")
    axes.set_title(f"Sentiment per {by} (bootstrap 95% intervals)")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def speaker_tone_figure(table: pd.DataFrame) -> Figure:
    """Most quoted speakers: tone of their quoted words with intervals, quotes counted.

    Examples:
        >>> t = pd.DataFrame({"speaker": ["Lee"], "n_quotes": [3], "n_articles": [2],
        ...                   "n_segments": [3], "mean": [0.2], "ci_low": [0.1], "ci_high": [0.3]})
        >>> speaker_tone_figure(t).axes[0].get_xlabel()
        'mean sentiment of quoted words'
    """
    figure, axes = plt.subplots(figsize=(8, max(2.5, 0.35 * len(table) + 1)))
    if not len(table):
        _no_data(axes, "no attributed quotations")
    else:
        ordered = table.iloc[::-1]
        y = list(range(len(ordered)))
        low = (ordered["mean"] - ordered["ci_low"]).clip(lower=0).fillna(0)
        high = (ordered["ci_high"] - ordered["mean"]).clip(lower=0).fillna(0)
        colours = label_colours(ordered["mean"].fillna(0))
        axes.errorbar(ordered["mean"], y, xerr=[low, high], fmt="none", ecolor="0.6", capsize=3)
        axes.scatter(ordered["mean"], y, color=colours, zorder=3)
        triples = zip(ordered["speaker"], ordered["n_quotes"], ordered["n_articles"], strict=True)
        labels = [f"{s} ({q} quotes, {a} art.)" for s, q, a in triples]
        axes.set_yticks(y, labels, fontsize=8)
        axes.axvline(0, color="0.6", linewidth=0.8)
    axes.set_xlabel("mean sentiment of quoted words")
    axes.set_title("Most quoted speakers and their tone")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def verbs_by_source_figure(table: pd.DataFrame) -> Figure:
    """Heat map of reporting-verb shares per source (from ``verbs_by_source``).

    Examples:
        >>> t = pd.DataFrame({"source": ["X", "Y"], "verb": ["say", "say"], "count": [2, 1],
        ...                   "share": [1.0, 1.0]})
        >>> verbs_by_source_figure(t).axes[0].get_title()
        'Reporting verbs by source (share of attributed quotations)'
    """
    figure, axes = plt.subplots(figsize=(8, 3.6))
    if not len(table):
        _no_data(axes, "no reporting verbs")
    else:
        grid = table.pivot_table(index="source", columns="verb", values="share", fill_value=0.0)
        image = axes.imshow(grid.to_numpy(), aspect="auto", cmap="Blues", vmin=0)
        axes.set_xticks(range(grid.shape[1]), grid.columns, rotation=45, ha="right")
        axes.set_yticks(range(grid.shape[0]), grid.index)
        figure.colorbar(image, ax=axes, label="share")
    axes.set_title("Reporting verbs by source (share of attributed quotations)")
    figure.tight_layout()
    return figure


def merged_timeline_figure(table: pd.DataFrame) -> Figure:
    """Dates reported across the corpus: one stem per date, its height the articles reporting it.

    Examples:
        >>> import datetime as dt
        >>> t = pd.DataFrame({"date": [dt.date(2023, 3, 1)], "n_articles": [2],
        ...                   "n_mentions": [3], "events": ["strike"], "sources": ["X"]})
        >>> merged_timeline_figure(t).axes[0].get_ylabel()
        'articles reporting the date'
    """
    figure, axes = plt.subplots(figsize=(10, 3.6))
    if not len(table):
        _no_data(axes, "no dated events")
    else:
        dates = pd.to_datetime(table["date"])
        axes.vlines(dates, 0, table["n_articles"], color="#4C72B0", linewidth=1.5)
        axes.scatter(dates, table["n_articles"], color="#4C72B0", zorder=3)
        top = table.sort_values("n_articles", ascending=False, kind="stable").head(8)
        for _, row in top.iterrows():
            if row["events"]:
                axes.annotate(
                    str(row["events"]).split(",")[0],
                    (pd.Timestamp(row["date"]), row["n_articles"]),
                    textcoords="offset points",
                    xytext=(0, 5),
                    ha="center",
                    fontsize=7,
                )
        figure.autofmt_xdate()
    axes.set_ylabel("articles reporting the date")
    axes.set_title("Merged timeline of dated events")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def rhetoric_by_source_figure(table: pd.DataFrame) -> Figure:
    """Rhetorical devices per 1,000 words by source (from ``rhetoric_by_source``).

    Examples:
        >>> t = pd.DataFrame({"source": ["X"], "measure": ["hedge"], "count": [2],
        ...                   "n_words": [200], "per_1000_words": [10.0]})
        >>> rhetoric_by_source_figure(t).axes[0].get_xlabel()
        'per 1,000 words'
    """
    figure, axes = plt.subplots(figsize=(8, 4))
    if not len(table):
        _no_data(axes, "no rhetoric table")
    else:
        grid = table.pivot_table(
            index="measure", columns="source", values="per_1000_words", fill_value=0.0
        )
        height = 0.8 / max(grid.shape[1], 1)
        for number, source in enumerate(grid.columns):
            positions = [i + number * height for i in range(grid.shape[0])]
            axes.barh(positions, grid[source], height=height, label=str(source))
        axes.set_yticks([i + 0.4 - height / 2 for i in range(grid.shape[0])], grid.index)
        axes.legend(frameon=False, fontsize=8)
    axes.set_xlabel("per 1,000 words")
    axes.set_title("Rhetoric compared across sources")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
