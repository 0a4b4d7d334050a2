"""Near-duplicate articles: the same wire story printed by several outlets is one report.

Candidates come from a MinHash LSH index over word 5-gram shingles (datasketch), so finding the
stored copies of a new article costs a few hash-table look-ups whatever the number of stored
articles, not a comparison with each of them. A candidate is confirmed by the exact shingle
containment of the two texts, so an excerpt of a story still counts and two reports of one
battle that read alike without sharing text do not.

The index lives beside the vectors (``stories.pickle``), is written with them and, like them,
is rebuilt from the graph by ``kb reindex``. Before it existed, candidates were the article's
nearest mean sentence vectors in FAISS: at 990 articles the top hits of that search were the
copies' own sentences, so most copies went unlinked.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable, Collection
from pathlib import Path

import numpy as np

SHINGLE_OVERLAP = 0.35
LSH_THRESHOLD = 0.3  # Jaccard at which a pair is likely a candidate; containment decides
NUM_PERM = 64
MAX_CONFIRM = 12  # copies confirmed a new article: one is enough to join a story
STORIES_FILE = "stories.pickle"
_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, k: int = 5) -> set[str]:
    words = _WORD.findall(text.lower())
    return (
        {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))} if words else set()
    )


def containment(a: set, b: set) -> float:
    """Share of the shorter text's shingles found in the other: an excerpt of a story still counts."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def article_vector(sentence_vectors: np.ndarray) -> np.ndarray | None:
    if len(sentence_vectors) == 0:
        return None
    mean = sentence_vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype("float32") if norm else None


class StoryIndex:
    """Article IRI -> MinHash of its text, in an LSH index; saved atomically as one file."""

    def __init__(self, folder: Path) -> None:
        from datasketch import MinHashLSH

        self.path = Path(folder) / STORIES_FILE
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.keys: set[str] = set()
        if self.path.exists():
            try:
                with open(self.path, "rb") as fh:
                    self.lsh, self.keys = pickle.load(fh)  # our own file, written by save()
            except (OSError, EOFError, pickle.UnpicklingError, ValueError):
                pass  # torn: KnowledgeBase.sync_vectors re-adds what the graph has

    @staticmethod
    def minhash(text: str) -> object:
        from datasketch import MinHash

        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
        return m

    def add(self, article: str, text: str) -> None:
        self.remove(article)
        if not shingles(text):
            return
        self.lsh.insert(article, self.minhash(text))
        self.keys.add(article)

    def remove(self, article: str) -> None:
        if article in self.keys:
            self.lsh.remove(article)
            self.keys.discard(article)

    def candidates(self, text: str) -> list[str]:
        if not self.keys or not shingles(text):
            return []
        return sorted(self.lsh.query(self.minhash(text)))

    def clear(self) -> None:
        for key in list(self.keys):
            self.remove(key)

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((self.lsh, self.keys), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)

    def __len__(self) -> int:
        return len(self.keys)


def same_story(
    text: str,
    vector: np.ndarray | None,
    index: object,
    texts_of: Callable[[str], str],
    exclude: str | Collection[str],
    roots_of: Callable[[str], list[str]] | None = None,
) -> list[str]:
    """The stories ``text`` belongs to, as stored articles to link with ikb:sameStoryAs.

    A confirmed copy that is itself linked stands for the articles it links to (``roots_of``),
    so every copy of a story points at the story's first article and grouping needs one hop.
    ``index`` is the VectorIndex, which keeps the StoryIndex; ``vector`` is unused now and kept
    for callers. ``exclude``: the article itself, or a set (articles being read again)."""
    skip = {exclude} if isinstance(exclude, str) else set(exclude)
    mine = shingles(text)
    out: list[str] = []
    confirmed = 0
    for iri in index.stories.candidates(text):
        if iri in skip:
            continue
        roots = (roots_of(iri) if roots_of else None) or [iri]
        if out and all(root in out or root in skip for root in roots):
            continue  # a copy of a story already found: no need to read its text
        if containment(mine, shingles(texts_of(iri))) < SHINGLE_OVERLAP:
            continue
        for root in roots:
            if root not in skip and root not in out:
                out.append(root)
        confirmed += 1
        if confirmed >= MAX_CONFIRM:
            break
    return out


SAME_STORY = "https://incident-kb.org/ontology#sameStoryAs"


def stories_of(store: object, articles: list[str] | None = None) -> dict[str, str]:
    """Article IRI -> story id: itself, or the first article of the story it copies (the
    smallest, if it links to several); copies point at that article, so one hop groups them. ``articles=None``:
    every article in the store."""
    if articles is None:
        rows = store.select(
            f"SELECT ?a ?b WHERE {{ ?a a <https://schema.org/NewsArticle> . "
            f"OPTIONAL {{ ?a <{SAME_STORY}> ?b }} }}"
        )
    else:
        if not articles:
            return {}
        values = " ".join(f"<{a}>" for a in sorted(set(articles)))
        rows = store.select(
            f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} OPTIONAL {{ ?a <{SAME_STORY}> ?b }} }}"
        )
    targets: dict[str, list[str]] = {}
    for r in rows:
        linked = targets.setdefault(str(r["a"]), [])
        if r.get("b") is not None:
            linked.append(str(r["b"]))
    return {a: min(linked) if linked else a for a, linked in targets.items()}


# ---- wire copies stored once ---------------------------------------------------------------------
#
# A copy of a stored story keeps its article node (headline, date, URL, publisher, the link to
# its story), its whole text as schema:articleBody (so it can be read again if its story's first
# article is replaced) and whatever it adds: sentences the story lacks, and claims whose
# signature no article of the story has. A claim it shares is not stored again; the copy says
# ``ikb:repeats`` that claim instead, so counts see it once and "who reported it" still reaches
# every outlet. 15 copies of a story cost one story's claims and sentences plus 15 article nodes.

IKB_NS = "https://incident-kb.org/ontology#"
ARTICLE = f"{IKB_NS}article"
EVIDENCE = f"{IKB_NS}evidence"
CASUALTIES = f"{IKB_NS}casualties"
REPEATS = f"{IKB_NS}repeats"
TEXT = f"{IKB_NS}text"
POSITION = f"{IKB_NS}position"
REFERS_TO = f"{IKB_NS}refersTo"
REPORTED_BY = f"{IKB_NS}reportedBy"
PUBLISHER = "https://schema.org/publisher"
ARTICLE_BODY = "https://schema.org/articleBody"
PUBLISHED = "https://schema.org/datePublished"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CLAIM_TYPES = {
    f"{IKB_NS}{name}" for name in ("Incident", "CasualtyCount", "ControlClaim", "RelationClaim")
}
RELATIONS = {
    f"{IKB_NS}{name}" for name in ("backedBy", "alliedWith", "ledBy", "affiliatedWith", "rivalOf")
}
# An incident with no stated time is dated from its article's publication (its bounds, its
# "undated; reported ..." text): a copy printed a day later states nothing new.
_PUBLICATION_DERIVED = {
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasEarliestBeginTimeStamp",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasLatestEndTimeStamp",
    f"{IKB_NS}dateText",
}
_STAMP = "http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp"
_NOT_SIGNED = {EVIDENCE, ARTICLE, CASUALTIES}


def _key(term: object) -> str:
    """A term as comparable text (rdflib terms and SPARQL result values alike)."""
    n3 = getattr(term, "n3", None)
    return n3() if callable(n3) else str(term)


def signatures(
    facts: dict[str, list[tuple[str, object]]],
    published: dict[str, str],
    publisher: dict[str, str] | None = None,
) -> dict[str, tuple]:
    """Claim IRI -> what it says, with no trace of which article or sentence says it: type,
    places, actors, figures, stated dates, reporter. An incident's figures are part of it (a copy
    that changes a figure keeps its incident). ``facts``: claim -> (predicate, object) pairs;
    ``published``: claim -> its article's publication date as stated (dates equal to it are
    read as 'the report's date', not as a stated date); ``publisher``: claim -> its article's
    publisher (a claim no sentence attributes is reported by the outlet that printed it: 15
    outlets printing one wire story say one thing, not 15)."""
    publisher = publisher or {}

    def own(claim: str) -> tuple:
        pairs = facts.get(claim, [])
        stated = any(p == _STAMP for p, _ in pairs)
        pub = published.get(claim)
        out = []
        for p, o in pairs:
            if p in _NOT_SIGNED or (not stated and p in _PUBLICATION_DERIVED):
                continue
            if p == REFERS_TO and not stated and pub and str(o) == pub:
                out.append((p, "published"))
                continue
            if p == REPORTED_BY and publisher.get(claim) == str(o):
                out.append((p, "publisher"))
                continue
            out.append((p, _key(o)))
        return tuple(sorted(out))

    result = {}
    for claim, pairs in facts.items():
        if not any(p == RDF_TYPE and str(o) in CLAIM_TYPES for p, o in pairs):
            continue
        counts = sorted(own(str(o)) for p, o in pairs if p == CASUALTIES)
        result[claim] = (own(claim), tuple(counts))
    return result


class Story:
    """What a story's stored articles already say: claim signatures and sentence texts."""

    def __init__(self, store: object, roots: list[str]) -> None:
        self.roots = roots
        self.claims: dict[tuple, str] = {}
        self.texts: set[str] = set()
        if not roots:
            return
        values = " ".join(f"<{r}>" for r in sorted(roots))
        articles = (
            f"VALUES ?root {{ {values} }} "
            f"{{ BIND (?root AS ?a) }} UNION {{ ?a <{SAME_STORY}> ?root }} "
        )
        published = {
            str(r["a"]): str(r["pub"])
            for r in store.select(f"SELECT ?a ?pub WHERE {{ {articles} ?a <{PUBLISHED}> ?pub }}")
        }
        publishers = {
            str(r["a"]): str(r["p"])
            for r in store.select(f"SELECT ?a ?p WHERE {{ {articles} ?a <{PUBLISHER}> ?p }}")
        }
        self.texts = {
            str(r["t"])
            for r in store.select(
                f"SELECT DISTINCT ?t WHERE {{ {articles} ?s <{ARTICLE}> ?a ; <{TEXT}> ?t }}"
            )
        }
        rows = store.select(  # the claims only (they have evidence), not the sentences
            f"SELECT ?node ?p ?o ?a WHERE {{ {articles} "
            f"?node <{ARTICLE}> ?a ; <{EVIDENCE}> ?e . ?node ?p ?o }}"
        )
        facts: dict[str, list] = {}
        article_of: dict[str, str] = {}
        for r in rows:
            node = str(r["node"])
            facts.setdefault(node, []).append((str(r["p"]), r["o"]))
            article_of[node] = str(r["a"])
        published = {n: published[a] for n, a in article_of.items() if a in published}
        publisher = {n: publishers[a] for n, a in article_of.items() if a in publishers}
        # the counts' own facts, reached from their incident
        for node in list(facts):
            for p, o in facts[node]:
                if p == CASUALTIES:
                    facts.setdefault(str(o), [])
        first = {r: i for i, r in enumerate(sorted(roots))}
        for claim, sig in sorted(
            signatures(facts, published, publisher).items(),
            key=lambda kv: (first.get(article_of.get(kv[0], ""), len(first)), kv[0]),
        ):
            self.claims.setdefault(sig, claim)


def collapse(graph: object, article: str, story: Story, body: str) -> tuple[object, set[str]]:
    """The copy's graph with what its story already has left out (see above), and the IRIs of
    the sentences it keeps. ``graph`` is the copy's full rdflib graph from ``article_graph``;
    ``story`` gains what the copy adds, so it stays true for the story's next copy."""
    from rdflib import Graph, Literal, URIRef

    subjects: dict[str, list[tuple[str, object]]] = {}
    for s, p, o in graph:
        subjects.setdefault(str(s), []).append((str(p), o))
    pub = next((str(o) for p, o in subjects.get(article, []) if p == PUBLISHED), None)
    published = {
        s: pub
        for s, pairs in subjects.items()
        if pub and any(p == ARTICLE and str(o) == article for p, o in pairs)
    }
    outlet = next((str(o) for p, o in subjects.get(article, []) if p == PUBLISHER), None)
    signed = signatures(
        {s: pairs for s, pairs in subjects.items() if s.startswith(article + "/")},
        published,
        {
            s: outlet
            for s, pairs in subjects.items()
            if outlet and any(p == ARTICLE and str(o) == article for p, o in pairs)
        },
    )
    count_type = f"{IKB_NS}CasualtyCount"
    counts = {
        c for c in signed if any(p == RDF_TYPE and str(o) == count_type for p, o in subjects[c])
    }
    kept_claims, repeated = set(), {}
    for claim, sig in signed.items():
        if claim in counts:
            continue
        if sig in story.claims:
            repeated[claim] = story.claims[sig]
        else:
            kept_claims.add(claim)
    attached = set()
    for claim in [c for c in signed if c not in counts]:
        for p, o in subjects[claim]:
            if p == CASUALTIES:
                attached.add(str(o))
                if claim in kept_claims:
                    kept_claims.add(str(o))
    kept_claims |= counts - attached  # a figure with no incident (none today) is kept
    evidence = {str(o) for c in kept_claims for p, o in subjects[c] if p == EVIDENCE}
    sentences = {
        s
        for s, pairs in subjects.items()
        if any(p == TEXT for p, _ in pairs)
        and (s in evidence or all(str(o) not in story.texts for p, o in pairs if p == TEXT))
    }
    out = Graph()
    refs: set[str] = set()
    own = {article} | kept_claims | sentences
    for s in own:
        for p, o in subjects.get(s, []):
            out.add((URIRef(s), URIRef(p), o))
            if isinstance(o, URIRef):
                refs.add(str(o))
    # relation claims assert the plain triple too: keep it with its claim
    for c in kept_claims:
        pairs = dict(subjects[c])
        subj, rel, obj = (
            pairs.get(f"{IKB_NS}{k}") for k in ("subjectActor", "relation", "objectActor")
        )
        if subj is not None and rel is not None and obj is not None:
            out.add((subj, rel, obj))
    # descriptions of the entities still referred to (and of their containers)
    todo = set(refs)
    done: set[str] = set()
    while todo:
        entity = todo.pop()
        done.add(entity)
        if entity in own or entity.startswith(article + "/"):
            continue
        for p, o in subjects.get(entity, []):
            if p in RELATIONS:
                continue
            out.add((URIRef(entity), URIRef(p), o))
            if isinstance(o, URIRef) and str(o) not in done:
                todo.add(str(o))
    # the story now holds what this copy adds (a caller may keep ``story`` for the next copy)
    for claim in kept_claims:
        if claim in signed and claim not in counts:
            story.claims.setdefault(signed[claim], claim)
    story.texts |= {str(o) for s in sentences for p, o in subjects[s] if p == TEXT}
    a = URIRef(article)
    out.add((a, URIRef(ARTICLE_BODY), Literal(body)))
    for claim in sorted(set(repeated.values())):
        out.add((a, URIRef(REPEATS), URIRef(claim)))
    return out, sentences
