"""Casualty figures read off one sentence (``kb.extract.casualties``): the forms news reports use
for counts, and which outcome and victims each count belongs to."""

from __future__ import annotations

from kb.extract.casualties import find_casualties
from kb.vocab import IKB


def _figures(sentence: str) -> list[tuple]:
    return [(c.count, c.category, c.outcome) for c in find_casualties(sentence)]


def test_parts_after_including_share_the_outcome_of_the_whole():
    figures = _figures(
        "The shelling killed 40 people including 9 children and 3 women and wounded 120 others."
    )
    assert figures == [
        (40, IKB.People, IKB.Killed),
        (9, IKB.Children, IKB.Killed),
        (3, IKB.Women, IKB.Killed),
        (120, IKB.People, IKB.Injured),
    ]


def test_a_verb_after_the_parts_decides_for_the_whole():
    figures = _figures("A rocket hit the square and 11 people including two girls were injured.")
    assert figures == [(11, IKB.People, IKB.Injured), (2, IKB.Children, IKB.Injured)]


def test_headline_counts_without_a_victim_noun():
    assert _figures("5 killed 17 injured in mortar fire on the old city") == [
        (5, IKB.People, IKB.Killed),
        (17, IKB.People, IKB.Injured),
    ]
    assert _figures("Two killed, over 30 injured as shells hit a market") == [
        (2, IKB.People, IKB.Killed),
        (30, IKB.People, IKB.Injured),
    ]


def test_each_count_takes_its_own_verb():
    assert _figures("At least 9 people were killed 40 were wounded in the blast.") == [
        (9, IKB.People, IKB.Killed),
        (40, IKB.People, IKB.Injured),
    ]
    assert _figures("Shells killed 6 persons 20 others injured on Sunday.") == [
        (6, IKB.People, IKB.Killed),
        (20, IKB.People, IKB.Injured),
    ]


def test_a_verb_with_its_own_count_does_not_claim_the_one_before():
    # "killed 12 people injured 30": "injured" has its own object, so 12 were killed
    assert _figures("A car bomb killed 12 people injured 30 near the checkpoint.") == [
        (12, IKB.People, IKB.Killed)
    ]


def test_the_dead_as_a_noun():
    figures = _figures("Three boys are among the 17 dead after the raid on the school.")
    assert (17, IKB.People, IKB.Killed) in figures
    assert _figures("The attack left 15 dead and 60 wounded.") == [
        (15, IKB.People, IKB.Killed),
        (60, IKB.People, IKB.Injured),
    ]


def test_no_one_killed_is_not_a_count():
    assert _figures("No one was killed in the explosion, police said.") == []


def test_one_fighter_but_not_fighter_jets_or_rebel_fighters():
    assert _figures("Jets struck a post, killing at least one opposition fighter.") == [
        (1, IKB.Combatants, IKB.Killed)
    ]
    assert _figures("Two fighter jets bombed the bridge, killing 3 civilians.") == [
        (3, IKB.Civilians, IKB.Killed)
    ]
    assert _figures("Some 20 soldiers and 31 rebel fighters were killed.") == [
        (20, IKB.GovernmentForces, IKB.Killed),
        (31, IKB.Combatants, IKB.Killed),
    ]
    assert _figures("The strikes killed 45 after rebel fire on the capital.") == [
        (45, IKB.People, IKB.Killed)
    ]


def test_civilian_occupations_are_civilians():
    assert _figures("Four aid workers and 2 students were killed in the strike.") == [
        (4, IKB.Civilians, IKB.Killed),
        (2, IKB.Civilians, IKB.Killed),
    ]
    assert _figures("The assault was repelled, killing 25 attackers.") == [
        (25, IKB.Combatants, IKB.Killed)
    ]


def test_toll_was_and_toll_of_one_of():
    assert _figures("The monitor said the death toll was at least 31.") == [
        (31, IKB.People, IKB.Killed)
    ]
    assert _figures("The number of deaths was one of the highest this year.") == []


def test_a_partitive_is_not_a_describing_word():
    # "scores, most of them students": the count is vague and the students are a part of it
    figures = _figures("The bombs took the lives of scores most of them students.")
    assert (40, IKB.Civilians, IKB.Killed) not in figures


def test_vague_counts_are_marked():
    vague = [c.vague for c in find_casualties("Dozens of people and 14 soldiers were killed.")]
    assert vague == [True, False]


def test_another_is_one_more_victim():
    assert _figures("One boy was killed by a mortar in the north and another died in a raid.") == [
        (2, IKB.Children, IKB.Killed)
    ]
    assert _figures("Four policemen were killed and another was wounded at the checkpoint.") == [
        (4, IKB.Combatants, IKB.Killed),
        (1, IKB.Combatants, IKB.Injured),
    ]


def test_foreign_soldiers_are_not_syrian_government_forces():
    assert _figures("Two Turkish soldiers were killed by a roadside bomb.") == [
        (2, IKB.Combatants, IKB.Killed)
    ]
    assert _figures("Seven Syrian soldiers were killed at the checkpoint.") == [
        (7, IKB.GovernmentForces, IKB.Killed)
    ]
