"""Markdown documents with YAML front matter: news/*.md, reuses/*.md, pages/*.md."""

from __future__ import annotations

import re
from pathlib import Path

from ..config.checker import INVALID, CheckContext, convert_dataclass
from ..config.schema import NewsMeta, PageMeta, ReuseMeta
from ..config.yamlsource import MappingNode, compose_text, read_text_utf8
from ..errors import Finding, Location, PortalgenError, error
from ..model import Document

KINDS = {"news": ("news", NewsMeta), "reuses": ("reuse", ReuseMeta), "pages": ("page", PageMeta)}
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^---[ \t]*\r?\n?|\Z)", re.S | re.M)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number where the front matter starts)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 0
    return match.group(1), text[match.end():], 1


def read_document(root: Path, path: Path, folder: str) -> tuple[Document | None, list[Finding]]:
    kind, meta_cls = KINDS[folder]
    display = path.relative_to(root).as_posix()
    findings: list[Finding] = []
    slug = path.stem
    if not SLUG_RE.fullmatch(slug):
        findings.append(error(f'the file name "{path.name}" cannot be used in an address', Location(display),
                              code="document-slug", hint="rename it with lowercase letters, digits and dashes only"))
    try:
        text = read_text_utf8(path, display)
    except PortalgenError as exc:
        return None, findings + exc.findings
    front, body, offset = split_front_matter(text)
    if front is None:
        return None, findings + [error("the file has no front matter", Location(display, 1), code="front-matter",
                                       hint="start the file with a '---' line, then 'title: …', then another '---' line")]
    try:
        node = compose_text(front, display, line_offset=offset)
    except PortalgenError as exc:
        return None, findings + exc.findings
    if not isinstance(node, MappingNode):
        return None, findings + [error("the front matter is not a mapping of keys and values", Location(display, 2),
                                       code="front-matter", hint="write one 'key: value' per line between the '---' lines")]
    ctx = CheckContext(display)
    meta = convert_dataclass(node, meta_cls, "", ctx)
    findings += ctx.findings
    if meta is INVALID or findings:
        return None, findings
    return Document(kind=kind, slug=slug, title=meta.title, body=body.strip() + "\n", meta=meta, file=display,
                    where=Location(display, 1), date=getattr(meta, "date", None)), []


def read_documents(root: Path, folder: str) -> tuple[tuple[Document, ...], list[Finding]]:
    directory = root / folder
    if not directory.is_dir():
        return (), []
    documents, findings = [], []
    for path in sorted(directory.glob("*.md")):
        document, problems = read_document(root, path, folder)
        findings += problems
        if document is not None:
            documents.append(document)
    return tuple(documents), findings
