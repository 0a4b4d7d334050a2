"""The embedded default: an Oxigraph store on disk under KB_HOME.

Trusted template queries run in-process (fast path for ``kb ask``); user queries run in a
worker process that can be killed, because no engine here stops a runaway query by itself.

The worker never opens the live store: pyoxigraph's documentation calls opening a store
read-only while another process writes it undefined behaviour. After each change this process
takes a checkpoint (``Store.backup``: hard links to RocksDB's immutable files, which the
documentation says operates independently of the original) into ``<store>-snapshots/``, and
workers read that. A checkpoint is made lazily, by the first user query after a write.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kb.errors import QueryError, StoreError
from kb.store.base import QueryOutput
from kb.store.terms import nt, to_rdflib
from kb.store.workers import QueryWorkerPool

_DUMP_FORMATS = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


class EmbeddedStore:
    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
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
        self._workers: QueryWorkerPool | None = None
        self._generation = 0  # bumped by every write; a snapshot is current when it matches
        self._snapshot: tuple[int, Path] | None = None
        self._snapshot_lock = threading.Lock()
        if not read_only:
            shutil.rmtree(self.snapshots, ignore_errors=True)  # left by a process that died

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
        if self._workers is None:
            self._workers = QueryWorkerPool()
        path = self.path if self.read_only else self._current_snapshot(timeout)
        return self._workers.run(path, query, media_type, limit, timeout)

    @property
    def snapshots(self) -> Path:
        return self.path.with_name(self.path.name + "-snapshots")

    def _current_snapshot(self, timeout: float) -> Path:
        """A checkpoint of the store as of the last write (made now if there is none yet)."""
        with self._snapshot_lock:
            if self._snapshot is not None and self._snapshot[0] == self._generation:
                return self._snapshot[1]
            generation = self._generation
            target = self.snapshots / f"{os.getpid()}-{generation}-{time.time_ns()}"
            self.snapshots.mkdir(parents=True, exist_ok=True)
            try:
                self.store.backup(str(target))
            except OSError as exc:
                raise StoreError(
                    f"{target}: cannot snapshot the store for queries ({exc})"
                ) from None
            self._snapshot = (generation, target)
            self._prune(keep=target, older_than=time.time() - 2 * timeout - 5)
            return target

    def _prune(self, keep: Path, older_than: float) -> None:
        """Drop checkpoints no query can still be reading (older than twice the time limit)."""
        for folder in self.snapshots.iterdir():
            if folder != keep and folder.stat().st_mtime < older_than:
                shutil.rmtree(folder, ignore_errors=True)

    # writes ------------------------------------------------------------------------------------
    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        body = "\n".join(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in graph)
        self.update(
            f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}"
        )

    def drop_graph(self, name: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH <{name}>")

    def load_nquads(self, data: bytes) -> None:
        """Bulk-load N-Quads (kb ingest's back-fill mode): about half the cost of an update per
        graph, but not one transaction; the caller writes what marks an article stored after."""
        self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        self._generation += 1

    def update(self, update: str) -> None:
        """Run a SPARQL update (ours, or one sent over the owner's local socket), in one
        transaction, and mark the query snapshot stale."""
        try:
            self.store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL update: {exc}") from None
        self._generation += 1

    def dump(self, media_type: str) -> bytes:
        return self.store.dump(format=_DUMP_FORMATS[media_type])

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def close(self) -> None:
        if self._workers is not None:
            self._workers.stop()
            self._workers = None
        try:
            self.store.flush()
        except OSError:
            pass
        del self.store
        if not self.read_only:
            shutil.rmtree(self.snapshots, ignore_errors=True)
