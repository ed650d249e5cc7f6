"""Small columns take shortcuts around Arrow compute calls; they must give what the general path gives."""

from __future__ import annotations

import pyarrow as pa
import pytest

from portalgen.tabular import values as V

DATES = [
    "31/12/2023", "1/2/2024", "29/02/2024", "29/02/2023", "31/04/2024", "12/31/2023", "00/01/2024",
    "31/12/2023 18:30", "01/02/2023 08:00:59", "01/02/2023 24:00", "01/02/2023 23:60", "1/1/99", "1/1/68",
    "31-12-2023", "31-12-2023T07:05", "2024-01-02", "2024-01-02 10:11:12", "2024-02-30", "2024-13-01",
    "2024-01-02T00:00", "0000-01-01", "9999-12-31", "", None, "pas une date", "2024-1-2", " 2024-01-02",
]


@pytest.mark.parametrize("family", V.DATE_FAMILIES, ids=lambda f: f.label)
@pytest.mark.parametrize("values", [DATES, DATES[:1], [], [None, ""], DATES[7:12], DATES[15:20]])
def test_dates_of_small_columns_are_read_as_in_large_ones(family, values, monkeypatch):
    small = V.parse_family(pa.array(values, type=pa.string()), family)
    monkeypatch.setattr(V, "SMALL_COLUMN", -1)
    general = V.parse_family(pa.array(values, type=pa.string()), family)
    assert small.timestamps.equals(general.timestamps)
    assert (small.has_time, small.has_seconds, small.swapped) == (general.has_time, general.has_seconds,
                                                                  general.swapped)
