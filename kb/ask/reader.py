"""The reader: answer spans of the asked type, read from the best evidence sentences.

Each sentence is parsed by the same spaCy pipeline that extraction uses. Candidates are the
spans that can answer the question's type (a number with its head noun, a date, a named actor,
a place, a thing named near the asked noun); each is scored by how well its sentence was
retrieved, how close it stands in the parse to the words the question used, whether its noun
is the one asked about, and its role (the subject of the asked verb, the agent of a passive).
Constraints drop a candidate outright: a span the question itself names, a figure about other
victims than those asked about, a sentence that does not name the asked place.

No model beyond spaCy's small English pipeline: this is the retriever-reader design with the
parts the project already ships.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.ask.question import (
    ACTOR,
    CONTROL_VERBS,
    COUNT,
    DATE,
    DISTANCE,
    FOCUS_WORDS,
    OUTCOME_WORDS,
    PLACE,
    THING,
    Question,
    stated_times,
    stem,
)
from kb.ask.retrieve import Evidence
from kb.extract.names import fold, name_key
from kb.vocab import IKB

READ_TOP = 6
# 'MOGADISHU - ', 'ADDIS ABABA, Aug 5 - ', 'PEMBA, Mozambique - ': where a wire story was filed.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'/-]{2,}(?:,[\w .]{1,30})?\s+[-\u2013\u2014]+\s+")
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
_PERSON_NOUNS = {
    "spokesman",
    "spokesperson",
    "diplomat",
    "leader",
    "commander",
    "president",
    "minister",
    "official",
    "envoy",
    "ambassador",
    "chief",
    "head",
    "governor",
    "coordinator",
    "man",
    "woman",
    "person",
}
CONTROL_LEMMAS = CONTROL_VERBS - {"be", "run", "rule", "administer", "lose"}
_PLACE_PREPS_AWAY = {"near", "outside", "toward", "towards", "beyond", "past", "around"}
_UNITS = {"km", "kilometre", "kilometer", "kilometres", "kilometers", "mile", "miles", "metre"}


@dataclass
class Candidate:
    """One possible answer read from one sentence (or a structured claim, see ``kb.ask.rank``)."""

    text: str
    key: str
    kind: str
    score: float
    evidence: Evidence
    detail: str = ""  # words around it that say what it is ("farmers buried")
    places: set[str] = field(default_factory=set)  # places its sentence names (folded)
    position: int = 0  # where it stands in its sentence


def read(
    question: Question,
    evidence: list[Evidence],
    nlp: object,
    known_place: Callable[[str], bool] = lambda name: False,
    known_country: Callable[[str], bool] = lambda name: False,
    known_actor: Callable[[str], bool] = lambda name: False,
) -> list[Candidate]:
    """Every candidate of the asked type in the top evidence, best first, votes merged.
    ``known_place`` says whether the knowledge base knows a name as a place, so that a town
    spaCy tags as a person still counts as a place its sentence names."""
    if not evidence or question.answer_type not in (ACTOR, PLACE, COUNT, DATE, THING, DISTANCE):
        return []
    top = evidence[:READ_TOP]
    best = max(e.score for e in top) or 1.0
    docs = _parse(nlp, [e.text for e in top])
    previous_docs: dict[str, object] = {}
    if question.answer_type == ACTOR and question.intent in ("control", "seized"):
        # 'Together they captured X': who 'they' are is in the sentence before.
        wanted = [e for e, d in zip(top, docs, strict=True) if e.previous and _has_pronoun(d)]
        for e, d in zip(
            wanted, nlp.pipe([_DATELINE.sub("", e.previous) for e in wanted]), strict=True
        ):
            previous_docs[e.sentence] = d
    asked = _asked_names(question)
    cue_stems = {stem(c) for c in question.cues if len(c) > 1}
    found: list[Candidate] = []
    for rank, (ev, doc) in enumerate(zip(top, docs, strict=True)):
        retrieval = max(0.0, ev.score / best) * (1.0 - 0.04 * rank)
        cues = [t for t in doc if not t.is_stop and not t.is_punct and _stems(t) & cue_stems]
        reader = _READERS[question.answer_type]
        places = {
            fold(e.text)
            for e in list(doc.ents) + _proper_runs(doc, list(doc.ents))
            if (e.label_ in ("GPE", "LOC", "FAC") or known_place(e.text))
            and not doc[e.end : e.end + 1].text == "-"
        }
        for text, span, fit, detail in reader(question, doc, ev, previous_docs.get(ev.sentence)):
            if question.answer_type == PLACE and known_actor(text) and not known_place(text):
                continue  # a group the knowledge base knows is no village
            if question.answer_type == ACTOR and span.label_ == "NORP" and span.root.pos_ == "ADJ":
                if question.focus not in ("country", "nation"):
                    continue  # 'Islamic', 'Russian': an adjective, not who did it
            if question.answer_type == ACTOR and span.label_ == "GPE":
                if not (known_country(text) or known_actor(text)):
                    continue  # a town does not act; a country or a government named for its capital does
            if question.focus in ("country", "nation") and question.answer_type == ACTOR:
                fit = fit + 0.3 if known_country(text) else fit - 0.3
            key = name_key(text) if question.answer_type in (ACTOR, PLACE, THING) else text
            if not key or _is_asked(key, asked) or _is_dateline(span, text):
                continue
            near = _nearness(span, cues)
            score = 0.4 * retrieval + 0.25 * near + 0.35 * fit
            if question.intent in ("control", "seized") and _pluperfect(_as_span(span)):
                score -= 0.08  # 'had been held by X': the state before the news
            if (
                not ev.named
                and not ev.article_names_place
                and question.answer_type
                in (
                    PLACE,
                    THING,
                )
            ):
                score *= 0.8  # about none of the places or actors the question names
            found.append(
                Candidate(text, key, question.answer_type, score, ev, detail, places, span.start)
            )
    return _vote(found)


_PARSES: OrderedDict[tuple[int, str], object] = OrderedDict()
_PARSE_CACHE = 4096  # sentences; the same evidence comes back for related questions


def _parse(nlp: object, texts: list[str]) -> list:
    """Parsed sentences (datelines stripped), from a small cache or the pipeline."""
    keys = [(id(nlp), _DATELINE.sub("", t)) for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in _PARSES))
    for key, doc in zip(missing, nlp.pipe([k[1] for k in missing]), strict=True):
        _PARSES[key] = doc
    for key in keys:
        _PARSES.move_to_end(key)
    while len(_PARSES) > _PARSE_CACHE:
        _PARSES.popitem(last=False)
    return [_PARSES[k] for k in keys]


# ---- candidates per answer type ----------------------------------------------------------------------


def _counts(question: Question, doc: object, ev: Evidence, previous: object | None):
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
        verb = _governing_verb(head or token)
        if question.outcome_stated:
            outcome_words = OUTCOME_WORDS.get(question.outcome, set())
            around = _context_lemmas(head or token)
            if head is not None and head.lemma_.lower() in HUMAN and not (around & outcome_words):
                continue  # '1,000 soldiers sent', '35,000 people live': not a toll
            if around & outcome_words:
                fit += 0.2
                verb = None  # the question's own word says what happened
        if question.modifiers and head is not None and _near_words(head, question.modifiers, 2):
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
        yield f"{qualifier}{shown}", _as_span(head or token), fit, detail


_OUTCOME_VERB = {
    IKB.Killed: "killed",
    IKB.Injured: "wounded",
    IKB.Displaced: "displaced",
}


def _noun_phrase(head: object) -> str:
    """'government loyalists', 'Wagner fighters': the counted noun with the words before it."""
    words = [c for c in head.lefts if c.dep_ in ("compound", "amod") and not c.like_num]
    start = min([w.i for w in words] + [head.i])
    return head.doc[start : head.i + 1].text


def _context_lemmas(token: object) -> set[str]:
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


def _counted_head(token: object) -> object | None:
    if token.dep_ in ("nummod", "quantmod", "amod", "compound") and token.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        return token.head.head  # "a toll of 110"
    return token


def _noun_fit(question: Question, head: object | None, doc: object) -> float | None:
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


def _modifiers_clash(question: Question, head: object) -> bool:
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


def _dates(question: Question, doc: object, ev: Evidence, previous: object | None):
    asked = question.window.value if question.window else None
    # 'When did X capture Y': the date of an event on a place the question names as its object.
    targets = {fold(n) for n in question.named if fold(n) and fold(n) in fold(question.object_text)}
    for start, end, span in stated_times(doc.text, ev.published):
        if span.value == asked:
            continue
        tokens = doc.char_span(start, end, alignment_mode="expand")
        if tokens is None:
            continue
        fit = 1.0 if span.precision == "day" else 0.7
        if question.text.lower().startswith("since when") and not span.since:
            fit -= 0.3
        if targets and not _dated_event_on(tokens, targets):
            continue  # the date belongs to another verb ('..., officials said on Thursday')
        yield span.value, tokens, fit, span.text


def taken_in(nlp: object, text: str, places: set[str]) -> bool:
    """Whether a sentence has a verb of taking or holding ground whose object is one of the
    places (for a template's claim answering 'when did X take Y')."""
    doc = _parse(nlp, [text])[0]
    return any(t.lemma_.lower() in CONTROL_LEMMAS and _governs(t, places) for t in doc)


def _dated_event_on(date: object, places: set[str]) -> bool:
    """The verb a date attaches to has the asked place as its object."""
    verb = date.root
    for _ in range(4):
        if verb.pos_ == "VERB" or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb.pos_ == "VERB" and _governs(verb, places)


def _named_by_role(question: Question, doc: object) -> list:
    """'the pro-Damascus al-Watan newspaper': a name carried by a phrase whose noun is the asked
    kind (newspaper, channel, group), the noun itself left out."""
    words = FOCUS_WORDS.get(question.focus or "", {question.focus or ""})
    out = []
    for chunk in doc.noun_chunks:
        if chunk.root.lemma_.lower() not in words:
            continue
        names = [t for t in chunk if t.pos_ == "PROPN" and t.i != chunk.root.i]
        if names:
            span = doc[names[0].i : names[-1].i + 1]
            span.label_ = "ORG"
            out.append(span)
    return out


def _actors(question: Question, doc: object, ev: Evidence, previous: object | None):
    focus = question.focus
    wants_person = focus in _PERSON_NOUNS
    labels = {"PERSON", "ORG", "NORP", "GPE"}
    seen: set[tuple[int, int]] = set()
    for span in list(doc.ents) + _actor_chunks(doc) + _named_by_role(question, doc):
        if (span.start, span.end) in seen or span.label_ not in labels:
            continue
        seen.add((span.start, span.end))
        fit = 0.5
        if wants_person:
            role_named = _near_lemma(span, FOCUS_WORDS.get(focus, {focus}), 3)
            fit = 0.2 if span.label_ != "PERSON" else (0.9 if role_named else 0.3)
        elif focus in ("country", "nation", "state"):
            fit = 0.9 if span.label_ in ("GPE", "NORP") else 0.2
        elif span.label_ == "PERSON" and focus in ("group", "faction", "unit", "militia"):
            fit = 0.2
        elif span.label_ == "GPE":
            fit = 0.3  # a country acts ('signed', 'sent troops'), a town does not
        if focus and _near_lemma(span, FOCUS_WORDS.get(focus, {focus}), 2):
            fit += 0.4
        if question.modifiers and _near_words(span, question.modifiers, 3):
            fit += 0.3
        role = _role(span, question)
        if question.intent in ("control", "seized"):
            role = 0.5 if _control_role(span, question) else None
        elif question.intent == "reporter" and role <= 0:
            role = None
        if role is None:
            continue
        yield _clean(span), span, min(fit + role, 1.4), ""
    if question.intent == "control":
        for span in _holders(doc):
            yield _clean(span), span, 1.0, ""
    for pronoun in doc:  # 'the Taliban said that they had captured X': they are the speaker
        if pronoun.lower_ == "they" and pronoun.dep_ == "nsubj" and pronoun.head.dep_ == "ccomp":
            speaker = next(
                (c for c in pronoun.head.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"),
                None,
            )
            if speaker is not None and _control_role(doc[pronoun.i : pronoun.i + 1], question):
                span = doc[speaker.left_edge.i : speaker.right_edge.i + 1]
                yield _clean(span), span, 1.0, ""
    if previous is not None:
        for pronoun in doc:
            if pronoun.lower_ in ("they", "it") and _control_role(
                doc[pronoun.i : pronoun.i + 1], question
            ):
                named = _antecedent(
                    previous, together=pronoun.i > 0 and doc[pronoun.i - 1].lower_ == "together"
                )
                if named:
                    yield named, doc[pronoun.i : pronoun.i + 1], 1.0, ""


def _has_pronoun(doc: object) -> bool:
    return any(t.lower_ in ("they", "it") and t.dep_ == "nsubj" for t in doc)


def _antecedent(previous: object, together: bool) -> str | None:
    """Who 'they' are: the subject of the sentence before, and for 'together they' also whom
    it fought beside ('the mercenaries have fought beside Mali's army')."""
    root = next((t for t in previous if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    names = [_clean(previous[subject.left_edge.i : subject.right_edge.i + 1])]
    if together:
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ in ("beside", "with", "alongside"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        names.append(_clean(previous[obj.left_edge.i : obj.right_edge.i + 1]))
    names = [n for n in names if n and n.lower() not in ("they", "it", "he", "she")]
    return " and ".join(names) if names else None


def _holders(doc: object) -> list:
    """'in Syrian government hands', 'under Houthi control': who holds, said as a modifier."""
    out = []
    for token in doc:
        if token.lemma_.lower() in ("hand", "control") and token.dep_ == "pobj":
            if token.head.lower_ not in ("in", "under"):
                continue
            mods = [c for c in token.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]
            if mods:
                start = min(m.left_edge.i for m in mods)
                span = doc[start : token.i]
                if span[0].lower_ in ("the", "a"):
                    span = span[1:]
                if len(span):
                    out.append(span)
    return out


def _actor_chunks(doc: object) -> list:
    """Noun phrases naming forces spaCy does not tag ("Somali troops", "government forces")."""
    out = []
    for chunk in doc.noun_chunks:
        if chunk.root.lemma_.lower() in COMBATANTS | {
            "force",
            "army",
            "militia",
            "government",
            "coalition",
            "alliance",
            "group",
            "movement",
            "gang",
        }:
            span = chunk
            span = _expand(chunk)
            bare_but_telling = chunk.root.lemma_.lower() in ARMED_GROUP_SIDE | {"army", "militia"}
            if not bare_but_telling and not any(
                t.dep_ in ("amod", "compound", "poss", "prep", "acl")
                and t.pos_ in ("PROPN", "ADJ", "NOUN", "ADP", "VERB")
                for t in chunk.root.children
            ):
                continue
            if span[0].dep_ == "det" or span[0].lower_ in ("the", "a", "an"):
                span = span[1:]
            if len(span):
                span.label_ = "ORG"
                out.append(span)
    return out


def _between_of_cue(token: object, cue_stems: set[str]) -> bool:
    node = token
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    prep = node.head
    return node.dep_ == "pobj" and prep.lower_ == "between" and bool(_stems(prep.head) & cue_stems)


def _governs(verb: object, places: set[str]) -> bool:
    """The place is the verb's object (or its passive subject), directly or through 'of',
    'control of', never through another clause or 'towards'."""
    if verb.dep_ in ("relcl", "acl"):  # 'the east bank, which is controlled by X'
        owner = verb.head
        while owner.dep_ == "appos" and owner.head.i != owner.i:
            owner = owner.head  # 'Adan Yabaal, a town that al-Shabaab had controlled'
        if any(p in fold(verb.doc[owner.left_edge.i : verb.i].text) for p in places):
            return True
    todo = list(verb.children)
    while todo:
        t = todo.pop()
        if t.dep_ in ("conj", "advcl", "xcomp", "ccomp", "relcl", "acl", "nsubj", "agent"):
            continue
        if t.dep_ == "prep" and t.lower_ not in ("of", "out", "from"):
            continue  # 'Harib district in Marib province' took Harib, not Marib
        if t.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "appos", "compound"):
            name = fold(t.doc[t.left_edge.i : t.i + 1].text)  # the noun and the words before it
            if any(p in name for p in places):
                return True
        if t.dep_ in ("dobj", "prep", "pobj", "prt", "advmod"):
            todo.extend(t.children)
    # A misparse ('recaptured Adan Yabaal, ..., the president said'): the place right after.
    doc = verb.doc
    after = doc[verb.i + 1 : min(len(doc), verb.i + 8)]
    words = fold(after.text)
    return not any(t.lower_ in _PLACE_PREPS_AWAY or t.is_punct for t in after[:2]) and any(
        words.startswith(p) or f" of {p}" in f" {words}" or words.startswith(f"the {p}")
        for p in places
    )


def _control_role(span: object, question: Question) -> bool:
    """The span is who took or holds a place the question names: the subject of a control verb
    whose object is that place, the agent of its passive ('held by X'), or 'X-held'."""
    root = span.root
    places = {fold(p) for p in question.named} | {fold(w) for w in question.entity_words}
    places = {p for p in places if p}

    head = root.head
    if root.dep_ == "nsubj":
        # 'Insurgents linked to IS have seized X': the control verb may be the subject's second.
        verbs = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        if any(v.lemma_.lower() in CONTROL_LEMMAS and _governs(v, places) for v in verbs):
            return True
    if (
        root.dep_ == "pobj"
        and head.lower_ == "by"
        and head.head.lemma_.lower() in CONTROL_LEMMAS
        and _governs(head.head, places)
    ):
        return True
    if root.dep_ == "conj" and root.head.dep_ == "nsubj":
        return _control_role(root.head.doc[root.head.i : root.head.i + 1], question)
    after = span.doc[span.end : span.end + 2].text.lower()
    return after.startswith(("-held", "- held"))


def _pluperfect(span: object) -> bool:
    verb = span.root.head
    while verb.dep_ in ("agent", "prep") and verb.head.i != verb.i:
        verb = verb.head
    return any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children)


def _near_words(span: object, words: list[str], limit: int) -> bool:
    span = _as_span(span)
    doc = span.doc
    wanted = {w.lower() for w in words}
    window = doc[max(0, span.start - limit) : min(len(doc), span.end + limit)]
    return any(t.lower_ in wanted for t in window)


def _expand(chunk: object) -> object:
    """'forces loyal to the TPLF', 'fighters from the Tigray region': a force's noun with the
    words after it that say whose it is."""
    root, doc = chunk.root, chunk.doc
    end = chunk.end
    for child in root.rights:
        if child.dep_ in ("amod", "prep", "acl") and child.lower_ in (
            "loyal",
            "from",
            "of",
            "allied",
            "linked",
            "backed",
            "led",
        ):
            end = max(end, child.right_edge.i + 1)
    end = min(end, chunk.start + 12)
    if end < len(doc) and doc[end].text == ")" and "(" in doc[chunk.start : end].text:
        end += 1
    while end > chunk.end and doc[end - 1].is_punct and doc[end - 1].text != ")":
        end -= 1
    return doc[chunk.start : end]


def _role(span: object, question: Question) -> float:
    """The subject of a verb the question uses, or the agent of its passive, acts as asked."""
    root = span.root
    head = root.head
    cue_stems = {stem(c) for c in question.cues}
    if root.dep_ in ("nsubj", "nsubjpass") and (_stems(head) & cue_stems):
        return 0.3 if root.dep_ == "nsubj" else 0.0
    if root.dep_ == "pobj" and head.lower_ == "by" and (_stems(head.head) & cue_stems):
        return 0.3
    for token in span:  # 'a coalition led by Saudi Arabia, which has backed the government'
        for clause in token.children:
            if (
                clause.dep_ == "relcl"
                and _stems(clause) & cue_stems
                and any(
                    c.dep_ == "nsubj" and c.lower_ in ("which", "who", "that")
                    for c in clause.children
                )
            ):
                return 0.3
    if root.dep_ in ("pobj", "conj", "appos") and _between_of_cue(root, cue_stems):
        return 0.3  # 'a deal signed between Russia and Turkey'

    if root.dep_ == "pobj" and head.lower_ in ("to", "of") and head.head.lower_ == "according":
        return 0.3 if question.intent == "reporter" else 0.0
    if (
        question.intent == "reporter"
        and root.dep_ == "nsubj"
        and head.lemma_
        in (
            "say",
            "announce",
            "report",
            "tell",
            "confirm",
            "claim",
            "give",
            "put",
            "state",
        )
    ):
        return 0.25
    return 0.0


def _places(question: Question, doc: object, ev: Evidence, previous: object | None):
    focus = question.focus
    spans = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC", "ORG", "PERSON")]
    spans += _proper_runs(doc, list(doc.ents))
    for span in spans:
        if span.label_ in ("ORG", "PERSON") and not (
            focus and _near_lemma(span, {focus}, 1 if span.label_ == "ORG" else 2)
        ):
            continue  # a village spaCy took for a person or a group: only beside 'village'
        if span.label_ == "PERSON":
            span.label_ = "GPE"
        fit = 0.6 if span.label_ in ("GPE", "LOC", "FAC") else 0.3
        if focus and _near_lemma(span, {focus}, 2):
            fit += 0.5
        if question.intent in ("control", "seized") and _control_role(span, question):
            fit += 0.3
        if _asks_location_of(question) and _locates(span, question):
            fit += 0.5  # the relation asked about: the place that holds the named one
        yield _clean(span), span, min(fit, 1.6), ""


def _asks_location_of(question: Question) -> bool:
    """'In which region is X?', 'Where is X?': the place that contains a named one."""
    return bool(
        re.match(
            r"\s*(?:in which \w+(?: of [\w ]+)? (?:is|are|lies)|where (?:is|are|lies))\b",
            question.text,
            re.I,
        )
    )


def _locates(span: object, question: Question) -> bool:
    """'In which region is X': the span stands in the parse next to X ('X, in the ... of the
    Amhara region'), within a few steps."""
    located = re.search(r"\b(?:is|are|lies)\s+(.+?)\??$", question.text)
    places = {fold(located.group(1))} if located else set()
    doc = span.doc
    for token in doc:
        if token.i in range(span.start, span.end) or not token.pos_ == "PROPN":
            continue
        if any(fold(token.text) in p.split() for p in places):
            if _tree_distance(span.root, token) <= 5:
                return True
    return False


def _proper_runs(doc: object, taken: list) -> list:
    """Runs of proper nouns no entity covers (villages spaCy does not know)."""
    covered = {i for s in taken for i in range(s.start, s.end)}
    out, start = [], None
    for token in list(doc) + [None]:
        is_name = token is not None and token.pos_ == "PROPN" and token.i not in covered
        if is_name and start is None:
            start = token.i
        elif not is_name and start is not None:
            span = doc[start : token.i if token is not None else len(doc)]
            span.label_ = "GPE"
            out.append(span)
            start = None
    return out


def _things(question: Question, doc: object, ev: Evidence, previous: object | None):
    focus = question.focus or ""
    for span in list(doc.ents) + list(doc.noun_chunks):
        if span.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
            continue
        has_focus = any(t.lemma_.lower() == focus for t in span)
        near = _near_lemma(span, {focus}, 2) if focus else False
        if not (has_focus or near):
            continue
        names = [t for t in span if t.pos_ == "PROPN" or t.ent_type_]
        if has_focus and not names:
            continue  # "the mosque" says nothing the question did not
        fit = 1.0 if names else 0.4
        yield _clean(span), span, fit, ""


def _distances(question: Question, doc: object, ev: Evidence, previous: object | None):
    for token in doc:
        if not _is_number(token) or token.i + 1 >= len(doc):
            continue
        unit = doc[token.i + 1]
        if unit.lower_.rstrip(".") in _UNITS:
            yield f"{token.text} {unit.text}", doc[token.i : token.i + 2], 1.0, ""


_READERS = {
    COUNT: _counts,
    DATE: _dates,
    ACTOR: _actors,
    PLACE: _places,
    THING: _things,
    DISTANCE: _distances,
}


# ---- shared helpers --------------------------------------------------------------------------------


def _stems(token: object) -> set[str]:
    return {stem(token.lemma_), stem(token.text)}


def _nearness(span: object, cues: list) -> float:
    """1 for a span next to the question's words in the parse, falling with the distance."""
    if not cues:
        return 0.0
    span = _as_span(span)
    root = span.root
    inside = {t.i for t in span}
    outside = [c for c in cues if c.i not in inside]
    if not outside:
        return 0.3
    distances = sorted(_tree_distance(root, c) for c in outside)
    near = sum(1.0 / (1.0 + d) for d in distances[:3]) / 3
    return min(1.0, near * 1.5)


def _tree_distance(a: object, b: object) -> int:
    up_a = {a.i: 0}
    node, depth = a, 0
    while node.head.i != node.i:
        node, depth = node.head, depth + 1
        up_a[node.i] = depth
    node, depth = b, 0
    while node.i not in up_a:
        if node.head.i == node.i:
            return 12
        node, depth = node.head, depth + 1
    return up_a[node.i] + depth


def _as_span(item: object) -> object:
    """A token as a one-word span, so spans and tokens read alike."""
    return item if hasattr(item, "root") else item.doc[item.i : item.i + 1]


def _near_lemma(span: object, lemmas: set[str], limit: int) -> bool:
    span = _as_span(span)
    doc = span.doc
    if span.root.dep_ == "conj" and span.root.head.i < span.start:  # 'the villages of A and B'
        first = span.root.head
        if _near_lemma(doc[first.i : first.i + 1], lemmas, limit):
            return True
    window = doc[max(0, span.start - limit) : min(len(doc), span.end + limit)]
    if any(t.lemma_.lower() in lemmas for t in window if t.i not in range(span.start, span.end)):
        return True
    return any(
        t.lemma_.lower() in lemmas and _tree_distance(span.root, t) <= limit
        for t in doc
        if t.i not in range(span.start, span.end)
    )


def _is_number(token: object) -> bool:
    return token.like_num or token.lower_ in _NUMBER_WORDS or token.lower_ in _SCALES


def _number_value(doc: object, last: object) -> int | None:
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


def _qualifier(doc: object, token: object) -> str:
    start = token.i
    while start > 0 and _is_number(doc[start - 1]):
        start -= 1
    before = doc[max(0, start - 3) : start].text.lower()
    for q in _QUALIFIERS:
        if before.endswith(q):
            return f"{q} "
    return ""


def _governing_verb(token: object) -> object | None:
    """The verb a counted noun is the subject or object of ('43 farmers were buried')."""
    node = token
    for _ in range(2):
        if node.pos_ in ("VERB", "AUX") or node.tag_ in ("VBN", "VBD"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _clean(span: object) -> str:
    tokens = list(span)
    while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s")):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc, start, end = span.doc, tokens[0].i, tokens[-1].i + 1
    # A name the tokenizer cut at a hyphen ('Nord-Lac', 'Pont-Sondé'): take it whole.
    while (
        start >= 2
        and doc[start - 1].text == "-"
        and not doc[start - 2].whitespace_
        and (doc[start - 2].is_title)
    ):
        start -= 2
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and (doc[end + 1].is_title)
    ):
        end += 2
    return doc[start:end].text


def _is_dateline(span: object, text: str) -> bool:
    """'ADDIS ABABA, Aug 5 -': the place a wire story was filed from, not part of the story."""
    before = span.doc[: span.start]
    return text.isupper() and len(text) > 3 and all(t.is_space or t.is_punct for t in before)


def _asked_names(question: Question) -> list[str]:
    return [name_key(n) for n in question.named + list(question.entity_words) if name_key(n)]


def _is_asked(key: str, asked: list[str]) -> bool:
    """A span the question already names is never its answer ('Mozambican' neither, when the
    question names Mozambique)."""
    single = " " not in key and len(key) > 4
    return any(
        key == a
        or key in a
        or (len(a) > 3 and a in key)
        or (single and any(w[:5] == key[:5] for w in a.split() if len(w) > 4))
        for a in asked
    )


def _vote(found: list[Candidate]) -> list[Candidate]:
    """One candidate per answer: its best reading, plus a little for every other sentence that
    gives the same answer."""
    best: dict[str, Candidate] = {}
    extra: dict[str, float] = {}
    for c in sorted(found, key=lambda c: c.score, reverse=True):
        if c.key in best:
            extra[c.key] = extra.get(c.key, 0.0) + 0.05 * c.score
        else:
            best[c.key] = c
    for key, c in best.items():
        c.score = min(1.0, c.score + min(extra.get(key, 0.0), 0.1))
    return sorted(best.values(), key=lambda c: c.score, reverse=True)


_BEARINGS = {
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "outskirts",
    "edge",
}
_KIND_WORDS = {"city", "town", "village", "province", "governorate", "district", "region"}


def place_is_named(
    ev_text: str, surfaces: list[str], kind_word: str | None = None, near_ok: bool = False
) -> bool:
    """The sentence names the asked place itself: not only as a landmark ('near X'), and not
    as another kind of place than the question says ('the city of X' asked, 'X province' read)."""
    folded = fold(_DATELINE.sub("", ev_text))  # 'MARIB, Yemen -' says where it was filed
    for surface in surfaces:
        key = fold(surface)
        for m in re.finditer(rf"\b{re.escape(key)}\b", folded) if key else []:
            before = folded[: m.start()].split()[-2:] if m.start() else []
            after = folded[m.end() :].split()[:1]
            if before and before[-1] in _PLACE_PREPS_AWAY and not near_ok:
                continue
            if len(before) == 2 and before[1] == "of" and before[0] in _BEARINGS:
                continue  # 'south of Marib city': a landmark, not where it happened
            if len(before) == 2 and before[1] == "from" and before[0] in _UNITS:
                continue  # '40 km from X' measures from X; 'civilians from X' are X's
            if kind_word and after and after[0] in _KIND_WORDS and after[0] != kind_word:
                continue
            return True
    return False
