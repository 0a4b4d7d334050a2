"""The long-lived part of place finding: the gazetteer's phrase matcher and the actors' names,
built once per lexicon. Each article gets its own ``ArticlePlaces`` from ``article``."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kb.extract.lexicon import Lexicon
from kb.extract.names import name_key
from kb.extract.places.article import ArticlePlaces
from kb.extract.places.linking import any_case
from kb.rdf.iris import Minter


class PlaceFinder:
    """Built once per lexicon; ``article(doc)`` gives the state of one parsed article, whose
    ``find`` runs a pass over it."""

    def __init__(self, lexicon: Lexicon, nlp: Language, minter: Minter) -> None:
        self.lexicon = lexicon
        self.minter = minter
        # an actor's name ("Monitor", "Observatory") is never a loose spelling of a village
        self.actor_names = {name_key(n) for e in lexicon.actors() for n in e.names}
        self.place_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in lexicon.entries.values():
            if entry.is_place:
                phrases = [n for n in entry.names if n[:1].islower() or any_case(entry, n)]
                if phrases:
                    self.place_phrases.add(str(entry.iri), [nlp.make_doc(n) for n in phrases])

    def article(self, doc: Doc) -> ArticlePlaces:
        """A fresh per-article state for ``doc``."""
        return ArticlePlaces(self, doc)
