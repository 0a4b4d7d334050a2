"""Place mentions: the gazetteer over capitalised spans, contextual patterns, spaCy's entities.

Three layers, because spaCy's small model mislabels many names of small places: the gazetteer
over capitalised spans (any spelling, via name keys), contextual patterns ("the villages of X
and Y", "X province") that also admit places the gazetteer lacks, and spaCy's GPE/LOC/FAC
entities last. Among places sharing a name, the one in a governorate the article mentions wins.

- ``words``: the words and patterns that say a name is a place, and which kind
- ``spans``: what the parse says about a span (proper noun, entity label, longer name)
- ``article``: one article's state across passes, and how a name in it is linked or minted
- ``scan``: one pass over an article, layer by layer
- ``finder``: the long-lived matcher, which hands out a per-article state
- ``linking``: a mention of a gazetteer entry; one label per minted place
"""

from kb.extract.places.article import ArticlePlaces
from kb.extract.places.finder import PlaceFinder
from kb.extract.places.linking import canonical_label, linked_mention
from kb.extract.places.words import NOT_NAMES, NUMBER_WORDS

__all__ = [
    "NOT_NAMES",
    "NUMBER_WORDS",
    "ArticlePlaces",
    "PlaceFinder",
    "canonical_label",
    "linked_mention",
]
