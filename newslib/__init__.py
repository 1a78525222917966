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
from newslib.resources import ensure_nltk_data
from newslib.rhetoric import (
    Device,
    RhetoricConfig,
    highlight_html,
    reporting_verb_profile,
    rhetoric_frame,
    rhetoric_summary,
    voice_frame,
)
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

__version__ = "0.1.0"

ensure_nltk_data()

__all__ = [
    "Article",
    "ArticleError",
    "ArticleSentiment",
    "ArticleWarning",
    "CorpusError",
    "CorpusResult",
    "Device",
    "EntityMention",
    "HeadlineComparison",
    "LoadFailure",
    "NewslibError",
    "Readability",
    "ReportError",
    "ResourceError",
    "RhetoricConfig",
    "Segment",
    "Sentence",
    "SentimentError",
    "Span",
    "TextSentiment",
    "Token",
    "__version__",
    "analyze_corpus",
    "article_sentiment",
    "bootstrap_ci",
    "corpus_files",
    "ensure_nltk_data",
    "entity_mentions",
    "entity_sentiment",
    "explain_sentiment",
    "extreme_sentences",
    "headline_vs_body",
    "highlight_html",
    "load_article",
    "load_corpus",
    "mean_by",
    "near_duplicates",
    "normalise",
    "overview_frame",
    "paragraph_frame",
    "paragraph_sentiment",
    "read_corpus",
    "readability",
    "reporting_verb_profile",
    "rhetoric_frame",
    "rhetoric_summary",
    "score_sentiment",
    "sentence_frame",
    "sentences",
    "sentiment_arc",
    "sentiment_disagreements",
    "sentiment_frame",
    "text_sentiment",
    "tokenize",
    "top_words",
    "voice_frame",
    "voice_segments",
    "voice_sentiment",
    "words",
]
