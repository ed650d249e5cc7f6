"""The street-address regex groups its street types by shared beginnings (word_alternation) and starts with a
plain character set (no ``^`` alternative): it must match exactly what the pattern written with the plain
alternation and ``(?:^|[\\s,(])`` matches, at the same places, on the texts it is given (a space first)."""

from __future__ import annotations

import random
import re

from portalgen.privacy import patterns
from portalgen.privacy.patterns import fold, word_alternation

# The pattern as it was written before the grouping: the plain alternation, the reference.
_PLAIN_STREET_RE = re.compile(
    r"(?:^|[\s,(])\d{1,4}\s*(?:bis|ter|quater|[a-d])?\b[\s,]*"
    r"(?:" + "|".join(re.escape(t) for t in patterns._MATCHED_STREET_TYPES) + r")\.?\s+\S",
)


def _corpus() -> list[str]:
    rng = random.Random(16)
    types = list(patterns.STREET_TYPES) + ["ru", "rues", "avenu", "bdx", "chemins", "lieu", "rond", "ruell",
                                           "alle", "pla", "Rue", "AVENUE", "Allée", "Cité", "Montée"]
    pieces = ["12", "3", "1234", "12345", "7bis", "8 ter", "9 quater", "4b", "5 e", "", " ", ",", ", ", "(",
              "-", ".", "\n", "\t", "des Lilas", "de la Gare", "é", "Œuvre", "<b>", "</b>", "<script>x</script>",
              "n°", "1,5", "0", "bis", "ter", "x", "saint-", "Paris", "86000", "BP 12"]
    texts = ["", " ", "12", "12 rue", "12 rue ", "12 rue x", "12 bis rue des Lilas", "3 ter, avenue Foch",
             "(4) place", "4 pl. du Marché", "12rue x", "12 bisrue x", "1 r x 2 av y", "a12 rue x",
             "12 rue\nx", "12 lieu-dit Le Bourg", "1 rue x", "\n1 rue x", ",2 av y", "(3) bd z", "5 rond-point x", "5 rond point x", "10 allees x", "10 allee. x"]
    for _ in range(20000):
        parts = [rng.choice(pieces + types) for _ in range(rng.randint(1, 8))]
        texts.append(rng.choice(["", " ", ","]).join(parts))
    return texts


def test_grouped_street_types_match_like_the_plain_alternation():
    for text in _corpus():
        folded = " " + fold(text)
        plain, grouped = _PLAIN_STREET_RE.search(folded), patterns._STREET_RE.search(folded)
        assert (plain.span() if plain else None) == (grouped.span() if grouped else None), text


def test_word_alternation_matches_exactly_its_words():
    words = ("r", "rue", "ruelle", "route", "rte", "lieu-dit", "lieudit", "a.b", "all", "allee", "allees")
    pattern = re.compile(word_alternation(words))
    candidates = set(words) | {w[:i] for w in words for i in range(len(w))} | {w + "s" for w in words}
    for candidate in candidates:
        assert bool(pattern.fullmatch(candidate)) == (candidate in words), candidate
    assert re.fullmatch(word_alternation(("rue",)), "rue")
