"""The reference for newslib's VADER: NLTK's analyser with newslib's repairs as overrides.

``newslib.sentiment`` applies VADER's rules in one pass of its own (faster); this is the form
they had before, written as overrides of NLTK's ``SentimentIntensityAnalyzer``, and the tests
check the two give the same scores. NLTK's own analyser is the reference for plain VADER.
"""

from __future__ import annotations

from typing import Any

from newslib.sentiment import (
    CONTRAST_WORDS,
    LIKE_AS_VERB_AFTER,
    NEVER_COMPARATIVE_FACTOR,
    NEVER_COMPARATIVES,
    NOT_ONLY,
    _name_positions,
    _word_before_like,
)


def reference_news_vader_class() -> type[Any]:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

    class NewsVader(SentimentIntensityAnalyzer):  # type: ignore[misc]
        """newslib's news VADER as NLTK subclass overrides (its form before the one-pass rules)."""

        def __init__(self, lexicon: dict[str, float]) -> None:
            # The parent constructor would re-read the lexicon file; reuse the loaded one.
            self.lexicon_file = ""
            self.lexicon = lexicon
            self.constants = VaderConstants()

        def sentiment_valence(
            self, valence: float, sentitext: Any, item: str, i: int, sentiments: list[float]
        ) -> list[float]:
            names = getattr(sentitext, "newslib_names", None)
            if names is None:
                names = _name_positions(sentitext.words_and_emoticons)
                sentitext.newslib_names = names
            lowered = item.lower()
            if lowered == "like" and _word_before_like(sentitext.text) not in LIKE_AS_VERB_AFTER:
                sentiments.append(0.0)  # the preposition: "places like Cambodia"
                return sentiments
            if i in names and lowered in self.lexicon and self.lexicon[lowered] > 0:
                sentiments.append(0.0)
                return sentiments
            result: list[float] = super().sentiment_valence(valence, sentitext, item, i, sentiments)
            if lowered in self.lexicon:
                tokens = sentitext.words_and_emoticons
                # vaderSentiment 3.3's rule for "no", missing from NLTK's port: "no" before a
                # rated word negates it and has no valence of its own.
                before = [t.lower() for t in tokens[max(0, i - 3) : i]]
                after = tokens[i + 1].lower() if i < len(tokens) - 1 else ""
                if lowered == "no" and after in self.lexicon:
                    result[-1] = 0.0
                elif "no" in before[-2:] or (
                    len(before) == 3 and before[0] == "no" and before[-1] in ("or", "nor")
                ):
                    result[-1] = result[-1] * self.constants.N_SCALAR
            return result

        def _never_check(
            self, valence: float, words_and_emoticons: list[str], start_i: int, i: int
        ) -> float:
            if (
                start_i == 2
                and words_and_emoticons[i - 3].lower() == "never"
                and words_and_emoticons[i - 1].lower() in NEVER_COMPARATIVES
            ):
                return valence * NEVER_COMPARATIVE_FACTOR
            negator = i - (start_i + 1)
            if (
                negator + 1 < i
                and words_and_emoticons[negator + 1].lower() in NOT_ONLY
                and self.constants.negated([words_and_emoticons[negator]])
            ):
                return valence  # "not only a crime ... but also": no negation
            result: float = super()._never_check(valence, words_and_emoticons, start_i, i)
            return result

        def _but_check(
            self, words_and_emoticons: list[str], sentiments: list[float]
        ) -> list[float]:
            lowered = [w.lower() for w in words_and_emoticons]
            for index, word in enumerate(lowered):
                if word in CONTRAST_WORDS:
                    return [
                        s * 0.5 if k < index else s * 1.5 if k > index else s
                        for k, s in enumerate(sentiments)
                    ]
            return sentiments

    return NewsVader
