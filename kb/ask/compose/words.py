"""The words answers are written with, and what every intent's rows share: the row's date and
reporter, one row per claim, and whether a claim's actor is named in its own sentence."""

from __future__ import annotations

from collections import OrderedDict

from rdflib import URIRef

from kb.extract.model import GENERIC_ACTORS
from kb.extract.names import fold
from kb.vocab import IKB

EXTENT_WORDS = {IKB.Most: "most of ", IKB.Part: "part of ", IKB.Full: ""}


CHANGE_WORDS = {IKB.Holds: "holds", IKB.Gained: "took", IKB.Lost: "lost"}


QUALIFIER_WORDS = {
    IKB.AtLeast: "at least ",
    IKB.MoreThan: "more than ",
    IKB.About: "about ",
    IKB.UpTo: "up to ",
    IKB.Exactly: "",
}


CATEGORY_WORDS = {
    IKB.People: "people",
    IKB.Combatants: "combatants",
    IKB.GovernmentForces: "government loyalists",
    IKB.Insurgents: "insurgents/jihadists",
    IKB.Civilians: "civilians",
    IKB.Children: "children",
    IKB.Women: "women",
}


RELATION_WORDS = {
    IKB.backedBy: ("backed by", "backs"),
    IKB.alliedWith: ("allied with", "allied with"),
    IKB.ledBy: ("led by", "leads"),
    IKB.affiliatedWith: ("linked to", "linked to"),
    IKB.rivalOf: ("rival of", "rival of"),
}


def row_date(row: dict) -> str:
    return str(row.get("date") or row.get("published") or "")


def row_reporter(row: dict) -> str:
    reporter = row.get("reporterLabel") or row.get("publisherLabel")
    return str(reporter) if reporter else "unattributed"


def unique_by(rows: list[dict], key: str) -> list[dict]:
    seen: OrderedDict[str, dict] = OrderedDict()
    for row in rows:
        seen.setdefault(str(row[key]), row)
    return list(seen.values())


def is_generic(iri: URIRef | str | None) -> bool:
    return any(str(iri).endswith(g) for g in GENERIC_ACTORS)


_PRONOUNS = {"they", "it", "its", "their", "them", "he", "she", "his", "her"}


_GENERIC_LABEL_WORDS = {"forces", "force", "the", "of", "and", "al", "group", "fighters", "units"}


def attested(rows: list[dict], label_key: str) -> list[dict]:
    """Rows whose actor is named in their own evidence sentence, by a word of its label (or an
    acronym): a claim whose actor the sentence never names was guessed by extraction, and an
    answer built on it would say something the source did not."""
    kept = []
    for row in rows:
        label, text = row.get(label_key), row.get("text")
        if label is None or text is None:
            kept.append(row)
            continue
        words = {w for w in fold(str(label)).split() if w not in _GENERIC_LABEL_WORDS}
        broader = row.get("controllerBroader") if label_key == "controllerLabel" else None
        if broader is not None:  # 'the jihadists' read as the group they belong to
            words |= set(str(broader).rsplit("/", 1)[-1].split("-")) - _GENERIC_LABEL_WORDS
        words = {w[:5] for w in words}
        sentence = {w[:5] for w in fold(str(text)).split()}
        if sentence & _PRONOUNS:
            kept.append(row)  # 'they seized ...': extraction resolved who, the text cannot say
            continue
        acronym = "".join(w[0] for w in fold(str(label)).split() if w not in ("of", "and"))
        if not words or words & sentence or (len(acronym) > 1 and acronym[:5] in sentence):
            kept.append(row)
    return kept


def join_names(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
