"""The HTTP service: a SPARQL 1.1 Protocol endpoint, /ask, dataset downloads and a query page.

Every handler calls one KnowledgeBase method and renders; the work runs in Starlette's thread
pool. User SPARQL goes through ``kb.sparql`` and so keeps its time limit and result cap (the
query runs in a killable worker process). Everything else goes through one ``kb.gate.Gate``, the
lock the bot uses too: the embedding model and the lazily built parts of the KnowledgeBase are
not made for concurrent use.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kb.errors import (
    KBError,
    ModelError,
    QueryError,
    QueryTimeout,
    ReadOnlyError,
    StoreError,
)
from kb.gate import Gate
from kb.pictures.dates import user_span
from kb.serve.negotiate import choose, offers
from kb.serve.pictures import ROUTES as PICTURE_ROUTES
from kb.serve.protocol import ProtocolError, error_response, read_request, with_dataset
from kb.sparql.formats import BY_EXTENSION
from kb.sparql.kinds import query_kind

if TYPE_CHECKING:
    from kb.api import KnowledgeBase

WEB = Path(__file__).resolve().parent.parent / "web"
RESULT_HEADERS = ["X-KB-Truncated", "X-KB-Rows", "X-KB-Result-Limit"]
_STATUS = {  # anything else a user can cause is a 400
    QueryError: 400,
    ReadOnlyError: 403,
    QueryTimeout: 503,
    StoreError: 503,  # the store or the SPARQL server behind it is unreachable
    ModelError: 503,  # the embedding model is missing: the operator's to fix, not the user's
}
_PAGE_SECURITY = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


def build_app(kb: KnowledgeBase) -> Starlette:
    """The Starlette app over one KnowledgeBase (which must outlive the app)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(warm_up, kb)
        yield

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/ask", ask),
            Route("/examples", examples),
            Route("/export.{ext}", export),
            *PICTURE_ROUTES,
            Mount("/static", StaticFiles(directory=WEB), name="static"),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=RESULT_HEADERS,
            )
        ],
        exception_handlers={KBError: kb_error, ProtocolError: protocol_error},
        lifespan=lifespan,
    )
    app.state.kb = kb
    app.state.gate = Gate(kb)
    return app


def warm_up(kb: KnowledgeBase) -> None:
    """Open the store and start a query worker before the first request, in one thread: the
    KnowledgeBase builds its parts lazily and two requests must not both build them."""
    kb.sparql("ASK {}")


# ---- handlers ---------------------------------------------------------------------------------
async def sparql(request: Request) -> Response:
    kb = request.app.state.kb
    req = await read_request(request)
    query = with_dataset(req.query, req.default_graphs, req.named_graphs)
    form = query_kind(query)
    accept = request.headers.get("accept")
    media = choose(form, accept, req.formats)
    if media is None:
        return error_response(
            406,
            f"cannot answer a {(form or 'SPARQL').upper()} query as {accept!r}; "
            f"available: {', '.join(offers(form))}",
        )
    output = await run_in_threadpool(kb.sparql, query, media)
    headers = {
        "X-KB-Truncated": "true" if output.truncated else "false",
        "X-KB-Rows": str(output.rows),
        "X-KB-Result-Limit": str(kb.settings.result_limit),
        "Access-Control-Allow-Origin": "*",
        "Vary": "Accept",
    }
    return Response(output.body, media_type=output.media_type, headers=headers)


async def ask(request: Request) -> Response:
    question = request.query_params.get("q", "").strip()
    as_of = request.query_params.get("as_of", "").strip() or None
    if not question:
        return error_response(400, "missing question: give it as q=...")
    if as_of:
        user_span(as_of, "as_of")  # a bad date is a 400 with the reason, before any work
    answer = await run_in_threadpool(request.app.state.gate.ask, question, as_of)
    return JSONResponse(answer.to_json())


async def export(request: Request) -> Response:
    ext = request.path_params["ext"]
    if ext not in BY_EXTENSION:
        return error_response(404, f"no export as .{ext}; choose one of {', '.join(BY_EXTENSION)}")
    fmt = BY_EXTENSION[ext]
    body = await run_in_threadpool(request.app.state.gate.export, fmt.name)
    disposition = f'attachment; filename="incident-kb.{ext}"'
    return Response(body, media_type=fmt.content_type, headers={"Content-Disposition": disposition})


async def index(request: Request) -> Response:
    html = (WEB / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html, headers=_PAGE_SECURITY)


async def examples(request: Request) -> Response:
    """The example queries under kb/web/*.rq, titled by their first comment line."""
    items = []
    for path in sorted(WEB.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("# ").strip() if first.startswith("#") else path.stem
        items.append({"name": path.stem, "title": title, "query": text})
    return JSONResponse(items)


# ---- errors -------------------------------------------------------------------------------------
async def kb_error(request: Request, exc: Exception) -> Response:
    status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
    return error_response(status, str(exc))


async def protocol_error(request: Request, exc: Exception) -> Response:
    return error_response(exc.status, str(exc))
