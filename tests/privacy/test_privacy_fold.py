"""fold asks only non-ASCII characters whether they are combining marks: the same text as asking each character."""

from __future__ import annotations

import random
import unicodedata

from portalgen.privacy.patterns import fold


def _reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def test_fold_equals_asking_every_character():
    every_character = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for start in range(0, len(every_character), 997):
        piece = every_character[start:start + 997]
        assert fold.__wrapped__(piece) == _reference_fold(piece)
    rng = random.Random(5)
    alphabet = "aéèêëàçôöüÉÈŒœæÆ ﬁ①²ǅ中文🙂\u0301\u0327\u00a0-'<>&\"x1,;"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert fold.__wrapped__(text) == _reference_fold(text)
    for text in ("Relevé 3 du jeu 17", "Prénom", "Œuvre", "<script>alert('é')</script>", "x" * 300 + "é", ""):
        assert fold(text) == _reference_fold(text)


def test_fold_per_character_equals_folding_whole_texts():
    """The character table of fold (see patterns._CharacterFolds) gives what normalising whole texts gives:
    combining marks in any order (canonical reordering), marks after ASCII letters, ligatures,
    compatibility characters, a final sigma (lower-casing in context), dotted capital I, Hangul, Windows-1252
    punctuation, HTML."""
    texts = ("e\u0327\u0301t\u0301\u0327e", "a\u0301\u0316\u0300", "ΣΟΦΟΣ ΣΑΣ", "İstanbul", "한국어 ᄀ\u1161",
             "ﬁn ① ｒｕｅ ²", "Œuvre æ Æ œ", "l’été « dû » – 12,5 €", "<b>Élodie</b> & \"Zoé\"", "\u0301é",
             "Ǆemal ǅ", "Ⅻ ㎏ ½", "\u2028\u00a0\u202f", "ß straße ẞ", "ﬀ ﬃ", "x" * 200 + "ȩ\u0301")
    for text in texts:
        assert fold.__wrapped__(text) == _reference_fold(text), text
    rng = random.Random(14)
    alphabet = "aeĀ\u0301\u0300\u0316\u0327\u05b0\u0e48ΣσςİıßØøŒœÆæǅﬁ①한\u1161 .-'"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert fold.__wrapped__(text) == _reference_fold(text), text
