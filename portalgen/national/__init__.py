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

from importlib import import_module

#: What the package offers, and the module each name lives in. They are imported when first used
#: (PEP 562): the CLI reads the sources' names at every start, and a no-change rebuild must not pay
#: for the fetching, caching and publishing code.
_EXPORTS = {
    "FetchError": "http", "Fetcher": "http", "HttpSettings": "http", "make_http_fetcher": "http",
    "NationalDataset": "manifest", "NationalManifest": "manifest", "load_manifest": "manifest",
    "SOURCE_NAMES": "names", "SOURCES": "registry", "source_by_name": "registry",
    "NationalOptions": "run", "NationalReport": "run", "SourceOutcome": "run", "run_national": "run",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
