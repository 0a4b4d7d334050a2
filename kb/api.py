"""KnowledgeBase: the one object the CLI, the HTTP service and the Slack bot talk to.

Heavy parts (spaCy, the embedding model, FAISS, the store) load on first use, so
``kb sparql`` never pays for the model and ``kb ask`` pays once per process.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from kb.config import Settings
from kb.errors import KBError
from kb.rdf.iris import Minter
from kb.reading import Article
from kb.resources import ontology_file
from kb.store import GraphStore, QueryOutput, open_store
from kb.store.base import check_read_only
from kb.store.shared import ingest_lock, vectors_stamp
from kb.vocab import IKB

if TYPE_CHECKING:
    from kb.ask import Answer, Answerer
    from kb.embed import Embedder
    from kb.extract import Extractor
    from kb.pictures import Picture
    from kb.timeline import Timeline
    from kb.vectors import VectorIndex


class KnowledgeBase:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.minter = Minter(self.settings.base_iri)

    # ---- parts, loaded lazily -------------------------------------------------------------------
    @cached_property
    def store(self) -> GraphStore:
        store = open_store(self.settings)
        self._ensure_reference_graphs(store)
        return store

    @cached_property
    def extractor(self) -> Extractor:
        from kb.extract import Extractor

        return Extractor(self.settings.base_iri)

    @cached_property
    def embedder(self) -> Embedder:
        from kb.embed import load_embedder

        return load_embedder(
            self.settings.embed_model, self.settings.threads, self.settings.embed_backend
        )

    @cached_property
    def vectors(self) -> VectorIndex:
        from kb.vectors import VectorIndex, manifest_dim

        folder = self.settings.vectors_path
        self._vectors_stamp = vectors_stamp(folder)
        # The manifest knows the dimension: re-ingesting unchanged articles never loads the model.
        dim = manifest_dim(folder)
        return VectorIndex(folder, self.settings.embed_model, dim or self.embedder.dim)

    @cached_property
    def answerer(self) -> Answerer:
        from kb.ask import Answerer

        return Answerer(self.store, self.extractor, self.embedder, lambda: self.vectors)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]

    # ---- reference graphs: ontology and dictionary ----------------------------------------------------
    def _ensure_reference_graphs(self, store: GraphStore) -> None:
        """Load the ontology and the actor/place dictionary when they are missing or have changed."""
        from kb.extract.lexicon import dictionary_graph

        for name, load in (
            (self.minter.ontology_graph, self._ontology_graph),
            (self.minter.dictionary_graph, lambda: dictionary_graph(self.settings.base_iri)),
        ):
            digest = _files_digest(name == self.minter.dictionary_graph)
            stored = store.select(
                f"SELECT ?h WHERE {{ GRAPH <{name}> {{ <{name}> <{IKB.contentHash}> ?h }} }}"
            )
            if stored and str(stored[0]["h"]) == digest:
                continue
            graph = load()
            graph.add((URIRef(name), IKB.contentHash, Literal(digest)))
            store.replace_graph(URIRef(name), graph)

    def _ontology_graph(self) -> Graph:
        graph = Graph()
        graph.parse(ontology_file("conflict.ttl"), format="turtle")
        return graph

    # ---- ingest ------------------------------------------------------------------------------------------
    def ingest(self, inputs: list[str], progress: object = None) -> object:
        from kb.ingest import Parts, ingest

        with ingest_lock(self.settings.home):  # one ingest at a time per KB_HOME
            self.refresh()
            self.sync_vectors()
            parts = Parts(
                self.store, self.minter, self.vectors, lambda: self.extractor, lambda: self.embedder
            )
            return ingest(parts, inputs, progress)

    def refresh(self) -> None:
        """Reload the vector index when another process (an ingest beside `kb serve`) saved it.
        A reload caught between the index and its manifest comes back empty: keep the old one
        and try again next time."""
        if "vectors" not in self.__dict__:
            return
        if vectors_stamp(self.settings.vectors_path) == self._vectors_stamp:
            return
        old = self.__dict__.pop("vectors")
        if self.vectors.size == 0 and old.size > 0:
            self.__dict__["vectors"] = old
            self._vectors_stamp = None

    def is_stored(self, article: Article) -> bool:
        from kb.stored import is_stored

        return is_stored(self.store, self.minter, self.vectors, article)

    def article_text(self, article: str) -> str:
        from kb.stored import article_text

        return article_text(self.store, article)

    def save_vectors(self) -> None:
        if "vectors" in self.__dict__:
            self.vectors.save()

    def stored_articles(self) -> dict[str, str]:
        rows = self.store.select(
            f"SELECT DISTINCT ?a ?h WHERE {{ ?a a <https://schema.org/NewsArticle> ; <{IKB.contentHash}> ?h }}"
        )
        return {str(r["a"]): str(r["h"]) for r in rows}

    def sync_vectors(self, rebuild: bool = False) -> dict[str, int]:
        """Make the vector index match the graph: embed what it lacks, drop what the graph no longer has."""
        stored = self.stored_articles()
        index = self.vectors
        if rebuild:
            index.clear()
        stale = [a for a in index.articles if a not in stored]
        for article in stale:
            index.remove_article(article)
        missing = [a for a, h in stored.items() if not index.has_article(a, h)]
        for article in missing:
            rows = self.store.select(
                f"SELECT ?s ?text ?pos WHERE {{ ?s <{IKB.article}> <{article}> ; <{IKB.text}> ?text ; <{IKB.position}> ?pos }} ORDER BY ?pos"
            )
            sentences = [(str(r["s"]), str(r["text"])) for r in rows]
            vectors = self.embedder.encode([t for _, t in sentences]) if sentences else None
            if vectors is None:  # a wire copy that adds no sentence to its story
                import numpy as np

                vectors = np.zeros((0, index.dim), dtype="float32")
            index.put_article(
                article, stored[article], sentences, vectors, self.article_text(article)
            )
        if stale or missing or rebuild:
            index.save()
        return {"embedded": len(missing), "dropped": len(stale)}

    # ---- questions and queries -------------------------------------------------------------------------
    def ask(self, question: str, as_of: str | None = None) -> Answer:
        self.refresh()
        return self.answerer.ask(question, as_of=as_of)

    def sparql(
        self, query: str, media_type: str = "application/sparql-results+json"
    ) -> QueryOutput:
        check_read_only(query)
        return self.store.run(
            query, media_type, self.settings.result_limit, self.settings.query_timeout
        )

    def timeline(self, place: str, start: str | None = None, end: str | None = None) -> Timeline:
        """Incidents at ``place`` (and inside it) in date order; see kb.timeline."""
        from kb.timeline import build_timeline

        return build_timeline(self.answerer, self.store, place, start, end)

    def picture(
        self,
        kind: str,
        place: str,
        start: str | None = None,
        end: str | None = None,
        types: list[str] | None = None,
    ) -> Picture:
        """The records of one picture of a place (control, incidents or map); see kb.pictures."""
        from kb.pictures import picture

        return picture(self.answerer, self.store, kind, place, start, end, types)

    # ---- export, stats, validation ---------------------------------------------------------------------
    def export(self, fmt: str = "trig") -> bytes:
        from kb.export import export

        return export(self.store, self.minter, fmt)

    def stats(self) -> dict[str, int]:
        from kb.export import stats

        has_index = "vectors" in self.__dict__ or self.settings.vectors_path.exists()
        return stats(self.store, self.vectors if has_index else None)

    def validate(self) -> tuple[bool, str]:
        from kb.export import validate

        return validate(self.store)


def _files_digest(dictionary: bool) -> str:
    from kb.extract.lexicon import DATA_FILES

    folder = Path(__file__).resolve().parent / "data"
    paths = (
        [folder / name for name in DATA_FILES] if dictionary else [ontology_file("conflict.ttl")]
    )
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


__all__ = ["KBError", "KnowledgeBase"]
