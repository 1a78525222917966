"""Shared fixtures: the project's sample articles and the reference article in ../shared/."""

from __future__ import annotations

from pathlib import Path

import pytest

import newslib
from newslib import Article

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data"
SHARED = ROOT.parent / "shared"
SEED_FILE = SHARED / "seed" / "000_97dcd6933d95eeb6.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (reference article, evaluation data, corpora); skips where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a clone outside the newslib workspace)")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Article:
    """The reference article the project was specified from (AFP/AP, 2022-05-23)."""
    if not SEED_FILE.is_file():
        pytest.skip(f"{SEED_FILE} is absent")
    return newslib.load_article(SEED_FILE)


@pytest.fixture(scope="session")
def sample_articles() -> list[Article]:
    """The team's own sample articles in ``data/``."""
    return list(newslib.load_corpus(SAMPLES))


@pytest.fixture(scope="session")
def strike_article() -> Article:
    return newslib.load_article(SAMPLES / "2023-03-14-harbour-strike.txt")
