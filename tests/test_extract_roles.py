"""Who attacked, and what is an incident at all, as the extractor reads it. Each case is an
error the FA-KES evaluation found, rewritten in sentences made up for this file."""

from __future__ import annotations

import pytest

from kb.config import DEFAULT_BASE_IRI
from kb.extract.extractor import Extractor
from kb.extract.mentions import possessive_spellings
from kb.reading.article import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(DEFAULT_BASE_IRI)


def attackers(extractor: Extractor, text: str) -> list[list[str]]:
    """Per incident, the local names of its attackers' IRIs ("syrian-government")."""
    found = extractor.extract(Article(text=text, source="Test Wire", date="2016-03-01"))
    return [[str(a.iri).rsplit("/", 1)[-1] for a in i.attackers] for i in found.incidents]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the subject of an attack verb, with a clause in front of it; a generic word takes the
        # country of the article's places (Idlib: Syria)
        (
            "Three people died and nine were hurt when regime forces attacked the village of "
            "Kafr Musa in Idlib.",
            "syrian-government",
        ),
        # with no country anywhere, a generic word stays generic: no war is the default
        (
            "Three people died and nine were hurt when regime forces attacked the village of Kafr Musa.",
            "government-forces",
        ),
        # "bombed" is an attack word, and warplanes make it an air strike
        (
            "Syrian regime warplanes bombed Kurdish positions in Hasakah on Monday.",
            "syrian-government",
        ),
        # an attack noun carried by the subject's verb
        ("Russian forces went back to their heavy bombardment of eastern Aleppo.", "russia"),
        # a passive headline: the agent, not the dead
        ("Forty Jaish al-Fatah Terrorists Killed by Syrian Army near Aleppo.", "syrian-government"),
        # the speaker of "said it had": the one who struck
        (
            "The Syrian army said on Sunday that it had stepped up air strikes on Latakia.",
            "syrian-government",
        ),
        # a reporter may also be the attacker when named as the striker
        (
            "Some 90 fighters were killed in a wave of Russian air strikes, the defence ministry in Moscow said.",
            "russia",
        ),
        # an owner written without its apostrophe
        (
            "Twelve civilians were killed when Assads air force struck the market.",
            "syrian-government",
        ),
        # the subject of a participle clause: "set off a bomb, killing"
        ("Hezbollah fighters set off a roadside bomb near the crossing, killing six.", "hezbollah"),
        # the controller of a gerund
        ("Rights groups accused Russian forces of launching the raid that killed 30.", "russia"),
        # an attack carried out by someone, with the attack noun as subject
        (
            "A barrel bomb attack carried out by regime troops killed 14 people in Aleppo.",
            "syrian-government",
        ),
        # a group's name in front of a generic word the parser split off
        ("Two aid workers died after ISIS militants stormed the clinic.", "islamic-state"),
        # the army's formal name
        (
            "The Syrian Armed Forces killed at least 40 fighters near the airbase.",
            "syrian-government",
        ),
        # a nationality adjective on the attack noun
        ("Nine soldiers were killed in Israeli raids near the Golan heights.", "israel"),
    ],
)
def test_the_attacker_is_found(extractor, text, expected):
    assert expected in attackers(extractor, text)[0]


@pytest.mark.parametrize(
    "text",
    [
        # whoever holds the town is the target, not the striker
        "Eleven civilians were killed in an air raid on a village held by the Islamic State group.",
        # strikes on a group are not strikes by it
        "Air strikes on the Islamic State stronghold of Raqqa killed 20 civilians.",
        # the text says nobody knows
        "It remained unclear who carried out the car bomb attack that killed eight people.",
        "No group has yet claimed the bombing, which killed 14 people in the town.",
        # one of two, and the text does not say which
        "The raids that killed nine people were carried out by either Syrian or Russian jets.",
        # what was shot down did not kill those on board
        "A Turkish army helicopter was shot down near the border, killing four soldiers on board.",
        # the dead are not their own killers
        "At least 30 Syrian army soldiers were killed in the fighting near Raqqa.",
    ],
)
def test_no_attacker_is_invented(extractor, text):
    found = attackers(extractor, text)
    assert found and found[0] == []


def test_possessive_spellings_of_proper_names_only():
    assert "Assads forces" in possessive_spellings("Assad forces")
    assert "Assad's forces" in possessive_spellings("Assad forces")
    assert possessive_spellings("Russia") == ["Russias"]
    assert possessive_spellings("regime") == []
    assert possessive_spellings("Russian forces") == []
    assert possessive_spellings("US") == []


@pytest.mark.parametrize(
    "text",
    [
        "The conflict has killed more than 350,000 people since it began in 2011.",
        "More than 3,000 civilians have died in air raids since 2015, the monitor says.",
        "Nearly 500 people have lost their lives since the start of the uprising.",
    ],
)
def test_war_wide_tolls_are_not_incidents(extractor, text):
    assert attackers(extractor, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Police said a device was going off near the gate when the guards arrived.",
        "Two officers died in a shootout with smugglers near the border.",
        "The assassination of the provincial governor shocked the city.",
        "A string of stabbings in the old market left the district on edge.",
    ],
)
def test_less_common_attack_words_make_incidents(extractor, text):
    assert len(attackers(extractor, text)) == 1
