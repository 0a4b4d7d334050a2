"""Where things happened, as the extractor reads it: each case is a kind of error the FA-KES
location evaluation found, rewritten in sentences made up for this file."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kb.config import DEFAULT_BASE_IRI
from kb.extract.extractor import Extractor
from kb.extract.lexicon import load_lexicon
from kb.reading.article import Article
from kb.vocab import IKB


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(DEFAULT_BASE_IRI)


def extract(extractor: Extractor, text: str) -> object:
    return extractor.extract(Article(text=text, source="Test Wire", date="2016-03-01"))


def places(extractor: Extractor, text: str) -> list[tuple[str, str]]:
    """Every place mention as (text, local name of its IRI)."""
    found = extract(extractor, text)
    return [(m.text, local(m.iri)) for s in found.sentences for m in s.places()]


def local(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


def governorate(iri: URIRef) -> str | None:
    """The governorate (local name) a dictionary place is, or lies in."""
    lexicon = load_lexicon(DEFAULT_BASE_IRI)
    for node in [iri, *lexicon.ancestors(iri)]:
        entry = lexicon.entries.get(node)
        if entry is not None and entry.kind == IKB.Governorate:
            return local(node)
    return None


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # a country's name glued to its owner's "s" (the apostrophe lost in copying)
        ("A car bomb in Syrias Homs killed nine people on Sunday.", "Homs", "homs"),
        # a governorate of two words written in lower case after the first
        (
            "Air raids killed eleven civilians in Syrias Deir ezzor on Monday.",
            "Deir ezzor",
            "deir-ez-zor",
        ),
        # the owner with a place kind word after it
        ("Shelling killed two children in Idlibs countryside.", "Idlibs countryside", "idlib"),
    ],
)
def test_owner_without_apostrophe(extractor: Extractor, text: str, name: str, expected: str):
    assert (name, expected) in places(extractor, text)


def test_unknown_place_owned_by_a_city_lies_in_it(extractor: Extractor):
    found = extract(extractor, "Barrel bombs hit Aleppos Karm al-Zeitoun quarter on Friday.")
    mentions = {m.text: m for s in found.sentences for m in s.places()}
    assert local(mentions["Aleppos"].iri) == "alepo"
    quarter = mentions["Karm al-Zeitoun"]
    assert quarter.new and local(quarter.parent) == "alepo"


def test_owner_of_a_title_is_not_minted_as_a_place(extractor: Extractor):
    found = places(extractor, "Syrias President Bashar al-Assad spoke on television.")
    assert all("assad" not in iri for _, iri in found)


@pytest.mark.parametrize(
    "text",
    [
        # an English word at the end of a headline is no loose spelling of a village
        "Jihadists kill four soldiers in the desert Monitor. A monitor reported the deaths.",
        "Fourteen fighters died in the clashes, a monitor said.",
    ],
)
def test_english_words_are_not_places(extractor: Extractor, text: str):
    assert places(extractor, text) == []


def test_bare_arabic_article_is_not_a_place(extractor: Extractor):
    found = places(extractor, "Missiles struck the airfield at Ash on Thursday night.")
    assert all(iri != "unnamed" for _, iri in found)


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # a namesake in a governorate the article names first wins
        (
            "Twin car bombs killed 40 people in Homs. The blasts hit al-Zahraa district. "
            "Later rebels shelled Aleppo.",
            "al-Zahraa",
            "homs",
        ),
        (
            "Rebels shelled the town of Nubl near Aleppo. Shells also fell on al-Zahraa. "
            "Homs was quiet.",
            "al-Zahraa",
            "alepo",
        ),
    ],
)
def test_namesakes_follow_the_article(extractor: Extractor, text: str, name: str, expected: str):
    found = extract(extractor, text)
    iris = [m.iri for s in found.sentences for m in s.places() if m.text == name]
    assert iris and governorate(iris[0]) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # gazetteer gaps of 2013-2017 news: a district seat, an airbase, a spelling, the Golan
        ("Rockets fell on Izraa town injuring three people.", "dara"),
        ("Cruise missiles struck the Shayrat airfield before dawn.", "homs"),
        ("A car bomb hit buses of evacuees from Fuaa on Saturday.", "idlib"),
        ("Israeli jets struck army positions on the Golan Heights.", "quneitra"),
        ("Kurdish fighters repelled an assault on Efrin.", "alepo"),
    ],
)
def test_places_of_the_war_years(extractor: Extractor, text: str, expected: str):
    found = extract(extractor, text)
    iris = [m.iri for s in found.sentences for m in s.places() if m.kind != IKB.Country]
    assert iris and governorate(iris[0]) == expected


def test_incident_before_any_place_takes_the_articles_first_place(extractor: Extractor):
    text = (
        "Government forces killed 30 militants overnight, a military source said. "
        "The fighting raged east of Palmyra."
    )
    found = extract(extractor, text)
    first = found.incidents[0]
    assert first.sentence == 0
    assert [local(p.iri) for p in first.places] == ["palmyra"]


def test_incident_in_a_country_takes_the_place_talked_about(extractor: Extractor):
    text = (
        "Warplanes struck the town of Saraqib on Monday. "
        "Eight civilians were killed in Syria that day, the monitor said."
    )
    found = extract(extractor, text)
    second = next(i for i in found.incidents if i.sentence == 1)
    assert [local(p.iri) for p in second.places] == ["syria", "saraqib"]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow again shielded its Damascus ally at the Security Council on Friday.",
        "Pro-Damascus outlets blamed a suicide bomber for the blast.",
    ],
)
def test_the_capital_standing_for_the_government_is_not_a_place(extractor, text):
    assert not any(name == "Damascus" for name, _ in places(extractor, text))


def test_a_channel_named_after_a_town_is_not_the_town(extractor):
    text = "The governor was quoted by Al Mayadeen TV as saying five people died in Homs."
    assert [name for name, _ in places(extractor, text)] == ["Homs"]


def test_an_actors_name_is_not_a_loose_spelling_of_a_village(extractor):
    text = "Air Strikes Kill 12 Fighters In North Syria Monitor AFP Tuesday 3 May 2016"
    assert all(name != "Monitor" for name, _ in places(extractor, text))
