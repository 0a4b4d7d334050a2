"""One process owns the embedded store; the others reach it over a Unix socket in KB_HOME.

RocksDB (under Oxigraph) allows one process per store folder, and pyoxigraph calls a read-only
open beside a writer undefined behaviour. So the first long-running service (`kb serve`,
`kb bot`, `kb watch`) opens the store and answers on ``KB_HOME/kb.sock``; every other process on
the same KB_HOME (`kb ingest`, `kb ask`, a second service) finds the socket alive and talks to it
through ``LocalStore``, which is the SPARQL-protocol client of kb.store.remote pointed at the
socket. Writes arrive as SPARQL updates and run in the owner's store, one transaction each, so
the owner (and every other client) sees a new article as soon as its graph is committed.

The socket is the only write path: it is a file in KB_HOME with mode 0600, never a network
route (DESIGN.md). Routes: ``POST /query`` (trusted SELECT/ASK, SPARQL JSON), ``POST /run`` (a
user query under the time limit and cap, in the owner's killable worker), ``POST /update``,
``GET /dump``, ``GET /health``.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from kb.errors import QueryError, QueryTimeout, StoreError
from kb.store.base import QueryOutput, has_dataset_clause
from kb.store.remote import RemoteStore
from kb.threaded_server import start_in_thread, stop_thread

SOCKET_NAME = "kb.sock"
_BASE = "http://kb-owner"  # the host part is ignored over a Unix socket
JSON_RESULTS = "application/sparql-results+json"


def socket_path(home: Path) -> Path:
    return Path(home) / SOCKET_NAME


def owner_alive(home: Path) -> bool:
    """True when a process answers on KB_HOME's socket (a stale socket file does not count)."""
    path = socket_path(home)
    if not path.exists():
        return False
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(2.0)
    try:
        probe.connect(str(path))
    except OSError:
        return False
    finally:
        probe.close()
    return True


class LocalStore(RemoteStore):
    """The store of the process that owns KB_HOME, over its Unix socket."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        super().__init__(f"{_BASE}/query", f"{_BASE}/update")
        self._client.close()
        transport = httpx.HTTPTransport(uds=str(socket_path(home)))
        self._client = httpx.Client(transport=transport, timeout=httpx.Timeout(120.0, connect=5))
        self._union = "native"  # the owner runs every query without FROM over the union

    def run(self, query: str, media_type: str, limit: int, timeout: float) -> QueryOutput:
        form = {"query": query, "media": media_type, "limit": str(limit), "timeout": str(timeout)}
        try:
            reply = self._client.post(f"{_BASE}/run", data=form, timeout=timeout + 90.0)
        except httpx.HTTPError as exc:
            raise StoreError(f"lost the kb process that owns {self.home}: {exc}") from None
        message = reply.text.strip().removeprefix("Error: ")
        if reply.status_code == 400:
            raise QueryError(message)
        if reply.status_code == 504:
            raise QueryTimeout(message)
        if reply.status_code >= 300:
            raise StoreError(message)
        return QueryOutput(
            reply.content,
            reply.headers.get("content-type", media_type).split(";")[0],
            reply.headers.get("x-kb-kind", "solutions"),
            reply.headers.get("x-kb-truncated") == "true",
            int(reply.headers.get("x-kb-rows", "0")),
        )

    def dump(self, media_type: str) -> bytes:
        try:
            reply = self._client.get(f"{_BASE}/dump", params={"media": media_type})
        except httpx.HTTPError as exc:
            raise StoreError(f"lost the kb process that owns {self.home}: {exc}") from None
        if reply.status_code != 200:
            raise StoreError(reply.text.strip().removeprefix("Error: "))
        return reply.content

    def _post(self, url: str, form: dict[str, str], accept: str, timeout: float) -> object:
        try:
            return super()._post(url, form, accept, timeout)
        except StoreError as exc:
            if "cannot reach" in str(exc):
                raise StoreError(
                    f"cannot reach the kb process that owns {self.home} on {socket_path(self.home)}; "
                    "was it stopped? Start the command again once it is."
                ) from None
            raise


# ---- the owner's side ----------------------------------------------------------------------------
def build_owner_app(store: object) -> object:
    """The Starlette app behind the socket, over an EmbeddedStore."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    from kb.store.terms import serialize_boolean, serialize_solutions

    def trusted(query: str) -> bytes:
        import pyoxigraph as ox

        from kb.store.terms import to_rdflib

        try:
            result = store.store.query(
                query, use_default_graph_as_union=not has_dataset_clause(query)
            )
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        if isinstance(result, ox.QueryBoolean | bool):
            return serialize_boolean(bool(result), JSON_RESULTS)
        names = [v.value for v in result.variables]
        rows = [[to_rdflib(row[n]) for n in names] for row in result]
        return serialize_solutions(names, rows, JSON_RESULTS)

    async def query(request: Request) -> Response:
        form = await _form(request)
        try:
            body = await run_in_threadpool(trusted, str(form.get("query", "")))
        except QueryError as exc:
            return PlainTextResponse(f"Error: {exc}", status_code=400)
        return Response(body, media_type=JSON_RESULTS)

    async def run(request: Request) -> Response:
        form = await _form(request)
        try:
            output = await run_in_threadpool(
                store.run,
                str(form["query"]),
                str(form["media"]),
                int(form["limit"]),
                float(form["timeout"]),
            )
        except QueryError as exc:
            return PlainTextResponse(f"Error: {exc}", status_code=400)
        except QueryTimeout as exc:
            return PlainTextResponse(f"Error: {exc}", status_code=504)
        except StoreError as exc:
            return PlainTextResponse(f"Error: {exc}", status_code=503)
        headers = {
            "X-KB-Kind": output.kind,
            "X-KB-Truncated": "true" if output.truncated else "false",
            "X-KB-Rows": str(output.rows),
        }
        return Response(output.body, media_type=output.media_type, headers=headers)

    async def update(request: Request) -> Response:
        form = await _form(request)
        try:
            await run_in_threadpool(store.update, str(form.get("update", "")))
        except QueryError as exc:
            return PlainTextResponse(f"Error: {exc}", status_code=400)
        return PlainTextResponse("ok")

    async def dump(request: Request) -> Response:
        media = request.query_params.get("media", "application/trig")
        try:
            body = await run_in_threadpool(store.dump, media)
        except KeyError:
            return PlainTextResponse(f"Error: cannot dump as {media}", status_code=400)
        return Response(body, media_type=media)

    async def health(request: Request) -> Response:
        return PlainTextResponse(f"ok {os.getpid()}")

    return Starlette(
        routes=[
            Route("/query", query, methods=["POST"]),
            Route("/run", run, methods=["POST"]),
            Route("/update", update, methods=["POST"]),
            Route("/dump", dump),
            Route("/health", health),
        ]
    )


async def _form(request: object) -> dict[str, str]:
    """The form-encoded body (without python-multipart, which Starlette's form() needs)."""
    from urllib.parse import parse_qs

    body = (await request.body()).decode("utf-8")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


class OwnerService:
    """Serves the owner app on KB_HOME's socket from a daemon thread of the owning process."""

    def __init__(self, store: object, home: Path) -> None:
        self.store = store
        self.path = socket_path(home)
        self._server = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 30.0) -> OwnerService:

        if self.path.exists() or self.path.is_symlink():
            self.path.unlink()  # stale: we hold the store's lock, so its owner is gone
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        finally:
            os.umask(old)
        started = start_in_thread(build_owner_app(self.store), sock, "kb-owner", timeout)
        if started is None:
            self.stop()
            raise StoreError(f"{self.path}: the store's local socket did not start")
        self._server, self._thread = started
        return self

    def stop(self) -> None:
        stop_thread(self._server, self._thread)
        self._server = self._thread = None
        try:
            self.path.unlink()
        except OSError:
            pass


@contextmanager
def own_store(kb: object) -> Iterator[None]:
    """For long-running commands: open the store, and when it is the embedded one (no other
    process owns KB_HOME), offer it to the other kb processes on the socket until the end."""
    from kb.store.embedded import EmbeddedStore

    store = kb.store  # opens the embedded store, or the client of the process that owns it
    service = (
        OwnerService(store, kb.settings.home).start() if isinstance(store, EmbeddedStore) else None
    )
    try:
        yield
    finally:
        if service is not None:
            service.stop()
