"""Grow a knowledge base without running extraction again: copies and generated variants of
the articles already stored, written as N-Quads and bulk-loaded.

Used by ``bench/bench_scale.py`` (1,000 to 100,000 articles) and by ``tests/test_scale.py``
(1,000 articles in a couple of minutes). Two kinds of new article:

- a **copy** (syndication): the same story under another URL, stored as ingest stores a wire
  copy (kb/syndication.py ``collapse``): its article node and text (``schema:articleBody``),
  ``ikb:sameStoryAs`` the original, and ``ikb:repeats`` each of the original's claims, with no
  sentences or claims of its own (it adds nothing the story lacks);
- a **variant** (genuine growth): the original's graph with every place moved to another place
  of the gazetteer (labels in the sentences follow), casualty figures changed, and every date
  shifted by whole weeks, so places, figures and dates are new while the shape of the data is
  that of real extractions.

Vectors follow: a variant gets its source's sentence vectors under its own IRIs, a copy none
(only its text in the story index), so the FAISS index has the size it would have after
ingesting them.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyoxigraph as ox

from kb.rdf.iris import Minter

IKB = "https://incident-kb.org/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
HASH = f"{IKB}contentHash"
TEXT = f"{IKB}text"
BODY = "https://schema.org/articleBody"
PUBLISHER = "https://schema.org/publisher"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
PLACE_KINDS = ("Village", "Town", "City", "District", "Subdistrict", "Governorate", "Region")


def article_quads(store: ox.Store, base: str) -> dict[str, list[ox.Quad]]:
    """Each article's quads, keyed by article IRI (reference graphs left out)."""
    out: dict[str, list[ox.Quad]] = defaultdict(list)
    prefix = f"{base}graph/"
    for q in store.quads_for_pattern(None, None, None, None):
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if not g.startswith(prefix) or g.endswith(("/dictionary", "/ontology")):
            continue
        out[f"{base}article/{g[len(prefix) :]}"].append(q)
    return dict(out)


def gazetteer_places(store: ox.Store, base: str) -> list[tuple[str, str]]:
    """(IRI, label) of dictionary places that sit inside something (so scope queries reach them)."""
    kinds = " ".join(f"<{IKB}{k}>" for k in PLACE_KINDS)
    q = f"""SELECT DISTINCT ?p ?l WHERE {{ GRAPH <{base}graph/dictionary> {{
      VALUES ?k {{ {kinds} }} ?p a ?k ; <{SKOS_PREF}> ?l ; <{IKB}locatedIn> ?up }} }}"""
    rows = [(r["p"].value, r["l"].value) for r in store.query(q)]
    return sorted(set(rows))


class Grower:
    """Writes copies and variants of a source store's articles as N-Quads."""

    def __init__(self, source: ox.Store, base: str, seed: int = 15) -> None:
        self.base = base
        self.minter = Minter(base)
        self.articles = article_quads(source, base)
        self.places = gazetteer_places(source, base)
        self.place_iris = {p for p, _ in self.places}
        self.labels = {
            r["p"].value: r["l"].value
            for r in source.query(f"SELECT ?p ?l WHERE {{ ?p <{SKOS_PREF}> ?l }}")
        }
        self.rng = random.Random(seed)
        self.claims: dict[str, list[str]] = {}

    def story_claims(self, article: str, quads: list[ox.Quad]) -> list[str]:
        """The article's claims a copy repeats: incidents, control and relation claims."""
        claims = {q.subject.value for q in quads if q.predicate.value == f"{IKB}evidence"}
        counts = {q.object.value for q in quads if q.predicate.value == f"{IKB}casualties"}
        self.claims[article] = sorted(claims - counts)
        return self.claims[article]

    def copy(
        self, article: str, quads: list[ox.Quad], identity: str, variant: bool = False
    ) -> tuple[str, list[ox.Quad]]:
        """A new article from ``article`` (its ``quads``): a wire copy, or a variant with new
        places, figures and dates."""
        new = str(self.minter.article(identity))
        graph = ox.NamedNode(str(self.minter.graph(new)))
        moves: dict[str, str] = {}
        shift = timedelta(weeks=self.rng.randint(1, 400)) if variant else timedelta(0)
        factor = self.rng.uniform(0.3, 3.0) if variant else 1.0
        out = []
        for q in quads:
            s, p, o = q.subject, q.predicate, q.object
            s = self._rename(s, article, new, moves if variant else None)
            o = self._rename(o, article, new, moves if variant else None)
            if isinstance(o, ox.Literal):
                o = self._literal(p.value, o, identity, shift, factor, moves)
            out.append(ox.Quad(s, p, o, graph))
        if not variant:
            return new, self._collapsed(article, new, out, graph)
        return new, out

    def _collapsed(
        self, story: str, new: str, quads: list[ox.Quad], graph: ox.NamedNode
    ) -> list[ox.Quad]:
        """A wire copy as ingest stores it (kb/syndication.py ``collapse``): its article node,
        its text as schema:articleBody, the link to its story, and ``ikb:repeats`` for each of
        the story's claims, which it states word for word; no sentences, no claims of its own."""
        node = ox.NamedNode(new)
        keep = [q for q in quads if q.subject == node]
        publishers = {q.object for q in keep if q.predicate.value == PUBLISHER}
        keep += [q for q in quads if q.subject in publishers]
        texts = sorted(
            (int(q.object.value), q.subject.value)
            for q in quads
            if q.predicate.value == f"{IKB}position"
        )
        by_sentence = {q.subject.value: q.object.value for q in quads if q.predicate.value == TEXT}
        body = " ".join(by_sentence.get(s, "") for _, s in texts)
        keep.append(ox.Quad(node, ox.NamedNode(BODY), ox.Literal(body), graph))
        keep.append(ox.Quad(node, ox.NamedNode(f"{IKB}sameStoryAs"), ox.NamedNode(story), graph))
        repeats = ox.NamedNode(f"{IKB}repeats")
        for claim in self.claims[story]:
            keep.append(ox.Quad(node, repeats, ox.NamedNode(claim), graph))
        return keep

    def _rename(self, term: object, old: str, new: str, moves: dict | None) -> object:
        if not isinstance(term, ox.NamedNode):
            return term
        v = term.value
        if v == old or v.startswith(old + "/"):
            return ox.NamedNode(new + v[len(old) :])
        if moves is not None and v in self.place_iris:
            if v not in moves:
                moves[v] = self.rng.choice(self.places)[0]
            return ox.NamedNode(moves[v])
        return term

    def _literal(
        self, predicate: str, o: ox.Literal, identity: str, shift, factor, moves
    ) -> object:
        if predicate == f"{IKB}contentHash":
            return ox.Literal(hashlib.sha256(identity.encode()).hexdigest())
        if predicate == "https://schema.org/url":
            return ox.Literal(f"https://example.org/{identity}", datatype=o.datatype)
        dt = o.datatype.value if o.datatype else ""
        if shift and dt == f"{XSD}date":
            return ox.Literal(
                (date.fromisoformat(o.value) + shift).isoformat(), datatype=o.datatype
            )
        if shift and dt == f"{XSD}gYearMonth":
            d = date.fromisoformat(o.value + "-15") + shift
            return ox.Literal(d.isoformat()[:7], datatype=o.datatype)
        if factor != 1.0 and predicate == f"{IKB}count":
            return ox.Literal(str(max(1, round(int(o.value) * factor))), datatype=o.datatype)
        if moves and predicate in (f"{IKB}text", "https://schema.org/headline"):
            text = o.value
            for old, new in moves.items():
                before, after = self.labels.get(old), self.labels.get(new)
                if before and after and len(before) > 3:
                    text = re.sub(rf"\b{re.escape(before)}\b", after, text)
            return ox.Literal(text, language=o.language) if o.language else ox.Literal(text)
        return o

    def grow(self, total: int, copies_per_story: int) -> Iterator[tuple[str, str, list[ox.Quad]]]:
        """(new article, source article, quads) until ``total`` new articles: each source story
        gets ``copies_per_story - 1`` wire copies, then variants (each with as many copies)."""
        sources = sorted(self.articles)
        n, round_ = 0, 0
        while True:
            for src in sources:
                story, origin, quads = f"{src}#v{round_}", src, self.articles[src]
                if round_ > 0:
                    origin, quads = self.copy(src, quads, story, variant=True)
                    if n >= total:
                        return
                    n += 1
                    yield origin, src, quads
                self.story_claims(origin, quads)
                for k in range(1, copies_per_story):
                    if n >= total:
                        return
                    new, copied = self.copy(origin, quads, f"{story}#c{k}")
                    n += 1
                    yield new, src, copied
            round_ += 1


def sentence_vectors(index: object) -> dict[str, tuple[list[str], np.ndarray]]:
    """Each article's sentence IRIs and vectors, read back from a kb VectorIndex."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, (_, kind, article) in index.entries.items():
        if kind == "sentence":
            by_article[article].append(i)
    out = {}
    for article, ids in by_article.items():
        ids.sort()
        out[article] = (
            [index.entries[i][0] for i in ids],
            np.vstack([index.index.reconstruct(i) for i in ids]),
        )
    return out


def write_nquads(path: Path, quads: list[ox.Quad]) -> None:
    with open(path, "ab") as fh:
        ox.serialize(quads, fh, format=ox.RdfFormat.N_QUADS)


def build(
    source_home: Path,
    target_home: Path,
    articles: int,
    copies_per_story: int,
    base: str = "https://incident-kb.org/id/",
    vectors: bool = True,
    chunk: int = 2000,
) -> dict[str, float]:
    """A knowledge base of ``articles`` articles in ``target_home``: the source's, then copies
    and variants, bulk-loaded in chunks of N-Quads. Returns counts and seconds."""
    import shutil
    import tempfile
    import time

    started = time.perf_counter()
    source = ox.Store.read_only(str(Path(source_home) / "graph"))
    grower = Grower(source, base)
    target_home = Path(target_home)
    target_home.mkdir(parents=True, exist_ok=True)
    target = ox.Store(str(target_home / "graph"))
    target.bulk_load(source.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    index = None
    if vectors:
        shutil.copytree(Path(source_home) / "vectors", target_home / "vectors", dirs_exist_ok=True)
        from kb.vectors import VectorIndex

        meta_model = __import__("json").loads(
            (target_home / "vectors" / "manifest.json").read_text(encoding="utf-8")
        )
        index = VectorIndex(target_home / "vectors", meta_model["model"], meta_model["dim"])
        by_article = sentence_vectors(index)
    extra = max(0, articles - len(grower.articles))
    with tempfile.TemporaryDirectory() as tmp:
        batch: list[ox.Quad] = []
        done = 0
        for new, src, quads in grower.grow(extra, copies_per_story):
            batch.extend(quads)
            done += 1
            body = next((q.object.value for q in quads if q.predicate.value == BODY), None)
            if index is not None and body is not None:  # a wire copy: no sentence of its own
                digest = next(q.object.value for q in quads if q.predicate.value == HASH)
                index.put_article(new, digest, [], np.zeros((0, index.dim), "float32"), body)
            elif index is not None and src in by_article:
                iris, vecs = by_article[src]
                texts = {
                    q.subject.value: q.object.value for q in quads if q.predicate.value == TEXT
                }
                sentences = [
                    (iri, texts.get(iri, "")) for iri in (new + i[len(src) :] for i in iris)
                ]
                digest = next(q.object.value for q in quads if q.predicate.value == HASH)
                index.put_article(new, digest, sentences, vecs)
            if done % chunk == 0:
                _load(target, batch, Path(tmp))
                batch = []
        _load(target, batch, Path(tmp))
    target.optimize()
    target.flush()
    if index is not None:
        index.save()
    return {"articles": len(grower.articles) + extra, "seconds": time.perf_counter() - started}


def _load(store: ox.Store, quads: list[ox.Quad], tmp: Path) -> None:
    if not quads:
        return
    path = tmp / "chunk.nq"
    path.unlink(missing_ok=True)
    write_nquads(path, quads)
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
