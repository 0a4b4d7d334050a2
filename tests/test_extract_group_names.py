"""A generic word at the end of a group's name ('the Arakan Army', 'the Myanmar National
Democratic Alliance Army') is part of that name: the group takes the claim, not the country's
army, and a country inside the name is no place of the story."""

from __future__ import annotations

import pytest

from kb.config import DEFAULT_BASE_IRI
from kb.extract.extractor import Extractor
from kb.reading.article import Article

TEXT = (
    "The Myanmar National Democratic Alliance Army (MNDAA) said on Saturday that it had taken "
    "full control of Lashio after weeks of fighting. The army said it would retake the town."
)


@pytest.fixture(scope="module")
def extraction():
    extractor = Extractor(DEFAULT_BASE_IRI)
    return extractor.extract(Article(text=TEXT, source="Test Wire", date="2024-08-04"))


def test_the_group_named_with_army_takes_the_town(extraction):
    takers = {c.controller.label for c in extraction.controls if c.territory.text == "Lashio"}
    assert any("Democratic Alliance Army" in label for label in takers), takers
    assert "Myanmar military" not in takers


def test_the_plain_army_is_still_the_countrys(extraction):
    finder_labels = {
        (m.text, m.label) for s in extraction.sentences for m in s.mentions if m.text == "army"
    }
    assert finder_labels == {("army", "Myanmar military")}, finder_labels


def test_a_name_where_only_a_place_can_stand_is_a_place():
    # spaCy reads both names as an organisation and a person; the prepositions say where
    extractor = Extractor(DEFAULT_BASE_IRI)
    text = (
        "Gunmen attacked farmers on the outskirts of Barsalogho on Saturday. The rebels said "
        "they had overrun the last army post in Maungdaw. The figures were published in a "
        "statement by Amnesty."
    )
    extraction = extractor.extract(Article(text=text, source="Test Wire", date="2024-08-27"))
    places = {m.text for s in extraction.sentences for m in s.mentions if m.is_place}
    assert {"Barsalogho", "Maungdaw"} <= places, places
    assert "Amnesty" not in places


def test_the_speaker_overran_the_town_not_the_border_country():
    # 'it' of a reported clause is the speaker; 'the border with X' is no claim on X
    extractor = Extractor(DEFAULT_BASE_IRI)
    text = (
        "The Arakan Army said on Sunday that it had overrun the last junta outpost in Maungdaw, "
        "giving the group control of the whole border with Bangladesh."
    )
    extraction = extractor.extract(Article(text=text, source="Test Wire", date="2024-12-09"))
    claims = {(c.controller.label, c.territory.text) for c in extraction.controls}
    assert ("Arakan Army", "Maungdaw") in claims, claims
    assert not any(territory == "Bangladesh" for _, territory in claims), claims
