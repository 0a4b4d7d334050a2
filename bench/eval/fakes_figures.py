"""FA-KES death counts from our casualty figures, per incident and per article.

Counts come from Killed casualty figures: FA-KES's ``nb_civilians`` includes children and women
and codes unqualified "people" as civilians (e.g. "18 people including five children and two
women" is civilians 18, children 5, women 2), so civilians = largest civilians figure of an
incident, else its largest "people" figure ("30 people including 24 civilians" is 24), at least
its children + women; children and women = largest figure of that category; fighters
(``nb_noncivilians``) = the larger of the incident's government plus insurgent figures and its
"combatants" figure. Inside an incident a precise figure beats a vague one ("dozens"). The
article's figure is the first incident's non-zero one: coders code the lead event, and later
sentences add background tolls (taking the largest instead scored 47 % exact civilians against
65 % on the 2026-11-26 run; with the refinements below: first 80.0 %, most repeated 70.7 %,
largest 52.1 %). Measured on civilians / children / fighters exact (426 rows, same extractor):
preferring civilians to people and precise to vague inside an incident, and taking a vague
figure only when no incident gives a precise one (headlines say "dozens killed", the body gives
the toll), raised civilians 71.8 % -> 74.4 % and fighters 81.0 % -> 82.4 %; and an incident that
counts only one side's dead (fighters, or civilians/people) before any figure of the other side
closes the other side at 0, with children and women going with civilians (a battle report's
later "5 civilians killed elsewhere" is another event: civilians 74.4 % -> 80.0 %, children 85.9
% -> 87.3 %, fighters 82.4 % -> 87.6 %).
"""

from __future__ import annotations

from rdflib import URIRef

from kb.extract.casualties import Casualty
from kb.vocab import IKB

CIVILIAN = {IKB.Civilians, IKB.People}
SIDES = {IKB.GovernmentForces, IKB.Insurgents}
COUNT_FIELDS = ("civilians", "children", "women", "fighters")


def incident_figures(casualties: list[Casualty]) -> dict[str, tuple[int, bool]]:
    """One incident's Killed figures per FA-KES count field (see the module rules), each with
    whether it rests on a vague count ("dozens")."""
    killed = [c for c in casualties if c.outcome == IKB.Killed]

    def largest(categories: set[URIRef]) -> tuple[int, bool]:
        figures = [c for c in killed if c.category in categories]
        precise = [c for c in figures if not c.vague]
        return max((c.count for c in precise or figures), default=0), bool(figures) and not precise

    def total(parts: list[tuple[int, bool]]) -> tuple[int, bool]:
        return sum(n for n, _ in parts), any(v for n, v in parts if n)

    civilians = largest({IKB.Civilians})
    if not civilians[0]:  # "30 people including 24 civilians": the coders take the civilians
        civilians = largest(CIVILIAN)
    children, women = largest({IKB.Children}), largest({IKB.Women})
    fighters = largest({IKB.Combatants})
    sides = total([largest({side}) for side in SIDES])
    parts = total([children, women])
    return {
        "civilians": max(civilians, parts, key=lambda f: (f[0], not f[1])),
        "children": children,
        "women": women,
        "fighters": max(fighters, sides, key=lambda f: (f[0], not f[1])),
    }


def incident_counts(casualties: list[Casualty]) -> dict[str, int]:
    """One incident's Killed figures per FA-KES count field (see the module rules)."""
    return {name: value for name, (value, _) in incident_figures(casualties).items()}


# The side each count field counts: an incident that names only the other side's dead closes it.
_SIDE = {
    "civilians": "civilians",
    "children": "civilians",
    "women": "civilians",
    "fighters": "fighters",
}
_OTHER_SIDE = {"civilians": "fighters", "fighters": "civilians"}


def article_counts(incidents: list[list[Casualty]]) -> dict[str, tuple[int, int | None]]:
    """Per count field, the first incident's non-zero precise figure and that incident's index;
    the first vague one ("dozens") only when no incident gives a precise one. A side with no
    figure yet (civilians with their children and women, or fighters) is closed at 0 by an
    incident that counts only the other side's dead: the lead event was a battle, or a
    massacre, and the later figures are other events."""
    found: dict[str, tuple[int, int | None]] = dict.fromkeys(COUNT_FIELDS, (0, None))
    vague: dict[str, tuple[int, int | None]] = dict.fromkeys(COUNT_FIELDS, (0, None))
    closed: set[str] = set()
    for index, casualties in enumerate(incidents):
        figures = incident_figures(casualties)
        for side, other in _OTHER_SIDE.items():
            unseen = found[side][1] is None and vague[side][1] is None
            if unseen and figures[other][0] and not figures[side][0]:
                closed.add(side)
        for name, (value, rough) in figures.items():
            slot = vague if rough else found
            if value and slot[name][1] is None and _SIDE[name] not in closed:
                slot[name] = (value, index)
    return {name: found[name] if found[name][1] is not None else vague[name] for name in found}
