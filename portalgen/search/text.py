"""Text analysis for the search index: accent folding, tokens, French stop words, light stemming.

The same steps run in the browser (themes/default/static/search.js, function ``analyse``) on
what a visitor types, so every rule here has a twin there; tests/search/test_browser.py checks
both give the same terms. The stemmer is deliberately light: it removes plural marks and one or
two common French suffixes, so "équipements", "équipement" and "équiper" share the term "equip".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIN_TOKEN = 2          # shorter tokens ("l" of "l'eau") are not indexed
MIN_STEM = 4           # a suffix is removed only when at least this many letters stay
STEM_PASSES = 2        # "municipalité" → "municipal" → "municip"
CHUNK_CACHE = 1 << 16  # chunks whose terms are remembered (see terms)

# Folded (no accents, lowercase). Words that carry no meaning for a search.
STOP_WORDS = frozenset("""
a ai au aux avec ce ces cet cette d dans de des du elle en est et etre il ils je l la le les leur leurs
lui ma mais me meme mes mon n ne ni nos notre nous on ou par pas pour qu que qui sa se ses son sont sur
ta te tes ton tu un une vos votre vous y
an and are as at be by for from in is it of on or the to with
http https www
""".split())

# Tried in this order; the first one that leaves at least MIN_STEM letters is removed.
SUFFIXES = (
    "issement", "atrice", "ateur", "ation", "ement", "ition", "ative", "atif", "erie", "iere", "aire",
    "isme", "iste", "ique", "able", "ible", "ance", "ence", "euse", "elle", "ette", "ite",
    "eur", "ier", "ive", "if", "el", "al", "ee", "er", "ez", "e",
)
VOWELS = frozenset("aeiouy")
_LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"))      # NFKD keeps them whole
_COMBINING = re.compile("[\u0300-\u036f]")
#: Every byte that is not an ASCII lowercase letter or digit becomes a space (see words).
_SEPARATORS = bytes(byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz0123456789" else ord(" ") for byte in range(256))


def fold(text: str) -> str:
    """Lowercase ASCII-ish text: "Équipements Sœur" → "equipements soeur".

    ASCII text is only lowercased: it has no ligature, NFKD leaves every ASCII character as it is and
    adds no combining mark, so the general steps would give the same text. Most index texts (column
    names, formats, many titles) are ASCII, and the normalisation is the costly step
    (tests/search/test_text.py compares both ways)."""
    return text.lower() if text.isascii() else fold_any(text)


def fold_any(text: str) -> str:
    """:func:`fold` of any text: ligatures spelt out, accents removed (NFKD, then combining marks), lowercase."""
    for ligature, letters in _LIGATURES:
        text = text.replace(ligature, letters)
    decomposed = unicodedata.normalize("NFKD", text)
    return _COMBINING.sub("", decomposed).lower()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order, stop words included: the runs of ASCII lowercase letters
    and digits of the folded text, as ``re.findall("[a-z0-9]+", fold(text))`` (and search.js) find them.

    Found here by making every other character a space and splitting at spaces, which costs a third less CPU
    than the regular expression: a character that is not ASCII becomes "?" (encode), every byte but a-z
    and 0-9 a space (translate), so the words split() gives are exactly the runs of a-z and 0-9, in order
    (tests/search/test_text.py compares both ways on odd texts)."""
    return fold(text).encode("ascii", "replace").translate(_SEPARATORS).decode("ascii").split()


def _strip_plural(word: str) -> str:
    if len(word) > 4 and word.endswith("eaux"):
        return word[:-1]                       # bureaux → bureau
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"                # journaux → journal
    if len(word) > 3 and word.endswith("ux"):
        return word[:-1]                       # jeux → jeu, eaux → eau
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]                       # parcs → parc
    return word


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in VOWELS:
        return word[:-1]                       # stationn → station
    return word


def _strip_suffix(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return _undouble(word[: -len(suffix)])
    return word


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The light French stem of a folded word; digits and short words are kept as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _strip_plural(word)
    for _ in range(STEM_PASSES):
        shorter = _strip_suffix(word)
        if shorter == word:
            break
        word = shorter
    return word


def plain_terms(text: str) -> list[str]:
    """The index terms of ``text``, in order with repeats: folded, without stop words, stemmed (as :func:`terms`
    gives them, made here from the whole text)."""
    return [stem(w) for w in words(text) if len(w) >= MIN_TOKEN and w not in STOP_WORDS]


class _ChunkTerms(dict):
    """The terms of each chunk (a run of non-space characters) seen, made when first asked for.

    Emptied when it reaches CHUNK_CACHE chunks, so that it stays small whatever the texts."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        if len(self) >= CHUNK_CACHE:
            self.clear()
        found = self[chunk] = tuple(plain_terms(chunk))
        return found


_CHUNK_TERMS = _ChunkTerms()


def terms(text: str) -> list[str]:
    """The index terms of ``text`` (:func:`plain_terms`), as the terms of its chunks one after the other.

    The same words come back chunk after chunk (over a catalogue's titles, descriptions, resource texts…), and
    folding, splitting and stemming them is most of the index's text work: each chunk's terms are remembered.
    The terms of a text are those of its chunks because each whitespace character is a separator once folded
    (a space, or a character that is not ASCII), and folding is done character by character (NFKD only reorders
    combining marks, which never cross a space; lowercase only depends on the context for the final sigma,
    which is not ASCII either way): tests/search/test_text.py compares both ways on odd texts."""
    return [term for chunk in text.split() for term in _CHUNK_TERMS[chunk]]


def value_key(label: str) -> str:
    """A short URL-safe key for a facet value: "Économie et finances" → "economie-et-finances"."""
    return "-".join(words(label))
