"""Split the communes over CI runners: ``--shard K/N`` builds a deterministic share of them.

A commune's shard depends only on its slug (a SHA-256 hash), so adding or removing a commune never
moves another one to a different runner (its cache stays useful there).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Shard:
    """Share ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, slug: str) -> bool:
        """True when the commune ``slug`` belongs to this share."""
        return shard_of(slug, self.count) == self.index


def parse_shard(text: str) -> Shard:
    """Read 'K/N' (1 <= K <= N); ValueError with a message for people otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise ValueError(f'"{text}" is not a shard: write K/N, e.g. --shard 1/4 for the first of four shares')
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ValueError(f'"{text}" is not a shard: K must be between 1 and N, e.g. 1/4 … 4/4')
    return Shard(index, count)


def shard_of(slug: str, count: int) -> int:
    """The share (1 … count) the commune ``slug`` belongs to."""
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def select(items: Iterable[T], shard: Shard | None, slug_of) -> list[T]:
    """The items of ``shard`` (all of them without a shard), in their given order."""
    return [item for item in items if shard is None or shard.holds(slug_of(item))]
