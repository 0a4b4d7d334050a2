"""The place finder's shape: one long-lived finder, one state object per article, new places
minted through ``Minter``, and a country's name around a place name recognised for any country
the gazetteer knows (never a country named in code)."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kb.config import DEFAULT_BASE_IRI
from kb.extract.extractor import Extractor
from kb.rdf.iris import Minter


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(DEFAULT_BASE_IRI)


def test_each_article_gets_its_own_state(extractor: Extractor) -> None:
    finder = extractor.finder.places
    first = finder.article(extractor.nlp("Drones struck a depot near Odesa in Ukraine."))
    first.countries = ["UA"]
    first.find(set())
    second = finder.article(extractor.nlp("Clashes broke out in Sake, eastern DR Congo."))
    assert second is not first
    assert second.countries == [] and second.named_at is None and second.owners == []
    assert first.countries == ["UA"] and first.named_at is not None
    # nothing of an article is kept on the finder itself
    assert not {"countries", "_doc", "_text", "_ents", "_named_at"} & set(vars(finder))


def test_two_passes_share_one_state(extractor: Extractor) -> None:
    doc = extractor.nlp("Shelling hit Kafr Nabl in Idlib province on Monday.")
    article = extractor.finder.places.article(doc)
    article.find(set())
    remembered = dict(article.named_at)
    assert remembered  # the first pass tells the second where each governorate is first named
    article.find({next(iter(remembered))})
    assert article.named_at == remembered


def test_new_places_are_minted_by_the_minter(extractor: Extractor) -> None:
    minter = Minter(DEFAULT_BASE_IRI)
    assert minter.place("Tal Maleh") == URIRef(f"{DEFAULT_BASE_IRI}place/tal-maleh")
    article = extractor.finder.places.article(extractor.nlp("Nothing happened in Qaryat Zuwayr."))
    mention = article.new_place(0, 5, "Qaryat Zuwayr", None)
    assert mention.new
    assert mention.iri == minter.place("Qaryat Zuwayr")


@pytest.mark.parametrize("name", ["Yemen's Marib", "Marib, Yemen", "Yemens Marib"])
def test_a_country_wrapped_around_a_name_is_any_country(extractor: Extractor, name: str) -> None:
    article = extractor.finder.places.article(extractor.nlp("Fighting went on near Marib."))
    mention = article.new_place(0, 5, name, None)
    assert not mention.new, "the known place, not a new one named after the whole string"
    assert mention.iri in {e.iri for e in extractor.lexicon.find_place("Marib", loose=False)}
