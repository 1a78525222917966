"""newslib: close reading of news articles at scale.

Importing newslib makes NLTK's Punkt and VADER and TextBlob work offline (see
:mod:`newslib.resources`).
"""

from __future__ import annotations

from newslib.articles import (
    Article,
    ArticleWarning,
    LoadFailure,
    Span,
    corpus_files,
    load_article,
    load_corpus,
)
from newslib.corpus import (
    CorpusError,
    CorpusResult,
    analyze_corpus,
    bootstrap_ci,
    mean_by,
    near_duplicates,
    read_corpus,
)
from newslib.errors import ArticleError, NewslibError, ReportError, ResourceError
from newslib.quotes import (
    Quote,
    ReportingVerb,
    quote_frame,
    quotes,
    reporting_verbs,
    source_audit,
    speaker_frame,
)
from newslib.reports import ReportResult, run_reports
from newslib.resources import ensure_nltk_data
from newslib.sentiment import (
    ArticleSentiment,
    EntityMention,
    HeadlineComparison,
    Segment,
    SentimentError,
    TextSentiment,
    article_sentiment,
    entity_mentions,
    entity_sentiment,
    explain_sentiment,
    extreme_sentences,
    headline_vs_body,
    paragraph_sentiment,
    score_sentiment,
    sentiment_arc,
    sentiment_disagreements,
    sentiment_frame,
    text_sentiment,
    voice_segments,
    voice_sentiment,
)
from newslib.temporal import Timex
from newslib.text import (
    Readability,
    Sentence,
    Token,
    normalise,
    overview_frame,
    paragraph_frame,
    readability,
    sentence_frame,
    sentences,
    tokenize,
    top_words,
    words,
)
from newslib.timeline import (
    document_time,
    speech_dates,
    timeline_frame,
    timex_frame,
    timexes,
)
from newslib.timeml import evaluate_timeml, normalise_timeml, read_timeml

__version__ = "0.1.0"

ensure_nltk_data()

__all__ = [
    "Article",
    "ArticleError",
    "ArticleSentiment",
    "ArticleWarning",
    "CorpusError",
    "CorpusResult",
    "EntityMention",
    "HeadlineComparison",
    "LoadFailure",
    "NewslibError",
    "Quote",
    "Readability",
    "ReportError",
    "ReportResult",
    "ReportingVerb",
    "ResourceError",
    "Segment",
    "Sentence",
    "SentimentError",
    "Span",
    "TextSentiment",
    "Timex",
    "Token",
    "__version__",
    "analyze_corpus",
    "article_sentiment",
    "bootstrap_ci",
    "corpus_files",
    "document_time",
    "ensure_nltk_data",
    "entity_mentions",
    "entity_sentiment",
    "evaluate_timeml",
    "explain_sentiment",
    "extreme_sentences",
    "headline_vs_body",
    "load_article",
    "load_corpus",
    "mean_by",
    "near_duplicates",
    "normalise",
    "normalise_timeml",
    "overview_frame",
    "paragraph_frame",
    "paragraph_sentiment",
    "quote_frame",
    "quotes",
    "read_corpus",
    "read_timeml",
    "readability",
    "reporting_verbs",
    "run_reports",
    "score_sentiment",
    "sentence_frame",
    "sentences",
    "sentiment_arc",
    "sentiment_disagreements",
    "sentiment_frame",
    "source_audit",
    "speaker_frame",
    "speech_dates",
    "text_sentiment",
    "timeline_frame",
    "timex_frame",
    "timexes",
    "tokenize",
    "top_words",
    "voice_segments",
    "voice_sentiment",
    "words",
]
