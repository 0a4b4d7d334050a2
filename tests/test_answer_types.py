"""Every kind of question gets an answer of its kind, constraints exclude what does not fit, and
what the articles do not say gets an honest "nothing found".

The articles are written for these tests (facts loosely modelled on reporting from the Sahel,
the Great Lakes and Yemen); none names Syria, so nothing can fall back on a Syrian default.
"""

from __future__ import annotations

import pytest
from conftest import make_kb

from kb.ask.question import ACTOR, COUNT, DATE, DISTANCE, EVENT, PLACE, THING, analyse

ARTICLES = {
    "lakes-1.txt": """title: Rebels take lakeside town of Kanyoni
source: Lakes Wire
date: 2024-02-09
url: https://test.example/kanyoni-taken

Fighters of the March Front seized the lakeside town of Kanyoni on Thursday after two days of clashes with the national army, residents said.

Kanyoni lies about 40 km north of the provincial capital Berega.

Kanyoni, in the Mwesa district of the Nord-Lac region, is a fishing town of some twenty thousand people.

The state-owned Daily Beacon newspaper said the army had withdrawn from the town before dawn.

The fighting killed at least 14 civilians in Kanyoni, a local hospital director told reporters.

The March Front is led by Colonel Amos Turero, a former army officer.

Aid groups said more than 9,000 people had fled their homes around Kanyoni since Monday.
""",
    "lakes-2.txt": """title: Army says it retook Kanyoni
source: Lakes Wire
date: 2024-05-03
url: https://test.example/kanyoni-retaken

The national army recaptured Kanyoni on Wednesday, three months after the March Front took the town, an army spokesman said.

The spokesman, Major Celine Abwe, said 22 rebel fighters were killed in the assault.

Soldiers also retook the villages of Ruhembe and Gasiza on the road to Berega.
""",
    "sahel-1.txt": """title: Gunmen burn market town of Diabali-Sud
source: Sahel Desk
date: 2023-11-18
url: https://test.example/diabali

Gunmen on motorbikes attacked the market town of Diabali-Sud on Friday, setting fire to 37 shops and killing six traders, the regional governor said.

The governor blamed the Katiba Sirma group for the raid.

The attackers also damaged the Al-Nour mosque in the town centre.

Separately, in the town of Tessoumi, the army said 12 soldiers were killed when their convoy hit a mine.
""",
    "coast-1.txt": """title: Coastal highway closed as forces clash
source: Coast Agency
date: 2022-03-14
url: https://test.example/coast-highway

Tribal fighters blocked the N4 coastal highway near the port of Marsa Kebir on Sunday, cutting the main supply route, the interior ministry said.

Some 2,000 troops were sent to Marsa Kebir to reopen the road.
""",
    "hills-1.txt": """title: Resistance fighters take Falam after long siege
source: Hill Post
date: 2024-04-07
url: https://test.example/falam

A resistance alliance said on Saturday it had taken control of Falam after a siege of five months.

Junta aircraft bombed the town in the days before it fell, killing at least 9 civilians, a local rescue team said.
""",
    "steppe-1.txt": """title: Shelling wounds three in Siversk
source: Steppe Courier
date: 2024-05-17
url: https://test.example/siversk

Ukrainian-held Siversk came under artillery fire again on Friday, wounding three residents, local officials said.
""",
    "hills-2.txt": """title: Highland rebels walk into Tarvesh
source: Hill Post
date: 2024-06-02
url: https://test.example/tarvesh

Rebels of the Free Highland movement entered Tarvesh on Sunday, meeting little resistance.

The police chief blamed the paramilitary KRF for an ambush on the Tarvesh road last week.

Kenyan mediators brokered a ceasefire in Tarvesh on Monday evening.

Kenya's foreign ministry said Tarvesh was calm.

The fighting has emptied much of Tarvesh, a market town in the Upper Osk district.
""",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typed-articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    knowledge = make_kb(tmp_path_factory.mktemp("typed-kb"))
    report = knowledge.ingest([str(folder)])
    assert report.articles == len(ARTICLES) and not report.errors
    yield knowledge
    knowledge.close()


@pytest.mark.parametrize(
    ("question", "kind", "focus"),
    [
        ("Who leads the March Front?", ACTOR, "leader"),
        ("Which group was blamed for the raid on Diabali-Sud?", ACTOR, "group"),
        ("Which villages did soldiers retake?", PLACE, "village"),
        ("How many shops were set on fire in Diabali-Sud?", COUNT, "shop"),
        ("How many people have fled Kanyoni?", COUNT, "people"),
        ("When did the army recapture Kanyoni?", DATE, None),
        ("Which mosque was damaged?", THING, "mosque"),
        ("Which highway did tribal fighters block?", THING, "highway"),
        ("How far is Kanyoni from Berega?", DISTANCE, None),
        ("What happened in Kanyoni?", EVENT, None),
    ],
)
def test_every_question_gets_an_answer_type(kb, question, kind, focus):
    analysed = analyse(question, None, kb.extractor.nlp(question))
    assert (analysed.answer_type, analysed.focus) == (kind, focus)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who leads the March Front?", "Amos Turero"),
        ("Which group did the governor blame for the raid on Diabali-Sud?", "Katiba Sirma"),
        ("How many shops were set on fire in Diabali-Sud?", "37"),
        ("How many people have fled their homes around Kanyoni?", "9,000"),
        ("How many civilians were killed in Kanyoni?", "14"),
        ("When did the army recapture Kanyoni?", "2024-05-01"),
        ("Which mosque did the attackers damage?", "Al-Nour"),
        ("Which highway did tribal fighters block?", "N4"),
        ("How far is Kanyoni from Berega?", "40 km"),
        ("Who controls Kanyoni?", "army"),
        ("In which region is Kanyoni?", "Nord-Lac"),
        ("Which newspaper said the army had withdrawn from Kanyoni?", "Daily Beacon"),
        ("How many people live in Kanyoni?", "twenty thousand"),
        ("Who held Kanyoni in March 2024?", "March Front"),
        # 'before' ends the window the day before the stated time
        ("Who held Kanyoni before May 2024?", "March Front"),
        # 'the town' of a story about Falam; 'Junta' at the start of a sentence is no place
        ("How many civilians were killed in Falam?", "9"),
        # the name acts through the rebels it modifies
        ("Who entered Tarvesh?", "Free Highland"),
        # the answer is the object of the asked verb, not its subject
        ("Who did the police chief blame for the ambush?", "KRF"),
        ("Who brokered the ceasefire in Tarvesh?", "Kenyan mediators"),
        # 'X-held': the holder, however spaCy tags the nationality
        ("Who controls Siversk?", "Ukrain"),
        # the place that holds the asked one, not a country whose envoy spoke of it
        ("Where is Tarvesh?", "Upper Osk"),
    ],
)
def test_the_answer_holds_the_fact_and_cites_its_source(kb, question, expected):
    answer = kb.answerer.ask(question)
    assert expected.lower() in answer.answer.lower(), answer.answer
    assert answer.sources and answer.sources[0].url.startswith("https://test.example/")
    assert len(answer.answer) <= 200


def test_a_plural_question_gets_a_list(kb):
    answer = kb.answerer.ask("Which villages did soldiers retake on the road to Berega?")
    assert "Ruhembe" in answer.answer and "Gasiza" in answer.answer


def test_a_figure_about_another_place_never_answers(kb):
    # Tessoumi's 12 soldiers are in the article about Diabali-Sud; they are not Diabali-Sud's.
    answer = kb.answerer.ask("How many soldiers were killed in Diabali-Sud?")
    assert "12" not in answer.answer
    assert "nothing" in answer.answer.lower()


def test_a_figure_of_other_people_or_another_outcome_never_answers(kb):
    # 2,000 troops were sent, not killed; six traders died, not soldiers.
    answer = kb.answerer.ask("How many troops were killed near Marsa Kebir?")
    assert "2,000" not in answer.answer and "six" not in answer.answer.lower()


def test_an_asked_time_excludes_later_reports(kb):
    answer = kb.answerer.ask("Who held Kanyoni in March 2024?")
    assert "army" not in answer.answer.lower().split("(")[0]


def test_as_of_is_honoured_for_any_question(kb):
    answer = kb.answerer.ask("Who controls Kanyoni?", as_of="2024-03-01")
    assert "March Front" in answer.answer
    assert all(s.date <= "2024-03-01" for s in answer.sources)
    before = kb.answerer.ask("How many civilians were killed in Kanyoni?", as_of="2024-01-31")
    assert "14" not in before.answer and "nothing" in before.answer.lower()
    retaken = kb.answerer.ask("How many rebel fighters were killed?", as_of="2024-04-30")
    assert "22" not in retaken.answer


@pytest.mark.parametrize(
    "question",
    [
        "Who controls Mariupol?",
        "How many people were killed in Berega?",
        "Who controls Berega?",
        "How many Rwandan soldiers were killed in Kanyoni?",
        "When did the March Front capture Berega?",
        "Who controls Tessoumi?",
    ],
)
def test_what_the_articles_do_not_say_is_not_guessed(kb, question):
    answer = kb.answerer.ask(question)
    assert "nothing" in answer.answer.lower(), answer.answer
    assert answer.confidence < 0.3


def test_a_name_in_a_place_position_must_be_linked_as_a_place(kb):
    from rdflib import URIRef

    from kb.ask.constraints import unplaced_names
    from kb.ask.linking import Links

    question = "How many soldiers were killed in Maungdaw?"
    analysed = analyse(question, None, kb.extractor.nlp(question))
    as_person = Links()
    as_person.add(URIRef("https://x.example/person/maungdaw"), "Maungdaw", False, "Maungdaw")
    as_place = Links()
    as_place.add(URIRef("https://x.example/place/maungdaw"), "Maungdaw", True, "Maungdaw")
    # extraction took the town for a person: the answer must still be about Maungdaw
    assert unplaced_names(analysed, as_person) == ["Maungdaw"]
    assert unplaced_names(analysed, as_place) == []
    assert unplaced_names(analysed, Links()) == ["Maungdaw"]
