"""find_patterns skips the IBAN pattern for texts too short or with too few digits to hold one: the same matches."""

from __future__ import annotations

import random

from portalgen.privacy import patterns

TEXTS = ["", "FR76", "FR76 3000 6000", "FR7630006000011234567890189", "fr76 3000 6000 0112 3456 7890 189",
         "GB82WEST12345698765432", "NO9386011117947", "AB12CDEFGHIJ", "AB12 CDEF GHIJ", "ab1 2cdefghijk",
         "IBAN : FR76 3000 6000 0112 3456 7890 189 merci", "06 12 34 56 78", "jean.dupont@exemple.fr",
         "jean [at] exemple [dot] fr", "jean arobase exemple point fr", "1 84 12 75 108 123 45", "x" * 300,
         "<b>FR76</b>", "é😀 FR76 3000 6000 0112", "12,5", "2024-01-02"]


def _without_prechecks(monkeypatch, text: str):
    with monkeypatch.context() as patched:
        patched.setattr(patterns, "IBAN_DIGITS", 0)
        patched.setattr(patterns, "IBAN_CHARS", 0)
        return patterns.find_patterns(text)


def test_iban_prechecks_change_no_match(monkeypatch):
    rng = random.Random(3)
    alphabet = "FRGBNO0123456789 ABCDEWXYZ@.-"
    texts = TEXTS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        expected = _without_prechecks(monkeypatch, text)
        assert patterns.find_patterns(text) == expected
        assert patterns.find_patterns(text, patterns.digit_count(text)) == expected
