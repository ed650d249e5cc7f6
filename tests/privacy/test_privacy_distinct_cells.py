"""The privacy scan counts each distinct cell of a column once (with its count and first row), and checks
for SIRET/RNA only cells long enough to hold one: both must give what the plain scan of every cell gives."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from portalgen.privacy import detect, patterns
from portalgen.privacy.detect import ColumnStats, NameEvidence, PersonalKind

ODD = ["", "", "jean.dupont@gmail.com", "mairie@saint-aubin.fr", "06 12 34 56 78", "0612345678", "612345678",
       "1 84 12 75 108 123 45", "FR76 3000 6000 0112 3456 7890 189", "31/12/1984", "1984-12-31", "2024-01-02",
       "12 rue des Lilas", "M. Durand", "Jeanne Martin", "DUPONT Jean", "Élodie", "Zoé", "Martin",
       "<script>alert(1)</script>", "<b>Durand</b>", "1 234,56", "12,5", "-0.5", "None", "nan", "NA",
       "Tél. 06 12 34 56 78 ou jean@exemple.fr", "Œuvre &amp; ça € ✓ 日本", "  espaces  ",
       "un long texte qui parle de la commune, de ses rues et de ses habitants, sans rien de personnel",
       "80295478500028", "802954785", "W123456789", "w12345678", "123 456 789 00012", "SARL Dupont",
       "Association des amis", "=1+1", "48.1230", "Relevé 3 du jeu 17"]
NAMES = ["nom", "prenom", "email", "telephone", "commentaire", "date_naissance", "adresse", "siret",
         "raison_sociale", "nomBeneficiaire", "idBeneficiaire", "montant", "libellé"]


def _plain_stats(column: str, texts: list[str], legal_rows: list[bool], reference_date) -> ColumnStats:
    """The scan of every cell in row order, as the privacy scan did before counting distinct cells."""
    stats = ColumnStats(column=column, hints=detect.column_hints(column))
    for row, text in enumerate(texts):
        if not text:
            continue
        sig = detect.cell_signals(text)
        stats.non_empty += 1
        seen_whole: set[PersonalKind] = set()
        seen_embedded: set[PersonalKind] = set()
        whole = sig.only_patterns
        for match in sig.matches:
            if match.generic:
                continue
            if match.kind is PersonalKind.PHONE and match.compact and whole:
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
        if legal_rows[row] and level not in (NameEvidence.NONE, NameEvidence.LEGAL):
            level = NameEvidence.LEGAL
        stats.tally(stats.names, level).add(row, text)
        if sig.street:
            stats.street.add(row, text)
    return stats


def _columns(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = rng.choice([0, 1, 2, 5, 20, 60])
    pools = [rng.sample(ODD, rng.randint(1, 8)) for _ in range(4)] + [ODD]
    return [[rng.choice(pool) for _ in range(rows)] for pool in pools]


@pytest.mark.parametrize("seed", range(150))
def test_column_stats_equal_the_scan_of_every_cell(seed):
    rng = random.Random(seed)
    reference_date = rng.choice([None, dt.date(2026, 1, 1)])
    for texts in _columns(seed):
        column = rng.choice(NAMES)
        legal_rows = [rng.random() < 0.5 for _ in texts] if rng.random() < 0.5 else None
        expected = _plain_stats(column, texts, legal_rows or [False] * len(texts), reference_date)
        got = detect._column_stats(column, texts, legal_rows, {}, reference_date)
        # birth years are kept for their span only: the same years, maybe in another order
        assert sorted(got.birth_years) == sorted(expected.birth_years)
        assert replace(got, birth_years=[]) == replace(expected, birth_years=[])


@pytest.mark.parametrize("seed", range(150))
def test_detections_unchanged_by_repeats(seed):
    """Whole tables: the detections do not depend on how the scan walks the cells."""
    columns = _columns(seed)
    names = random.Random(seed).sample(NAMES, len(columns))
    rows = len(columns[0])
    found = detect.detect_in_texts(names, columns, rows, reference_date=dt.date(2026, 1, 1))
    # the same table with its rows in reverse order finds the same kinds (first rows aside)
    reversed_found = detect.detect_in_texts(names, [c[::-1] for c in columns], rows,
                                            reference_date=dt.date(2026, 1, 1))
    assert [(d.column, d.kind, d.count) for d in found] == [(d.column, d.kind, d.count) for d in reversed_found]


def test_legal_id_check_skips_only_cells_too_short_to_be_one():
    rng = random.Random(3)
    alphabet = "0123456789 .Ww"
    texts = ODD + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(20_000)]
    for text in texts:
        assert detect._is_legal_id(text) == (patterns.siret_is_valid(text) or patterns.is_rna(text)), text
