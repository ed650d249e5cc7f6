"""Accent folding, tokens and the light French stemmer of the search index."""

import pytest

from portalgen.search.text import fold, stem, terms, value_key, words


def test_fold_removes_accents_ligatures_and_case():
    assert fold("Équipements SPORTIFS à Lérette") == "equipements sportifs a lerette"
    assert fold("Sœur, Cæcilia, ﬁn") == "soeur, caecilia, fin"


def test_words_split_on_anything_but_letters_and_digits():
    assert words("L'eau — potable (2024) : d'Équipement/voirie") == ["l", "eau", "potable", "2024", "d", "equipement", "voirie"]


@pytest.mark.parametrize("variants", [
    ("Équipements", "équipement", "equipement", "équiper", "équipé"),
    ("sportifs", "sportive", "sport"),
    ("culture", "culturelle", "culturel"),
    ("stationnement", "station"),
    ("budget", "budgétaire", "budgets"),
    ("déchets", "déchetterie"),
    ("finances", "financier", "financière"),
    ("année", "années"),
    ("eau", "eaux"),
    ("vélo", "vélos", "VELOS"),
    ("municipal", "municipalité", "municipale"),
])
def test_forms_of_a_word_share_one_stem(variants):
    stems = {stem(w) for v in variants for w in words(v)}
    assert len(stems) == 1, stems


def test_short_words_and_numbers_are_kept_as_they_are():
    assert stem("eau") == "eau"
    assert stem("2024") == "2024"
    assert stem("a4b5") == "a4b5"


def test_terms_drop_stop_words_and_single_letters():
    assert terms("Les équipements sportifs de l'école et la piscine") == ["equip", "sport", "ecol", "piscin"]
    assert terms("de la et") == []
    assert terms("") == []


def test_value_keys_are_url_safe_and_ignore_case_and_accents():
    assert value_key("Économie et finances") == "economie-et-finances"
    assert value_key("économie  ET Finances !") == "economie-et-finances"
    assert value_key("— ; —") == ""


@pytest.mark.parametrize("text", [
    "", " ", "Budget 2024", "BUDGET primitif", "l'eau", "a\tb\nc", "<script>alert('x')</script>", "1,5 %",
    "12,50", "2024-03-01", "x" * 5000, "Liste des subventions versees aux associations " * 40, "\x00\x7f~",
    "Équipements Sœur", "ÆTHER", "café", "naïve", "ﬁn", "½", "①", "Ｆｕｌｌ", "İstanbul", "ß", "日本語",
    "Subventions de l’année", "é" * 3000,
])
def test_fold_is_fold_any(text):
    from portalgen.search.text import fold, fold_any

    assert fold(text) == fold_any(text)


@pytest.mark.parametrize("text", [
    "", " ", "Budget 2024", "l'eau d'été", "a\tb\nc\rd\x0be\x0cf\x1cg\x85h\u2028i\u00a0j", "<script>alert('x')</script> & \"x\"",
    "1 234,56 € – 31/12/2024", "2024-03-01T10:00:00", "null None NaN", "x" * 5000, "Équipements SŒUR cœur æther",
    "İstanbul ǅ ﬁn Ⅻ ² ½ ① K ß ẞ", "ΑΣ σ 日本語 😀", "\x00\x7f~_-", "mot " * 500, "Subventions de l’année",
])
def test_words_are_the_runs_of_letters_and_digits_of_the_folded_text(text):
    import re

    assert words(text) == re.findall("[a-z0-9]+", fold(text))


SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@pytest.mark.parametrize("text", [
    "", " ", "Budget 2024", "l'eau d'été", "a\tb\nc\rd\x0be\x0cf\x1cg\x85h\u2028i\u00a0j\u3000k", "mot " * 500,
    "<script>alert('x')</script> & \"x\"", "1 234,56 € – 31/12/2024", "Équipements SŒUR cœur æther",
    "İstanbul ǅ ﬁn Ⅻ ² ½ ① K ß ẞ", "ΑΣ Σ σ ΟΔΟΣ 日本語 😀", "\x00\x7f~_-", "e\u0301te\u0301 \u0301e \u0327\u0301c",
    "x".join(SPACES) + " \u0301".join(SPACES), "".join(f"e{s}\u0301\u0323e" for s in SPACES),
])
def test_terms_are_the_terms_of_the_text_taken_whole(text):
    from portalgen.search.text import plain_terms

    assert terms(text) == plain_terms(text)
    assert terms(text) == plain_terms(text)  # the second time, from the chunks remembered


def test_every_character_folds_alike_beside_a_space_and_every_space_separates():
    """Why terms may take a text chunk by chunk: no character folds differently for a space beside it,
    and every whitespace character splits words."""
    import unicodedata

    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) not in ("Cn", "Co", "Cs"):   # every character but unassigned, private, surrogate
            assert words(f"a{char} {char}b") == words(f"a{char}") + words(f"{char}b"), hex(code)
    for space in SPACES:
        assert words(f"a{space}b") == ["a", "b"], hex(ord(space))
