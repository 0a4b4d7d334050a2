"""Each event word's own place and attacker (``kb.extract.arguments``), read from short articles
written for this file (facts loosely after news of Somalia, Sudan, DR Congo, Ukraine, Myanmar,
the Sahel, Yemen and Nigeria). Nothing here names a rule after a place: the sentences exercise
the grammar (locative phrases, passive agents, "claimed responsibility", "blamed for", weapons
planted by someone, lists of attackers) and the words that must not count (times, weapons,
"no group")."""

from __future__ import annotations

import pytest

from kb.config import DEFAULT_BASE_IRI
from kb.extract.extractor import Extractor
from kb.reading.article import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(DEFAULT_BASE_IRI)


def arguments(extractor: Extractor, text: str, word: str) -> tuple[list[str], list[str]]:
    """The places and attackers the extraction gives the first event word spelled ``word``."""
    extraction = extractor.extract(Article(text=text, title="test"))
    for incident in extraction.incidents:
        for event in incident.arguments:
            if text[event.start : event.end] == word:
                places = [text[a:b] for a, b in event.places]
                attackers = [text[a:b] for a, b in event.attackers]
                return places, attackers
    found = [text[e.start : e.end] for i in extraction.incidents for e in i.arguments]
    raise AssertionError(f"no event word {word!r} among {found}")


def test_claimed_responsibility_names_the_attacker(extractor: Extractor) -> None:
    text = (
        "A car bomb exploded outside a hotel in Mogadishu on Saturday. "
        "Al-Shabaab claimed responsibility for the blast."
    )
    places, _ = arguments(extractor, text, "exploded")
    assert places == ["hotel"]
    assert arguments(extractor, text, "blast")[1] == ["Al-Shabaab"]


def test_nobody_claiming_is_no_attacker(extractor: Extractor) -> None:
    text = (
        "No group has claimed responsibility for the explosion in Aden, which wounded three guards."
    )
    places, attackers = arguments(extractor, text, "explosion")
    assert places == ["Aden"]
    assert attackers == []


def test_passive_agent_and_the_place_beside_it(extractor: Extractor) -> None:
    text = "The camp was shelled by the Rapid Support Forces near El Fasher in April, killing nine."
    places, attackers = arguments(extractor, text, "shelled")
    assert attackers == ["Rapid Support Forces"]
    assert places == ["El Fasher"]  # and never "April"
    assert arguments(extractor, text, "killing")[1] == ["Rapid Support Forces"]


def test_a_planted_weapon_names_who_planted_it(extractor: Extractor) -> None:
    text = "A mine planted by the rebels went off near a bridge in North Kivu, aid workers said."
    places, attackers = arguments(extractor, text, "went off")
    assert attackers == ["rebels"]
    assert places == ["bridge"]


def test_a_weapon_alone_is_no_attacker(extractor: Extractor) -> None:
    text = "A roadside bomb exploded near a checkpoint in Mopti on Tuesday, officials said."
    places, attackers = arguments(extractor, text, "exploded")
    assert attackers == []
    assert places == ["checkpoint"]


def test_a_nationality_before_the_attack_noun_is_the_attacker(extractor: Extractor) -> None:
    text = "Ukrainian drone attacks set fire to a fuel depot overnight, the governor said."
    places, attackers = arguments(extractor, text, "attacks")
    assert attackers == ["Ukrainian"]
    assert places == []


def test_blamed_for_and_the_village_of_x(extractor: Extractor) -> None:
    text = "The junta was blamed for the air strike on a school in the village of Pazigyi."
    places, attackers = arguments(extractor, text, "air strike")
    assert attackers == ["junta"]
    assert places == ["Pazigyi"]  # the target (the school) is not the place; "village" gives way


def test_joined_attackers_and_the_targets_town(extractor: Extractor) -> None:
    text = "Gunmen and suicide bombers attacked an army post in the town of Boulkessi, killing 20."
    places, attackers = arguments(extractor, text, "attacked")
    assert attackers == ["Gunmen", "suicide bombers"]
    assert places == ["Boulkessi"]


def test_a_pronoun_is_kept_as_the_attacker(extractor: Extractor) -> None:
    text = "They killed and wounded dozens of passengers at the bus station in Marib."
    places, attackers = arguments(extractor, text, "wounded")
    assert attackers == ["They"]
    assert places == ["bus station"]


def test_the_toll_of_an_event_places_it(extractor: Extractor) -> None:
    text = "Two suicide bombings killed 40 people in Maiduguri and Konduga on Sunday."
    places, attackers = arguments(extractor, text, "suicide bombings")
    assert places == ["Maiduguri", "Konduga"]
    assert attackers == []  # "suicide" says how, not who


def test_carried_out_by(extractor: Extractor) -> None:
    text = "Witnesses said the market attack in Nyala was carried out by militiamen on motorbikes."
    places, attackers = arguments(extractor, text, "attack")
    assert attackers == ["militiamen"]
    assert "Nyala" in places


def test_a_list_of_attacks_shares_its_place(extractor: Extractor) -> None:
    text = (
        "Three attacks -- a car bomb, a roadside blast and a shooting -- in the northern city "
        "of Menaka left nine people dead."
    )
    assert arguments(extractor, text, "blast")[0] == ["Menaka"]


def test_a_city_name_before_the_attack_noun_is_a_place(extractor: Extractor) -> None:
    text = "Police said the Khartoum market bombing wounded 14 people."
    places, attackers = arguments(extractor, text, "bombing")
    assert places == ["Khartoum"]  # the name rather than "market"
    assert attackers == []


def test_the_incident_takes_the_actor_that_claimed_it(extractor: Extractor) -> None:
    """In the knowledge base, an incident the parse gives no attacker takes the known actor its
    event word's grammar names, even when that actor is also the sentence's speaker."""
    text = (
        "A car bomb exploded outside a hotel in Mogadishu on Saturday. "
        "Al-Shabaab claimed responsibility for the blast."
    )
    extraction = extractor.extract(Article(text=text, title="test"))
    claimed = [i for i in extraction.incidents if i.sentence == 1]
    assert claimed and [str(a.iri).rsplit("/", 1)[1] for a in claimed[0].attackers] == [
        "al-shabaab"
    ]
    first = [i for i in extraction.incidents if i.sentence == 0]
    assert first and first[0].attackers == []


def test_nobody_claiming_gives_the_incident_no_attacker(extractor: Extractor) -> None:
    text = "No group has claimed responsibility for the blast in Aden, police said."
    extraction = extractor.extract(Article(text=text, title="test"))
    assert all(i.attackers == [] for i in extraction.incidents)
