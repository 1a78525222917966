"""TableSchema.frame: declared dtypes whatever the rows hold."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newslib.tables import TableSchema

SCHEMA = TableSchema.of(("word", "str"), ("count", "int64"), ("score", "float64"), ("at", "Int64"))


def test_missing_floats_are_nan_and_numbers_keep_their_values() -> None:
    frame = SCHEMA.frame([("rain", 2, None, None), ("sun", 1, 0.25, 4), ("fog", 0, 3, None)])
    assert frame["score"].dtype == "float64"
    assert math.isnan(frame["score"][0])
    assert frame["score"].tolist()[1:] == [0.25, 3.0]
    assert frame["at"].tolist() == [pd.NA, 4, pd.NA]


def test_short_rows_are_padded_with_missing_values() -> None:
    frame = SCHEMA.frame([("rain", 2), ("sun", 1, 0.5, 7)])
    assert frame["word"].tolist() == ["rain", "sun"]
    assert math.isnan(frame["score"][0]) and frame["at"][0] is pd.NA
    assert frame.dtypes.astype(str).tolist() == ["str", "int64", "float64", "Int64"]


def test_a_row_longer_than_the_schema_is_refused() -> None:
    with pytest.raises(ValueError):
        SCHEMA.frame([("rain", 2, 0.5, 1, "extra")])


def test_no_rows_give_an_empty_typed_table() -> None:
    frame = SCHEMA.frame([])
    assert len(frame) == 0
    assert frame.dtypes.astype(str).tolist() == ["str", "int64", "float64", "Int64"]
