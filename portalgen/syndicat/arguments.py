"""Command-line argument types of build-all (light: imported when the parser is made)."""

from __future__ import annotations

import argparse

from .shards import Shard, parse_shard


def shard_argument(text: str) -> Shard:
    """argparse type of --shard K/N."""
    try:
        return parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def jobs_argument(text: str) -> int:
    """argparse type of --jobs N (N >= 1)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of processes: write a whole number from 1, e.g. --jobs 2')
    return value
