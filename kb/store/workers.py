"""Killable worker processes for user SPARQL: the only reliable way to stop a runaway query.

No engine here stops a query by itself (pyoxigraph has no timeout; ``oxigraph serve --timeout-s``
does not interrupt an aggregate that never yields), so each user query runs in a child process
that the parent kills when the time limit passes. A worker opens, read-only, the snapshot the
parent names with each query (a checkpoint of the store that no process writes: pyoxigraph calls
opening a store read-only while another process writes it undefined behaviour), runs the query,
caps the result, serialises it and sends the bytes back.

Several queries may run at once (``kb serve`` answers requests from a thread pool): each takes
its own worker from a small pool, so one slow query does not queue the others behind it. The
time limit covers the query only; a worker's start-up (imports, about a second) is waited for
separately and a spare is started after every kill, so the next query does not pay for it.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from kb.errors import QueryError, QueryTimeout, StoreError
from kb.store.base import QueryOutput, has_dataset_clause

T = TypeVar("T")

STARTUP_TIMEOUT = 60.0  # a cold interpreter importing rdflib on a loaded CI machine
MAX_WORKERS = 2  # one per core here; more would only make concurrent queries slower


def _execute(path: str, query: str, media_type: str, limit: int) -> QueryOutput:
    import pyoxigraph as ox

    from kb.store.terms import (
        GRAPH_FORMATS,
        SOLUTION_FORMATS,
        serialize_boolean,
        serialize_graph,
        serialize_solutions,
        to_rdflib,
    )

    store = ox.Store.read_only(path)
    try:
        result = store.query(query, use_default_graph_as_union=not has_dataset_clause(query))
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    if isinstance(result, ox.QueryBoolean | bool):  # pyoxigraph 0.5 answers ASK with QueryBoolean
        media = media_type if media_type in SOLUTION_FORMATS else "application/sparql-results+json"
        return QueryOutput(serialize_boolean(bool(result), media), media, "boolean")
    if isinstance(result, ox.QuerySolutions):
        if media_type not in SOLUTION_FORMATS:
            raise QueryError(f"a SELECT result cannot be given as {media_type}")
        names = [v.value for v in result.variables]
        rows, truncated = _first(([to_rdflib(row[n]) for n in names] for row in result), limit)
        return QueryOutput(
            serialize_solutions(names, rows, media_type),
            media_type,
            "solutions",
            truncated,
            len(rows),
        )
    if media_type not in GRAPH_FORMATS:
        raise QueryError(f"a CONSTRUCT/DESCRIBE result cannot be given as {media_type}")
    triples, truncated = _first(
        ((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in result),
        limit,
    )
    return QueryOutput(
        serialize_graph(triples, media_type), media_type, "graph", truncated, len(triples)
    )


def _first(items: Iterator[T], limit: int) -> tuple[list[T], bool]:
    """At most ``limit`` items, and whether there were more."""
    out: list[T] = []
    for item in items:
        if len(out) >= limit:
            return out, True
        out.append(item)
    return out, False


def _serve(conn: object) -> None:
    """The worker's loop: announce readiness once the heavy imports are done, then serve."""
    import pyoxigraph  # noqa: F401 - imported before "ready" so start-up is not query time

    import kb.store.terms  # noqa: F401

    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            conn.send(("ok", _execute(*request)))
        except QueryError as exc:
            conn.send(("query", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the caller, the worker lives on
            conn.send(("query", f"query failed: {exc}"))


class _Worker:
    """One child process and its end of the pipe."""

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")  # fork would copy torch/FAISS threads and locks
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()  # the child's copy is its own: a dead child now reads as EOF here
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        try:
            if not self.conn.poll(STARTUP_TIMEOUT):
                raise StoreError(f"the query worker did not start within {STARTUP_TIMEOUT:g} s")
            self.conn.recv()
        except (EOFError, OSError):
            raise StoreError("the query worker exited while starting") from None
        self.ready = True

    def request(
        self, path: str, query: str, media_type: str, limit: int, timeout: float
    ) -> QueryOutput:
        try:
            self.conn.send((path, query, media_type, limit))
            if not self.conn.poll(timeout):
                raise QueryTimeout(
                    f"the query ran longer than the {timeout:g} s limit and was stopped"
                )
            status, payload = self.conn.recv()
        except (EOFError, OSError):
            raise QueryError(
                "the query worker died while running the query (out of memory?)"
            ) from None
        if status == "ok":
            return payload
        raise QueryError(payload)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


class QueryWorkerPool:
    """A small pool of killable workers; each query names the store snapshot it reads.
    Safe to call from many threads."""

    def __init__(self, max_workers: int = MAX_WORKERS) -> None:
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_workers)

    def run(
        self, path: Path, query: str, media_type: str, limit: int, timeout: float
    ) -> QueryOutput:
        """Run one query on the store at ``path`` in a worker; kill the worker if it outlives
        ``timeout`` seconds."""
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeout(
                f"all query workers stayed busy for the {timeout:g} s limit; try again later"
            )
        try:
            worker = self._take()
            try:
                worker.wait_ready()
                output = worker.request(str(path), query, media_type, limit, timeout)
            except (QueryTimeout, StoreError, QueryError) as exc:
                if isinstance(exc, QueryError) and worker.process.is_alive():
                    self._give_back(worker)  # a bad query leaves the worker fine
                else:
                    self._discard(worker)
                raise
            self._give_back(worker)
            return output
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        with self._lock:
            worker = self._idle.pop() if self._idle else _Worker()
            self._busy.add(worker)
            return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            if not worker.conn.closed:  # stop() may have killed it meanwhile
                self._idle.append(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._busy.discard(worker)
            if not self._idle:  # start a spare now, so the next query does not wait for it
                self._idle.append(_Worker())

    def stop(self, kill: bool = False) -> None:
        """Stop every worker (running queries are killed: the store is closing)."""
        with self._lock:
            idle, busy = self._idle, list(self._busy)
            self._idle, self._busy = [], set()
        for worker in idle:
            worker.kill() if kill else worker.stop()
        for worker in busy:
            worker.kill()
