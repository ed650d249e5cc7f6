"""A column none of whose cells holds or looks like a contact, NIR or IBAN gets no pattern detection, and one
with no person-like cell no name detection, without the rules being asked (detect._pattern_detections and
detect._name_detection): the same answers as the rules give (tested here by making the same counts take the
general path, with a tally of no cells, which changes no count)."""

from __future__ import annotations

import itertools

import pytest

from portalgen.privacy import detect
from portalgen.privacy.detect import ColumnStats, Hint, _Tally
from portalgen.privacy.patterns import NameEvidence, PersonalKind

HINT_SETS = [frozenset(c) for size in range(3) for c in itertools.combinations(list(Hint), size)]


def _quiet_stats(hints: frozenset, non_empty: int, levels: tuple[NameEvidence, ...]) -> ColumnStats:
    stats = ColumnStats(column="colonne", hints=hints, non_empty=non_empty)
    stats.names = {level: _Tally(max(non_empty, 1), 0, "Texte") for level in levels}
    stats.fifteen_digits = non_empty  # read only with a NIR tally
    if non_empty:
        stats.birth.add(0, "01/01/1980", cells=non_empty)
        stats.street.add(0, "3 rue X", cells=non_empty)
    return stats


@pytest.mark.parametrize("hints", HINT_SETS)
@pytest.mark.parametrize("non_empty", [0, 1, 20])
@pytest.mark.parametrize("levels", [(), (NameEvidence.NONE,), (NameEvidence.LEGAL,),
                                    (NameEvidence.NONE, NameEvidence.LEGAL)])
def test_quiet_columns_get_what_the_rules_give(hints, non_empty, levels):
    stats = _quiet_stats(hints, non_empty, levels)
    assert detect._pattern_detections(stats) == []
    assert detect._name_detection(stats, sibling_first_names=False) is None
    assert detect._name_detection(stats, sibling_first_names=True) is None
    general = _quiet_stats(hints, non_empty, levels)
    general.whole[PersonalKind.EMAIL] = _Tally()  # no cell: the counts are the same, the shortcut is not taken
    for level in (NameEvidence.STRONG, NameEvidence.WEAK):
        general.names[level] = _Tally()
    assert detect._pattern_detections(general) == []
    assert detect._name_detection(general, sibling_first_names=False) is None
    assert detect._name_detection(general, sibling_first_names=True) is None


@pytest.mark.parametrize("texts", [
    ["1", "2", "", "3"],
    ["école", "vélo", "<b>x</b>", "Œuvre ✓ 日本 😀", "x\x00y", "long " * 300, ""],
    ["Mairie de Bancville", "Association Les Amis", "COMMUNE"],
])
@pytest.mark.parametrize("column", ["id", "nom", "prenom", "telephone", "iban", "nir", "libelle"])
def test_scans_of_quiet_columns_find_nothing(texts, column):
    """End to end: columns of plain values under any column name."""
    assert detect.detect_in_texts([column], [texts], len(texts)) == ()


def test_person_like_cells_still_flag_a_named_column():
    texts = ["M. Jean Dupont", "Mme Marie Martin", "Paul Durand"]
    found = detect.detect_in_texts(["nom"], [texts], len(texts))
    assert [d.kind for d in found] == [PersonalKind.PERSON_NAME]
    found = detect.detect_in_texts(["telephone"], [["06 12 34 56 78", "01 23 45 67 89"]], 2)
    assert [d.kind for d in found] == [PersonalKind.PHONE]
