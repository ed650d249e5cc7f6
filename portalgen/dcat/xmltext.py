"""Text made safe for every serialisation: XML 1.0 cannot hold control characters at all."""

from __future__ import annotations

import re

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """The text without the characters XML 1.0 forbids (tabs and newlines are kept)."""
    return _ILLEGAL_XML.sub("", text or "")
