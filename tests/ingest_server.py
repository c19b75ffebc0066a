"""A real HTTP server on 127.0.0.1 for intake tests: routes are plain functions.

Each route gets the request handler and writes its own status, headers and body, so a
test can serve a feed, a 304, an endless stream, a redirect loop or a stalling server.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


class LoopbackServer:
    """A threaded HTTP/1.1 server on an ephemeral loopback port."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                server.hits.append(path)
                route = server.routes.get(path)
                if route is None:
                    send(self, 404, b"not found", "text/plain")
                    return
                # The client may hang up early, as its limits tell it to.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The full URL of `path` on this server."""
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        """Stop serving; handlers that stream notice `stopping`."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    """Write a complete response."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def stream_forever(server: LoopbackServer, *, declare_length: int | None, chunk: bytes) -> Route:
    """A route sending `chunk` again and again until the client hangs up (never in memory)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        if declare_length is not None:
            handler.send_header("Content-Length", str(declare_length))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        sent = 0
        while not server.stopping.is_set() and sent < 1_000_000_000:
            handler.wfile.write(chunk)
            sent += len(chunk)

    return route


def trickle(server: LoopbackServer, *, delay: float, first_byte_delay: float = 0.0) -> Route:
    """A route that answers 200 and then sends one byte every `delay` seconds, for ~10 s."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.flush()
        if server.stopping.wait(first_byte_delay):
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not server.stopping.wait(delay):
            handler.wfile.write(b" ")
            handler.wfile.flush()

    return route


def chunks(total: int, size: int = 65536) -> Iterator[bytes]:
    """`total` bytes of filler, `size` at a time."""
    block = b"x" * size
    for _ in range(total // size):
        yield block


@contextlib.asynccontextmanager
async def serve_asgi(app: Any) -> AsyncIterator[str]:
    """Run `app` with uvicorn on an ephemeral loopback port in this event loop; yield its URL."""
    import asyncio
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", ws="none", http="h11")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()
