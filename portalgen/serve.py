"""`portalgen serve`: build, serve on 127.0.0.1, rebuild when a file changes, reload the browser.

Serve-only additions (never in a built site): a tiny script injected into HTML responses
that reloads the page after a rebuild, and an error page while the site has errors.
"""

from __future__ import annotations

import html
import http.server
import json
import mimetypes
import os
import sys
import threading
import time
from functools import partial
from pathlib import Path

from .errors import Level
from .pipeline import CACHE_DIR, build

MIME_TYPES = {
    ".csv": "text/csv; charset=utf-8", ".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json",
    ".geojson": "application/geo+json", ".json": "application/json", ".rdf": "application/rdf+xml",
    ".xml": "application/xml", ".parquet": "application/vnd.apache.parquet", ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8", ".atom": "application/atom+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
STATE_PATH = "/__portalgen/state"
RELOAD_SCRIPT = """<script>(function(){var v=null;function p(){fetch('%s').then(function(r){return r.json()})
.then(function(s){if(v!==null&&s.version!==v){location.reload()}v=s.version}).catch(function(){})}
setInterval(p,1000);p()})();</script>""" % STATE_PATH


class ServeState:
    def __init__(self):
        self.version = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()


def make_handler(out_dir: Path, state: ServeState):
    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

        def log_message(self, format, *args):  # quiet
            pass

        def do_GET(self):
            if self.path.startswith(STATE_PATH):
                body = json.dumps({"version": state.version, "errors": state.errors}).encode()
                return self._send(200, "application/json", body)
            if state.errors and (self.path.endswith("/") or self.path.endswith(".html")):
                items = "".join(f"<li><pre>{html.escape(e)}</pre></li>" for e in state.errors)
                page = (f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Erreurs de construction"
                        f"</title></head><body><main><h1>Le site n'a pas pu être construit</h1><p>Corrigez ces "
                        f"problèmes : la page se rechargera seule.</p><ul>{items}</ul></main>{RELOAD_SCRIPT}"
                        f"</body></html>")
                return self._send(500, "text/html; charset=utf-8", page.encode())
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
                return self._send(200, "text/html; charset=utf-8", body)
            return super().do_GET()

        def _send(self, code: int, content_type: str, body: bytes):
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return partial(Handler, directory=str(out_dir))


def _snapshot(site_dir: Path, out_dir: Path) -> dict[str, float]:
    """The modification time of every input file: what the site folder holds, less the output, the build
    cache and hidden folders (a replaced site still being removed, in ``._site.old-…``, is one), none of
    which is walked."""
    ignored = {out_dir.resolve(), (site_dir / CACHE_DIR).resolve()}
    result = {}
    for directory, folders, files in os.walk(site_dir):
        folders[:] = [name for name in folders if not name.startswith(".")
                      and Path(directory, name).resolve() not in ignored]
        for name in files:
            path = os.path.join(directory, name)
            try:
                result[path] = os.stat(path).st_mtime_ns
            except OSError:  # removed meanwhile: the next snapshot tells
                continue
    return result


def _rebuild(site_dir: Path, out_dir: Path, state: ServeState) -> None:
    report = build(site_dir, out_dir)
    with state.lock:
        state.errors = [f.format() for f in report.findings if f.level is Level.ERROR]
        state.version += 1
    for finding in report.findings:
        print(f"{finding.level.value}: {finding.format()}", file=sys.stderr)
    print("Rebuilt." if report.written else "Build failed: the browser shows the errors.", file=sys.stderr)


def serve(site_dir: Path, *, port: int = 8000, output: Path | None = None, watch: bool = True,
          poll_seconds: float = 1.0) -> int:
    out_dir = output or site_dir / "_site"
    for ext, kind in MIME_TYPES.items():
        mimetypes.add_type(kind.split(";")[0], ext)
    state = ServeState()
    _rebuild(site_dir, out_dir, state)
    out_dir.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(out_dir, state))
    print(f"Serving {out_dir} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)", file=sys.stderr)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        before = _snapshot(site_dir, out_dir)
        while True:
            time.sleep(poll_seconds)
            if not watch:
                continue
            now = _snapshot(site_dir, out_dir)
            if now != before:
                before = now
                _rebuild(site_dir, out_dir, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
