"""Enrichment: pure-ish functions Site -> Site that add what the data tells (profiles, downloads, checks)."""

from .stage import enrich_site

__all__ = ["enrich_site"]
