"""Bench of the catalogue search on a generated catalogue (10,000 datasets by default).

Measures the index build time (with and without rendering the result cards), the size of the
index, and, in a real browser (Debian's chromium through Playwright), the bytes a visitor's
browser fetches for a few queries, compared with the whole index and with a one-file catalogue.

    /work/venv/bin/python bench/bench_search.py [--datasets 10000] [--no-browser]

The datasets come from tests/search/synthetic.py (built as site model objects, no files read).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from portalgen.output import OutputPlan  # noqa: E402
from portalgen.render.pages import Renderer, sorted_datasets  # noqa: E402
from portalgen.render.search import render_search  # noqa: E402
from portalgen.search import build_search_index, dataset_facets, search_document, summarise_facets  # noqa: E402
from portalgen.theme import load_theme  # noqa: E402
from tests.search import synthetic  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
QUERIES = (
    "?q=budget",
    "?q=equipements+sportifs",
    "?q=fontaine&theme=culture",
    "?q=energie&sort=date",
    "?theme=mobilite&format=geojson&updated=2021",
    "?q=quartier+nord",
    "?q=sta",
)


def kib(n: int) -> str:
    return f"{n / 1024:,.1f} KiB"


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def one_file_catalogue(datasets) -> bytes:
    """What a naive static search ships: every dataset's searchable fields in one JSON file."""
    return json.dumps([{"id": d.id, "title": d.title, "description": d.description, "keywords": list(d.keywords),
                        "theme": d.theme, "producer": d.producer, "licence": d.licence.id,
                        "formats": [r.format for r in d.resources], "schema": d.schema,
                        "modified": d.modified.isoformat() if d.modified else None} for d in datasets],
                      ensure_ascii=False).encode("utf-8")


def bench_build(count: int, root: Path):
    site = synthetic.make_site(count, root / "site")
    theme = load_theme("default", site.root)
    plan = OutputPlan()
    renderer = Renderer(site, theme, plan)
    _, full = timed(render_search, renderer)
    datasets = sorted_datasets(site)
    message = renderer.messages.get
    facets = [dataset_facets(d, "fr", message, synthetic.PUBLISHER) for d in datasets]
    documents = [search_document(d, f, "") for d, f in zip(datasets, facets)]
    index, core = timed(build_search_index, documents, summarise_facets(facets, message))
    files = {path: content for path, content in plan.files.items() if path.startswith("search/")}
    print(f"datasets:                       {count:,}")
    print(f"render_search (cards + index):  {full:.2f} s")
    print(f"build_search_index alone:       {core:.2f} s")
    print(f"index files:                    {len(files):,} ({index.shards:,} term shards, {index.terms:,} terms)")
    total = sum(len(c) for c in files.values())
    print(f"index size:                     {kib(total)} (gzip {kib(sum(len(gzip.compress(c)) for c in files.values()))})")
    for name in ("search/meta.json", "search/facets.json", "search/order-date.json"):
        print(f"  {name:<29} {kib(len(files[name]))} (gzip {kib(len(gzip.compress(files[name])))})")
    shards = sorted(len(c) for p, c in files.items() if p.startswith("search/terms/"))
    cards = sorted(len(c) for p, c in files.items() if p.startswith("search/cards/"))
    print(f"  term shards: median {kib(shards[len(shards) // 2])}, largest {kib(shards[-1])}")
    print(f"  card files:  median {kib(cards[len(cards) // 2])}, largest {kib(cards[-1])}")
    naive = one_file_catalogue(site.datasets)
    print(f"one-file catalogue (baseline):  {kib(len(naive))} (gzip {kib(len(gzip.compress(naive)))})")
    return site, total, len(naive)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def bench_queries(site, out: Path, index_bytes: int, naive_bytes: int) -> None:
    from playwright.sync_api import sync_playwright

    synthetic.write_catalogue_site(site, out)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/datasets/"
    print(f"\nbytes fetched from search/ per query (fresh browser cache; gzip = with a compressing server):")
    print(f"  {'query':<46} {'results':>7} {'files':>5} {'bytes':>12} {'gzip':>12} {'% of index':>10} {'time':>7}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for query in ("",) + QUERIES:
                context = browser.new_context()
                page = context.new_page()
                fetched: dict[str, bytes] = {}
                page.on("response", lambda r: fetched.__setitem__(r.url, r.body()) if "/search/" in r.url and r.ok else None)
                start = time.perf_counter()
                page.goto(base + query)
                page.wait_for_function("""() => {
                    const root = document.querySelector('[data-search]');
                    return root && root.classList.contains('search-ready')
                        && !document.querySelector('.search-results[aria-busy]');
                }""")
                elapsed = time.perf_counter() - start
                status = page.inner_text("[data-search-status]")
                results = "".join(ch for ch in status.split(" jeu")[0] if ch.isdigit()) or "0"
                raw = sum(len(b) for b in fetched.values())
                packed = sum(len(gzip.compress(b)) for b in fetched.values())
                print(f"  {query or '(catalogue, no query)':<46} {results:>7} {len(fetched):>5} {kib(raw):>12} "
                      f"{kib(packed):>12} {100 * raw / index_bytes:>9.1f}% {elapsed:>6.2f}s")
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"  (whole index {kib(index_bytes)}; one-file catalogue {kib(naive_bytes)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10_000, help="how many datasets to generate")
    parser.add_argument("--no-browser", action="store_true", help="skip the per-query measures in chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        root = Path(tmp)
        site, index_bytes, naive_bytes = bench_build(args.datasets, root)
        if args.no_browser:
            return 0
        if not CHROMIUM.exists():
            print("\n/usr/bin/chromium is absent: per-query bytes not measured (install Debian's chromium)")
            return 0
        bench_queries(site, root / "out", index_bytes, naive_bytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
