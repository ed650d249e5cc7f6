"""The real fetcher, with a fake opener in place of the network: streaming, retries, time-outs, clear errors."""

from __future__ import annotations

import io
import socket
import urllib.error
from pathlib import Path

import pytest

from portalgen.national.http import CHUNK, FetchError, HttpSettings, make_http_fetcher

URL = "https://plateforme.adresse.data.gouv.fr/ban/communes/41298/download/csv-legacy/adresses"


class Body(io.RawIOBase):
    """A response body produced chunk by chunk, counting the reads (never held whole)."""

    def __init__(self, size: int, fail_after: int | None = None):
        self.left = size
        self.reads: list[int] = []
        self.fail_after = fail_after

    def read(self, n: int = -1) -> bytes:
        self.reads.append(n)
        if self.fail_after is not None and len(self.reads) > self.fail_after:
            raise ConnectionResetError("reset by peer")
        take = min(n, self.left)
        self.left -= take
        return b"x" * take

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Opener:
    """Plays a script of answers: a Body, or an exception to raise."""

    def __init__(self, *script):
        self.script = list(script)
        self.requests = []

    def __call__(self, request, timeout):
        self.requests.append((request.full_url, timeout, request.get_header("User-agent")))
        item = self.script.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item


def http_error(code: int, reason: str) -> urllib.error.HTTPError:
    return urllib.error.HTTPError(URL, code, reason, {}, None)


def test_a_large_answer_is_streamed_to_disk_in_chunks(tmp_path: Path):
    body = Body(5 * (1 << 20) + 17)
    opener = Opener(body)
    fetch = make_http_fetcher(HttpSettings(timeout=12), opener=opener, sleep=lambda s: None)
    dest = tmp_path / "adresses.csv"
    fetch(URL, dest)
    assert dest.stat().st_size == 5 * (1 << 20) + 17
    assert set(body.reads) == {CHUNK} and len(body.reads) == 82
    assert opener.requests[0][0] == URL and opener.requests[0][1] == 12
    assert opener.requests[0][2].startswith("portalgen/")
    assert [p.name for p in tmp_path.iterdir()] == ["adresses.csv"]


def test_an_answer_larger_than_the_limit_is_refused_and_nothing_is_left(tmp_path: Path):
    fetch = make_http_fetcher(HttpSettings(max_bytes=1 << 20), opener=Opener(Body(3 << 20)), sleep=lambda s: None)
    with pytest.raises(FetchError) as caught:
        fetch(URL, tmp_path / "adresses.csv")
    assert caught.value.reason == "the answer is larger than 1 MiB"
    assert list(tmp_path.iterdir()) == []


def test_failures_that_may_pass_are_retried_with_a_growing_pause(tmp_path: Path):
    pauses: list[float] = []
    opener = Opener(urllib.error.URLError(socket.gaierror(-3, "Temporary failure")), http_error(503, "Unavailable"),
                    Body(10))
    fetch = make_http_fetcher(HttpSettings(retries=2, backoff=1.5), opener=opener, sleep=pauses.append)
    fetch(URL, tmp_path / "a.csv")
    assert pauses == [1.5, 3.0]
    assert (tmp_path / "a.csv").read_bytes() == b"x" * 10


def test_retries_stop_and_the_last_error_is_clear(tmp_path: Path):
    opener = Opener(*(urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),) * 3)
    fetch = make_http_fetcher(HttpSettings(retries=2), opener=opener, sleep=lambda s: None)
    with pytest.raises(FetchError) as caught:
        fetch(URL, tmp_path / "a.csv")
    assert caught.value.offline and caught.value.status is None
    assert str(caught.value) == f"{URL}: no connection (the server name cannot be resolved)"
    assert len(opener.requests) == 3


def test_a_404_is_not_retried(tmp_path: Path):
    opener = Opener(http_error(404, "Not Found"), Body(1))
    fetch = make_http_fetcher(opener=opener, sleep=lambda s: pytest.fail("no pause for a 404"))
    with pytest.raises(FetchError) as caught:
        fetch(URL, tmp_path / "a.csv")
    assert caught.value.not_found and caught.value.reason == "the server answered HTTP 404 Not Found"
    assert len(opener.requests) == 1


def test_a_time_out_and_a_cut_connection_count_as_offline(tmp_path: Path):
    fetch = make_http_fetcher(HttpSettings(retries=0, timeout=7), opener=Opener(socket.timeout("timed out")),
                              sleep=lambda s: None)
    with pytest.raises(FetchError) as caught:
        fetch(URL, tmp_path / "a.csv")
    assert caught.value.offline and caught.value.reason == "no answer within 7 s"
    fetch = make_http_fetcher(HttpSettings(retries=0), opener=Opener(Body(1 << 20, fail_after=3)), sleep=lambda s: None)
    with pytest.raises(FetchError) as caught:
        fetch(URL, tmp_path / "b.csv")
    assert caught.value.offline and caught.value.reason == "the connection was cut (ConnectionResetError)"
    assert list(tmp_path.iterdir()) == []      # no partial file


def test_a_failed_download_never_replaces_an_existing_file(tmp_path: Path):
    dest = tmp_path / "a.csv"
    dest.write_bytes(b"previous")
    fetch = make_http_fetcher(HttpSettings(retries=0), opener=Opener(Body(1 << 20, fail_after=2)), sleep=lambda s: None)
    with pytest.raises(FetchError):
        fetch(URL, dest)
    assert dest.read_bytes() == b"previous"
