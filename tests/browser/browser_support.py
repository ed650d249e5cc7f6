"""Helpers of the real-browser checks: find the tools, serve a built site, choose pages, drive
Chromium, run axe-core and the Nu Html Checker, and format what they find for a human.

Everything here works on a built site folder; nothing depends on how the site was built.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
# A 1×1 transparent PNG, answered to map tile requests so that maps load without the network.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")

MIME_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".geojson": "application/geo+json", ".jsonld": "application/ld+json",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".webp": "image/webp", ".gif": "image/gif", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".woff": "font/woff", ".wasm": "application/wasm", ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".rdf": "application/rdf+xml",
    ".ttl": "text/turtle", ".webmanifest": "application/manifest+json", ".pdf": "application/pdf",
    ".parquet": "application/vnd.apache.parquet", ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    # pagefind's index files
    ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pagefind": "application/octet-stream",
}


# ------------------------------------------------------------------------------------------
# Tools
# ------------------------------------------------------------------------------------------

def tools_cache_dir() -> Path:
    """Where .ci/install-tools.sh puts the npm packages."""
    return Path(os.environ.get("PORTALGEN_CI_CACHE") or Path.home() / ".cache" / "portalgen-ci")


def chromium_path() -> Path | None:
    path = Path(os.environ.get("PORTALGEN_CHROMIUM", CHROMIUM))
    return path if path.is_file() and os.access(path, os.X_OK) else None


def axe_js_path() -> Path | None:
    """axe-core's browser script: $PORTALGEN_AXE_JS, else the CI cache."""
    env = os.environ.get("PORTALGEN_AXE_JS")
    path = Path(env) if env else tools_cache_dir() / "node_modules" / "axe-core" / "axe.min.js"
    return path if path.is_file() else None


def vnu_jar_path() -> Path | None:
    """The Nu Html Checker: $PORTALGEN_VNU_JAR, else the CI cache."""
    env = os.environ.get("PORTALGEN_VNU_JAR")
    path = Path(env) if env else tools_cache_dir() / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return path if path.is_file() else None


def java_path() -> str | None:
    return shutil.which("java")


def playwright_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def tools_required() -> bool:
    """In CI (CI=true) the tools must be there, as .ci/run installs them; PORTALGEN_REQUIRE_BROWSER_TOOLS
    = 1 or 0 says it explicitly."""
    explicit = os.environ.get("PORTALGEN_REQUIRE_BROWSER_TOOLS")
    if explicit in ("0", "1"):
        return explicit == "1"
    return os.environ.get("CI", "").lower() == "true"


def missing_tool(reason: str) -> None:
    """Skip the test for a missing tool, or fail when the tools are required (CI)."""
    if tools_required():
        pytest.fail(f"{reason} — required in CI (CI=true or PORTALGEN_REQUIRE_BROWSER_TOOLS=1)", pytrace=False)
    pytest.skip(reason)


# ------------------------------------------------------------------------------------------
# Serving a built site
# ------------------------------------------------------------------------------------------

class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with explicit MIME types; unknown paths get the site's 404.html, like web hosts."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def log_message(self, format, *args):  # noqa: A002 - keep the test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", MIME_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a thread; yield the base URL ending with '/'."""
    handler = functools.partial(SiteRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ------------------------------------------------------------------------------------------
# Which pages to visit
# ------------------------------------------------------------------------------------------

def html_pages(out_dir: Path) -> list[str]:
    """Every HTML file of a built site, as sorted POSIX paths relative to it (hidden folders left out)."""
    pages = []
    for path in out_dir.rglob("*.html"):
        rel = path.relative_to(out_dir)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            pages.append(rel.as_posix())
    return sorted(pages)


def url_patterns(pages: list[str]) -> dict[str, list[str]]:
    """Group page paths by URL pattern, e.g. 'datasets/*/index.html', without knowing the routes.

    A folder name is kept in the pattern when it is the first one, when it is the only folder of
    its parent, or when the same name is found under several parents (like 'page' in
    datasets/page/2/ and news/page/2/, or 'carte' under every dataset); otherwise it is a slug
    and becomes '*'. Numbers are always '*'. File names are always kept.
    """
    split = [tuple(page.split("/")) for page in pages]
    children: dict[tuple[str, ...], set[str]] = defaultdict(set)
    parents_of: dict[tuple[int, str], set[tuple[str, ...]]] = defaultdict(set)
    for parts in split:
        for depth in range(len(parts) - 1):
            children[parts[:depth]].add(parts[depth])
            parents_of[(depth, parts[depth])].add(parts[:depth])
    groups: dict[str, list[str]] = defaultdict(list)
    for page, parts in zip(pages, split):
        pattern = []
        for depth, name in enumerate(parts):
            literal = (depth == len(parts) - 1 or depth == 0 or (
                not name.isdigit() and (len(children[parts[:depth]]) == 1 or len(parents_of[(depth, name)]) > 1)))
            pattern.append(name if literal else "*")
        groups["/".join(pattern)].append(page)
    return {pattern: sorted(members) for pattern, members in sorted(groups.items())}


def select_pages(pages: list[str], limit: int) -> list[str]:
    """All pages when there are at most ``limit``; else one per URL pattern, then the others
    taken in turn from each pattern until ``limit`` pages are chosen."""
    if len(pages) <= limit:
        return list(pages)
    groups = list(url_patterns(pages).values())
    chosen = [members[0] for members in groups]
    others = [members[1:] for members in groups]
    depth = max(map(len, others), default=0)
    in_turn = [queue[i] for i in range(depth) for queue in others if i < len(queue)]
    return sorted(chosen + in_turn[: max(0, limit - len(chosen))])


def tile_host_regex(tiles: str | None) -> re.Pattern[str] | None:
    """A regex matching the host of a tile URL template ('{s}.tile.example.org' → any subdomain)."""
    if not tiles or tiles.strip().lower() == "none":
        return None
    host = urlsplit(tiles.replace("{s}", "SUBDOMAIN")).hostname
    if not host:
        return None
    return re.compile("^" + re.escape(host).replace("subdomain", "[a-z0-9-]+") + "$", re.I)


# ------------------------------------------------------------------------------------------
# Visiting pages in Chromium
# ------------------------------------------------------------------------------------------

@dataclass
class PageVisit:
    """What happened when one page was loaded in Chromium."""

    page: str                                                   # path in the built site
    url: str
    status: int | None = None
    outside_requests: list[str] = field(default_factory=list)   # blocked: any host but the local server
    tile_requests: list[str] = field(default_factory=list)      # answered locally with a blank tile
    failed_local: list[str] = field(default_factory=list)       # local files answered 4xx/5xx or failed
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    axe_violations: list[dict] | None = None                    # None when axe-core was not run
    interactions: list[str] = field(default_factory=list)       # what was done on the page after loading
    overflow: list[str] = field(default_factory=list)           # at 320 px wide: what makes the page scroll sideways
    navigation_error: str | None = None


def launch_chromium(playwright):
    """Debian's Chromium, headless, with no background traffic of its own."""
    return playwright.chromium.launch(executable_path=str(chromium_path() or CHROMIUM), args=CHROMIUM_ARGS)


def _same_origin(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


WIDE_VIEWPORT = {"width": 1280, "height": 720}
NARROW_VIEWPORT = {"width": 320, "height": 640}   # WCAG 1.4.10: 320 CSS px, a phone or 400 % zoom


def visit_pages(browser, base_url: str, pages: list[str], *, tile_host: re.Pattern[str] | None = None,
                axe_source: str | None = None, timeout_ms: int = 20_000) -> list[PageVisit]:
    """Load each page, one after the other in one browser tab; record requests, errors and (with
    ``axe_source``) the axe-core violations of the WCAG 2.1 A and AA rules.

    axe-core is added to every document before the page's own scripts run (an init script, which
    the page's Content-Security-Policy does not block), and run once the page is loaded and its
    requests have settled. Pages are loaded 1280 px wide; each is then narrowed to 320 px to
    record what overflows the width (reflow), and a search box, when there is one, is tried.
    """
    recorder = _Recorder(base_url, tile_host)
    context = browser.new_context(service_workers="block", locale="fr-FR", viewport=WIDE_VIEWPORT)
    try:
        if axe_source is not None:
            context.add_init_script(axe_source)
        context.route("**/*", recorder.route)
        tab = context.new_page()
        recorder.watch(tab)
        visits = []
        for page_path in pages:
            visit = PageVisit(page=page_path, url=base_url + page_path)
            recorder.visit = visit
            _load(tab, visit, recorder, axe_source is not None, timeout_ms)
            visits.append(visit)
            if visit.navigation_error:  # a crashed or stuck tab must not fail the pages after it
                tab.close()
                tab = context.new_page()
                recorder.watch(tab)
        return visits
    finally:
        context.close()


class _Recorder:
    """Routes every request of the tab and records what happens into the current PageVisit."""

    def __init__(self, base_url: str, tile_host: re.Pattern[str] | None):
        self.base_url = base_url
        self.tile_host = tile_host
        self.visit: PageVisit | None = None
        self.pending = 0

    def route(self, route, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:")) or _same_origin(url, self.base_url):
            route.continue_()
            return
        host = urlsplit(url).hostname or ""
        if self.tile_host is not None and self.tile_host.match(host):
            self.visit.tile_requests.append(url)
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
            return
        self.visit.outside_requests.append(f"{request.method} {url} ({request.resource_type})")
        route.abort("blockedbyclient")

    def watch(self, tab) -> None:
        tab.on("console", self.on_console)
        tab.on("pageerror", lambda exc: self.visit.page_errors.append(str(exc)))
        tab.on("request", self.on_request)
        tab.on("requestfinished", self.on_request_done)
        tab.on("requestfailed", self.on_request_failed)
        tab.on("response", self.on_response)

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        source = location.get("url") or ""
        if "ERR_BLOCKED_BY_CLIENT" in message.text and source and not _same_origin(source, self.base_url):
            return  # the outside request itself is already reported
        where = f" ({source}:{location.get('lineNumber', 0) + 1})" if source else ""
        self.visit.console_errors.append(message.text + where)

    def on_request(self, request) -> None:
        self.pending += 1

    def on_request_done(self, request) -> None:
        self.pending = max(0, self.pending - 1)

    def on_request_failed(self, request) -> None:
        self.on_request_done(request)
        failure = request.failure or ""
        if _same_origin(request.url, self.base_url) and "ERR_ABORTED" not in failure:
            self.visit.failed_local.append(f"{failure} {request.url}")

    def on_response(self, response) -> None:
        if response.status >= 400 and _same_origin(response.url, self.base_url) and response.url != self.visit.url:
            self.visit.failed_local.append(f"{response.status} {response.url}")


def _load(tab, visit: PageVisit, recorder: _Recorder, audit: bool, timeout_ms: int) -> None:
    try:
        recorder.pending = 0
        response = tab.goto(visit.url, wait_until="load", timeout=timeout_ms)
        visit.status = response.status if response else None
        _settle(tab, recorder)
        if audit:
            visit.axe_violations = run_axe(tab)
        tab.set_viewport_size(NARROW_VIEWPORT)
        try:
            visit.overflow = tab.evaluate(f"() => new Promise(done => requestAnimationFrame(() => done(({OVERFLOW_JS})())))")
        finally:
            tab.set_viewport_size(WIDE_VIEWPORT)
        word = tab.evaluate(SEARCH_WORD_JS)
        if word:
            _search(tab, visit, recorder, word, audit)
    except Exception as exc:  # noqa: BLE001 - reported as a failure of this page
        visit.navigation_error = f"{type(exc).__name__}: {exc}"


# When the page is wider than the viewport (it scrolls sideways): the outermost elements that stick
# out on the right, and the elements whose own text overflows them (a long URL), when no container
# that scrolls or clips them holds them. An absolutely positioned element is held only by its
# positioned ancestors: a .visually-hidden span inside a scrolling table escapes the scroll box
# unless that box is positioned.
OVERFLOW_JS = r"""() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width + 1) return [];
  const clipped = el => {
    let position = getComputedStyle(el).position;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (position === 'fixed') return false;
      const style = getComputedStyle(p);
      const holds = position !== 'absolute' || style.position !== 'static' || style.transform !== 'none';
      if (!holds) continue;
      if (style.overflowX !== 'visible') return true;
      position = style.position;
    }
    return false;
  };
  const right = el => el.getBoundingClientRect().right;
  const sticks = el => el.getBoundingClientRect().width > 0 && right(el) > width + 1;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const free = [...document.body.querySelectorAll('*')].filter(el => !clipped(el));
  const out = new Set(free.filter(sticks));
  const found = new Map();
  const note = (label, px) => { const seen = found.get(label) || {px: 0, n: 0};
    found.set(label, {px: Math.max(seen.px, Math.round(px)), n: seen.n + 1}); };
  for (const el of out) if (!out.has(el.parentElement)) note(name(el), right(el));
  for (const el of free) {
    if (out.has(el) || getComputedStyle(el).overflowX !== 'visible' || el.scrollWidth <= el.clientWidth + 1) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const end = el.getBoundingClientRect().left + el.scrollWidth;
    if (end > width + 1) note(name(el) + ' text', end);
  }
  const list = [...found].slice(0, 8).map(([label, f]) => label + ' (' + f.px + ' px' + (f.n > 1 ? ', ×' + f.n : '') + ')');
  return list.length ? list : ['the page is ' + root.scrollWidth + ' px wide'];
}"""

# On a page with a visible search box: a word of the page's first card or heading, to search for.
SEARCH_WORD_JS = r"""() => {
  const box = [...document.querySelectorAll('input[type=search]')].find(el => el.offsetParent !== null);
  if (!box) return null;
  const source = document.querySelector('main .card-title') || document.querySelector('main h1');
  const words = ((source && source.textContent) || '').match(/\p{L}{4,}/gu);
  return words ? words[0] : 'données';
}"""


def _search(tab, visit: PageVisit, recorder: _Recorder, word: str, audit: bool) -> None:
    """Type ``word`` in the page's search box, let the page answer, and audit the new state too."""
    visit.interactions.append(f'typed "{word}" in the search box')
    tab.locator("input[type=search]:visible").first.fill(word)
    tab.wait_for_timeout(400)  # search boxes wait for a pause in typing
    _settle(tab, recorder)
    if audit:
        seen = {(v["id"], json.dumps(v["nodes"], sort_keys=True)) for v in visit.axe_violations or []}
        for violation in run_axe(tab):
            if (violation["id"], json.dumps(violation["nodes"], sort_keys=True)) not in seen:
                violation["help"] += f' (after typing "{word}" in the search box)'
                visit.axe_violations.append(violation)


def _settle(tab, recorder: _Recorder, quiet_ms: int = 150, limit_ms: int = 5_000) -> None:
    """Wait until no request has been in flight for ``quiet_ms`` (maps and scripts fetch after 'load')."""
    quiet = waited = 0
    while quiet < quiet_ms and waited < limit_ms:
        tab.wait_for_timeout(50)
        waited += 50
        quiet = quiet + 50 if recorder.pending == 0 else 0


def run_axe(page) -> list[dict]:
    """Run axe-core (already in ``page``) and return its violations of the WCAG 2.1 A/AA rules."""
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    return [
        {"id": v["id"], "impact": v.get("impact") or "unknown", "help": v["help"], "helpUrl": v["helpUrl"],
         "nodes": [{"target": n.get("target"), "html": n.get("html", ""), "summary": n.get("failureSummary", "")}
                   for n in v.get("nodes", [])]}
        for v in result["violations"]
    ]


def blocking_violations(visit: PageVisit) -> list[dict]:
    return [v for v in visit.axe_violations or [] if v["impact"] in BLOCKING_IMPACTS]


def format_violations(visit: PageVisit, violations: list[dict], max_nodes: int = 5) -> str:
    lines = [f"{visit.page}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s)) — {v['helpUrl']}")
        for node in v["nodes"][:max_nodes]:
            lines.append(f"      at {', '.join(map(str, node['target'] or []))}: {_shorten(node['html'], 160)}")
            for summary_line in node["summary"].splitlines()[:4]:
                lines.append(f"        {summary_line.strip()}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"      … and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------------------------------
# The Nu Html Checker
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VnuMessage:
    kind: str          # error, info (with subtype warning), non-document-error
    file: str
    line: int | None
    column: int | None
    message: str
    extract: str

    @property
    def is_error(self) -> bool:
        return self.kind in ("error", "non-document-error", "fatal")

    def format(self, root: Path | None = None) -> str:
        name = self.file
        if root is not None and name.startswith("file:"):
            try:
                name = Path(unquote(name[5:])).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
        where = f"{name}:{self.line}" + (f":{self.column}" if self.column else "") if self.line else name
        extract = f"\n      {_shorten(self.extract, 160)}" if self.extract else ""
        return f"{where}: {self.kind}: {self.message}{extract}"


def run_vnu(jar: Path, targets: list[Path], java: str = "java", timeout: int = 300) -> list[VnuMessage]:
    """Check HTML files (or folders of them) with one run of the Nu Html Checker; return its messages."""
    # C1-only JIT and the serial collector: the checker runs once for a few seconds, so starting fast wins.
    command = [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always",
               "--skip-non-html", *map(str, targets)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [VnuMessage("fatal", " ".join(map(str, targets)), None, None, f"the checker could not run: {exc}", "")]
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return [VnuMessage("fatal", " ".join(map(str, targets)), None, None,
                           f"the checker did not answer JSON (exit {done.returncode}): {done.stderr.strip()[:500]}", "")]
    return [VnuMessage(kind=m.get("type", "error") if m.get("subType") != "warning" else "warning",
                       file=m.get("url", ""), line=m.get("lastLine"), column=m.get("firstColumn"),
                       message=m.get("message", ""), extract=m.get("extract", ""))
            for m in report.get("messages", [])]
