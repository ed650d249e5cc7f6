"""An Atom feed of the datasets, newest first, dated by their publication and update dates."""

from __future__ import annotations

import datetime as dt

from ..model import Dataset, Site
from ..render.atom import AtomEntry
from ..render.atom import atom_feed as write_atom
from ..render.text import plain_summary
from . import addresses
from .graph import publisher_name
from .xmltext import clean_text

FEED_SIZE = 50
EPOCH = dt.date(1970, 1, 1)


def dated_datasets(site: Site, size: int = FEED_SIZE) -> list[tuple[dt.date, Dataset]]:
    """Datasets that have a publication or update date, most recent first (then by id)."""
    dated = [((d.modified or d.issued), d) for d in site.datasets if d.modified or d.issued]
    dated.sort(key=lambda item: (item[0], item[1].id), reverse=True)
    return dated[:size]


def atom_feed(site: Site, size: int = FEED_SIZE) -> bytes:
    """The feed document. Datasets without any date cannot be placed in time and are left out;
    the feed's own date is the newest entry's (else the build date, else 1970-01-01)."""
    site_url = site.config.site_url
    dated = dated_datasets(site, size)
    entries = [AtomEntry(
        id=addresses.dataset_uri(site_url, dataset.id), title=dataset.title, updated=day, published=dataset.issued,
        link=addresses.dataset_page_url(site_url, dataset.id),
        summary=plain_summary(clean_text(dataset.description), 400), categories=tuple(sorted(set(dataset.keywords))))
        for day, dataset in dated]
    feed_url = addresses.absolute(site_url, addresses.feed_file())
    return write_atom(lang=site.config.language, feed_id=feed_url, self_url=feed_url,
                      alternate_url=addresses.home_url(site_url), title=site.config.title,
                      subtitle=site.config.tagline, updated=dated[0][0] if dated else (site.build_date or EPOCH),
                      author=publisher_name(site), entries=entries)
