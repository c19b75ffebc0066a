"""SSRF guard: private, loopback and link-local addresses are refused before any connection."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_server import LoopbackServer, send

from ingest.addresses import address_refusal
from ingest.feeds import PollStatus, poll_feed
from ingest.http_fetch import FetchError, create_http_client, fetch_bounded
from ingest.limits import FetchLimits
from storage.sources import FeedState

LIMITS = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5)


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    feed = b'<rss version="2.0"><channel><title>t</title></channel></rss>'
    srv.routes["/feed.xml"] = lambda h: send(h, 200, feed, "application/rss+xml")
    srv.routes["/to-other-loopback"] = lambda h: send(
        h, 302, b"", "text/plain", {"Location": srv.url("/feed.xml", host="127.0.0.2")}
    )
    srv.routes["/to-ipv6-loopback"] = lambda h: send(
        h, 302, b"", "text/plain", {"Location": srv.url("/feed.xml", host="[::1]")}
    )
    # 0.0.0.0 is refused as "private" yet, were the guard broken, would connect to this
    # machine: no target in these tests is an address off loopback, such as 10.x or the
    # 169.254.169.254 metadata service (test_address_refusal checks those without connecting).
    srv.routes["/to-unspecified"] = lambda h: send(
        h, 302, b"", "text/plain", {"Location": srv.url("/feed.xml", host="0.0.0.0")}
    )
    yield srv
    srv.close()


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "private"),
        ("100.64.0.1", "non-public"),
        ("224.0.0.1", "multicast"),
        ("93.184.216.34", None),
        ("2606:2800:220:1:248:1893:25c8:1946", None),
    ],
)
def test_address_refusal(address: str, refused: str | None) -> None:
    reason = address_refusal(address)
    assert (reason is None) == (refused is None)
    if refused:
        assert reason is not None and reason.startswith(refused)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/feed.xml",
        "http://0.0.0.0:{port}/feed.xml",
        "http://[::1]:{port}/feed.xml",
        "http://localhost:{port}/feed.xml",
        # Spellings of 127.0.0.1 that a string check on the URL would miss.
        "http://2130706433:{port}/feed.xml",
        "http://0x7f.1:{port}/feed.xml",
        "http://127.1:{port}/feed.xml",
        "http://[::ffff:127.0.0.1]:{port}/feed.xml",
    ],
)
async def test_private_targets_are_refused_before_connecting(
    server: LoopbackServer, url: str
) -> None:
    before = len(server.hits)
    async with create_http_client(LIMITS, allow_private=False) as client:
        with pytest.raises(
            FetchError, match="refused to connect to .*(loopback|private|link-local)"
        ):
            await fetch_bounded(client, url.format(port=server.port), limits=LIMITS)
    assert len(server.hits) == before  # nothing reached the server


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-other-loopback", "loopback"),
        ("/to-ipv6-loopback", "loopback"),
        ("/to-unspecified", "private"),
    ],
)
async def test_every_redirect_hop_is_checked(
    server: LoopbackServer, path: str, reason: str
) -> None:
    # The first hop's address (127.0.0.1) is exempted, as an operator may exempt a mirror;
    # the hop it redirects to is not, and is refused before any connection is made.
    exempt = [ipaddress.ip_network("127.0.0.1/32")]
    async with create_http_client(LIMITS, allow_private=False, exempt=exempt) as client:
        state = FeedState(1, server.url(path), None, None, None, 900, 0, None)
        result = await poll_feed(client, state, limits=LIMITS)
    assert result.status is PollStatus.ERROR
    assert result.error is not None and "refused to connect to" in result.error
    assert reason in result.error
    assert server.hits[-1] == path  # the first hop was served; the second never arrived


async def test_allow_private_urls_reaches_loopback(server: LoopbackServer) -> None:
    async with create_http_client(LIMITS, allow_private=True) as client:
        for host in ("127.0.0.1", "localhost"):
            fetched = await fetch_bounded(client, server.url("/feed.xml", host), limits=LIMITS)
            assert fetched.status == 200 and b"<rss" in fetched.body


async def test_non_http_schemes_are_refused() -> None:
    async with create_http_client(LIMITS, allow_private=True) as client:
        for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"):
            with pytest.raises(FetchError, match="unsupported URL scheme"):
                await fetch_bounded(client, url, limits=LIMITS)


async def test_tls_still_checks_the_host_name(tmp_path: Path) -> None:
    """The guard connects to the address it checked; the certificate is checked by name."""
    import shutil
    import ssl
    import subprocess
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    if shutil.which("openssl") is None:
        pytest.skip("openssl command not found (needed to make a test certificate)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    (tmp_path / "feed.xml").write_text(
        '<rss version="2.0"><channel><title>tls</title></channel></rss>'
    )

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    httpd.socket = server_side.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    trust = ssl.create_default_context(cafile=str(cert))
    try:
        async with create_http_client(LIMITS, allow_private=True, ssl_context=trust) as client:
            fetched = await fetch_bounded(
                client, f"https://localhost:{port}/feed.xml", limits=LIMITS
            )
            assert b"<title>tls</title>" in fetched.body
            with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
                await fetch_bounded(client, f"https://127.0.0.1:{port}/feed.xml", limits=LIMITS)
    finally:
        httpd.shutdown()
        httpd.server_close()
