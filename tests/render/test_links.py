"""The quoting of mail links (render/links.py quote_text, used by the error-report link) is urllib.parse.quote."""

from __future__ import annotations

import random
from urllib.parse import quote

import pytest

from portalgen.render.links import quote_text


def test_quote_text_as_urllib_quote():
    texts = ["", " ", "/", "a/b c", "Signaler une erreur : « Budget 2024 » ñ 🌳", "<script>alert('x')</script>",
             "a & b = c?d#e%f+g", "line\nbreak\ttab\r\x00\x7f", "https://data.example.fr/datasets/x/", "~_.-",
             "x" * 3000, "\u2028\u202f\u00a0", "%41", "déjà-vu"]
    rnd = random.Random(3)
    alphabet = [chr(code) for code in range(0, 0x250)] + ["€", "’", "🌳", "\uffff", "\U0010ffff"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80))) for _ in range(500)]
    for text in texts:
        assert quote_text(text) == quote(text), text


def test_quote_text_fails_as_urllib_quote_on_a_lone_surrogate():
    with pytest.raises(UnicodeEncodeError):
        quote("\ud800")
    with pytest.raises(UnicodeEncodeError):
        quote_text("\ud800")
