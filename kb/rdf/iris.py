"""Every IRI the knowledge base mints, and the only place that spells them.

Stored graphs, the FAISS index (keyed by sentence IRIs), subscriptions and users' own queries
all hold these strings, so they must never change shape: ``tests/test_iris.py`` pins them. An
entity read from text is named by its label's slug (``actor/free-syrian-army``), so the same
name in two articles meets on one IRI; claims are numbered inside their article's IRI, which
itself comes from the article's identity (its URL, else a hash of its text).
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from kb.extract.names import slug


def place_ref(name: str) -> str:
    """A named place's IRI below the base (``place/idlib``): the packs' and the world
    gazetteer's countries use it too, so a place minted from text meets theirs."""
    return f"place/{slug(name)}"


def subdivision_ref(code: str) -> str:
    """An ISO 3166-2 subdivision (``SY-ID`` -> ``place/iso/sy-id``)."""
    return f"place/iso/{code.lower()}"


def geonames_ref(geonameid: object) -> str:
    """A GeoNames place by its id."""
    return f"place/geonames/{geonameid}"


def sentence_iri(article: str, index: int) -> URIRef:
    """The key that joins the FAISS index to the graph: sentence ``index`` (0-based, in reading
    order) of ``article``."""
    return URIRef(f"{article}/s{index}")


class Minter:
    """IRIs under the configured base (``KB_BASE_IRI``)."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri

    def resolve(self, ref: str) -> URIRef:
        """A reference below the base (``place/geonames/170063``, a pack's relative IRI)."""
        return URIRef(self.base + ref)

    # ---- graphs and the dataset --------------------------------------------------------------
    @property
    def dictionary_graph(self) -> URIRef:
        return self.resolve("graph/dictionary")

    @property
    def ontology_graph(self) -> URIRef:
        return self.resolve("graph/ontology")

    @property
    def about_graph(self) -> URIRef:
        """The VoID/DCAT description an export carries."""
        return self.resolve("graph/about")

    @property
    def dataset(self) -> URIRef:
        return self.resolve("dataset")

    def graph(self, article: URIRef) -> URIRef:
        """The named graph that holds one article and everything read from it."""
        return self.resolve(f"graph/{article.rsplit('/', 1)[1]}")

    # ---- an article and its claims -------------------------------------------------------------
    def article(self, identity: str) -> URIRef:
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
        return self.resolve(f"article/{digest}")

    sentence = staticmethod(sentence_iri)

    @staticmethod
    def incident(article: URIRef, n: int) -> URIRef:
        return URIRef(f"{article}/incident/{n}")

    @staticmethod
    def casualty_count(incident: URIRef, k: int) -> URIRef:
        return URIRef(f"{incident}/count/{k}")

    @staticmethod
    def control(article: URIRef, n: int) -> URIRef:
        return URIRef(f"{article}/control/{n}")

    @staticmethod
    def relation(article: URIRef, n: int) -> URIRef:
        return URIRef(f"{article}/relation/{n}")

    # ---- entities named in the text and missing from the dictionary ----------------------------
    def actor(self, name: str) -> URIRef:
        return self.resolve(f"actor/{slug(name)}")

    def person(self, name: str) -> URIRef:
        return self.resolve(f"person/{slug(name)}")

    def place(self, name: str) -> URIRef:
        return self.resolve(place_ref(name))

    def state_body(self, country: str, body: str) -> URIRef:
        """A body of a state speaking for itself ("Russia's defence ministry")."""
        return self.resolve(f"actor/{slug(country)}-{slug(body)}")

    def role_filler(self, country: str, role: URIRef) -> URIRef:
        """The actor that fills a generic role in a country no pack covers ("the army" of
        Ethiopia: ``actor/ethiopia-army``)."""
        return self.resolve(f"actor/{slug(country)}-{role.rsplit('/', 1)[1]}")


__all__ = ["Minter", "geonames_ref", "place_ref", "sentence_iri", "subdivision_ref"]
