"""The pages that tell the story around the data: themes, producers, the news feed, and the
mandatory pages (accessibility statement, legal notices, personal data)."""

from __future__ import annotations

from urllib.parse import quote

from .. import routes
from ..model import Dataset, Site
from .atom import AtomEntry, atom_feed
from .i18n import Catalogue
from .links import quote_text, quoted_message
from .text import plain_summary, render_markdown


def feedback_email(site: Site) -> str | None:
    config = site.config
    return (config.feedback.email or (config.contact.email if config.contact else None)
            or (config.publisher.email if config.publisher else None))


def _mailto(address: str, subject: str, body: str) -> str:
    return _mailto_quoted(address, quote_text(subject), quote_text(body))


def _mailto_quoted(address: str, quoted_subject: str, quoted_body: str) -> str:
    return f"mailto:{address}?subject={quoted_subject}&body={quoted_body}"


def error_report_link(site: Site, dataset: Dataset, page_url: str, catalogue: Catalogue) -> str | None:
    """The "Signaler une erreur" link of a dataset page: the configured form, or a prefilled email."""
    config = site.config
    if config.feedback.error_url:
        return config.feedback.error_url.replace("{dataset}", quote(dataset.id))
    address = feedback_email(site)
    if not address:
        return None
    subject = quoted_message(catalogue.text("feedback.error_subject"), title=dataset.title)
    body = quoted_message(catalogue.text("feedback.error_body"), title=dataset.title, url=page_url)
    return _mailto_quoted(address, subject, body)


def reuse_proposal_link(site: Site, messages) -> str | None:
    if site.config.feedback.reuse_url:
        return site.config.feedback.reuse_url
    address = feedback_email(site)
    if not address:
        return None
    return _mailto(address, messages("feedback.reuse_subject"), messages("feedback.reuse_body"))


def upcoming_events(site: Site):
    """Events, soonest first. Posts marked `event: true`, and posts dated after the build date when it is known."""
    def is_event(doc):
        return doc.meta.event or (site.build_date is not None and doc.date > site.build_date)
    events = [d for d in site.news if is_event(d)]
    if site.build_date is not None:
        events = [d for d in events if d.date >= site.build_date]
    return sorted(events, key=lambda d: (d.date, d.slug))


def render_topics(r) -> None:
    site = r.site
    by_id = {d.id: d for d in site.datasets}
    for kind, topics, index_path, item_path in (
        ("theme", site.themes, routes.themes_index(), routes.theme),
        ("producer", site.producers, routes.producers_index(), routes.producer),
    ):
        if not topics:
            continue
        section = "themes" if kind == "theme" else "producers"
        r.render(index_path, [f"{section}.html"], f"{section} index", section, topics=topics, kind=kind)
        for topic in topics:
            datasets = [by_id.get(i) for i in topic.dataset_ids]
            r.render(item_path(topic.slug), [f"{kind}-{topic.slug}.html", "topic.html"],
                     f"{kind} {topic.name}", section, topic=topic, datasets=datasets, kind=kind)


def render_mandatory_pages(r) -> None:
    r.render(routes.accessibility(), ["accessibility.html"], "accessibility statement", "accessibility")
    r.render(routes.legal_notices(), ["legal.html"], "legal notices", "legal")
    r.render(routes.personal_data(), ["personal_data.html"], "personal data page", "personal-data")


def render_news_feed(r) -> None:
    """An Atom feed of the news posts (absolute links need site_url; without it the feed is not written)."""
    site = r.site
    if not site.news or not site.config.site_url:
        return
    base = site.config.site_url
    news = sorted(site.news, key=lambda n: (n.date, n.slug), reverse=True)[:50]
    entries = [AtomEntry(
        id=routes.absolute_url(base, routes.news_item(doc.slug)), title=doc.title, updated=doc.date,
        link=routes.absolute_url(base, routes.news_item(doc.slug)), author=doc.meta.author,
        summary=doc.meta.summary or plain_summary(doc.body, 300), content_html=str(render_markdown(doc.body)))
        for doc in news]
    feed_url = routes.absolute_url(base, routes.news_feed())
    publisher = site.config.publisher.name if site.config.publisher else site.config.commune.name
    xml = atom_feed(lang=site.config.language, feed_id=feed_url, self_url=feed_url,
                    alternate_url=routes.absolute_url(base, routes.news_list()),
                    title=f"{site.config.title} – {r.messages.get('news.title')}", subtitle=None,
                    updated=max(n.date for n in news), author=publisher, entries=entries)
    r.plan.add(routes.news_feed(), xml, "news feed")


def render_story(r) -> None:
    render_topics(r)
    render_mandatory_pages(r)
    render_news_feed(r)
