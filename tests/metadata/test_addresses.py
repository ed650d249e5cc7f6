"""dcat.addresses.file_url (built on the kept dataset page address) is the general address of the file."""

from __future__ import annotations

import pytest

from portalgen import routes
from portalgen.dcat import addresses

FILENAMES = ["budget.csv", "Budget 2024 (final).csv", "école « été ».xlsx", "a%20b.csv", "q?x=1#y&z.json",
             "index.html", "sub/index.html", "sub/page.html", "index.html.csv", "", "🌳.parquet",
             "<script>.csv", "plus+égal=.csv", "~tilde'quote\".csv", "back\\slash.csv", "tab\tline\n.csv"]


@pytest.mark.parametrize("site_url", ["https://example.org/testville/", "https://example.org", "http://x.fr/a b/"])
@pytest.mark.parametrize("dataset_id", ["subventions", "budget-2024", "été_2024"])
def test_file_url_is_the_general_address(site_url, dataset_id):
    for filename in FILENAMES:
        expected = addresses.absolute(site_url, routes.dataset_file(dataset_id, filename))
        assert addresses.file_url(site_url, dataset_id, filename) == expected, filename


@pytest.mark.parametrize("safe", [addresses._PATH_SAFE, "-._~", "", "/", "é/", "]^\\"])
def test_plain_text_shortcut_is_quote(safe):
    """addresses._quoted (plain names given back as they are) against urllib's quote, on odd names too."""
    from urllib.parse import quote
    for text in FILENAMES + ["budget-2024_v1.2~final.csv", "ABC-xyz_09", "a\n", "é", "a b", "null", "1,5",
                             "source/budget-2024.csv", "a/b/c", "/", "x@y:z;p=1&q+r!", "a%20b", "[x]", "a^b", "a\\b",
                             "é/x", "a\x00b"]:
        assert addresses._quoted(text, safe) == quote(text, safe=safe), text
