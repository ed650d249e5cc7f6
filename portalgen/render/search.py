"""The static search index of the catalogue (filled by the search work)."""


def render_search(renderer) -> None:
    return None
