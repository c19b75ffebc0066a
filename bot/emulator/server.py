"""The loopback HTTP server: Starlette routes served by uvicorn, in a loop or a thread."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .dispatch import call_method
from .errors import ApiError, bad_request, unauthorized
from .params import Params, Upload
from .state import EmulatorState

__all__ = ["EmulatorServer"]


async def _read_params(request: Request) -> Params:
    """Query string plus JSON, urlencoded or multipart body, as Telegram accepts them all."""
    values: dict[str, Any] = dict(request.query_params)
    uploads: dict[str, Upload] = {}
    content_type = request.headers.get("content-type", "")
    if request.method == "POST" and content_type.startswith("application/json"):
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        values.update(body)
    elif request.method == "POST" and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        # Telegram allows uploads up to 50 MB; python-multipart spools large parts to disk.
        async with request.form(max_files=20, max_fields=200) as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    data = await value.read()
                    uploads[key] = Upload(value.filename, value.content_type, data)
                else:
                    values[key] = value
    return Params(values, uploads)


def _build_app(state: EmulatorState) -> Starlette:
    async def api(request: Request) -> Response:
        if request.path_params["token"] != state.token:
            return JSONResponse(unauthorized().body(), status_code=401)
        try:
            params = await _read_params(request)
        except ApiError as error:
            return JSONResponse(error.body(), status_code=error.error_code)
        status, body = await call_method(state, request.path_params["method"], params)
        return JSONResponse(body, status_code=status)

    async def download(request: Request) -> Response:
        if request.path_params["token"] != state.token:
            return JSONResponse(unauthorized().body(), status_code=401)
        path = request.path_params["path"]
        with state.lock:
            stored = next((f for f in state.files.values() if f.file_path == path), None)
        if stored is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return Response(stored.data, media_type=stored.content_type or "application/octet-stream")

    return Starlette(
        routes=[
            Route("/bot{token}/{method}", api, methods=["GET", "POST"]),
            Route("/file/bot{token}/{path:path}", download, methods=["GET"]),
        ]
    )


class _Server(uvicorn.Server):
    """uvicorn's server, with a main loop that wakes on `exit_now` rather than polling.

    uvicorn's own loop checks `should_exit` every 0.1 s; with one emulator per test that
    polling alone added 0.1 s to every end-to-end test.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.exit_now = asyncio.Event()

    async def main_loop(self) -> None:
        await self.on_tick(0)  # sets the default response headers once
        await self.exit_now.wait()


class EmulatorServer:
    """Serves the Bot API for one `EmulatorState` on 127.0.0.1 at a free port."""

    def __init__(self, state: EmulatorState) -> None:
        self._state = state
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None
        self.port = 0

    @property
    def root_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Start serving in the running event loop; returns once the port accepts calls."""
        if self._server is not None:
            raise RuntimeError("emulator server already started")
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto
        # says TCP; with proto 0, Nagle + delayed ACK add ~40 ms to every keep-alive call.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(
            _build_app(self._state),
            log_level="warning",
            lifespan="off",
            ws="none",
            access_log=False,
            timeout_graceful_shutdown=2,
            date_header=False,  # set once per start only (see _Server), so rather none
            server_header=False,
        )
        self._server = _Server(config)
        self._state.closing = False
        # `_serve` rather than `serve`: `serve` would take over SIGINT/SIGTERM in the main
        # thread, stealing them from the bot's own Application.run_polling.
        self._task = asyncio.create_task(self._server._serve(sockets=[self._socket]))
        while not self._server.started:
            if self._task.done():
                await self._task  # re-raise the start-up failure
                raise RuntimeError("emulator server stopped during start-up")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """End long polls, stop accepting calls and close the port."""
        if self._server is None or self._task is None:
            return
        with self._state.lock:
            self._state.closing = True
        self._state.changed.notify()
        self._server.should_exit = True
        self._server.exit_now.set()
        await self._task
        if self._socket is not None:
            self._socket.close()
        self._server = self._task = self._socket = None

    def start_in_thread(self) -> None:
        """Serve from a background thread with its own loop (for the sandbox and demo)."""
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._thread_loop = loop
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # reported to the caller below
                failure.append(exc)
                started.set()
                loop.close()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="telegram-emulator", daemon=True)
        self._thread.start()
        started.wait()
        if failure:
            raise failure[0]

    def stop_thread(self) -> None:
        """Stop a server started with `start_in_thread` and join its thread."""
        if self._thread is None or self._thread_loop is None:
            return
        self._thread_loop.call_soon_threadsafe(self._thread_loop.stop)
        self._thread.join(timeout=10)
        self._thread = self._thread_loop = None
