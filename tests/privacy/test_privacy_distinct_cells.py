"""The column counts of the scan, made once per distinct cell text, equal those of a pass over every cell."""

from __future__ import annotations

import datetime as dt
from collections import Counter
import random

from portalgen.privacy import detect

#: Odd cell texts: empty, personal data of every kind, dates, numbers, unicode, HTML, long texts.
TEXTS = ["", "", "Jean Dupont", "Marie", "SARL Martin", "06 12 34 56 78", "0612345678", "612345678",
         "a.b@exemple.fr", "écrire à jean.dupont@exemple.fr svp", "12 rue de la Paix", "FR7630006000011234567890189",
         "1 84 12 75 108 123 45", "184127510812345", "31/12/1980", "2024-01-02", "1980-05-17T10:00:00", "1 234,5",
         "12,5", "-3", "0", "NA", "null", "<script>alert('x')</script>", "é😀 中文", "x" * 300,
         "Le conseil a voté la subvention de l'association des parents d'élèves " * 3,
         "21410298000015", "W123456789", "oui", "Dupont", "Zoé N'Guyen"]


def _reference_stats(column: str, texts: list[str], legal_rows: list[bool], reference_date: dt.date) -> detect.ColumnStats:
    """The counts as a pass over every cell, one after the other, makes them."""
    stats = detect.ColumnStats(column=column, hints=detect.column_hints(column))
    for row, text in enumerate(texts):
        if not text:
            continue
        sig = detect.cell_signals(text)
        stats.non_empty += 1
        seen_whole: set = set()
        seen_embedded: set = set()
        whole = sig.only_patterns
        for match in sig.matches:
            if match.generic:
                continue
            if match.kind is detect.PersonalKind.PHONE and match.compact and whole:
                stats.compact_phone.add(row, text, match)
            elif whole and match.kind not in seen_whole:
                seen_whole.add(match.kind)
                stats.tally(stats.whole, match.kind).add(row, text, match)
            elif not whole and match.kind not in seen_embedded:
                seen_embedded.add(match.kind)
                stats.tally(stats.embedded, match.kind).add(row, text, match)
        if seen_embedded:
            stats.embedded_cells.add(row, text)
        if sig.bare_nine_digits or sig.phone_digits:
            stats.bare_nine.add(row, text)
        if sig.nir_shaped:
            stats.nir_shaped.add(row, text)
        if sig.fifteen_digits:
            stats.fifteen_digits += 1
        if sig.iban_shaped:
            stats.iban_shaped.add(row, text)
        if sig.date is not None and detect.is_plausible_birth_date(sig.date, reference_date):
            stats.birth.add(row, text)
            stats.birth_years.append(sig.date.year)
        level = sig.name
        if legal_rows[row] and level not in (detect.NameEvidence.NONE, detect.NameEvidence.LEGAL):
            level = detect.NameEvidence.LEGAL
        stats.tally(stats.names, level).add(row, text)
        if sig.street:
            stats.street.add(row, text)
    return stats


def _sorted_years(stats: detect.ColumnStats) -> detect.ColumnStats:
    stats.birth_years.sort()  # only read for their minimum and maximum
    return stats


def test_distinct_cell_counts_equal_the_cell_by_cell_counts():
    rng = random.Random(11)
    reference_date = dt.date(2026, 1, 1)
    for case in range(300):
        rows = rng.choice([0, 1, 2, 5, 20, 60])
        pool = rng.sample(TEXTS, rng.randint(1, 6))  # few distinct texts: many repeats
        texts = [rng.choice(pool) for _ in range(rows)]
        legal_rows = ([False] * rows if case % 3 else [rng.random() < 0.5 for _ in range(rows)])
        column = rng.choice(["nom", "telephone", "contact", "date_naissance", "adresse", "libelle", "siret"])
        grouped = detect._column_stats(column, texts, legal_rows, Counter(texts), reference_date)
        assert _sorted_years(grouped) == _sorted_years(_reference_stats(column, texts, legal_rows, reference_date))


def _legal_ids(columns: list[str], texts: list[list[str]]) -> list[int]:
    return detect._legal_id_columns(columns, texts, detect.cell_counts(texts))


def _reference_legal_ids(columns: list[str], texts: list[list[str]]) -> list[int]:
    """_legal_id_columns as a pass over every cell makes it."""
    positions = []
    for index, column in enumerate(columns):
        words = set(detect.name_tokens(column))
        if words & {"coll", "collectivite", "attribuant", "producteur", "bgt", "publisher"}:
            continue
        filled = [t for t in texts[index] if t]
        if not filled:
            continue
        valid = sum(1 for t in filled if detect.siret_is_valid(t) or detect.is_rna(t))
        if (words & {"siret", "siren", "rna"} and valid) or valid >= 0.8 * len(filled):
            if len(filled) > 1 and len(set(filled)) == 1:
                continue
            positions.append(index)
    return positions


def test_legal_id_columns_from_shared_counts_equal_a_cell_by_cell_pass():
    rng = random.Random(14)
    ids = ["21410298000015", "W123456789", "214 102 980 00015", "732829320", "12345678901234", ""]
    for _ in range(500):
        rows = rng.choice([0, 1, 2, 5, 20])
        columns = rng.sample(["siret", "code", "nom", "siret_coll", "rna", "libelle"], rng.randint(1, 4))
        texts = [[rng.choice(rng.choice([ids, TEXTS])) for _ in range(rows)] for _ in columns]
        assert _legal_ids(columns, texts) == _reference_legal_ids(columns, texts)


def test_legal_id_columns_count_each_cell():
    siret, other = "21410298000015", "W123456789"
    assert _legal_ids(["siret"], [[siret, siret, "", siret]]) == []  # the publisher's own
    assert _legal_ids(["siret"], [[siret, other, "", "x"]]) == [0]
    assert _legal_ids(["code"], [[siret, other, siret, other, "x"]]) == [0]  # 4 of 5 valid
    assert _legal_ids(["code"], [[siret, other, "x", "y", ""]]) == []
    assert _legal_ids(["code"], [["", ""]]) == []


def test_legal_id_prechecks_equal_the_full_checks():
    rng = random.Random(5)
    texts = TEXTS + ["21410298000015", " 214 102 980 00015", ".21410298000015", "214102980", "w123456789",
                     " W123456789", "１２３４５６７８９", "²14102980", "Relevé 1 du jeu 1", "W12345678x"]
    texts += ["".join(rng.choice("0123456789 .Ww²é-x") for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    for text in texts:
        assert detect._is_legal_id(text) == (len(text) >= 9 and (detect.siret_is_valid(text) or detect.is_rna(text)))


def test_legal_id_columns_answered_early_equal_a_cell_by_cell_pass():
    """_holds_legal_ids stops once the answer is known: columns around the 80 % bar, named or not, with
    empty cells and odd texts, give the answer of counting every cell."""
    rng = random.Random(18)
    ids = ["21410298000015", "W123456789", "214 102 980 00015", "732829320", "w987654321", "356000000 00048"]
    others = TEXTS + ["12345678901234", "2024-01-02", "214102980", "W12345678", "  ", "1.5"]
    for _ in range(2000):
        rows = rng.choice([1, 2, 4, 5, 9, 10, 20, 41, 60])
        share = rng.choice([0.0, 0.5, 0.75, 0.8, 0.85, 0.95, 1.0])
        columns = rng.sample(["siret", "code", "nom", "rna", "libelle", "identifiant", "siren_beneficiaire"],
                             rng.randint(1, 3))
        texts = [[rng.choice(ids) if rng.random() < share else rng.choice(others) for _ in range(rows)]
                 for _ in columns]
        assert _legal_ids(columns, texts) == _reference_legal_ids(columns, texts)
