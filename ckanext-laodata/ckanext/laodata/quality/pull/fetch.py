"""Fetching a pulled resource's file from elsewhere, safely (issue 13 item 5).

The one home of the rule "which addresses the portal fetches from": only
``http``/``https`` URLs without credentials, whose host resolves to public
addresses only (``ipaddress``'s ``is_global``: no private, loopback,
link-local, shared, reserved or multicast address; IPv4-mapped IPv6 is read
as IPv4). The check is made on every connection, so on every redirect hop,
and the socket connects to the address that was checked (no second lookup
a DNS answer could change). Loopback is allowed only with the test-only key
``ckanext.laodata.pull.allow_loopback`` (off by default).

Limits: at most ``MAX_REDIRECTS`` redirects; at most ``max_bytes`` bytes
(refused early by ``Content-Length``, and counted while reading); at most
``max_seconds`` in all (each read waits at most the time left, capped).
No proxy from the environment is used, and the body is taken as sent
(``Accept-Encoding: identity``, no decompression). Every failure is a
``PullError`` with a code (and parameters) the pages and the API show.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from typing import IO, Any
from urllib.parse import urljoin

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import parse_url

from ... import config

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 65536
READ_WAIT = 30.0  # the longest one read may wait for the server
USER_AGENT = "laodata-pull/1"


class PullError(Exception):
    """Why a pull failed: ``code`` (``private_address``, ``too_large``…) and ``params``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.params}


def address_allowed(address: str) -> bool:
    """Whether the portal may connect to this IP address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return config.pull_allow_loopback()
    return ip.is_global and not ip.is_multicast


def url_problem(url: str) -> str | None:
    """What is wrong with a source URL as written (None: nothing), before any lookup:
    ``scheme``, ``credentials``, ``no_host`` or ``private_address`` (a literal IP)."""
    try:
        parts = parse_url(url)
    except ValueError:
        return "not_a_url"
    if parts.scheme not in ("http", "https"):
        return "scheme"
    if parts.auth:
        return "credentials"
    if not parts.host:
        return "no_host"
    host = parts.host.strip("[]")
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    return None if address_allowed(host) else "private_address"


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses, every one of them allowed (else ``private_address``)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise PullError("unresolvable", host=host) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    refused = [a for a in addresses if not address_allowed(a)]
    if refused or not addresses:
        raise PullError("private_address", host=host, address=refused[0] if refused else "")
    return addresses


class _Checked:
    """Connect only to an address ``resolve`` allowed (mixed into urllib3's connections)."""

    host: str
    port: int
    timeout: Any
    source_address: Any

    def _new_conn(self) -> socket.socket:
        last: OSError | None = None
        for address in resolve(self.host.strip("[]"), self.port):
            try:
                return socket.create_connection((address, self.port), self.timeout, self.source_address)
            except OSError as exc:
                last = exc
        raise PullError("unreachable", host=self.host, reason=str(last)[:200])


class _HTTP(_Checked, HTTPConnection):
    pass


class _HTTPS(_Checked, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTP


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPS


def _open(url: str, deadline: float, max_seconds: float) -> tuple[Any, Any]:
    problem = url_problem(url)
    if problem:
        raise PullError(problem, url=url[:300])
    parts = parse_url(url)
    pool_class = _HTTPSPool if parts.scheme == "https" else _HTTPPool
    wait = max(0.1, min(READ_WAIT, deadline - time.monotonic()))
    pool = pool_class(
        parts.host.strip("[]") if parts.host else "",
        parts.port,
        timeout=urllib3.Timeout(connect=wait, read=wait),
        retries=False,
        maxsize=1,
    )
    try:
        return pool, pool.urlopen(
            "GET",
            parts.request_uri,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=False,
        )
    except PullError:
        pool.close()
        raise
    except urllib3.exceptions.TimeoutError:
        pool.close()
        raise PullError("too_slow", limit=max_seconds) from None
    except urllib3.exceptions.SSLError as exc:
        pool.close()
        raise PullError("tls", reason=str(exc)[:200]) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        pool.close()
        raise PullError("unreachable", host=parts.host, reason=str(exc)[:200]) from None


def _copy(response: Any, out: IO[bytes], max_bytes: int, deadline: float, max_seconds: float) -> int:
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise PullError("too_large", size=int(length), limit=max_bytes)
    written = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise PullError("too_slow", limit=max_seconds)
            chunk = response.read1(CHUNK)
            if not chunk:
                return written
            written += len(chunk)
            if written > max_bytes:
                raise PullError("too_large", size=written, limit=max_bytes)
            out.write(chunk)
    except PullError:
        raise
    except urllib3.exceptions.TimeoutError:
        raise PullError("too_slow", limit=max_seconds) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise PullError("unreachable", reason=str(exc)[:200]) from None


def fetch(url: str, out: IO[bytes], max_bytes: int, max_seconds: float) -> dict[str, Any]:
    """Write the body at ``url`` (following checked redirects) to ``out``;
    ``{url, bytes, content_type}`` of what was fetched, or ``PullError``."""
    deadline = time.monotonic() + max_seconds
    for _hop in range(MAX_REDIRECTS + 1):
        pool, response = _open(url, deadline, max_seconds)
        try:
            if response.status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise PullError("http_status", status=response.status)
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise PullError("http_status", status=response.status)
            written = _copy(response, out, max_bytes, deadline, max_seconds)
            return {"url": url, "bytes": written, "content_type": response.headers.get("Content-Type", "")}
        finally:
            response.release_conn()
            pool.close()
    raise PullError("too_many_redirects", limit=MAX_REDIRECTS)
