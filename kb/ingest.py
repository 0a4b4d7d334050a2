"""Articles in, named graphs and vectors out; one article at a time is the unit of consistency.

Each article's graph is swapped in one store transaction, so an interrupted run leaves every
article either fully old or fully new. Vectors follow the graph and are saved at the end (or on
interrupt); anything they miss is picked up by ``KnowledgeBase.sync_vectors``.

Wire copies are stored once (kb/syndication.py ``collapse``): a copy of a stored story keeps its
article node, its text as ``schema:articleBody`` and what it adds; the claims its story already
has become ``ikb:repeats`` links. When an article that copies lean on is replaced by a new text,
those copies are read again from their stored text in the same run, so none of their facts is
lost: the first of them becomes the story's first article if the new text is another story.
"""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from collections.abc import Callable, Collection
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.rdf.build import article_graph
from kb.rdf.iris import Minter, sentence_iri
from kb.reading import Article, iter_sources
from kb.stored import article_text, is_stored, leaning_on, stored_copies, story_links
from kb.syndication import Story, collapse, same_story
from kb.vocab import IKB

if TYPE_CHECKING:
    import numpy as np

    from kb.embed import Embedder
    from kb.extract import Extractor
    from kb.extract.model import Extraction
    from kb.store import GraphStore
    from kb.vectors import VectorIndex


WORKERS_ENV = "KB_INGEST_WORKERS"
BULK_ENV = "KB_INGEST_BULK"
# Articles extracted here before extraction moves to worker processes: a small ingest (a feed
# poll, a few files) never pays a worker's start (spaCy and the gazetteers load again there).
POOL_AFTER = 128
SEEN_SENTENCES = 20_000  # sentence vectors kept for the run (1.5 KB each): copies reuse them


def ingest_workers() -> int:
    """Extraction processes: ``KB_INGEST_WORKERS`` (0: extract in this process), else one per
    core, at most 4. This process only embeds and writes meanwhile (a fifth of the work), so a
    worker on every core is what keeps them all busy: 990 articles on 2 cores took 244 s in
    this process, 228 s with one worker, 164 s with two (bench/RESULTS.md)."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value.isdigit():
        return int(value)
    return max(0, min(4, os.cpu_count() or 1))


@dataclass
class IngestReport:
    articles: int = 0
    unchanged: int = 0
    incidents: int = 0
    claims: int = 0
    triples: int = 0
    sentences: int = 0
    copies: int = 0  # articles stored as wire copies of a stored story
    reread: int = 0  # copies read again because the article they leaned on changed
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = (
            f"{self.articles} articles ingested ({self.unchanged} unchanged), {self.incidents} incidents, "
            f"{self.claims} claims, {self.triples} triples, {self.sentences} sentences in {self.seconds:.1f} s"
        )
        if self.copies:
            line += f"; {self.copies} wire copies stored once"
        if self.errors:
            line += f"; {len(self.errors)} input(s) failed"
        return line


@dataclass
class Parts:
    """What ingest reads and writes. The spaCy pipeline and the embedding model load on first
    use (``extractor``, ``embedder`` are factories), so a run of unchanged articles loads
    neither."""

    store: GraphStore
    minter: Minter
    vectors: VectorIndex
    extractor: Callable[[], Extractor]
    embedder: Callable[[], Embedder]


def embed_sentences(
    embedder: Embedder, extractions: list[Extraction], seen: dict[str, np.ndarray] | None = None
) -> list[np.ndarray]:
    """One embedding call for a whole batch (far faster than one an article); a chunk each.
    ``seen``: vectors of sentences embedded earlier in the run, by text; a wire copy's
    sentences are then not embedded again (15 copies of a story: 1 embedding, not 15)."""
    import numpy as np

    texts = [s.text for e in extractions for s in e.sentences]
    if not texts:
        return [np.zeros((0, embedder.dim), dtype="float32") for _ in extractions]
    seen = {} if seen is None else seen
    new = list(dict.fromkeys(t for t in texts if t not in seen))
    fresh = dict(zip(new, embedder.encode(new), strict=True)) if new else {}
    vectors = np.asarray([fresh[t] if t in fresh else seen[t] for t in texts], dtype="float32")
    for text, vector in fresh.items():
        if len(seen) >= SEEN_SENTENCES:
            seen.pop(next(iter(seen)))  # the oldest first: copies come close together
        seen[text] = vector
    chunks, offset = [], 0
    for e in extractions:
        chunks.append(vectors[offset : offset + len(e.sentences)])
        offset += len(e.sentences)
    return chunks


def ingest(
    parts: Parts,
    inputs: list[str],
    progress: Callable[[str], None] | None = None,
    batch: int = 8,
    workers: int | None = None,
    bulk: bool | None = None,
) -> IngestReport:
    """Read every input, skip articles already stored unchanged, extract and store the rest.

    ``batch`` articles are parsed, then embedded while the next ones are parsed: 8 keeps both
    threads busy from the start (16: 6.9 articles/s against 7.4 with onnxruntime, 3.8 against
    5.3 with torch, on the corpus on 2 cores). Past ``POOL_AFTER`` articles, parsing and
    extraction move to ``workers`` processes (default ``ingest_workers()``) while this process
    embeds and writes; articles are still stored in input order, by this process alone.

    ``bulk`` (default: ``KB_INGEST_BULK=1``), for back-filling many thousands of articles into
    the embedded store: each batch's graphs are bulk-loaded as N-Quads instead of one update per
    article, and their content hashes (what marks an article stored) are written after, in one
    transaction, so a crash mid-load leaves graphs that the next run replaces whole."""
    report = IngestReport()
    started = time.perf_counter()
    pending: list[Article] = []
    if bulk is None:
        bulk = os.environ.get(BULK_ENV, "") == "1"
    pipeline = _Pipeline(parts, report, ingest_workers() if workers is None else workers)
    pipeline.bulk = bulk and hasattr(parts.store, "load_nquads")
    try:
        for source in iter_sources(inputs):
            if source.error:
                report.errors.append(source.error)
            for article in source.articles:
                if is_stored(parts.store, parts.minter, parts.vectors, article):
                    report.unchanged += 1
                    continue
                pending.append(article)
                if len(pending) >= batch:
                    pipeline.push(pending)
                    pending = []
            if progress:
                progress(source.origin)
        pipeline.push(pending)
        pipeline.drain()
    except KeyboardInterrupt:
        pipeline.flush()  # the batch already parsed and embedded is stored (whole) before stopping
        raise
    finally:
        pipeline.close()
        parts.vectors.save()
        report.seconds = time.perf_counter() - started
    return report


class _Pipeline:
    """Stages on separate cores: spaCy parses batch k+1 (here, or in worker processes once the
    run is long enough) while a thread embeds batch k (onnxruntime releases the GIL for a whole
    forward pass; torch only operator by operator). Graph writes and index changes stay on this
    thread, in input order, so an interrupt still leaves whole articles behind and the store
    has one writer."""

    def __init__(self, parts: Parts, report: IngestReport, workers: int = 0) -> None:
        self.parts = parts
        self.report = report
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed")
        self.waiting: tuple[list, Future] | None = None
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.extracting: deque[Future] = deque()
        self.seen = 0
        self.bulk = False
        self.seen_vectors: dict[str, np.ndarray] = {}  # sentence text -> vector, this run
        self.stories: dict[tuple[str, ...], Story] = {}  # what a story holds, while unchanged
        self.unwritten: dict[str, tuple[object, object]] = {}  # article -> (graph name, graph)

    def push(self, articles: list[Article]) -> None:
        articles = _unique(articles)
        if not articles:
            return
        self.seen += len(articles)
        if self.pool is None and self.workers and self.seen > POOL_AFTER:
            import multiprocessing

            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.parts.minter.base,),
            )
        if self.pool is None:
            self._next(self.parts.extractor().extract_many(articles))
            return
        self.extracting.append(self.pool.submit(_extract_batch, articles))
        while len(self.extracting) > self.workers:  # every worker busy, a bounded queue
            self._next(self.extracting.popleft().result())

    def drain(self) -> None:
        while self.extracting:
            self._next(self.extracting.popleft().result())
        self.flush()

    def _next(self, extractions: list) -> None:
        future = self.executor.submit(self._embed, extractions)
        self.flush()
        self.waiting = (extractions, future)

    def _embed(self, extractions: list) -> list[np.ndarray]:
        return embed_sentences(self.parts.embedder(), extractions, self.seen_vectors)

    def flush(self) -> None:
        if self.waiting is None:
            return
        extractions, future = self.waiting
        self.waiting = None
        chunks = future.result()
        for extraction, vectors in zip(extractions, chunks, strict=True):
            self._store(extraction, vectors)
        self._write()

    def _store(
        self, extraction: Extraction, vectors: np.ndarray, pending: Collection[str] = ()
    ) -> None:
        """Store one article; a copy of a stored story without what the story already says.
        ``pending``: copies about to be read again, not yet stories of their own."""
        parts, report = self.parts, self.report
        article = extraction.article
        iri = str(parts.minter.article(article.identity))
        if self.unwritten and set(parts.vectors.stories.candidates(article.text)) & set(
            self.unwritten
        ):
            self._write()  # a copy of an article of this batch: its story must be readable
        leaning = [] if pending else leaning_on(parts.store, iri)
        if leaning or parts.store.select(
            f"SELECT ?h WHERE {{ <{iri}> <{IKB.contentHash}> ?h }} LIMIT 1"
        ):
            self.stories.clear()  # a stored article changes: what its story holds may too
        roots = same_story(
            article.text,
            None,
            parts.vectors,
            lambda other: article_text(parts.store, other),
            {iri, *pending},
            lambda other: story_links(parts.store, other),
        )
        name, graph = article_graph(extraction, parts.minter, same_story=roots)
        sentences = [(str(sentence_iri(iri, s.index)), s.text) for s in extraction.sentences]
        if roots:
            key = tuple(sorted(roots))
            story = self.stories.get(key) or Story(parts.store, roots)
            graph, kept = collapse(graph, iri, story, article.text)  # story gains its additions
            if key not in self.stories and len(self.stories) >= 256:
                self.stories.pop(next(iter(self.stories)))
            self.stories[key] = story
            rows = [i for i, (s, _) in enumerate(sentences) if s in kept]
            sentences, vectors = [sentences[i] for i in rows], vectors[rows]
            report.copies += 1
        if self.bulk and not leaning:
            self.unwritten[iri] = (name, graph)
        else:
            parts.store.replace_graph(name, graph)
        parts.vectors.put_article(iri, article.content_hash, sentences, vectors, article.text)
        report.articles += 1
        report.sentences += len(sentences)
        report.incidents += sum(1 for _ in graph.subjects(None, IKB.Incident))
        report.claims += sum(1 for _ in graph.subjects(IKB.evidence, None))
        report.triples += len(graph)
        if leaning:
            self._reread(leaning)

    def _write(self) -> None:
        """Bulk mode: the graphs stored since the last write, as N-Quads in one bulk load; then,
        in one transaction, their content hashes (until these are in, the articles count as not
        stored, so an interrupted load is replaced whole by the next run)."""
        if not self.unwritten:
            return
        import pyoxigraph as ox

        from kb.store.terms import nt, to_ox

        store, unwritten = self.parts.store, self.unwritten
        self.unwritten = {}
        stored = store.select(
            "SELECT DISTINCT ?g WHERE { VALUES ?g { "
            + " ".join(f"<{name}>" for name, _ in unwritten.values())
            + " } GRAPH ?g { ?s ?p ?o } }"
        )
        for row in stored:  # a new text for a stored article: its old graph goes first
            store.drop_graph(row["g"])
        quads, hashes = [], []
        for name, graph in unwritten.values():
            g = to_ox(name)
            for s, p, o in graph:
                if p == IKB.contentHash:
                    hashes.append(f"GRAPH <{name}> {{ {nt(s)} {nt(p)} {nt(o)} }}")
                else:
                    quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g))
        store.load_nquads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        store.update("INSERT DATA { " + " ".join(hashes) + " }")

    def _reread(self, copies: list[str]) -> None:
        """Read again, from their stored text, the copies that leaned on an article just
        replaced: each is then stored against what the store holds now (the new text, or the
        first of them as the story's first article)."""
        articles = stored_copies(self.parts.store, copies)
        if not articles:
            return
        extractions = self.parts.extractor().extract_many(articles)
        chunks = embed_sentences(self.parts.embedder(), extractions)
        pending = {str(self.parts.minter.article(a.identity)) for a in articles}
        for extraction, vectors in zip(extractions, chunks, strict=True):
            iri = str(self.parts.minter.article(extraction.article.identity))
            pending.discard(iri)
            self._store(extraction, vectors, pending or {iri})
            self.report.reread += 1

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        if self.pool is not None:  # batches still in a worker were never stored: dropped
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


_WORKER_EXTRACTOR: Extractor | None = None


def _start_worker(base_iri: str) -> None:
    """An extraction process: Ctrl-C is the parent's to handle (it stores what is done)."""
    global _WORKER_EXTRACTOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from kb.extract import Extractor

    _WORKER_EXTRACTOR = Extractor(base_iri)


def _extract_batch(articles: list[Article]) -> list[Extraction]:
    return _WORKER_EXTRACTOR.extract_many(articles)


def _unique(articles: list[Article]) -> list[Article]:
    """The same article twice in one run (a copy in two folders) is stored once."""
    seen: dict[str, Article] = {}
    for article in articles:
        seen[article.identity] = article
    return list(seen.values())
