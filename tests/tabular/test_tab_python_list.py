"""python_list (NormalisedTable.values) gives exactly what Arrow's to_pylist gives, or raises as it does."""

import datetime as dt

import pyarrow as pa
import pytest

from portalgen.tabular.model import python_list

_DAY_BOUNDS = (dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days, (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days


def _chunked(*chunks):
    return pa.chunked_array(chunks[1:], type=chunks[0]) if len(chunks) > 1 else pa.chunked_array([], type=chunks[0])


DATES = pa.array([dt.date(2024, 2, 29), None, dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1970, 1, 1),
                  dt.date(1899, 12, 30)], pa.date32())
STAMPS = [dt.datetime(2024, 2, 29, 23, 59, 59), None, dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59),
          dt.datetime(1970, 1, 1), dt.datetime(1969, 12, 31, 23, 59, 59, 999000)]

CASES = [
    _chunked(pa.date32()),
    _chunked(pa.date32(), DATES),
    _chunked(pa.date32(), DATES, DATES.slice(2, 3), pa.array([None, None], pa.date32())),
    _chunked(pa.date32(), pa.array([], pa.date32())),
    *[_chunked(pa.timestamp(unit), pa.array(STAMPS, pa.timestamp(unit))) for unit in ("s", "ms", "us")],
    _chunked(pa.timestamp("s"), pa.array([None] * 3, pa.timestamp("s"))),
    _chunked(pa.timestamp("ns"), pa.array([0, None, 1_500_000_000_123_456_789], pa.timestamp("ns"))),
    _chunked(pa.timestamp("s", tz="UTC"), pa.array([0, None, 86_400], pa.timestamp("s", tz="UTC"))),
    _chunked(pa.int64(), pa.array([1, None, -(2 ** 63)], pa.int64())),
    _chunked(pa.float64(), pa.array([1.5, None, -0.0, float("inf")], pa.float64())),
    _chunked(pa.string(), pa.array(["", None, "é<script>alert(1)</script>", "12,5", "x" * 40_000], pa.string())),
]


@pytest.mark.parametrize("values", CASES, ids=lambda v: str(v.type))
def test_python_list_equals_to_pylist(values):
    expected = values.to_pylist()
    got = python_list(values)
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


@pytest.mark.parametrize("days", [_DAY_BOUNDS[0] - 1, _DAY_BOUNDS[1] + 1, -(2 ** 31), 2 ** 31 - 1])
def test_python_list_raises_as_arrow_does_outside_python_dates(days):
    values = pa.chunked_array([pa.array([0, None, days], pa.int32()).cast(pa.date32())])
    with pytest.raises(Exception) as arrow_error:
        values.to_pylist()
    with pytest.raises(arrow_error.type):
        python_list(values)


def test_python_list_raises_as_arrow_does_for_years_past_9999():
    seconds = int((dt.datetime(9999, 12, 31, 23, 59, 59) - dt.datetime(1970, 1, 1)).total_seconds()) + 1
    values = pa.chunked_array([pa.array([0, seconds], pa.int64()).cast(pa.timestamp("s"))])
    with pytest.raises(Exception) as arrow_error:
        values.to_pylist()
    with pytest.raises(arrow_error.type):
        python_list(values)
