"""``kb bot --http``: Slack's Events API, interactivity and slash commands at POST /slack/events.

A Starlette app on uvicorn (both already dependencies of ``kb serve``). Bolt's dispatch blocks
until the listener calls ``ack()``, so it runs on a worker thread, never on the event loop.
"""

from __future__ import annotations

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

EVENTS_PATH = "/slack/events"


def asgi_app(app: App) -> Starlette:
    async def events(request: Request) -> Response:
        body = await request.body()
        response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", health)]
    )


def http_server(app: App, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server; ``.run()`` blocks, ``.should_exit = True`` stops it (port 0: any free)."""
    config = uvicorn.Config(
        asgi_app(app), host=host, port=port, log_config=None, lifespan="off", access_log=False
    )
    return uvicorn.Server(config)
