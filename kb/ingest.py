"""Articles in, named graphs and vectors out; one article at a time is the unit of consistency.

Each article's graph is swapped in one store transaction, so an interrupted run leaves every
article either fully old or fully new. Vectors follow the graph and are saved at the end (or on
interrupt); anything they miss is picked up by ``KnowledgeBase.sync_vectors``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kb.rdf.build import article_graph
from kb.reading import Article, iter_sources
from kb.syndication import article_vector, same_story
from kb.vocab import IKB


@dataclass
class IngestReport:
    articles: int = 0
    unchanged: int = 0
    incidents: int = 0
    claims: int = 0
    triples: int = 0
    sentences: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = (
            f"{self.articles} articles ingested ({self.unchanged} unchanged), {self.incidents} incidents, "
            f"{self.claims} claims, {self.triples} triples, {self.sentences} sentences in {self.seconds:.1f} s"
        )
        if self.errors:
            line += f"; {len(self.errors)} input(s) failed"
        return line


def ingest(
    kb: object, inputs: list[str], progress: Callable[[str], None] | None = None, batch: int = 16
) -> IngestReport:
    """Read every input, skip articles already stored unchanged, extract and store the rest."""
    report = IngestReport()
    started = time.perf_counter()
    pending: list[Article] = []
    try:
        for source in iter_sources(inputs):
            if source.error:
                report.errors.append(source.error)
            for article in source.articles:
                if kb.is_stored(article):
                    report.unchanged += 1
                    continue
                pending.append(article)
                if len(pending) >= batch:
                    _store_batch(kb, pending, report)
                    pending = []
            if progress:
                progress(source.origin)
        _store_batch(kb, pending, report)
    finally:
        kb.save_vectors()
        report.seconds = time.perf_counter() - started
    return report


def _store_batch(kb: object, articles: Iterable[Article], report: IngestReport) -> None:
    articles = _unique(list(articles))
    if not articles:
        return
    extractions = kb.extractor.extract_many(articles)
    chunks = kb.embed_sentences(extractions)
    for extraction, vectors in zip(extractions, chunks, strict=True):
        iri = str(kb.minter.article(extraction.article.identity))
        copies = same_story(
            extraction.article.text, article_vector(vectors), kb.vectors, kb.article_text, iri
        )
        name, graph = article_graph(extraction, kb.minter, same_story=copies)
        kb.store.replace_graph(name, graph)
        kb.index_article(extraction, vectors)
        report.articles += 1
        report.sentences += len(extraction.sentences)
        report.incidents += len(extraction.incidents)
        report.claims += sum(1 for _ in graph.subjects(IKB.evidence, None))
        report.triples += len(graph)
    kb.index_labels(extractions)


def _unique(articles: list[Article]) -> list[Article]:
    """The same article twice in one run (a copy in two folders) is stored once."""
    seen: dict[str, Article] = {}
    for article in articles:
        seen[article.identity] = article
    return list(seen.values())
