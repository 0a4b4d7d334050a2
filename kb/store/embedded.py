"""The embedded default: an Oxigraph store on disk under KB_HOME.

Trusted template queries run in-process (fast path for ``kb ask``); user queries run in a
worker process that can be killed, because no engine here stops a runaway query by itself.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kb.errors import QueryError, StoreError
from kb.store.base import QueryOutput
from kb.store.guard import QueryWorker
from kb.store.terms import nt, to_rdflib

_DUMP_FORMATS = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


class EmbeddedStore:
    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            if read_only:
                if not self.path.exists():
                    raise StoreError(
                        f"{self.path}: no knowledge base here yet; run `kb ingest` first"
                    )
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"{self.path}: cannot open the graph store ({exc}); is another kb process writing to it?"
            ) from None
        self._worker: QueryWorker | None = None

    # trusted queries ------------------------------------------------------------------------
    def select(self, query: str) -> list[dict[str, object]]:
        try:
            solutions = self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"template query failed to parse: {exc}") from None
        names = [v.value for v in solutions.variables]
        return [{n: to_rdflib(row[n]) for n in names} for row in solutions]

    def ask(self, query: str) -> bool:
        return bool(self.store.query(query, use_default_graph_as_union=True))

    # user queries ----------------------------------------------------------------------------
    def run(self, query: str, media_type: str, limit: int, timeout: float) -> QueryOutput:
        self.store.flush()
        if self._worker is None:
            self._worker = QueryWorker(self.path)
        return self._worker.run(query, media_type, limit, timeout)

    # writes ------------------------------------------------------------------------------------
    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        body = "\n".join(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in graph)
        self.store.update(
            f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}"
        )

    def drop_graph(self, name: URIRef) -> None:
        self.store.update(f"DROP SILENT GRAPH <{name}>")

    def dump(self, media_type: str) -> bytes:
        return self.store.dump(format=_DUMP_FORMATS[media_type])

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        try:
            self.store.flush()
        except OSError:
            pass
        del self.store
