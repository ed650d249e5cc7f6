"""Quality criteria of data.gouv.fr, computed for each dataset (filled by the metadata work)."""

from __future__ import annotations


def enrich(site, context):
    return site, []
