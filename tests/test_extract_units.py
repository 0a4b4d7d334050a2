"""The small parsers extraction relies on, on sentences written for these tests."""

from datetime import date

import pytest

from kb.extract.casualties import find_casualties
from kb.extract.dates import find_times, publication_date
from kb.extract.names import name_key, skeleton
from kb.vocab import IKB

FRIDAY = publication_date("2019-06-07")


@pytest.mark.parametrize(
    "a, b",
    [
        ("Khan Sheikhoun", "Khan Shaykhun"),
        ("Khan Sheikhun", "Khan Shaykhun"),
        ("Tal Maleh", "Tall Melh"),
        ("Jibeen", "Jabin"),
        ("Maarat al-Numan", "Ma'arrat an-Nu'man"),
        ("Saraqeb", "Saraqib"),
    ],
)
def test_spellings_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


def test_exact_key_drops_articles_and_doubled_letters():
    assert name_key("Tall al-Karama") == name_key("Tal Karama")


@pytest.mark.parametrize(
    "text, value, earliest, latest, since",
    [
        ("fighting on Thursday", "2019-06-06", date(2019, 6, 6), date(2019, 6, 6), False),
        ("a raid on Friday", "2019-06-07", date(2019, 6, 7), date(2019, 6, 7), False),
        ("shelling since late April", "2019-04", date(2019, 4, 21), date(2019, 4, 30), True),
        ("a child died overnight", "2019-06-07", date(2019, 6, 6), date(2019, 6, 7), False),
        ("in the past 24 hours", "2019-06-07", date(2019, 6, 6), date(2019, 6, 7), True),
        ("held since 2014", "2014", date(2014, 1, 1), date(2014, 12, 31), True),
        ("in January", "2019-01", date(2019, 1, 1), date(2019, 1, 31), False),
        ("in December", "2018-12", date(2018, 12, 1), date(2018, 12, 31), False),
        ("on 19 August 2019", "2019-08-19", date(2019, 8, 19), date(2019, 8, 19), False),
    ],
)
def test_relative_dates_resolve_against_publication(text, value, earliest, latest, since):
    (_, _, span), *_ = find_times(text, FRIDAY)
    assert (span.value, span.earliest, span.latest, span.since) == (value, earliest, latest, since)


def test_may_the_verb_is_not_a_month():
    assert find_times("rebels may attack", FRIDAY) == []
    assert find_times("in May 2019", FRIDAY)[0][2].value == "2019-05"


def _figures(sentence):
    return [(c.count, c.qualifier, c.category, c.outcome) for c in find_casualties(sentence)]


def test_two_groups_of_dead_with_their_qualifiers():
    figures = _figures(
        "The raids left at least 30 soldiers and 12 militants dead, the monitor said."
    )
    assert (30, IKB.AtLeast, IKB.GovernmentForces, IKB.Killed) in figures
    assert (12, IKB.Exactly, IKB.Insurgents, IKB.Killed) in figures


def test_including_splits_total_and_children():
    figures = _figures("A strike on the market kills 9 including three children")
    assert (9, IKB.Exactly, IKB.People, IKB.Killed) in figures
    assert (3, IKB.Exactly, IKB.Children, IKB.Killed) in figures


def test_population_and_facilities_are_not_casualties():
    assert _figures("The enclave of some two million people was calm.") == []
    assert _figures("Eleven schools and 4 clinics were hit.") == []


def test_displacement_and_injury_outcomes():
    assert _figures("More than 80,000 people fled the shelling.") == [
        (80000, IKB.MoreThan, IKB.People, IKB.Displaced)
    ]
    assert _figures("Nearly twenty civilians were wounded.") == [
        (20, IKB.About, IKB.Civilians, IKB.Injured)
    ]


def test_death_toll_phrase():
    assert (41, IKB.Exactly, IKB.People, IKB.Killed) in _figures(
        "The death toll rose to 41 on Sunday."
    )
