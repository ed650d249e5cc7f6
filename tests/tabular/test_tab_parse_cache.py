"""The per-process cache of parsed date values (values._PARSED, one dict per date family) gives what
parsing each value gives, also once a family's dict is full and emptied."""

from __future__ import annotations

import random

import pyarrow as pa

from portalgen.tabular import values as V

rng = random.Random(5)
ODD = ["", "31/02/2024", "29/02/2023", "29/02/2024", "12/31/2023", "2024-13-01", "2024-02-30", "1/1/2024",
       "31/12/2023 25:00", "31/12/2023 10:30", "31/12/2023 10:30:59", "2024-01-31T10:30:00", "01/01/69",
       "01/01/68", "0000-01-01", "31-12-2023", "é", "<b>1/1/2024</b>", None]


def _values(size: int) -> list[str | None]:
    return [rng.choice(ODD) if rng.random() < 0.3 else
            f"{rng.randint(1, 31):02d}/{rng.randint(1, 13):02d}/{rng.randint(1900, 2100)}" for _ in range(size)]


def test_cached_parses_equal_fresh_ones(monkeypatch):
    monkeypatch.setattr(V, "_PARSED", {})
    monkeypatch.setattr(V, "_PARSED_LIMIT", 7)  # emptied again and again
    for _ in range(60):
        texts = _values(rng.randint(1, 30))
        for family in V.DATE_FAMILIES:
            parsed = V.parse_family(pa.array(texts, type=pa.string()), family)
            fresh = [None if t is None else V._parse_value(t, family) for t in texts]
            assert parsed.timestamps.to_pylist() == pa.array(
                [None if f is None else f[0] for f in fresh], type=pa.timestamp("s")).to_pylist()
            assert parsed.swapped == sum(f[3] for f in fresh if f is not None)
            assert all(len(known) <= 7 for known in V._PARSED.values())


def test_small_family_dates_equal_dates_of_parsed_timestamps():
    """normalise makes a small date column's days from the parsed seconds (values.small_family_dates): the
    days to_dates gives of parse_family's timestamps."""
    for _ in range(60):
        texts = [t or None for t in _values(rng.randint(0, 30))]
        for family in V.DATE_FAMILIES:
            expected = V.to_dates(V.parse_family(pa.array(texts, type=pa.string()), family).timestamps)
            assert V.small_family_dates(texts, family).equals(expected)
