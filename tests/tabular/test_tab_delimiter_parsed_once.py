"""A short whole file is parsed once for both the separator detection and the read
(csvfile._detect_delimiter_and_parse): it must give the separator detect_delimiter gives and the
records _WholeText.parse gives with it."""

from __future__ import annotations

import csv
import random

import pytest

from portalgen.tabular import csvfile
from portalgen.tabular.detect import detect_delimiter

_CELLS = ["", " ", "a", "12", "1,5", "3,14", "2024-03-01", "01/03/2024", "Élodie Dupré", "12 bis rue des Lilas",
          "<script>alert(1)</script>", "x" * 300, "NULL", "null", "NA", '"quoted"', '"a;b"', '"a,b"', '"line\nbreak"',
          '"tab\there"', '"pipe|x"', "a|b", "a\tb", '"unclosed', "€", "日本", "'single'"]


def _samples() -> list[str]:
    rng = random.Random(16)
    samples = ["a;b\n1;2\n", "a,b\n1,2\n", "a\tb\n1\t2\n", "a|b\n1|2\n", "a\n1\n", "title\n\na;b;c\n1;2;3\n",
               "a;b\r\n1,5;2\r\n", "a;b\r1;2\r", "\n\n\na,b\n", '"a;b",c\n"1;2",3\n', "a;b\n1;2;3\n4\n",
               "x" * 10 + "\n"]
    for _ in range(600):
        sep = rng.choice([";", ",", "\t", "|"])
        width = rng.randint(1, 5)
        lines = [sep.join(rng.choice(_CELLS) for _ in range(width if rng.random() > 0.1 else rng.randint(1, 6)))
                 for _ in range(rng.randint(1, 55))]
        samples.append(rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["", "\n"]))
    return samples


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("quotechar", ['"', "'"])
def test_detect_and_parse_equals_detect_then_parse(fmt, quotechar):
    for sample in _samples():
        delimiter, whole = csvfile._detect_delimiter_and_parse(sample, fmt, quotechar)
        expected = csvfile._WholeText.parse(sample, detect_delimiter(sample, fmt, quotechar), quotechar)
        assert delimiter == detect_delimiter(sample, fmt, quotechar), sample
        assert whole.records == expected.records, sample
        assert repr(whole.error) == repr(expected.error), sample


def test_detect_and_parse_keeps_the_error_of_an_oversized_value():
    limit = csv.field_size_limit()
    csv.field_size_limit(50)
    try:
        sample = "a;b\n1;" + "x" * 80 + "\n2;3\n"
        delimiter, whole = csvfile._detect_delimiter_and_parse(sample, "csv", '"')
        expected = csvfile._WholeText.parse(sample, detect_delimiter(sample), '"')
        assert delimiter == detect_delimiter(sample)
        assert whole.records == expected.records and repr(whole.error) == repr(expected.error)
    finally:
        csv.field_size_limit(limit)
