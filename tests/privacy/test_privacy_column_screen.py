"""The column screen (patterns.screen_texts) rules a detector out for a whole column only when it finds nothing in
any of its texts: the signals of texts screened together must be those of each text checked on its own."""

from __future__ import annotations

import random
import re

import pytest

from portalgen.privacy import detect, patterns
from portalgen.privacy.patterns import UNSCREENED, fold, screen_texts

from .test_privacy_signal_shortcuts import CORPUS as SIGNAL_CORPUS
from .test_privacy_street_alternation import _corpus as street_corpus

ODD = [
    "12 rue des Lilas", "12 bis rue des Lilas", "3 ter, avenue Foch", "12bis Bd Pasteur", "Avenue Ardouin",
    "rue des Lilas", "4 pl. du Marché", "Résidence Les Érables, 7 allée des Cèdres", "75001 Paris",
    "1 rue x et 2 avenue y", "chez M. Durand\n12 rue des Lilas\n86000 Poitiers", "12\nrue des Lilas", "12 rue\n x",
    "jean.dupont@gmail.com", "jean.dupont@gmail.com est joignable", "écrire à jean.dupont@gmail.com",
    "jean (at) gmail [dot] com", "la mairie arobase", "06 12 34 56 78", "Tél. 06 12 34 56 78", "06 12 34 56 78 (soir)",
    "+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", "06\u00a012\u00a034\u00a056\u00a078",
    "06-12-34-56-78", "tél.06.12.34.56.78.", "2 84 12 2A 108 123 45", "2 84 12 2b 108 123 45", "1.84.12.75.108.123.45",
    "FR7630006000011234567890189", "fr76 3000 6000 0112 3456 7890 189 ", "0612345678",
    "1 84 12 75 108 123 45", "NIR 184127510812345",
    "FR76 3000 6000 0112 3456 7890 189", "virement FR76 3000 6000 0112 3456 7890 189 reçu",
    "12/03/1985", "1985-03-12", "le 12.03.1985", "2024-01-02T10:00:00Z", "31-12-1984 10:00",
    "<b>12 rue des Lilas</b>", "<script>alert('jean@x.fr')</script>", "<a href=\"mailto:a.b@c.fr\">écrire</a>",
    "1 234,56", "12,5", "-0.5", "48.1230", "ΣΑΣ 12 rue", "ΟΔΟΣ 12 ΡΥΕ Σ", "Œuvre 3 rue de l’Église",
    "ﬁ 2 rue x",
    "x" * 5000 + " 12 rue des Lilas", "12 rue des Lilas " + "é" * 3000, "Relevé 3 du jeu 17", "n° 12345678901234",
    "\u00a012 rue x", "12\u00a0rue x", "¨12 rue¨", "١٢ rue x", "０６ １２", "Jean Dupont", "M. Durand",
]


def _valid_nirs(rng: random.Random) -> list[str]:
    nirs = []
    for department in ("75", "86", "2A", "2B", "2a", "97"):
        for _ in range(4):
            first13 = f"{rng.choice('12478')}{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{department}" \
                      f"{rng.randint(0, 999):03d}{rng.randint(0, 999):03d}"
            nir = first13 + f"{patterns.nir_key(first13):02d}"
            nirs += [nir, " ".join((nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:])),
                     ".".join((nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]))]
    return nirs


def _valid_ibans(rng: random.Random) -> list[str]:
    ibans = []
    for country, length in (("NO", 15), ("BE", 16), ("NL", 18), ("FR", 27), ("GB", 22), ("MT", 31)):
        for _ in range(3):
            bban = "".join(rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(length - 4))
            number = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
            iban = f"{country}{98 - number % 97:02d}{bban}"
            grouped = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
            ibans += [iban, grouped, grouped.lower(), iban.lower()]
    return ibans


def _corpus() -> list[str]:
    rng = random.Random(17)
    streets = [t.strip() for t in street_corpus() if t.strip()]
    values = _valid_nirs(rng) + _valid_ibans(rng) + [
        "31/12/1984", "1984-12-31", "1984/12/31", "31.12.1984", "1-2-2024", "2024-01-02T10:00:00Z",
        "٣١/١٢/١٩٨٤",
        "0612345678", "06 12 34 56 78", "+262 262 12 34 56", "+33(0)612345678", "00 33 6 12 34 56 78",
        "jean@x.fr", "jean (at) x [dot] fr", "jean[arobase]x.fr", "jean arobase x.fr", "jean AROBASE x.fr",
        "jean {AT} x (point) fr"]
    # each value alone, at a text's start and end, and inside a sentence
    placed = [form for value in values for form in (value, f"{value} (soir)", f"écrire : {value}",
                                                     f"Tél. {value}, merci")]
    return ODD + placed + SIGNAL_CORPUS[::3] + rng.sample(streets, 6000)


CORPUS = _corpus()


def _groups(texts: list[str], seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    shuffled = list(texts)
    rng.shuffle(shuffled)
    groups, start = [], 0
    while start < len(shuffled):
        size = rng.choice([1, 2, 3, 5, 20, 40])
        groups.append(shuffled[start:start + size])
        start += size
    return groups


@pytest.mark.parametrize("seed", [1, 2])
def test_screened_signals_equal_each_text_on_its_own(seed):
    for group in _groups(CORPUS, seed):
        screen = screen_texts(group)
        for text in group:
            assert detect.text_signals(text, screen) == detect.text_signals(text), (text, group)


def test_odd_texts_together_and_alone():
    for text in ODD:
        assert detect.text_signals(text, screen_texts([text])) == detect.text_signals(text, UNSCREENED), text
    screen = screen_texts(ODD)
    assert screen == UNSCREENED
    nothing = patterns.TextScreen(patterns=False, dates=False, streets=False, iban_shapes=False)
    assert screen_texts(["Relevé 3 du jeu 17", "Relevé 4 du jeu 17"]) == nothing


def test_a_detector_is_screened_in_when_one_text_needs_it():
    plain = ["Relevé 3 du jeu 17"] * 5
    for text, kind in (("jean.dupont@gmail.com", "patterns"), ("06 12 34 56 78", "patterns"),
                       ("FR76 3000 6000 0112 3456 7890 189", "patterns"), ("12/03/1985", "dates"),
                       ("12 rue des Lilas", "streets"), ("FR76 3000 6000 0112 3456 7890 189", "iban_shapes"),
                       ("ß 12 ABCD EFGH IJKL", "iban_shapes"), ("FR 7 6", "iban_shapes")):
        assert getattr(screen_texts(plain + [text] + plain), kind), text


def test_only_digits_upper_case_to_digits_and_regex_spaces_are_split_spaces():
    """The premises of the IBAN-shape screen, on every character."""
    digit, space = re.compile(r"\d"), re.compile(r"\s")
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        upper = character.upper()
        assert upper and (bool(digit.match(character)) or not digit.search(upper)), code
        assert not digit.match(character) or upper == character, code
        assert bool(space.match(character)) == character.isspace(), code


def test_iban_shapes_screened_as_each_text():
    rng = random.Random(8)
    alphabet = "FRfrßſıﬁ76 \t\u00a0\n0123456789AB١٢"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(13, 40))) for _ in range(30_000)]
    for text in (t.strip() for t in texts if t.strip()):
        assert not patterns.iban_shaped(text) or screen_texts(["Relevé 3", text, "Relevé 4"]).iban_shapes, text


def test_folding_joined_texts_is_folding_each():
    rng = random.Random(3)
    alphabet = "aéÉŒœæΣσςΑ ﬁ²ǅ\u0301\u00a0¨-'.\n1x"
    for _ in range(3000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 5))]
        assert fold.__wrapped__("\n".join(texts)) == "\n".join(fold(t) for t in texts), texts


def test_column_signals_equal_text_signals(monkeypatch):
    monkeypatch.setattr(detect, "_KNOWN_SIGNALS", {})
    monkeypatch.setattr(detect, "_KNOWN_SIGNALS_SIZE", 50)  # emptied again and again
    for group in _groups(CORPUS[:3000], 4):
        distinct = list(dict.fromkeys(group))
        signals = detect.column_signals(distinct)
        for text in distinct:
            assert signals[text] == detect.text_signals(text), text
        assert detect.cell_signals(distinct[0]) == detect.text_signals(distinct[0])
    assert detect.cell_signals("12,5") is detect.NO_SIGNALS


def test_obfuscated_at_is_the_one_pattern_it_was():
    """has_obfuscated_at searches two patterns (each starting with a character set) where one alternation was."""
    alternation = re.compile(r"[\[({]\s*(?:at|arobase)\s*[\])}]|\sarobase\s", re.IGNORECASE)
    for text in CORPUS + ["x AROBASE y", "x ArObAsE\ty", "(AT)", "[ at ]", "{arobase}", "arobase", " arobase"]:
        assert patterns.has_obfuscated_at(text) == (alternation.search(text) is not None), text
