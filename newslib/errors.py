"""Exceptions raised by newslib.

Every error newslib raises on purpose subclasses :class:`NewslibError`, and its message names
the file or value at fault and says how to fix it, so a notebook or a corpus run can report it
without a traceback from deep inside a library.
"""

from __future__ import annotations


class NewslibError(Exception):
    """Base class of every error newslib raises on purpose."""


class ResourceError(NewslibError):
    """Language data (a Punkt model, a lexicon) could not be provided offline."""


class ArticleError(NewslibError):
    """An article could not be read: the message names the file and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self) -> tuple[type[ArticleError], tuple[str, str]]:
        # Keeps the two-argument constructor working across process boundaries.
        return (type(self), (self.source, self.problem))


class ReportError(NewslibError):
    """A notebook report could not be produced."""
