"""The SIRET/RNA check of the privacy scan skips cells too short to hold one: it must give what the full
checks give."""

from __future__ import annotations

import random

from portalgen.privacy import detect, patterns

ODD = ["", "80295478500028", "802954785", "802 954 785 00028", "802.954.785", "W123456789", "w123456789",
       " W123456789 ", "W12345678", "12345678", "1234567", "356000000", "35600000000048", "06 12 34 56 78",
       "<script>alert(1)</script>", "Œuvre &amp; ça € ✓ 日本", "１２３４５６７８９", "١٢٣٤٥٦٧٨٩", "1 234,56", "31/12/2024",
       "None", "nan", "a" * 500]


def test_legal_id_check_skips_only_cells_too_short_to_be_one():
    rng = random.Random(3)
    alphabet = "0123456789 .Ww"
    texts = ODD + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(50_000)]
    for text in texts:
        assert detect._is_legal_id(text) == (patterns.siret_is_valid(text) or patterns.is_rna(text)), text
