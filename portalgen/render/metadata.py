"""Machine-readable metadata files: DCAT catalogue, sitemap, robots.txt, feeds (filled by the metadata work)."""


def render_metadata(renderer) -> None:
    return None
