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
    "CorpusError",
    "CorpusResult",
    "Device",
    "LoadFailure",
    "NewslibError",
    "Readability",
    "ReportError",
    "ResourceError",
    "RhetoricConfig",
    "Sentence",
    "Span",
    "Token",
    "__version__",
    "analyze_corpus",
    "bootstrap_ci",
    "corpus_files",
    "ensure_nltk_data",
    "highlight_html",
    "load_article",
    "load_corpus",
    "mean_by",
    "near_duplicates",
    "normalise",
    "overview_frame",
    "paragraph_frame",
    "read_corpus",
    "readability",
    "reporting_verb_profile",
    "rhetoric_frame",
    "rhetoric_summary",
    "sentence_frame",
    "sentences",
    "tokenize",
    "top_words",
    "voice_frame",
    "words",
]
