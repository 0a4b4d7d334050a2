"""Counts: numbers with the noun they count, their qualifier ("at least"), and whether that noun
and what happened to it fit the question ("how many soldiers were killed" is not answered by
"1,000 soldiers were sent" or by "48 jihadists"). Distances ("33 km") too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb.ask.question import Question
from kb.ask.reader.parse import UNITS, as_span, governing_verb, near_words
from kb.ask.retrieve import Evidence
from kb.ask.vocabulary import OUTCOME_WORDS
from kb.vocab import IKB

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozens": 24,
    "hundreds": 200,
}


_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


_QUALIFIERS = (
    "at least",
    "more than",
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "roughly",
    "up to",
    "approximately",
    "as many as",
    "fewer than",
    "less than",
)


CIVILIANS = {
    "civilian",
    "resident",
    "villager",
    "farmer",
    "child",
    "woman",
    "worker",
    "student",
    "patient",
    "worshipper",
    "family",
    "baby",
    "passenger",
    "shopper",
    "journalist",
    "medic",
}


COMBATANTS = {
    "soldier",
    "troop",
    "fighter",
    "militant",
    "insurgent",
    "rebel",
    "jihadist",
    "mercenary",
    "member",
    "personnel",
    "loyalist",
    "militiaman",
    "combatant",
    "gunman",
    "policeman",
    "officer",
    "guard",
    "serviceman",
}


_SAME_THING = {  # nouns a question and an article use for the same counted thing
    "home": {"house", "dwelling"},
    "house": {"home", "dwelling"},
    "hospital": {"clinic"},
    "clinic": {"hospital"},
}


STATE_SIDE = {"soldier", "troop", "loyalist", "serviceman", "policeman", "officer", "guard"}


ARMED_GROUP_SIDE = {"jihadist", "rebel", "insurgent", "militant", "gunman"}


PEOPLE = {"people", "person", "man", "body", "victim", "life", "casualty", "death", "dead"}


HUMAN = CIVILIANS | COMBATANTS | PEOPLE


_OUTCOME_VERB = {
    IKB.Killed: "killed",
    IKB.Injured: "wounded",
    IKB.Displaced: "displaced",
}


def count_spans(
    question: Question, doc: Doc, ev: Evidence, previous: Doc | None
) -> Iterator[tuple]:
    """Numbers with their head noun; the noun must be the one counted (or of its kind)."""
    for token in doc:
        if not _is_number(token) or token.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY"):
            continue
        if token.i + 1 < len(doc) and _is_number(doc[token.i + 1]):
            continue  # "1.2 million": the last word carries the head
        value = _number_value(doc, token)
        if value is None or (1900 <= value <= 2100 and token.text.isdigit()):
            continue
        if token.text in question.text:
            continue
        head = _counted_head(token)
        fit = _noun_fit(question, head, doc)
        if fit is None:
            continue
        qualifier = _qualifier(doc, token)
        verb = governing_verb(head or token)
        if question.outcome_stated:
            outcome_words = OUTCOME_WORDS.get(question.outcome, set())
            around = _context_lemmas(head or token)
            if head is not None and head.lemma_.lower() in HUMAN and not (around & outcome_words):
                continue  # '1,000 soldiers sent', '35,000 people live': not a toll
            if around & outcome_words:
                fit += 0.2
                verb = None  # the question's own word says what happened
        if question.modifiers and head is not None and near_words(head, question.modifiers, 2):
            fit += 0.2
        noun = _noun_phrase(head) if head is not None and head.i != token.i else ""
        said = verb.text if verb is not None else ""
        if verb is None and question.outcome_stated:
            said = _OUTCOME_VERB.get(question.outcome, "")
        detail = " ".join(w for w in (noun, said) if w)
        start = token.i
        while start > 0 and _is_number(doc[start - 1]):
            start -= 1
        written = doc[start : token.i + 1].text
        shown = f"{value:,}" if written.replace(",", "").isdigit() else f"{written} ({value:,})"
        yield f"{qualifier}{shown}", as_span(head or token), fit, detail


def _noun_phrase(head: Token) -> str:
    """'government loyalists', 'Wagner fighters': the counted noun with the words before it."""
    words = [c for c in head.lefts if c.dep_ in ("compound", "amod") and not c.like_num]
    start = min([w.left_edge.i for w in words] + [head.i])  # 'Nusra Front militants' whole
    return head.doc[start : head.i + 1].text


def _context_lemmas(token: Token) -> set[str]:
    """Lemmas of the words that say what happened to a counted noun: its verbs up the tree,
    their other arguments, and its own modifiers ('killed', 'dead', 'death toll')."""
    out = {t.lemma_.lower() for t in list(token.subtree)[:16]}
    out |= {t.lemma_.lower() for t in token.doc[max(0, token.i - 8) : token.i]}
    node = token
    for _ in range(5):
        out.add(node.lemma_.lower())
        for prep in (c for c in node.children if c.dep_ == "prep"):
            out.update(g.lemma_.lower() for g in prep.children if g.dep_ == "pobj")
        out.update(
            c.lemma_.lower()
            for c in node.children
            if c.dep_ in ("acomp", "xcomp", "advcl", "amod", "acl", "relcl", "conj", "oprd", "attr")
        )
        if node.head.i == node.i:
            break
        node = node.head
    out.add(node.lemma_.lower())
    return out


def _counted_head(token: Token) -> Token | None:
    if token.dep_ in ("nummod", "quantmod", "amod", "compound") and token.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        return token.head.head  # "a toll of 110"
    return token


def _noun_fit(question: Question, head: Token | None, doc: Doc) -> float | None:
    """How well the counted noun fits the asked one; None when it names other victims or things."""
    focus = question.focus
    lemma = head.lemma_.lower() if head is not None else ""
    if focus is None or head is None or head.like_num:
        return 0.4 if lemma not in HUMAN or focus in (None, "people") else 0.3
    if lemma == focus or lemma in _SAME_THING.get(focus, ()):
        fit = 1.2
    elif {focus, lemma} & STATE_SIDE and {focus, lemma} & ARMED_GROUP_SIDE:
        return None  # soldiers asked, jihadists read (or the other way round)
    elif focus in PEOPLE or focus in ("people", "person"):
        fit = 0.8 if lemma in HUMAN else (0.3 if lemma in ("toll",) else None)
    elif focus in CIVILIANS:
        fit = 0.8 if lemma in CIVILIANS else (0.5 if lemma in PEOPLE else None)
    elif focus in COMBATANTS:
        if lemma in ("combatant", "fighter") and focus in STATE_SIDE | ARMED_GROUP_SIDE:
            fit = 0.5  # 'combatants' counts both sides: not the side asked about
        else:
            fit = 0.8 if lemma in COMBATANTS else (0.4 if lemma in PEOPLE else None)
    elif lemma in HUMAN:
        fit = None  # asked about houses, schools: a count of people is not the answer
    else:
        fit = 0.3 if lemma in ("toll",) else None
    if fit is not None and _modifiers_clash(question, head):
        return None
    return fit


def _modifiers_clash(question: Question, head: Token) -> bool:
    """'Rwandan soldiers' asked, 'Mozambican soldiers' read: a figure about other people."""
    asked = {m.lower() for m in question.modifiers}
    if not asked:
        return False
    found = {
        c.lower_
        for c in head.children
        if c.dep_ in ("amod", "compound") and (c.ent_type_ in ("NORP", "ORG", "GPE") or c.is_title)
    }
    return bool(found) and not (found & asked)


def _is_number(token: Token) -> bool:
    return token.like_num or token.lower_ in _NUMBER_WORDS or token.lower_ in _SCALES


def _number_value(doc: Doc, last: Token) -> int | None:
    start = last.i
    while start > 0 and _is_number(doc[start - 1]):
        start -= 1
    value: float = 0
    for token in doc[start : last.i + 1]:
        word = token.lower_.replace(",", "")
        if word in _SCALES:
            value = (value or 1) * _SCALES[word]
        elif word in _NUMBER_WORDS:
            value += _NUMBER_WORDS[word]
        else:
            try:
                value += float(word)
            except ValueError:
                return None
    return int(value) if value > 0 else None


def _qualifier(doc: Doc, token: Token) -> str:
    start = token.i
    while start > 0 and _is_number(doc[start - 1]):
        start -= 1
    before = doc[max(0, start - 3) : start].text.lower()
    for q in _QUALIFIERS:
        if before.endswith(q):
            return f"{q} "
    return ""


def distance_spans(
    question: Question, doc: Doc, ev: Evidence, previous: Doc | None
) -> Iterator[tuple]:
    for token in doc:
        if not _is_number(token) or token.i + 1 >= len(doc):
            continue
        unit = doc[token.i + 1]
        if unit.lower_.rstrip(".") in UNITS:
            yield f"{token.text} {unit.text}", doc[token.i : token.i + 2], 1.0, ""
