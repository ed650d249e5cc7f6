"""Screenshots of the main page types of a built site, at desktop and mobile widths, in headless Chromium.

    python scripts/screenshots.py SITE_OUTPUT_DIR [-o screenshots/]

Serves the folder on 127.0.0.1 and saves PNG files to look at. Needs Debian's chromium
(/usr/bin/chromium) and the playwright package (no browser download).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def representative_pages(out: Path) -> dict[str, str]:
    pages = {"home": "", "catalogue": "datasets/"}
    datasets = sorted(p.parent.name for p in (out / "datasets").glob("*/index.html") if p.parent.name != "page")
    geo = [d for d in datasets if "data-map=" in (out / "datasets" / d / "index.html").read_text(encoding="utf-8")]
    if datasets:
        pages["dataset"] = f"datasets/{datasets[0]}/"
    if geo:
        pages["dataset-map"] = f"datasets/{geo[0]}/"
    for name in ("reuses", "news", "themes"):
        if (out / name / "index.html").is_file():
            pages[name] = f"{name}/"
    return pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def take(out: Path, target: Path, block_tiles: bool = True) -> list[Path]:
    from playwright.sync_api import sync_playwright
    target.mkdir(parents=True, exist_ok=True)
    server = serve(out)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    shots = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width_name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                if block_tiles:
                    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(base)
                               else route.continue_())
                for name, path in representative_pages(out).items():
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(300)
                    shot = target / f"{name}-{width_name}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    shots.append(shot)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_output", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    for shot in take(args.site_output, args.output):
        print(shot)


if __name__ == "__main__":
    main()
