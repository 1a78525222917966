"""Tidy tables with declared column types, built from plain rows.

Every analysis produces its rows as plain tuples and turns them into a pandas DataFrame through
its :class:`TableSchema`. Declaring the types once has two uses:

* a table has the same dtypes whatever the article: an article with no quotations gives an
  empty quotations table whose ``start`` is still ``int64``, and a column that happens to hold
  only missing values is not silently typed ``object`` in one article and ``str`` in the next;
* the corpus runner (:mod:`newslib.corpus`) collects the rows of a few hundred articles and
  builds each table once per partition: building a small DataFrame costs about as much as
  analysing a short article, so doing it per article would double the cost of a corpus.

Types are pandas dtype names: ``int64``, ``float64``, ``Int64`` (integers that may be missing),
``str`` (pandas' string dtype; a missing value reads as NaN), ``object`` (any Python value, kept
as it is: ``None`` stays ``None``, dates stay ``datetime.date``) and ``bool``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

#: One row of a table: values in the order of its schema's columns.
Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class TableSchema:
    """The columns of a table and their dtypes, in order.

    Examples:
        >>> schema = TableSchema.of(("word", "str"), ("count", "int64"), ("first", "Int64"))
        >>> frame = schema.frame([("rain", 2, None), ("sun", 1, 4)])
        >>> frame.dtypes.astype(str).tolist(), frame["first"].tolist()
        (['str', 'int64', 'Int64'], [<NA>, 4])
        >>> schema.frame([]).dtypes.astype(str).tolist()
        ['str', 'int64', 'Int64']
    """

    columns: tuple[str, ...]
    dtypes: tuple[str, ...]

    @classmethod
    def of(cls, *columns: tuple[str, str]) -> TableSchema:
        """A schema from ``(name, dtype)`` pairs."""
        return cls(tuple(name for name, _ in columns), tuple(dtype for _, dtype in columns))

    def extended(self, *columns: tuple[str, str]) -> TableSchema:
        """This schema with more columns after its own."""
        return TableSchema.of(*zip(self.columns, self.dtypes, strict=True), *columns)

    def prefixed(self, *columns: tuple[str, str]) -> TableSchema:
        """This schema with more columns before its own (the corpus puts ``article_id`` first)."""
        return TableSchema.of(*columns, *zip(self.columns, self.dtypes, strict=True))

    def frame(self, rows: Sequence[Row]) -> pd.DataFrame:
        """The rows as a DataFrame with this schema's columns and dtypes.

        A row shorter than the schema is padded with missing values (the corpus runner's rows
        of an article whose later analysis failed).
        """
        width = len(self.columns)
        if rows and set(map(len, rows)) != {width}:
            rows = [tuple(row) + (None,) * (width - len(row)) for row in rows]
        values: list[tuple[Any, ...]] = (
            list(zip(*rows, strict=True)) if rows else [() for _ in self.columns]
        )
        data = {
            name: _column(column, dtype)
            for name, dtype, column in zip(self.columns, self.dtypes, values, strict=True)
        }
        # The columns are new arrays: no copy needed.
        return pd.DataFrame(data, columns=list(self.columns), copy=False)


def _column(values: Sequence[Any], dtype: str) -> pd.Series | np.ndarray | ExtensionArray:
    """One column as an array of ``dtype`` (a Series only where pandas would retype an array).

    Arrays rather than Series: a Series per column costs more than the rest of a small table.
    """
    if dtype == "object":
        array = np.empty(len(values), dtype=object)
        array[:] = values
        # A Series typed object: pandas would otherwise read an array of strings as ``str``.
        return pd.Series(array, dtype=object, copy=False)
    if dtype == "float64":
        return np.array(values, dtype=np.float64)  # NumPy reads None as NaN
    if dtype in ("int64", "bool"):
        return np.array(values, dtype=dtype)
    column: ExtensionArray = pd.array(list(values), dtype=cast(Any, dtype))  # Int64, str
    return column
