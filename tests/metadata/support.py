"""Test support for the metadata files: small sites, and a reader that takes the catalogue the way
data.gouv.fr's DCAT harvester (udata) does.

The reader follows udata's logic, studied in its source (``udata/harvest/backends/dcat.py``,
``udata/core/dataset/rdf.py``, ``udata/rdf.py``, ``License.guess`` in ``udata/core/dataset/models.py``):

- the format of every page is guessed once, from the extension of the URL it is given
  (.rdf -> RDF/XML, .ttl -> Turtle, .jsonld/.json -> JSON-LD);
- each page is parsed as its own graph; the next page is the ``hydra:next`` of the node typed
  ``hydra:PartialCollectionView`` (or ``hydra:nextPage`` of a ``hydra:PagedCollection``); there is
  no loop guard;
- every subject typed ``dcat:Dataset`` is a dataset; its remote id is its ``dct:identifier``
  (without one it cannot be matched again at the next harvest), its title is mandatory;
- a resource is made of each ``dcat:distribution``; its URL is ``dcat:downloadURL`` or else
  ``dcat:accessURL``; resources are matched by that URL;
- the licence is guessed from the ``dct:license`` (and ``dct:rights``) values of the dataset, then
  of its distributions, each value being the ``rdfs:label`` of the node when it has one: a match
  on licence id, slugified title, URL or alternate URL (udata then tries fuzzy matches, which a
  catalogue should not rely on, so this reader does not);
- the format is the label of ``dct:format`` or the last segment of an EU file-type URI, lowercased;
  the media type is the end of an IANA URI in ``dcat:mediaType``; the size is ``dcat:byteSize``;
- the schema is ``dct:conformsTo``: a URL that data.gouv.fr knows when it is a
  schema.data.gouv.fr schema.json URL.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS as DCT, RDF, RDFS, SKOS
from rdflib.util import SUFFIX_FORMAT_MAP, guess_format

from portalgen.dcat.namespaces import DCAT, EU_FILE_TYPE, EU_FREQUENCY, HYDRA, IANA_MEDIA_TYPES, VCARD
from portalgen.dcat.schemas import parse_canonical_url
from portalgen.dcat.vocabularies import DATAGOUV_LICENCE_TITLES
from portalgen.licences import LICENCES

REPO = Path(__file__).resolve().parents[2]
SHARED_REFERENCE = REPO.parent / "shared" / "reference" / "dcat"
LICENCE_SNAPSHOT = SHARED_REFERENCE / "datagouv_licenses_snapshot.json"
DCAT_AP_SHAPES = SHARED_REFERENCE / "dcat-ap-3.0.1" / "shacl" / "dcat-ap-SHACL.ttl"

SITE_URL = "https://example.org/testville/"
COMMUNE_SIRET = "21350238800019"

PORTAL = f"""\
title: Données ouvertes de Testville
description: La commune de Testville publie ses données pour que chacun puisse les consulter et les réutiliser.
commune:
  name: Testville
  insee: "35238"
  siret: "{COMMUNE_SIRET}"
  latitude: 48.11
  longitude: -1.68
site_url: {SITE_URL}
publisher:
  name: Mairie de Testville
  email: mairie@testville.fr
contact:
  email: opendata@testville.fr
"""

LONG_DESCRIPTION = ("Les subventions versées par la commune aux associations et aux autres organismes, "
                    "avec le bénéficiaire, l'objet, le montant et la date de la convention, pour chaque année.")

SUBVENTIONS_CSV = (
    "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,"
    "rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,"
    "pourcentageSubvention,dispositifAide\n"
    f"Commune de Testville,{COMMUNE_SIRET},2024-03-12,DEL-2024-12,Club de football,,W351234567,"
    "Fonctionnement annuel,1500,aide en numéraire,Unique,2024-04-01,,non,1,\n"
    f"Commune de Testville,{COMMUNE_SIRET},2024-05-02,DEL-2024-31,Chorale,,W351234568,"
    "Concert de printemps,300,aide en numéraire,Unique,2024-06-01,,non,1,\n"
)

SUBVENTIONS_YML = f"""\
title: Subventions aux associations
description: {LONG_DESCRIPTION}
theme: Économie et finances
keywords: [subventions, associations]
frequency: annual
schema: scdl/subventions
issued: 2021-02-01
modified: 2025-06-30
temporal: {{start: 2024-01-01, end: 2024-12-31}}
resources:
  - path: subventions-2024.csv
    title: Subventions 2024
    description: Une ligne par subvention versée en 2024.
"""


def write_files(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write a site folder: ``files`` maps relative paths to text (dedented), bytes, or None (skip)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def metadata_site(root: Path, extra: dict[str, str | bytes | None] | None = None) -> Path:
    """A small, well-described site: one SCDL dataset, plus whatever ``extra`` adds or replaces."""
    files: dict[str, str | bytes | None] = {
        "portal.yml": PORTAL,
        "datasets/subventions.yml": SUBVENTIONS_YML,
        "data/subventions-2024.csv": SUBVENTIONS_CSV,
    }
    files.update(extra or {})
    return write_files(root, files)


def findings_text(report) -> str:
    return "\n".join(f"{f.level.value}: {f.format()}" for f in report.findings)


# ------------------------------------------------------------------------------------------------
# data.gouv.fr's licence list
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownLicence:
    id: str
    title: str
    url: str | None
    alternate_urls: tuple[str, ...] = ()
    alternate_titles: tuple[str, ...] = ()


def datagouv_licences() -> tuple[KnownLicence, ...]:
    """data.gouv.fr's licence list: the shared snapshot when present, else portalgen's own table."""
    if LICENCE_SNAPSHOT.is_file():
        data = json.loads(LICENCE_SNAPSHOT.read_text(encoding="utf-8"))
        return tuple(KnownLicence(item["id"], item["title"], item.get("url"), tuple(item.get("alternate_urls") or ()),
                                  tuple(item.get("alternate_titles") or ())) for item in data)
    return tuple(KnownLicence(lid, title, LICENCES[lid].url if lid in LICENCES else None)
                 for lid, title in DATAGOUV_LICENCE_TITLES.items())


def udata_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def guess_licence_one(text: str, licences: tuple[KnownLicence, ...]) -> tuple[KnownLicence, str] | None:
    """udata's License.guess_one without its fuzzy (edit distance) fallbacks: (licence, how)."""
    if not text:
        return None
    text = text.strip().lower()
    slug = udata_slug(text)
    for licence in licences:
        if licence.id.lower() == text:
            return licence, "id"
        if udata_slug(licence.title) == slug:
            return licence, "title"
        if licence.url and licence.url.lower() == text:
            return licence, "url"
        if text in (u.lower() for u in licence.alternate_urls):
            return licence, "alternate url"
    if re.match(r"^https?://", text):
        parsed = urlparse(text)
        query = f"{parsed.netloc}{parsed.path.rstrip('/')}"
        for licence in licences:
            if (licence.url and query in licence.url.lower()) or any(query in u for u in licence.alternate_urls):
                return licence, "url part"
    return None


def guess_licence(strings, licences) -> tuple[KnownLicence, str] | None:
    for string in strings:
        match = re.search(r"(https?://\S+)", string.rstrip("."))
        candidates = (match.group(1), string.replace(match.group(1), "").strip()) if match else (string,)
        for candidate in candidates:
            found = guess_licence_one(candidate, licences)
            if found:
                return found
    return None


# ------------------------------------------------------------------------------------------------
# The harvester
# ------------------------------------------------------------------------------------------------

@dataclass
class HarvestedResource:
    url: str
    title: str
    format: str | None
    mime: str | None
    filesize: int | None
    schema_url: str | None
    schema_known: tuple[str, str] | None
    licences: set[str]


@dataclass
class HarvestedDataset:
    remote_id: str
    uri: str | None
    title: str
    description: str
    licence: KnownLicence | None
    licence_match: str | None
    tags: set[str]
    frequency: str | None
    temporal: tuple | None
    schema_url: str | None
    schema_known: tuple[str, str] | None
    contact_email: str | None
    remote_url: str | None
    resources: list[HarvestedResource] = field(default_factory=list)


@dataclass
class HarvestJob:
    pages: list[str] = field(default_factory=list)
    datasets: list[HarvestedDataset] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    graphs: list[Graph] = field(default_factory=list)

    def dataset(self, remote_id_end: str) -> HarvestedDataset:
        return next(d for d in self.datasets if d.remote_id.endswith(remote_id_end))


FORMAT_MAP = {**SUFFIX_FORMAT_MAP, "json": "json-ld", "jsonld": "json-ld", "xml": "xml"}


def label_or_value(graph: Graph, node) -> str | None:
    """udata's serialize_value(parse_label=True)."""
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node.toPython())
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else str(node)


def _schema(graph: Graph, node) -> tuple[str | None, tuple[str, str] | None]:
    target = graph.value(node, DCT.conformsTo)
    if target is None:
        return None, None
    url = str(target)
    if not re.match(r"^https?://", url):
        return None, None
    return url, parse_canonical_url(url)


def _resource(graph: Graph, distribution) -> HarvestedResource | None:
    url = graph.value(distribution, DCAT.downloadURL) or graph.value(distribution, DCAT.accessURL)
    if url is None:
        return None
    fmt = label_or_value(graph, graph.value(distribution, DCT.format))
    if fmt and (str(EU_FILE_TYPE) in fmt or IANA_MEDIA_TYPES in fmt):
        fmt = fmt.rstrip("/").rsplit("/", 1)[-1]
    mime = label_or_value(graph, graph.value(distribution, DCAT.mediaType))
    if mime and IANA_MEDIA_TYPES in mime:
        mime = "/".join(mime.split("/")[-2:])
    size = graph.value(distribution, DCAT.byteSize)
    schema_url, known = _schema(graph, distribution)
    licences = {label_or_value(graph, o) for o in graph.objects(distribution, DCT.license)}
    return HarvestedResource(url=str(url), title=str(graph.value(distribution, DCT.title) or ""),
                             format=fmt.lower() if fmt else None, mime=mime,
                             filesize=size.toPython() if size is not None else None,
                             schema_url=schema_url, schema_known=known, licences=licences)


def dataset_from_graph(graph: Graph, node, licences) -> HarvestedDataset:
    title = graph.value(node, DCT.title)
    if not title:
        raise ValueError("missing title on dataset")
    resources = []
    hints: list[str] = []
    for distribution in sorted(graph.objects(node, DCAT.distribution)):
        resource = _resource(graph, distribution)
        if resource is not None:
            resources.append(resource)
        hints += [label_or_value(graph, o) for o in graph.objects(distribution, DCT.license)]
        hints += [label_or_value(graph, o) for o in graph.objects(distribution, DCT.rights)]
    own = [label_or_value(graph, o) for o in graph.objects(node, DCT.license)]
    own += [label_or_value(graph, o) for o in graph.objects(node, DCT.rights)]
    match = guess_licence(own + hints, licences)
    tags = {str(k) for k in graph.objects(node, DCAT.keyword)}
    tags |= {str(graph.value(t, SKOS.prefLabel)) for t in graph.objects(node, DCAT.theme)
             if graph.value(t, SKOS.prefLabel) is not None}
    frequency = graph.value(node, DCT.accrualPeriodicity)
    frequency_code = str(frequency)[len(str(EU_FREQUENCY)):] if frequency and str(frequency).startswith(
        str(EU_FREQUENCY)) else None
    temporal = None
    period = graph.value(node, DCT.temporal)
    if period is not None:
        start, end = graph.value(period, DCAT.startDate), graph.value(period, DCAT.endDate)
        if start is not None or end is not None:
            temporal = (start.toPython() if start is not None else None, end.toPython() if end is not None else None)
    contact = graph.value(node, DCAT.contactPoint)
    email = graph.value(contact, VCARD.hasEmail) if contact is not None else None
    schema_url, known = _schema(graph, node)
    landing = graph.value(node, DCAT.landingPage)
    return HarvestedDataset(
        remote_id=str(graph.value(node, DCT.identifier)), uri=str(node) if isinstance(node, URIRef) else None,
        title=str(title), description=str(graph.value(node, DCT.description) or ""),
        licence=match[0] if match else None, licence_match=match[1] if match else None, tags=tags,
        frequency=frequency_code, temporal=temporal, schema_url=schema_url, schema_known=known,
        contact_email=str(email).removeprefix("mailto:") if email is not None else None,
        remote_url=str(landing or node), resources=resources)


def harvest(first_url: str, fetch: Callable[[str], bytes], *, max_pages: int = 1000) -> HarvestJob:
    """Walk the catalogue from ``first_url`` the way udata does and map every dataset."""
    rdf_format = guess_format(first_url, FORMAT_MAP)
    assert rdf_format, f"udata cannot guess the format of {first_url} from its extension"
    licences = datagouv_licences()
    job = HarvestJob()
    url: str | None = first_url
    while url:
        assert url not in job.pages, f"the catalogue loops back to {url}: the harvester would never stop"
        assert len(job.pages) < max_pages
        job.pages.append(url)
        graph = Graph()
        graph.parse(data=fetch(url).decode("utf-8"), format=rdf_format)
        job.graphs.append(graph)
        url = None
        for cls, prop in ((HYDRA.PartialCollectionView, HYDRA.next), (HYDRA.PagedCollection, HYDRA.nextPage)):
            if (None, RDF.type, cls) in graph:
                view = graph.value(predicate=RDF.type, object=cls)
                next_page = graph.value(view, prop)
                url = str(next_page) if next_page is not None else None
                break
        for node in graph.subjects(RDF.type, DCAT.Dataset):
            if graph.value(node, DCT.identifier) is None:
                job.skipped.append(f"{node}: no dct:identifier")
                continue
            try:
                job.datasets.append(dataset_from_graph(graph, node, licences))
            except ValueError as exc:
                job.skipped.append(f"{node}: {exc}")
    return job


def site_fetcher(out_dir: Path, site_url: str = SITE_URL) -> Callable[[str], bytes]:
    """Serve the built site as a static host would: a URL under site_url is a file of ``out_dir``."""
    def fetch(url: str) -> bytes:
        assert url.startswith(site_url), f"{url} is not on the portal ({site_url})"
        path = unquote(url[len(site_url):].split("#", 1)[0])
        target = out_dir / (path + "index.html" if path.endswith("/") or not path else path)
        assert target.is_file(), f"{url} does not lead to a file of the built site"
        return target.read_bytes()
    return fetch


def memory_fetcher(files: dict[str, bytes], site_url: str = SITE_URL) -> Callable[[str], bytes]:
    def fetch(url: str) -> bytes:
        assert url.startswith(site_url), url
        return files[unquote(url[len(site_url):])]
    return fetch


def shacl_violations(graph: Graph) -> list[str]:
    """Messages of the DCAT-AP 3.0.1 violations of ``graph`` (severity Violation only)."""
    from pyshacl import validate

    shapes = Graph().parse(DCAT_AP_SHAPES)
    _conforms, results, _text = validate(graph, shacl_graph=shapes, inference="none")
    sh = "http://www.w3.org/ns/shacl#"
    messages = []
    for result in results.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        if results.value(result, URIRef(sh + "resultSeverity")) == URIRef(sh + "Violation"):
            messages.append(f"{results.value(result, URIRef(sh + 'focusNode'))} "
                            f"{results.value(result, URIRef(sh + 'resultPath'))}: "
                            f"{results.value(result, URIRef(sh + 'resultMessage'))}")
    return sorted(messages)
