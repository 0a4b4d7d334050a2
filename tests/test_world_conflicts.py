"""Wars other than Syria's: actors, places and control claims read from short articles written for
this file (facts loosely after news of Sudan, DR Congo, Ukraine, Myanmar, Ethiopia, Yemen,
Somalia and Mali). Generic words ("the army", "troops", "rebels") must take the article's
country, places its gazetteer entries, and no Syrian meaning may leak in."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kb.config import DEFAULT_BASE_IRI
from kb.extract.extractor import Extractor
from kb.reading.article import Article
from kb.vocab import IKB

SUDAN = (
    "The paramilitary Rapid Support Forces (RSF) captured the city of El Fasher on Sunday "
    "after besieging it for a year and a half, people who fled the fighting said. The army "
    "pulled out of its last base there overnight. The RSF said its fighters were now "
    "searching the streets."
)

CONGO = (
    "M23 rebels seized Goma, the biggest city in the east of DR Congo, on Monday as thousands "
    "of people ran towards the Rwandan border. The Congolese army said its soldiers had "
    "fallen back to the west of the city."
)

UKRAINE = (
    "Russia's defence ministry said on Tuesday its troops had taken the village of "
    "Kostiantynopolske in the Donetsk region. Ukrainian commanders said their units were "
    "still holding positions on the edge of the village."
)

MYANMAR = (
    "A People's Defence Force has held Kawlin since November, a spokesman for the local "
    "resistance said. Junta aircraft bombed the town on Friday, killing six people, residents "
    "of Sagaing said."
)

ETHIOPIA = (
    "Ethiopian federal forces retook the town of Lalibela on Wednesday, eleven days after "
    "Tigrayan fighters entered it. The army said the TPLF had fled north."
)

YEMEN = (
    "Houthi fighters overran Harib in Marib province on Thursday, tribal sources in Yemen "
    "said. Government troops withdrew from the district after two days of clashes."
)

SOMALIA = (
    "Somali troops recaptured Adan Yabaal, a town in central Somalia that al-Shabaab had "
    "controlled since 2016, the president said. The militants left before the soldiers "
    "arrived."
)

MALI = (
    "Tuareg rebels said on Thursday they had killed dozens of soldiers near Tinzaouaten, a "
    "town in northern Mali close to the border with Algeria. The army did not comment."
)

NOWHERE = (
    "Fighting broke out on Monday in the hamlet of Zorvanik between the army and the rebels, "
    "a local official said. Three people were killed and the rebels took control of the "
    "hamlet."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(DEFAULT_BASE_IRI)


def read(extractor: Extractor, text: str) -> object:
    return extractor.extract(Article(text=text, source="Test Wire", date="2024-05-10"))


def local(iri: object) -> str:
    return str(iri).removeprefix(DEFAULT_BASE_IRI)


def controls(extraction: object) -> set[tuple[str, str, str]]:
    """(controller label, change, territory label) of every control claim."""
    return {
        (c.controller.label, str(c.change).rsplit("#", 1)[1], c.territory.label)
        for c in extraction.controls
    }


def actors(extraction: object) -> dict[str, str]:
    return {m.text: m.label for s in extraction.sentences for m in s.actors()}


def country_of(extractor: Extractor, iri: URIRef) -> str | None:
    lexicon = extractor.lexicon
    entry = lexicon.entries.get(iri)
    return entry.country if entry is not None else None


def test_sudan_rsf_takes_el_fasher(extractor: Extractor):
    found = read(extractor, SUDAN)
    assert found.countries[0] == "SD"
    assert ("Rapid Support Forces", "Gained", "El Fasher") in controls(found)
    said = actors(found)
    assert said["RSF"] == "Rapid Support Forces"  # the acronym names the same group
    assert said["army"] == "Sudanese Armed Forces"  # the army is Sudan's, not Syria's


def test_congo_goma_is_congolese_not_philippine(extractor: Extractor):
    found = read(extractor, CONGO)
    goma = next(m for s in found.sentences for m in s.places() if m.text == "Goma")
    assert country_of(extractor, goma.iri) == "CD"
    assert ("M23", "Gained", "Goma") in controls(found)
    assert actors(found)["Congolese army"].startswith("Armed Forces of the Democratic Republic")


def test_ukraine_claim_stays_with_the_ministry(extractor: Extractor):
    found = read(extractor, UKRAINE)
    claims = controls(found)
    assert ("Russia", "Gained", "Kostiantynopolske") in claims
    claim = next(c for c in found.controls)
    assert found.sentences[claim.sentence].reporter.label == "defence ministry (Russia)"
    village = claim.territory
    assert village.new and local(village.parent) != "place/syria"
    # a nationality is never a place
    assert not [m for s in found.sentences for m in s.places() if m.text.startswith("Ukrain")]


def test_myanmar_held_since(extractor: Extractor):
    found = read(extractor, MYANMAR)
    assert found.countries[0] == "MM"
    holds = [c for c in found.controls if c.change == IKB.Holds]
    assert [(c.controller.label, c.territory.label) for c in holds] == [
        ("People's Defence Force", "Kawlin")
    ]
    assert holds[0].valid_from is not None and holds[0].valid_from.value.endswith("-11")
    assert actors(found)["Junta"] == "Myanmar military"


def test_ethiopia_generic_army_is_ethiopian(extractor: Extractor):
    found = read(extractor, ETHIOPIA)
    assert ("Ethiopian National Defense Force", "Gained", "Lalibela") in controls(found)
    said = actors(found)
    assert said["army"] == "Ethiopian National Defense Force"
    assert all("Syria" not in label for label in said.values())


def test_yemen_overran(extractor: Extractor):
    found = read(extractor, YEMEN)
    assert ("Houthis", "Gained", "Harib") in {
        (a, c, t.replace("\u1e28", "H").replace("\u012b", "i")) for a, c, t in controls(found)
    }
    assert actors(found)["Government troops"] == "Yemeni government forces"


def test_somalia_apposition_makes_a_town(extractor: Extractor):
    found = read(extractor, SOMALIA)
    claims = controls(found)
    assert ("Somali National Army", "Gained", "Adan Yabaal") in claims
    town = next(m for s in found.sentences for m in s.places() if m.text == "Adan Yabaal")
    assert local(town.parent) == "place/somalia"


def test_mali_rebels_are_not_syrian(extractor: Extractor):
    found = read(extractor, MALI)
    said = actors(found)
    assert said["Tuareg rebels"] == "Strategic Framework for the Defence of the People of Azawad"
    assert said["army"] == "Malian Armed Forces"
    town = next(m for s in found.sentences for m in s.places() if m.text == "Tinzaouaten")
    assert local(town.parent) == "place/mali"


def test_no_known_country_leaves_generic_words_unresolved(extractor: Extractor):
    found = read(extractor, NOWHERE)
    assert found.countries == []
    said = actors(found)
    assert said["army"] == "government forces"
    assert "Syrian" not in " ".join(said.values())
    hamlet = next(m for s in found.sentences for m in s.places() if m.text == "Zorvanik")
    assert hamlet.parent is None  # unplaced rather than placed wrongly


def test_syria_keeps_its_meanings(extractor: Extractor):
    found = read(
        extractor,
        "Government forces shelled Khan Sheikhoun in Idlib province on Monday, the monitor said. "
        "State media said the army had repelled rebels near Hama.",
    )
    said = actors(found)
    assert said["Government forces"] == "Syrian government forces"
    assert said["the monitor"] == "Syrian Observatory for Human Rights"
    assert said["State media"] == "SANA"
    assert said["rebels"] == "Syrian rebels"


def test_graph_of_other_wars_validates(fresh_kb, tmp_path):
    """Ingested, the claims carry world places (with their country and coordinates) and actors
    with their country; an article from nowhere known still ingests and the store validates."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("sudan", SUDAN), ("congo", CONGO), ("nowhere", NOWHERE)):
        (folder / f"{name}.txt").write_text(
            f"title: {name}\nsource: Test Wire\ndate: 2024-05-10\n\n{text}\n", encoding="utf-8"
        )
    report = fresh_kb.ingest([str(folder)])
    assert not report.errors, report.errors
    rows = fresh_kb.store.select(
        """PREFIX ikb: <https://incident-kb.org/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
        SELECT ?who ?where ?country ?lat WHERE {
          ?c a ikb:ControlClaim ; ikb:controller/skos:prefLabel ?who ;
             ikb:territory ?t ; ikb:change ikb:Gained .
          ?t skos:prefLabel ?where ; ikb:locatedIn/skos:prefLabel ?country .
          OPTIONAL { ?t geo:lat ?lat }
        }"""
    )
    found = {(str(r["who"]), str(r["where"]), str(r["country"])) for r in rows}
    assert ("Rapid Support Forces", "El Fasher", "Sudan") in found
    assert ("M23", "Goma", "Democratic Republic of the Congo") in found
    assert all(r["lat"] is not None for r in rows if str(r["where"]) == "Goma")
    armies = fresh_kb.store.select(
        """PREFIX ikb: <https://incident-kb.org/ontology#>
        SELECT DISTINCT ?country WHERE {
          ?s ikb:mentions ?a . ?a a ikb:StateForce ; ikb:country ?country }"""
    )
    assert {str(r["country"]).rsplit("/", 1)[1] for r in armies} == {
        "sudan",
        "democratic-republic-of-congo",
    }
    conforms, text = fresh_kb.validate()
    assert conforms, text


def test_ukraine_northwest_is_not_idlib(extractor: Extractor):
    """A Syrian pack's description ("the northwest" for the Idlib region) does not travel."""
    found = read(
        extractor,
        "Troops shelled villages in the northwest of Ukraine near Kharkiv on Monday, the "
        "Ukrainian army said.",
    )
    assert found.countries == ["UA"]
    labels = [p.label for s in found.sentences for p in s.places()]
    assert "Idlib region" not in labels and "Kharkiv" in labels
    assert actors(found)["Troops"] == "Ukrainian forces"
