"""Pattern's tokenizer (TextBlob's ``find_tokens``) on one chunk of text, its rules written out.

Pattern rewrites contractions and spaces out quotation marks, then splits punctuation off the
edges of each piece, a final period only when the piece is not an abbreviation. None of this
reaches past white space, so its tokens of a text are those of its chunks, one after another
(sentence breaks and emoticons written across spaces aside, which its callers handle). Written
out here, a chunk costs a few string methods instead of the tokenizer's many regular
expressions; the sentiment scores (:mod:`newslib.sentiment`) and the event tagging
(:mod:`newslib.temporal`) read it, and tests compare it with ``find_tokens`` on every chunk
of the BBC corpus and on generated ones.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1 << 15)
def chunk_tokens(chunk: str) -> tuple[str, ...]:
    """The tokens Pattern's ``find_tokens`` makes of one chunk of text without white space.

    The rewriting and the loop are Pattern's, as it writes them.

    Examples:
        >>> chunk_tokens("(£600m),"), chunk_tokens("don't"), chunk_tokens("U.S.")
        (('(', '£600m', ')', ','), ('do', 'n', "'", 't'), ('U.S.',))
    """
    from textblob._text import PUNCTUATION
    from textblob._text import replacements as replace

    punctuation = tuple(PUNCTUATION.replace(".", ""))
    for a, b in replace.items():
        if a in chunk:  # each is a literal (tests/test_timeline_fast_paths.py)
            chunk = re.sub(a, b, chunk)
    chunk = (
        chunk.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
    )
    tokens: list[str] = []
    for t in chunk.split():
        tail = []
        while t.startswith(punctuation) and t not in replace:
            tokens.append(t[0])
            t = t[1:]
        while t.endswith((*punctuation, ".")) and t not in replace:
            if t.endswith(punctuation):
                tail.append(t[-1])
                t = t[:-1]
            if t.endswith("..."):
                tail.append("...")
                t = t[:-3].rstrip(".")
            if t.endswith("."):
                if is_abbreviation(t):
                    break
                tail.append(t[-1])
                t = t[:-1]
        if t != "":
            tokens.append(t)
        tokens.extend(reversed(tail))
    return tuple(tokens)


def is_abbreviation(word: str) -> bool:
    """Pattern's test of a word ending in a period that it keeps whole (``find_tokens``).

    Examples:
        >>> is_abbreviation("Mr."), is_abbreviation("U.S."), is_abbreviation("rain.")
        (True, True, False)
    """
    from textblob._text import ABBREVIATIONS, RE_ABBR1, RE_ABBR2, RE_ABBR3

    return word in ABBREVIATIONS or any(
        abbreviation.match(word) is not None for abbreviation in (RE_ABBR1, RE_ABBR2, RE_ABBR3)
    )
