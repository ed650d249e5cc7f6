"""Type detection gives a pattern up as soon as it can no longer reach its share of a small column
(detect._Patterns.reaches): the detections are those of counting every value's match."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

from portalgen.tabular import ReadOptions, detect

rng = random.Random(11)
ODD = ["", "NC", "n/a", "<script>alert('x')</script>", "Œuvre ✓ 日本 😀", "long " * 300, "0012", "vrai", "31/02/2024",
       "1.234.567", "1 234,5", "-0,5", "+3", "2024-13-01", "12/31/2023", "oui"]


def _column(kind: str, size: int) -> list[str | None]:
    make = {
        "int": lambda i: str(rng.randint(-500, 50000)),
        "comma": lambda i: f"{rng.randint(-900, 900)},{rng.randint(0, 99):02d}",
        "dot": lambda i: f"{rng.randint(0, 900)}.{rng.randint(0, 9)}",
        "grouped": lambda i: f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d},{rng.randint(0, 9)}",
        "spaced": lambda i: f"{rng.randint(1, 999)} {rng.randint(0, 999):03d}",
        "fr-date": lambda i: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1990, 2030)}",
        "iso-date": lambda i: f"{rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "iso-time": lambda i: f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T1{rng.randint(0, 9)}:30:00",
        "us-date": lambda i: f"{rng.randint(1, 12):02d}/{rng.randint(13, 28):02d}/2023",
        "bool": lambda i: rng.choice(["oui", "non", "Oui", "NON"]),
        "code": lambda i: f"{rng.randint(0, 9999):05d}",
        "text": lambda i: rng.choice(["école", "vélo", "Relevé 3", "mairie <b>", "x" * 50]),
    }[kind]
    return [make(i) for i in range(size)]


def _spoiled(values: list[str | None], share: float) -> list[str | None]:
    return [rng.choice(ODD + [None]) if rng.random() < share else v for v in values]


COLUMNS = [(f"{kind}-{share}-{size}", _spoiled(_column(kind, size), share))
           for kind in ("int", "comma", "dot", "grouped", "spaced", "fr-date", "iso-date", "iso-time", "us-date",
                        "bool", "code", "text")
           for share in (0.0, 0.1, 0.3, 0.5)
           for size in (1, 3, 20, 600)]
OPTIONS = {"detected": ReadOptions(), "comma": ReadOptions(decimal=","), "dot": ReadOptions(decimal="."),
           "thousands": ReadOptions(thousands=".")}


def _detections(delimiter: str, options: ReadOptions):
    out = []
    for name, values in COLUMNS:
        column = pa.chunked_array([pa.array([None if v is None else v.strip() for v in values], type=pa.string())])
        rows = np.arange(2, len(values) + 2, dtype=np.int64)
        for dot_groups in (False, True):
            out.append(detect.detect_column(name, column, rows, delimiter=delimiter, options=options,
                                            dot_groups=dot_groups))
    return out


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_early_stop_detects_as_counting_every_match(delimiter, options, monkeypatch):
    stopped = _detections(delimiter, options)
    monkeypatch.setattr(detect._Patterns, "reaches",
                        lambda self, pattern, needed: detect._count(self.probe(pattern)) >= needed)
    assert stopped == _detections(delimiter, options)


def test_a_pattern_given_up_leaves_no_partial_mask():
    patterns = detect._Patterns(pa.array(["1", "x", "y", "z", "2"]))
    assert not patterns.reaches(r"^[0-9]+$", 4)
    assert patterns.all(r"^[0-9]+$") == [True, False, False, False, True]
    assert patterns.reaches(r"^[0-9]+$", 2) and not patterns.reaches(r"^[0-9]+$", 3)
