"""Many communes, one command: a syndicat builds every commune's portal, a regional catalogue and an observatory.

A syndicat folder holds ``syndicat.yml`` (:mod:`.schema`) and ``communes/<slug>/``, each a normal
site folder whose portal.yml inherits the syndicat's defaults (:mod:`.inherit`).
:func:`build_all` builds the communes in parallel processes (:mod:`.worker`), optionally one shard
of them (:mod:`.shards`), then the regional portal (:mod:`.pages`, :mod:`.catalogue`,
:mod:`.regional_search`, :mod:`.observatory`); :func:`merge` assembles shard outputs (:mod:`.output`).

The names below are imported on first use, so that ``portalgen --help`` stays fast.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "RegionalResult": "build", "SyndicatReport": "build", "assemble": "build", "build_all": "build",
    "default_jobs": "build", "merge": "build", "CommuneEntry": "load", "SyndicatSource": "load",
    "load_syndicat": "load", "SiteDefaults": "schema", "SyndicatConfig": "schema", "Shard": "shards",
    "parse_shard": "shards", "shard_of": "shards", "CommuneResult": "worker",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
