"""Feed polling against a real loopback HTTP server: good feeds, 304s and every kind of bad feed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from ingest_server import LoopbackServer, send, stream_forever, trickle

from ingest.feeds import PollStatus, poll_feed
from ingest.http_fetch import create_http_client
from ingest.limits import FetchLimits
from storage.sources import FeedState

LIMITS = FetchLimits(
    max_bytes=200_000, connect_timeout=2, read_timeout=0.5, total_timeout=1.5, max_redirects=3
)
ETAG = '"v1"'
MODIFIED = formatdate(1_700_000_000, usegmt=True)
LONG = "Qasem Soleimani travelled to Moscow for talks with Russian officials. " * 10

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>http://example.org/</link>
<item><title>Full story</title><link>http://example.org/full?utm_source=rss</link>
<description>{LONG}</description><pubDate>Tue, 04 Aug 2015 10:00:00 GMT</pubDate></item>
<item><title>Short one</title><link>ARTICLE_URL</link><description>Teaser only.</description></item>
</channel></rss>"""

ARTICLE = """<html><head><title>Short one</title></head><body><nav>Home | World | Sport</nav>
<article><h1>Short one</h1><p>Sergei Shoigu met the Quds Force commander in Moscow.</p>
<p>The meeting was not announced. Officials in Tehran declined to comment on it.</p>
<p>Analysts said the visit broke a UN travel ban imposed in 2007.</p></article>
<footer>Copyright</footer></body></html>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom side</title><id>urn:x</id>
<updated>2015-08-07T10:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:1</id><link href="http://example.org/atom/1"/>
<updated>2015-08-07T10:00:00Z</updated>
<content type="html">&lt;p&gt;CONTENT&lt;/p&gt;</content></entry></feed>"""

TRUNCATED = RSS.replace("ARTICLE_URL", "http://example.org/2")[:-60]
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title></item></channel></rss>"""
# Passes feedparser's own "safe entity" filter: one plain entity, used very many times.
QUADRATIC = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "' + b"a" * 50_000 + b'">\n]>\n'
    b'<rss version="2.0"><channel><title>q</title><item><description>'
    + b"&a;" * 20_000
    + b"</description></item></channel></rss>"
)

RU_TEXT = "Касем Сулеймани прибыл в Москву для переговоров с министром обороны Шойгу."
RU_FEED = (
    '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
    "<title>Новости</title><item><title>Сулеймани</title><link>ARTICLE_URL</link>"
    "<description>Кратко.</description></item></channel></rss>"
).encode("cp1251")
# No charset anywhere: the page's encoding must be detected.
RU_ARTICLE = (
    "<html><body><article><p>" + RU_TEXT + " " + RU_TEXT + "</p></article></body></html>"
).encode("cp1251")


def conditional_feed(handler: BaseHTTPRequestHandler, body: str) -> None:
    """RSS with ETag and Last-Modified; 304 when the client already has this version."""
    if handler.headers.get("If-None-Match") == ETAG or (
        handler.headers.get("If-Modified-Since") == MODIFIED
    ):
        handler.send_response(304)
        handler.send_header("ETag", ETAG)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    headers = {"ETag": ETAG, "Last-Modified": MODIFIED}
    send(handler, 200, body.encode(), "application/rss+xml; charset=utf-8", headers)


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    rss = RSS.replace("ARTICLE_URL", srv.url("/article"))
    xml = "application/xml"
    srv.routes.update(
        {
            "/feed.xml": lambda h: conditional_feed(h, rss),
            "/article": lambda h: send(h, 200, ARTICLE.encode(), "text/html; charset=utf-8"),
            "/atom.xml": lambda h: send(h, 200, ATOM.replace("CONTENT", LONG).encode(), xml),
            "/html": lambda h: send(
                h, 200, b"<!DOCTYPE html><html><body>Hi</body></html>", "text/html"
            ),
            "/truncated.xml": lambda h: send(h, 200, TRUNCATED.encode(), xml),
            "/cut-early.xml": lambda h: send(
                h, 200, b'<?xml version="1.0"?><rss version="2.0"><ch', xml
            ),
            "/bomb.xml": lambda h: send(h, 200, BOMB, xml),
            "/bomb16.xml": lambda h: send(h, 200, BOMB.decode().encode("utf-16"), xml),
            "/quadratic.xml": lambda h: send(h, 200, QUADRATIC, xml),
            "/huge-declared": stream_forever(srv, declare_length=10**9, chunk=b"x" * 65536),
            "/huge-stream": stream_forever(srv, declare_length=None, chunk=b"<a>" * 20000),
            "/loop-a": lambda h: send(h, 302, b"", "text/plain", {"Location": "/loop-b"}),
            "/loop-b": lambda h: send(h, 302, b"", "text/plain", {"Location": "/loop-a"}),
            "/stall": trickle(srv, delay=0.2, first_byte_delay=5),
            # A byte every 0.05 s: ten times inside the 0.5 s read timeout, so only the
            # 1.5 s total limit can stop it, even on a loaded machine.
            "/trickle": trickle(srv, delay=0.05),
            "/gone": lambda h: send(h, 410, b"gone", "text/plain"),
            "/junk": lambda h: send(h, 200, bytes(range(256)) * 40, "application/octet-stream"),
            "/cp1251.xml": lambda h: send(
                h, 200, RU_FEED.replace(b"ARTICLE_URL", srv.url("/ru-article").encode()), "text/xml"
            ),
            "/ru-article": lambda h: send(h, 200, RU_ARTICLE, "text/html"),
        }
    )
    yield srv
    srv.close()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with create_http_client(LIMITS, allow_private=True) as http:
        yield http


def feed(url: str, *, etag: str | None = None, last_modified: str | None = None) -> FeedState:
    return FeedState(7, url, None, etag, last_modified, 900, 0, 42)


async def test_entries_become_documents_and_short_ones_get_the_article_text(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    result = await poll_feed(client, feed(server.url("/feed.xml")), limits=LIMITS)
    assert result.status is PollStatus.NEW, result.error
    assert (result.title, result.etag, result.last_modified) == ("Loopback News", ETAG, MODIFIED)
    full, short = result.documents
    assert full.title == "Full story" and full.text.startswith("Qasem Soleimani travelled")
    assert full.url == "http://example.org/full?utm_source=rss"
    assert full.published is not None and full.published.isoformat() == "2015-08-04T10:00:00+00:00"
    assert (full.source_label, full.source_id) == ("Loopback News", 7)
    # "Teaser only." was too short: the article page was fetched and its main text used.
    assert "Sergei Shoigu met the Quds Force commander" in short.text
    assert "UN travel ban" in short.text
    assert "Home | World" not in short.text


async def test_etag_or_last_modified_gives_304_not_modified(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    for state in (
        feed(server.url("/feed.xml"), etag=ETAG),
        feed(server.url("/feed.xml"), last_modified=MODIFIED),
    ):
        result = await poll_feed(client, state, limits=LIMITS)
        assert result.status is PollStatus.NOT_MODIFIED
        assert result.documents == []


async def test_atom_content_is_used(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    result = await poll_feed(client, feed(server.url("/atom.xml")), limits=LIMITS)
    assert result.status is PollStatus.NEW
    (doc,) = result.documents
    assert doc.title == "Atom entry" and doc.text.startswith("Qasem Soleimani")
    assert doc.url == "http://example.org/atom/1"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/html", "not a feed: the server sent an HTML page"),
        ("/cut-early.xml", "malformed feed XML at line 1"),
        ("/bomb.xml", "XML entities or an internal DTD"),
        ("/bomb16.xml", "XML entities or an internal DTD"),
        ("/quadratic.xml", "XML entities or an internal DTD"),
        ("/huge-declared", "response too large: 1,000,000,000 bytes announced"),
        ("/huge-stream", "response too large: over the limit of 200,000"),
        ("/loop-a", "too many redirects (more than 3)"),
        ("/stall", "server sent nothing for 0.5s"),
        ("/trickle", "took longer than 1.5s in total"),
        ("/gone", "HTTP 410 Gone"),
        ("/junk", "not an RSS or Atom feed"),
    ],
)
async def test_bad_feeds_give_a_readable_error(
    server: LoopbackServer, client: httpx.AsyncClient, path: str, expected: str
) -> None:
    result = await poll_feed(client, feed(server.url(path)), limits=LIMITS)
    assert result.status is PollStatus.ERROR
    assert result.error is not None and expected in result.error
    assert result.documents == []


async def test_truncated_feed_keeps_complete_entries_and_no_validators(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    result = await poll_feed(client, feed(server.url("/truncated.xml")), limits=LIMITS)
    assert result.status is PollStatus.NEW
    assert [d.title for d in result.documents] == ["Full story"]
    assert result.warning is not None and "malformed feed XML" in result.warning
    assert "1 of 2 entries recovered" in result.warning
    assert result.etag is None and result.last_modified is None


async def test_a_closed_port_is_an_error_not_an_exception(client: httpx.AsyncClient) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = await poll_feed(client, feed(f"http://127.0.0.1:{port}/x"), limits=LIMITS)
    assert result.status is PollStatus.ERROR
    assert result.error is not None and "ConnectError" in result.error


async def test_declared_and_undeclared_encodings(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    result = await poll_feed(client, feed(server.url("/cp1251.xml")), limits=LIMITS)
    assert result.status is PollStatus.NEW and result.title == "Новости"
    (doc,) = result.documents
    assert doc.title == "Сулеймани"
    assert RU_TEXT in doc.text  # the article page, in cp1251 with no charset declared
