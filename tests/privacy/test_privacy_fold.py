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
