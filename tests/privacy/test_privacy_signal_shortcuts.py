"""The shortcuts of the per-cell signals skip detectors that cannot find anything in a text: they must
give what asking every detector gives."""

from __future__ import annotations

import random

import pytest

from portalgen.privacy import detect, patterns
from portalgen.privacy.patterns import DATE_DIGITS, PHONE_OR_NIR_DIGITS, digit_count

KNOWN = ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "0033612345678", "+33 (0)6 12 34 56 78",
         "06.12.34.56.78", "06-12-34-56-78", "061 234 5678", "(05) 49-010-203", "1 84 12 75 108 123 45",
         "2 84 12 2A 108 123 45", "184127510812345", "FR76 3000 6000 0112 3456 7890 189", "jean.dupont@gmail.com",
         "jean (at) gmail [dot] com", "31/12/1984", "1984-12-31", "1984/12/31", "31.12.1984", "1-2-2024",
         "2024-01-02T10:00:00Z", "12 rue des Lilas", "3 bis avenue Foch 86000 Poitiers", "123456789", "012345678",
         "Relevé 3 du jeu 17", "Jeanne Martin", "M. Durand", "١٢٣٤٥٦٧٨٩٠", "０６１２３４５６７８", "2024", "12,5",
         "-0.5", "+12", "1e5", "48.1230", "-1.6900", "1 234,56", "Tél. 06 12 34 56 78", "n° 12345678901234"]


def _corpus() -> list[str]:
    rng = random.Random(5)
    alphabet = "0123456789" * 4 + " .-/()+@:,T" + "abcdeAB" + "éÉ٣１²" + "rue "
    texts = list(KNOWN)
    for known in KNOWN:  # pieces of real values: fewer digits than they need
        texts += [known[:cut] for cut in range(1, len(known))] + [known[cut:] for cut in range(1, len(known))]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(20_000)]
    texts += [f"{rng.randint(-10 ** 8, 10 ** 8)}" for _ in range(2000)]
    texts += [f"{rng.uniform(-1e5, 1e5):.{rng.randint(0, 6)}f}".replace(".", rng.choice(".,")) for _ in range(2000)]
    return [t for t in texts if t.strip()]


CORPUS = _corpus()


def test_phones_nirs_and_dates_need_their_digits():
    """The premise of the digit counts: a text with fewer digits has no phone number, NIR or date."""
    for text in CORPUS:
        digits = digit_count(text)
        if digits < PHONE_OR_NIR_DIGITS:
            assert not patterns._PHONE_RE.search(text) and not patterns._NIR_RE.search(text), text
            assert not patterns.phone_digits_anyhow(text), text
        if digits < DATE_DIGITS:
            assert patterns.parse_date(text) is None, text


def test_patterns_are_found_as_when_every_pattern_runs():
    for text in CORPUS:
        assert patterns.find_patterns(text) == patterns.find_patterns(text, digits=PHONE_OR_NIR_DIGITS), text


@pytest.mark.parametrize("text", ["0", "12", "-3", "+4", "12.5", "1,25", "-0.001", "99999999", "1234.567",
                                  "48.1230", "-1.6900", "+1,5"])
def test_short_numbers_have_no_signal(text):
    assert detect.cell_signals(text) is detect.NO_SIGNALS
    assert detect.text_signals(text) == detect.NO_SIGNALS


def test_cell_signals_are_every_detectors():
    shortcut = 0
    for text in CORPUS:
        signals = detect.cell_signals(text)
        shortcut += signals is detect.NO_SIGNALS
        assert signals == detect.text_signals(text), text
    assert shortcut > 1000  # the corpus exercises the shortcut


def test_quiet_is_no_signal_but_the_name():
    """``quiet`` is set by text_signals from the other fields: true exactly when none of them but the name
    evidence says anything."""
    seen = set()
    for text in CORPUS:
        signals = detect.cell_signals(text)
        expected = not (signals.matches or signals.bare_nine_digits or signals.phone_digits or signals.nir_shaped
                        or signals.fifteen_digits or signals.iban_shaped or signals.date is not None
                        or signals.street)
        assert signals.quiet is expected, text
        seen.add(expected)
    assert seen == {True, False}


def test_nir_shaped_texts_have_their_digits():
    """The premise of NIR_SHAPE_DIGITS: a text nir_shaped accepts holds that many digits. Removing spaces and
    dots removes no digit, and upper-casing makes none (checked on every code point)."""
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert digit_count(char.upper()) <= digit_count(char), hex(code)
    shaped = ["1 84 12 75 108 123", "2 84 12 2A 108 123", "2 84 12 2B 108 123 45", "184127510812345",
              "1841275108123", "28412 2A 108123", "7.84.12.2a.108.123"]
    rng = random.Random(12)
    for text in CORPUS + shaped + ["".join(rng.choice("0123456789 .2AaBb") for _ in range(rng.randint(12, 20)))
                                   for _ in range(20_000)]:
        if patterns.nir_shaped(text):
            assert digit_count(text) >= patterns.NIR_SHAPE_DIGITS, text
    assert all(patterns.nir_shaped(text) for text in shaped)
    assert min(digit_count(text) for text in shaped) == patterns.NIR_SHAPE_DIGITS
