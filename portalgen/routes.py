"""The single owner of output paths and URLs.

Every page and file of the built site gets its path here, and nowhere else. Links between
pages are relative (computed by :func:`relative_url`), so a build works at a domain root,
under /<repo>/ on GitHub Pages and under /<commune>/ on a shared host; ``site_url`` is
used only where a standard needs absolute URLs (:func:`absolute_url`).
"""

from __future__ import annotations

import functools
import posixpath

ASSETS = "assets"


def home() -> str:
    return "index.html"


def catalogue(page: int = 1) -> str:
    return "datasets/index.html" if page <= 1 else f"datasets/page/{page}/index.html"


def dataset(dataset_id: str) -> str:
    return f"datasets/{dataset_id}/index.html"


def dataset_file(dataset_id: str, filename: str) -> str:
    return f"datasets/{dataset_id}/{filename}"


def page(slug: str) -> str:
    return f"pages/{slug}/index.html"


def news_list(page_number: int = 1) -> str:
    return "news/index.html" if page_number <= 1 else f"news/page/{page_number}/index.html"


def news_item(slug: str) -> str:
    return f"news/{slug}/index.html"


def reuses_list() -> str:
    return "reuses/index.html"


def reuse(slug: str) -> str:
    return f"reuses/{slug}/index.html"


def asset(name: str) -> str:
    return f"{ASSETS}/{name}"


def not_found() -> str:
    return "404.html"


def url_path(path: str) -> str:
    """The URL path of an output file: 'x/index.html' is served as 'x/'."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def relative_url(from_path: str, to_path: str) -> str:
    """A relative link from the page written at ``from_path`` to the output file ``to_path``."""
    return relative_url_from(page_folder(from_path), to_path)


PageFolder = tuple[str, tuple[str, ...] | None]


@functools.lru_cache(maxsize=64)
def page_folder(from_path: str) -> PageFolder:
    """The folder of the page written at ``from_path`` ('' for the root) and its parts (None for the
    root or a folder that is not plain): what relative_url needs of the page, found once for all the
    links of one page (some thirty on a dataset page) by relative_url_from's callers. Remembered for
    the last pages (an immutable value of the path alone): a page's links, its header and its footer
    each ask for its folder."""
    base = posixpath.dirname(from_path)
    return base, (_plain_parts(base) if base else None)


def relative_url_from(folder: PageFolder, to_path: str) -> str:
    """relative_url from a page in ``folder`` (see page_folder) to the output file ``to_path``."""
    base, folders = folder
    if folders:
        if to_path.partition("/")[0] != folders[0]:
            link = _link_up(len(folders), to_path)
        else:
            link = _link_down(base, to_path)
        if link is not None:
            return link
    return _relative_url(base, to_path)


def folder_class(folder: PageFolder) -> tuple[int, str] | str:
    """What the links from a page in ``folder`` to most targets depend on (see link_set_by_class): for
    a plain folder, its depth and its first part; for the root or a folder that is not plain, the
    folder itself (which determines every link from it)."""
    base, folders = folder
    return (len(folders), folders[0]) if folders else base


def link_set_by_class(folder: PageFolder, to_path: str) -> bool:
    """Whether relative_url_from(folder, to_path) is the same from every folder of folder_class(folder).

    From a plain folder, a target whose first part is not the folder's first part is linked by
    _link_up, from the depth alone, when that link exists; a target in the same first folder is linked
    by _relative_url, from the whole folder. From the root or a folder that is not plain, the class is
    the folder: every link is set by it. So the answer depends on the class and the target only."""
    base, folders = folder
    if not folders:
        return True
    return to_path.partition("/")[0] != folders[0] and _link_up(len(folders), to_path) is not None


@functools.lru_cache(maxsize=4096)
def _link_up(depth: int, to_path: str) -> str | None:
    """The link from a page in a plain folder ``depth`` parts deep whose first part is not ``to_path``'s.

    A dataset page links some thirty times to the site's shared pages and assets, each link the same
    from every dataset page: they share no folder with the page, so the link climbs to the root and
    goes down to the target, and depends on the page's depth alone. Kept per depth, such a link is
    computed once for all pages. Equal to _relative_url: with no common first part, _relpath writes
    ``depth`` times '..' then the target's parts. None for a target that is not plain (where _relpath
    asks posixpath.relpath, which normalises it): that link is left to _relative_url."""
    target = url_path(to_path)
    if target == "":
        return "/".join([".."] * depth) + "/"
    parts = _plain_parts(target)
    if parts is None:
        return None
    rel = "/".join([".."] * depth + list(parts))
    return rel + "/" if target.endswith("/") else rel


def _link_down(base: str, to_path: str) -> str | None:
    """The link from a page in the plain folder ``base`` to a target inside that folder: the target's
    path below it. A dataset page links to its own files (some ten links, each to a path seen on that
    page only); _relpath would split both paths and walk their common parts. Equal to _relative_url:
    when the target is ``base`` + '/' + a plain path, every part of ``base`` is common, so _relpath
    writes the parts below it (a trailing '/' kept, as _relative_url adds it back). None for any other
    target (the folder itself, a path that is not plain), left to _relative_url."""
    target = url_path(to_path)
    if not (target.startswith(base) and target[len(base):len(base) + 1] == "/"):
        return None
    below = target[len(base) + 1:]
    return below if _split_plain(below) else None


def _relative_url(base: str, to_path: str) -> str:
    """relative_url from a page in the folder ``base`` ('' for the root)."""
    target = url_path(to_path)
    if target == "":
        rel = _relpath(".", base) if base else "."
        return "./" if rel == "." else rel + "/"
    rel = _relpath(target, base or ".")
    if target.endswith("/"):
        rel += "/"
    return rel


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)``, computed without touching the file system for the plain
    relative paths of the site (no empty, '.' or '..' part), where both are relative to one folder."""
    path_parts = _plain_parts(path)
    start_parts = _plain_parts(start)
    if path_parts is None or start_parts is None:
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(path_parts, start_parts):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + list(path_parts[common:])
    return "/".join(parts) if parts else "."


@functools.lru_cache(maxsize=4096)
def _plain_parts(path: str) -> tuple[str, ...] | None:
    """The parts of a plain relative path ('.' has none; a trailing '/' is ignored), or None."""
    if path == ".":
        return ()
    return _split_plain(path)


def _split_plain(path: str) -> tuple[str, ...] | None:
    """_plain_parts of a path other than '.', not remembered (for paths seen once, such as a dataset's files)."""
    parts = tuple(path[:-1].split("/") if path.endswith("/") else path.split("/"))
    if "" in parts or "." in parts or ".." in parts:  # three scans in C, not a generator step per part
        return None
    return parts


def absolute_url(site_url: str, to_path: str) -> str:
    return site_url.rstrip("/") + "/" + url_path(to_path)


def search_file(name: str) -> str:
    """A file of the catalogue's search index (see portalgen.search.index)."""
    return f"search/{name}"


def themes_index() -> str:
    return "themes/index.html"


def theme(slug: str) -> str:
    return f"themes/{slug}/index.html"


def producers_index() -> str:
    return "producers/index.html"


def producer(slug: str) -> str:
    return f"producers/{slug}/index.html"


def news_feed() -> str:
    return "news/feed.xml"


def accessibility() -> str:
    return "accessibilite/index.html"


def legal_notices() -> str:
    return "mentions-legales/index.html"


def personal_data() -> str:
    return "donnees-personnelles/index.html"


def dataset_conformity(dataset_id: str) -> str:
    """The report on a dataset's conformity to its schema."""
    return f"datasets/{dataset_id}/conformite/index.html"


def dataset_register(dataset_id: str) -> str:
    """The browsable register of a deliberations dataset."""
    return f"datasets/{dataset_id}/registre/index.html"


def register_document(dataset_id: str, filename: str) -> str:
    """A document of data/ named by a register entry but not declared as a file of the dataset."""
    return f"datasets/{dataset_id}/registre/documents/{filename}"


def common_base() -> str:
    """The common base of local data (socle commun): coverage and conformity."""
    return "socle-commun/index.html"


def catalogue_conformity() -> str:
    """The report on catalogue.csv's conformity to the SCDL catalogue schema."""
    return "socle-commun/catalogue/index.html"


def catalogue_csv() -> str:
    """The site's catalogue in the SCDL catalogue format."""
    return "catalogue.csv"
