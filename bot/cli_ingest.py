"""`watchbot serve` (the push API on its own) and `watchbot inbox scan` (one pass of the inbox)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.settings import Settings

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the `serve` and `inbox` commands."""
    serve = subparsers.add_parser(
        "serve",
        help="serve POST /documents, GET /healthz and GET /openapi.json alone (no Telegram)",
    )
    serve.add_argument("--host", help="address to listen on (default: WATCHBOT_HTTP_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default: PORT)")
    serve.set_defaults(func=run_serve)

    inbox = subparsers.add_parser("inbox", help="folder inbox commands")
    inbox_sub = inbox.add_subparsers(title="inbox commands", metavar="COMMAND")
    scan = inbox_sub.add_parser(
        "scan", help="read the inbox once: each file through the pipeline, then done/ or failed/"
    )
    scan.set_defaults(func=run_inbox_scan)
    inbox.set_defaults(func=lambda args, settings: (inbox.print_help(), 2)[1])


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the push API with uvicorn until SIGINT/SIGTERM, storing through the pipeline."""
    if settings.push_token is None:
        print(
            "watchbot serve: set WATCHBOT_PUSH_TOKEN; push is disabled without it", file=sys.stderr
        )
        return 2
    import uvicorn

    from bot.service import build_services
    from ingest.push import create_push_app

    services = build_services(settings)
    app = create_push_app(
        services.pipeline.ingest, settings.push_token.get(), settings.max_document_bytes
    )
    host = args.host or settings.http_host
    port = args.port or settings.http_port
    print(f"watchbot serve: listening on http://{host}:{port}/documents", flush=True)
    try:
        # log_config=None keeps our logging (and its secret redaction) in charge.
        uvicorn.run(app, host=host, port=port, log_config=None, lifespan="off", ws="none")
    finally:
        services.engine.dispose()
    return 0


def run_inbox_scan(args: argparse.Namespace, settings: Settings) -> int:
    """Scan WATCHBOT_INBOX once and print what happened to each file; 1 if any failed."""
    from bot.service import build_services
    from ingest.inbox import scan_inbox

    services = build_services(settings)
    try:
        report = asyncio.run(
            scan_inbox(
                settings.inbox, services.pipeline.ingest, max_bytes=settings.max_document_bytes
            )
        )
    finally:
        services.engine.dispose()
    for name in report.done:
        print(f"done     {name}")
    for name, reason in report.failed.items():
        print(f"failed   {name}: {reason}")
    for name, reason in report.retry.items():
        print(f"retry    {name}: {reason}")
    for name in report.waiting:
        print(f"waiting  {name} (still being written)")
    print(
        f"{settings.inbox}: {len(report.done)} done, {len(report.failed)} failed, "
        f"{len(report.retry)} to retry, {len(report.waiting)} waiting"
    )
    return 1 if report.failed else 0
