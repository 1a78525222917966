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
    "ArticleWarning",
    "LoadFailure",
    "NewslibError",
    "Readability",
    "ReportError",
    "ResourceError",
    "Sentence",
    "Span",
    "Token",
    "__version__",
    "corpus_files",
    "ensure_nltk_data",
    "load_article",
    "load_corpus",
    "normalise",
    "overview_frame",
    "paragraph_frame",
    "readability",
    "sentence_frame",
    "sentences",
    "tokenize",
    "top_words",
    "words",
]
