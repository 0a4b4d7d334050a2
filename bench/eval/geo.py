"""Places to administrative units through the gazetteer's ``ikb:locatedIn`` chain.

FA-KES codes a governorate, UCDP a governorate (adm_1) and a district (adm_2); our incidents
name towns, villages, districts or regions. Walking the lexicon's ancestors is exactly what a
SPARQL user gets from ``ikb:locatedIn+``, so the evaluation measures the KB as it is queried.
"""

from __future__ import annotations

from rdflib import SKOS, URIRef

from kb.extract.lexicon import Lexicon, load_lexicon
from kb.vocab import IKB


class Geography:
    """Governorate and district of a place IRI, and admin names (UCDP's) back to IRIs."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @classmethod
    def load(cls, base_iri: str) -> Geography:
        return cls(load_lexicon(base_iri))

    def kind(self, iri: URIRef) -> URIRef | None:
        entry = self.lexicon.entries.get(iri)
        return entry.kind if entry else None

    def _unit(self, iri: URIRef, kind: URIRef) -> URIRef | None:
        if self.kind(iri) == kind:
            return iri
        return next((a for a in self.lexicon.ancestors(iri) if self.kind(a) == kind), None)

    def governorate(self, iri: URIRef) -> URIRef | None:
        """The governorate the place is, or lies in; None for regions and unknown places."""
        return self._unit(iri, IKB.Governorate)

    def district(self, iri: URIRef) -> URIRef | None:
        return self._unit(iri, IKB.District)

    def code(self, iri: URIRef | None) -> str | None:
        """The ISO 3166-2 code (skos:notation) of a governorate: a key no spelling can break."""
        if iri is None:
            return None
        value = self.lexicon.graph.value(iri, SKOS.notation)
        return str(value) if value is not None else None

    def label(self, iri: URIRef | None) -> str:
        entry = self.lexicon.entries.get(iri) if iri is not None else None
        return entry.label if entry else str(iri)

    def resolve(self, name: str, kind: URIRef) -> URIRef | None:
        """A dictionary place of ``kind`` called ``name`` ("Hamah", "As Suqaylibiyah district")."""
        found = [e for e in self.lexicon.find_place(name) if e.kind == kind]
        return found[0].iri if found else None
