"""Who a claim belongs to is read from its own clause, and a wire dateline is no event place.

- 'KHARTOUM - ...' says where the story was filed: the city is not where anything happened, and
  a name spaCy runs across the dash ('TRIPOLI - Forces') is no actor.
- 'X is under pressure after Y overran Z': the subordinate clause has its own subject, Y.
- An unattributed lead takes the source of the next sentence when that opens by saying who
  said so ('The army said in a statement that ...').
"""

from __future__ import annotations

import pytest

from kb.config import DEFAULT_BASE_IRI
from kb.extract.extractor import Extractor
from kb.reading.article import Article

DATELINED = (
    "KHARTOUM - Forces loyal to the paramilitary commander pushed into the town of Bara in "
    "North Kordofan on Sunday. The Rapid Support Forces said they had taken Bara."
)
CLAUSE = (
    "Chad's government is reeling after the Front for Change and Concord overran Rig Rig on "
    "Tuesday."
)
LEAD = (
    "Malian troops moved into the town of Anefis on Thursday after the rebels pulled out. "
    "The Malian army said in a statement that its units had entered Anefis without a fight. "
    "The United Nations said its staff had left the town before the fighting. "
    "The United Nations also said that talks had failed."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(DEFAULT_BASE_IRI)


def test_the_dateline_city_is_no_claim_place_and_no_actor(extractor):
    got = extractor.extract(Article(text=DATELINED, source="Test Wire", date="2025-02-03"))
    first = got.sentences[0]
    assert not [m.text for m in first.mentions if "KHARTOUM" in m.text]
    assert not any("KHARTOUM" in c.controller.text for c in got.controls)
    for incident in got.incidents:
        assert "Khartoum" not in {p.label for p in incident.places}, incident.places


def test_the_subject_of_the_capture_is_in_its_own_clause(extractor):
    got = extractor.extract(Article(text=CLAUSE, source="Test Wire", date="2021-04-20"))
    takers = {c.controller.label for c in got.controls if c.territory.text == "Rig Rig"}
    assert takers, got.controls
    assert all("Chad" not in t and "government" not in t for t in takers), takers


def test_an_unattributed_lead_takes_the_source_that_follows(extractor):
    got = extractor.extract(Article(text=LEAD, source="Bamako desk", date="2024-10-12"))
    lead, statement = got.sentences[0], got.sentences[1]
    assert statement.reporter is not None
    assert lead.reporter is not None and lead.reporter.iri == statement.reporter.iri
