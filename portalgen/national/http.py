"""Fetching national data over HTTP: one function, ``fetch(url, dest)``, that streams a body to a file.

Everything that talks to the network goes through a :data:`Fetcher`, so tests inject a fake one
and never touch the network. :func:`make_http_fetcher` builds the real one on the standard
library: a timeout on every socket operation, a few retries with a growing pause for the
failures that may pass (no connection, time-out, HTTP 429 and 5xx), none for the answers that
will not change (404, 400…), and the body copied to disk in chunks so a response of several
hundred megabytes never sits in memory.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import __version__

CHUNK = 1 << 16
USER_AGENT = f"portalgen/{__version__} (national open data for a commune portal)"
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A request that gave no usable body.

    ``status`` is the HTTP status when the server answered; ``offline`` is true when the
    server could not be reached at all (no connection, DNS failure, time-out)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, offline: bool = False):
        self.url = url
        self.reason = reason
        self.status = status
        self.offline = offline
        super().__init__(f"{url}: {reason}")

    @property
    def not_found(self) -> bool:
        return self.status == 404


Fetcher = Callable[[str, Path], None]
"""``fetch(url, dest)`` writes the body of a GET on ``url`` into ``dest`` or raises :class:`FetchError`."""


@dataclass(frozen=True)
class HttpSettings:
    timeout: float = 30.0          # seconds, for the connection and each read
    retries: int = 2               # extra attempts after the first, for failures that may pass
    backoff: float = 2.0           # pause before the first retry, doubled each time
    max_bytes: int = 4 << 30       # a body larger than this is cut and refused (4 GiB)


def make_http_fetcher(settings: HttpSettings = HttpSettings(), *,
                      sleep: Callable[[float], None] = time.sleep,
                      opener: Callable[..., object] | None = None) -> Fetcher:
    """The real fetcher: GET with timeouts and retries, the body streamed into ``dest``; ``opener``
    defaults to urllib's urlopen (imported here, not with the module: it brings ssl and http, which a
    build with nothing to fetch, a no-change rebuild above all, need not load)."""
    import urllib.request
    opener = opener or urllib.request.urlopen

    def fetch(url: str, dest: Path) -> None:
        attempt = 0
        while True:
            try:
                _download(url, dest, settings, opener)
                return
            except FetchError as exc:
                retryable = exc.offline or exc.status in RETRYABLE_STATUS
                if not retryable or attempt >= settings.retries:
                    raise
                sleep(settings.backoff * (2 ** attempt))
                attempt += 1

    return fetch


def _download(url: str, dest: Path, settings: HttpSettings, opener) -> None:
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    partial = dest.with_name(dest.name + ".part")
    try:
        with opener(request, timeout=settings.timeout) as response:
            written = 0
            with partial.open("wb") as out:
                while True:
                    chunk = response.read(CHUNK)
                    if not chunk:
                        break
                    written += len(chunk)
                    if written > settings.max_bytes:
                        raise FetchError(url, f"the answer is larger than {settings.max_bytes // (1 << 20)} MiB")
                    out.write(chunk)
        os.replace(partial, dest)
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"the server answered HTTP {exc.code} {exc.reason}", status=exc.code) from None
    except urllib.error.URLError as exc:
        raise FetchError(url, f"no connection ({_reason(exc.reason)})", offline=True) from None
    except (socket.timeout, TimeoutError):
        raise FetchError(url, f"no answer within {settings.timeout:g} s", offline=True) from None
    except ConnectionError as exc:
        raise FetchError(url, f"the connection was cut ({exc.__class__.__name__})", offline=True) from None
    except OSError as exc:
        raise FetchError(url, f"cannot write the answer to disk: {exc.strerror or exc}") from None
    finally:
        if partial.exists():
            partial.unlink()


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "the server name cannot be resolved"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "time-out"
    return str(reason) or reason.__class__.__name__


def copy_fetcher(files: dict[str, Path]) -> Fetcher:
    """A fetcher answering from local files (URL → file); any other URL is a 404. For tests and mirrors."""

    def fetch(url: str, dest: Path) -> None:
        source = files.get(url)
        if source is None:
            raise FetchError(url, "the server answered HTTP 404 Not Found", status=404)
        shutil.copyfile(source, dest)

    return fetch
