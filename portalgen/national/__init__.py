"""The "dotation": national open data about the commune, fetched, cached and published as its own datasets.

``portalgen national [SITE]`` reads the commune's INSEE code in portal.yml, fetches what the State
publishes about it — boundary and key figures (geo.api.gouv.fr), addresses (Base Adresse
Nationale), accounts (OFGL/DGFiP), election results (Ministère de l'Intérieur) and the datasets
about the commune on data.gouv.fr — and writes each as an ordinary dataset
(``datasets/national-<source>.yml`` + ``data/national/<source>/``) with its provenance, so it goes
through the same pipeline as the commune's own data. Raw answers are cached in
``SITE/national/cache/`` (builds never need the network); ``national/manifest.json`` tells the
renderer which datasets are national and where the commune's boundary is.

Modules: :mod:`.run` (the command), :mod:`.registry` (the sources: :mod:`.commune`,
:mod:`.adresses`, :mod:`.budget`, :mod:`.elections`, :mod:`.datagouv`), :mod:`.http` (fetching),
:mod:`.cache`, :mod:`.identity` (unknown and merged INSEE codes), :mod:`.dataset_file`,
:mod:`.manifest` and :mod:`.enrich` (the manifest on ``site.extras["national"]``).
"""

from .http import FetchError, Fetcher, HttpSettings, make_http_fetcher
from .manifest import NationalDataset, NationalManifest, load_manifest
from .registry import SOURCE_NAMES, SOURCES, source_by_name
from .run import NationalOptions, NationalReport, SourceOutcome, run_national

__all__ = [
    "FetchError", "Fetcher", "HttpSettings", "make_http_fetcher", "NationalDataset", "NationalManifest",
    "load_manifest", "SOURCE_NAMES", "SOURCES", "source_by_name", "NationalOptions", "NationalReport",
    "SourceOutcome", "run_national",
]
