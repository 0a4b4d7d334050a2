"""A killable worker process for user SPARQL: the only reliable way to stop a runaway query.

The worker opens the store read-only for each query (a fresh snapshot, about 50 ms), runs it,
caps the result, serialises it and sends the bytes back. On timeout the parent kills it and
starts a new one for the next query.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from kb.errors import QueryError, QueryTimeout
from kb.store.base import QueryOutput


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
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    if isinstance(result, bool):
        media = media_type if media_type in SOLUTION_FORMATS else "application/sparql-results+json"
        return QueryOutput(serialize_boolean(result, media), media, "boolean")
    if isinstance(result, ox.QuerySolutions):
        if media_type not in SOLUTION_FORMATS:
            raise QueryError(f"a SELECT result cannot be given as {media_type}")
        names = [v.value for v in result.variables]
        rows = []
        truncated = False
        for row in result:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append([to_rdflib(row[n]) for n in names])
        return QueryOutput(
            serialize_solutions(names, rows, media_type),
            media_type,
            "solutions",
            truncated,
            len(rows),
        )
    if media_type not in GRAPH_FORMATS:
        raise QueryError(f"a CONSTRUCT/DESCRIBE result cannot be given as {media_type}")
    triples = []
    truncated = False
    for triple in result:
        if len(triples) >= limit:
            truncated = True
            break
        triples.append(
            (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
        )
    return QueryOutput(
        serialize_graph(triples, media_type), media_type, "graph", truncated, len(triples)
    )


def _serve(conn: object, path: str) -> None:
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        try:
            conn.send(("ok", _execute(path, *request)))
        except QueryError as exc:
            conn.send(("query", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the caller, the worker lives on
            conn.send(("query", f"query failed: {exc}"))


class QueryWorker:
    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self._process: mp.Process | None = None
        self._conn = None

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, self.path), daemon=True)
        self._process.start()
        self._conn = parent

    def run(self, query: str, media_type: str, limit: int, timeout: float) -> QueryOutput:
        if self._process is None or not self._process.is_alive():
            self._start()
        self._conn.send((query, media_type, limit))
        if not self._conn.poll(timeout + 2.0):  # spawn start-up is not the query's fault
            self.stop(kill=True)
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped")
        status, payload = self._conn.recv()
        if status == "ok":
            return payload
        raise QueryError(payload)

    def stop(self, kill: bool = False) -> None:
        if self._process is None:
            return
        if kill:
            self._process.kill()
        else:
            try:
                self._conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._process = None
        self._conn = None
