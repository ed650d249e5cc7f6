"""Cell texts read from Arrow text columns in one call are those pandas gives value by value."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pyarrow as pa

from portalgen.privacy import detect
from portalgen.privacy.patterns import cell_text
from portalgen.tabular.model import frame_from_arrow

TEXTS = ["06 12 34 56 78", None, "", "  Jean Dupont ", "\u00a0", "é😀", "nan", "NaN", "None", "0612345678"]


def _frames():
    yield frame_from_arrow({"a": pa.array(TEXTS), "b": pa.array(TEXTS[::-1])}, list(range(2, 12)))
    yield frame_from_arrow({"n": pa.array([1.0, None, 612345678.0, 1e20, float("nan")] * 2),
                            "i": pa.array(list(range(10)), pa.int64()),
                            "d": pa.array([dt.date(2024, 1, k + 1) for k in range(10)]),
                            "t": pa.array([dt.datetime(2024, 1, 1, k) for k in range(10)], pa.timestamp("s")),
                            "l": pa.array(TEXTS, pa.large_string())}, list(range(2, 12)))
    yield pd.DataFrame({"s": pd.Series(TEXTS, dtype="string[pyarrow]"), "o": pd.Series(TEXTS, dtype=object),
                        "f": [1.5, None, 3.0, 4.0, None, 6.0, 7.0, 8.0, 9.0, 10.0]})
    yield frame_from_arrow({}, [])


def test_column_texts_equal_the_pandas_values():
    for frame in _frames():
        expected = [[cell_text(v) for v in frame.iloc[:, i].tolist()] for i in range(frame.shape[1])]
        assert detect.column_texts(frame) == expected


def test_a_scan_given_the_cells_finds_what_it_finds_in_the_frame():
    names = ["Jean Dupont", "Marie Curie", None, "Paul Martin"] * 3
    frame = frame_from_arrow({"nom": pa.array(names), "telephone": pa.array(["06 12 34 56 78", None, "", "0612345678"] * 3),
                              "courriel": pa.array(["a.b@exemple.fr", "x", None, "c@d.fr"] * 3),
                              "naissance": pa.array(["12/03/1980", "01/01/2001", "", None] * 3)}, list(range(2, 14)))
    cells = [frame[c].array.__arrow_array__().to_pylist() for c in frame.columns]
    kwargs = dict(file_label="data/t.csv", schema_id=None, column_policies={}, reference_date=dt.date(2024, 1, 1))
    given = detect.scan_table(frame, cells=cells, **kwargs)
    assert given == detect.scan_table(frame, **kwargs)
    assert given.findings and not given.ok_to_publish


def test_a_scan_of_the_texts_finds_what_it_finds_in_the_frame():
    """scan_texts (what the data work calls, without a pandas frame) against scan_table on the frame."""
    texts = ["Jean Dupont", "<b>x</b>", None, "", " 06 12 34 56 78 ", "é😀", "12,5", "31/12/1980", "nan"]
    frames = [frame_from_arrow({"nom": pa.array(texts), "telephone": pa.array(texts[::-1]),
                                "siret": pa.array(["21410298000015"] * 9),
                                "naissance": pa.array(texts[3:] + texts[:3])}, list(range(2, 11))),
              frame_from_arrow({"vide": pa.array([None, ""], pa.string())}, [2, 3]), frame_from_arrow({}, [])]
    kwargs = dict(file_label="data/t.csv", schema_id=None, column_policies={}, reference_date=dt.date(2024, 1, 1))
    for frame in frames:
        cells = [frame[c].array.__arrow_array__().to_pylist() for c in frame.columns]
        given = detect.scan_texts([str(c) for c in frame.columns], detect.cell_texts(cells), frame.shape[0], **kwargs)
        assert given == detect.scan_table(frame, **kwargs)


def test_cells_without_signals_are_counted_as_every_cell_is(monkeypatch):
    """_column_stats takes a shortcut for cells with no signal but their name evidence: the same counts."""
    columns = {
        "nom": ["Jean Dupont", "Marie", "", "SARL Martin", "Dupont", "Paul Martin", "x"],
        "siret": ["21410298000015", "12345678901234", "", "35600000000048", "W123456789", "", "abc"],
        "contact": ["06 12 34 56 78", "a.b@exemple.fr", "12 rue de la Paix", "FR7630006000011234567890189",
                    "1 84 12 75 108 123 45", "31/12/1980", "texte <b>libre</b> é😀"],
        "montant": ["1 234,5", "0", "-3", "2024-01-02", "123456789", "1e3", "NA"],
    }
    names, texts = list(columns), list(columns.values())
    kwargs = dict(schema_id=None, reference_date=dt.date(2024, 1, 1))
    shortcut = detect.detect_in_texts(names, texts, 7, **kwargs)
    stats = [detect._column_stats(n, t, [False] * 7, Counter(t), dt.date(2024, 1, 1)) for n, t in zip(names, texts)]
    quiet = {detect.cell_signals(t).quiet for column in texts for t in column if t}
    monkeypatch.setattr(detect.CellSignals, "quiet", property(lambda self: False))
    assert shortcut == detect.detect_in_texts(names, texts, 7, **kwargs)
    assert stats == [detect._column_stats(n, t, [False] * 7, Counter(t), dt.date(2024, 1, 1)) for n, t in zip(names, texts)]
    assert quiet == {True, False}


def test_string_cell_texts_equal_cell_texts():
    odd = TEXTS + [" \t x \n", "\u2028y\u3000", "\x1cz\x1f", "1,5", "<script>alert(1)</script>", "31/12/2024",
                   "Œuvre &amp; ça € ✓ 日本", "long " * 200, "\u200b", "\ufeffa"]
    columns = [odd, odd[::-1], [], [None, None]]
    assert detect.string_cell_texts(columns) == detect.cell_texts(columns)
