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
from newslib.errors import ArticleError, NewslibError, ReportError, ResourceError
from newslib.resources import ensure_nltk_data
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
    "ArticleWarning",
    "LoadFailure",
    "NewslibError",
    "Readability",
    "ReportError",
    "ResourceError",
    "Sentence",
    "Span",
    "Timex",
    "Token",
    "__version__",
    "corpus_files",
    "document_time",
    "ensure_nltk_data",
    "evaluate_timeml",
    "load_article",
    "load_corpus",
    "normalise",
    "normalise_timeml",
    "overview_frame",
    "paragraph_frame",
    "read_timeml",
    "readability",
    "sentence_frame",
    "sentences",
    "speech_dates",
    "timeline_frame",
    "timex_frame",
    "timexes",
    "tokenize",
    "top_words",
    "words",
]
