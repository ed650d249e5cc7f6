"""graph.catalogue_modified (the catalogue-wide date, found once per tuple of datasets) against
graph.last_modified, the general path it shortcuts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from portalgen.dcat.graph import catalogue_modified, last_modified


def _datasets(*dates) -> tuple:
    return tuple(SimpleNamespace(modified=modified, issued=issued) for modified, issued in dates)


def test_catalogue_modified_is_last_modified_for_every_tuple_asked_in_turn():
    cases = [
        _datasets(),
        _datasets((None, None)),
        _datasets((None, dt.date(2020, 5, 1)), (dt.date(2019, 1, 1), None)),
        _datasets((dt.date(2024, 2, 29), dt.date(2025, 1, 1)), (None, dt.date(2023, 12, 31))),
        _datasets((dt.date(2026, 1, 1), None)),
    ]
    for datasets in cases + cases[::-1] + [cases[2]] * 3:
        assert catalogue_modified(datasets) == last_modified(datasets)


def test_an_equal_but_other_tuple_or_a_list_is_gone_through_again():
    first = _datasets((dt.date(2020, 1, 1), None))
    assert catalogue_modified(first) == dt.date(2020, 1, 1)
    other = _datasets((dt.date(2021, 1, 1), None))
    assert catalogue_modified(other) == dt.date(2021, 1, 1)
    changing = [SimpleNamespace(modified=dt.date(2020, 1, 1), issued=None)]
    assert catalogue_modified(changing) == dt.date(2020, 1, 1)
    changing.append(SimpleNamespace(modified=dt.date(2022, 6, 1), issued=None))
    assert catalogue_modified(changing) == dt.date(2022, 6, 1)
