"""Actors: who did what the question asks. Named entities and the noun phrases that name forces,
scored by their role: the subject of the asked verb, the agent of its passive, who took or holds
the asked place (through misparses, relative clauses, 'in X hands', and 'they' resolved to the
speaker or the sentence before)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb.ask.question import Question, stem
from kb.ask.reader.counts import ARMED_GROUP_SIDE, COMBATANTS
from kb.ask.reader.parse import PLACE_PREPS_AWAY, clean, near_lemma, near_words, parse, stems
from kb.ask.retrieve import Evidence
from kb.ask.vocabulary import CONTROL_VERBS, FOCUS_WORDS
from kb.extract.names import fold

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token


CONTROL_LEMMAS = CONTROL_VERBS - {"be", "run", "rule", "administer", "lose"}
_ENTRY_VERBS = {"enter", "deploy", "advance", "move", "march", "push", "storm"}
_ENTRY_OBJECTS = {"position", "positions", "foothold", "control"}


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


def _named_by_role(question: Question, doc: Doc) -> list:
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


def actor_spans(
    question: Question, doc: Doc, ev: Evidence, previous: Doc | None
) -> Iterator[tuple]:
    focus = question.focus
    wants_person = focus in _PERSON_NOUNS
    labels = {"PERSON", "ORG", "NORP", "GPE"}
    seen: set[tuple[int, int]] = set()
    spans = list(doc.ents) + _actor_chunks(doc) + _named_by_role(question, doc) + _acronyms(doc)
    for span in spans:
        if (span.start, span.end) in seen or span.label_ not in labels:
            continue
        seen.add((span.start, span.end))
        fit = 0.5
        if wants_person:
            role_named = near_lemma(span, FOCUS_WORDS.get(focus, {focus}), 3)
            fit = 0.2 if span.label_ != "PERSON" else (0.9 if role_named else 0.3)
        elif focus in ("country", "nation", "state"):
            fit = 0.9 if span.label_ in ("GPE", "NORP") else 0.2
        elif span.label_ == "PERSON" and focus in ("group", "faction", "unit", "militia"):
            fit = 0.2
        elif span.label_ == "GPE":
            fit = 0.3  # a country acts ('signed', 'sent troops'), a town does not
        if focus and near_lemma(span, FOCUS_WORDS.get(focus, {focus}), 2):
            fit += 0.4
        elif focus and focus not in ("country", "nation", "state"):
            fit -= 0.2  # 'which channel': a name nowhere near a channel is a weaker answer
        if question.modifiers and near_words(span, question.modifiers, 3):
            fit += 0.3
        role = _role(span, question)
        if question.intent in ("control", "seized"):
            role = 0.5 if control_role(span, question) else None
        elif question.intent == "reporter" and role <= 0:
            role = None
        if role is None:
            continue
        yield clean(span), span, min(fit + role, 1.4), ""
    if question.intent == "control":
        for span in _holders(doc):
            yield clean(span), span, 1.0, ""
    for pronoun in doc:  # 'the Taliban said that they had captured X': they are the speaker
        if (
            pronoun.lower_ in ("they", "it")
            and pronoun.dep_ == "nsubj"
            and pronoun.head.dep_ == "ccomp"
        ):
            speaker = next(
                (c for c in pronoun.head.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"),
                None,
            )
            if speaker is not None and control_role(doc[pronoun.i : pronoun.i + 1], question):
                span = doc[speaker.left_edge.i : speaker.right_edge.i + 1]
                yield clean(span), span, 1.0, ""
    if previous is not None:
        for pronoun in doc:
            if pronoun.lower_ in ("they", "it") and control_role(
                doc[pronoun.i : pronoun.i + 1], question
            ):
                named = _antecedent(
                    previous, together=pronoun.i > 0 and doc[pronoun.i - 1].lower_ == "together"
                )
                if named:
                    yield named, doc[pronoun.i : pronoun.i + 1], 1.0, ""


def _acronyms(doc: Doc) -> list:
    """Acronyms spaCy left untagged ('the paramilitary RSF'): armed groups go by them."""
    tagged = {t.i for e in doc.ents for t in e}
    out = []
    for token in doc:
        text = token.text
        if token.i in tagged or token.pos_ != "PROPN" or not 2 <= len(text) <= 8:
            continue
        if text.isupper() and text.isalpha():
            span = doc[token.i : token.i + 1]
            span.label_ = "ORG"
            out.append(span)
    return out


def has_pronoun(doc: Doc) -> bool:
    return any(t.lower_ in ("they", "it") and t.dep_ == "nsubj" for t in doc)


def _antecedent(previous: Doc, together: bool) -> str | None:
    """Who 'they' are: the subject of the sentence before, and for 'together they' also whom
    it fought beside ('the mercenaries have fought beside Mali's army')."""
    root = next((t for t in previous if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    names = [clean(previous[subject.left_edge.i : subject.right_edge.i + 1])]
    if together:
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ in ("beside", "with", "alongside"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        names.append(clean(previous[obj.left_edge.i : obj.right_edge.i + 1]))
    names = [n for n in names if n and n.lower() not in ("they", "it", "he", "she")]
    return " and ".join(names) if names else None


def _holders(doc: Doc) -> list:
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


def _actor_chunks(doc: Doc) -> list:
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
            "peacekeeper",
            "mediator",
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


def _between_of_cue(token: Token, cue_stems: set[str]) -> bool:
    node = token
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    prep = node.head
    return node.dep_ == "pobj" and prep.lower_ == "between" and bool(stems(prep.head) & cue_stems)


def governs(verb: Token, places: set[str]) -> bool:
    """The place is the verb's object (or its passive subject), directly or through 'of',
    'control of', never through another clause or 'towards'."""
    if verb.dep_ in ("relcl", "acl"):  # 'the east bank, which is controlled by X'
        owner = verb.head
        while owner.dep_ == "appos" and owner.head.i != owner.i:
            owner = owner.head  # 'Adan Yabaal, a town that al-Shabaab had controlled'
        if any(p in fold(verb.doc[owner.left_edge.i : verb.i].text) for p in places):
            return True
    # 'took up positions in X', 'deployed in X', 'advanced into X': entering ground names the
    # place after 'in' / 'into', said of the verb or of its object ('positions')
    entry = {verb} if verb.lemma_.lower() in _ENTRY_VERBS else set()
    entry |= {c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _ENTRY_OBJECTS}
    if entry:
        entry.add(verb)
    todo = list(verb.children)
    while todo:
        t = todo.pop()
        if t.dep_ in ("conj", "advcl", "xcomp", "ccomp", "relcl", "acl", "nsubj", "agent"):
            continue
        if (
            t.dep_ == "prep"
            and t.lower_ not in ("of", "out", "from")
            and not (t.lower_ in ("in", "into") and t.head in entry)
        ):
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
    return not any(t.lower_ in PLACE_PREPS_AWAY or t.is_punct for t in after[:2]) and any(
        words.startswith(p) or f" of {p}" in f" {words}" or words.startswith(f"the {p}")
        for p in places
    )


def acting_noun(token: Token) -> Token:
    """The noun a name acts through: 'Rebels of the M23 movement entered X', 'Wagner
    fighters attacked': the name is a modifier of the fighters who did it."""
    node = token
    if node.dep_ == "compound" and node.head.i != node.i:
        node = node.head
    if (
        node.dep_ == "pobj"
        and node.head.lower_ == "of"
        and {node.head.head.lemma_.lower(), node.head.head.lower_.removesuffix("s")} & COMBATANTS
    ):
        node = node.head.head
    return node


def control_role(span: Span, question: Question) -> bool:
    """The span is who took or holds a place the question names: the subject of a control verb
    whose object is that place, the agent of its passive ('held by X'), or 'X-held'."""
    root = acting_noun(span.root)
    places = {fold(p) for p in question.named} | {fold(w) for w in question.entity_words}
    places = {p for p in places if p}

    head = root.head
    if root.dep_ == "nsubj":
        # 'Insurgents linked to IS have seized X': the control verb may be the subject's second.
        verbs = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        if any(v.lemma_.lower() in CONTROL_LEMMAS and governs(v, places) for v in verbs):
            return True
    if (
        root.dep_ == "pobj"
        and head.lower_ == "by"
        and head.head.lemma_.lower() in CONTROL_LEMMAS
        and governs(head.head, places)
    ):
        return True
    if root.dep_ == "conj" and root.head.dep_ == "nsubj":
        return control_role(root.head.doc[root.head.i : root.head.i + 1], question)
    after = span.doc[span.end : span.end + 2].text.lower()
    return after.startswith(("-held", "- held"))


def _expand(chunk: Span) -> Span:
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


def _role(span: Span, question: Question) -> float:
    """The subject of a verb the question uses, or the agent of its passive, acts as asked."""
    root = acting_noun(span.root)
    head = root.head
    cue_stems = {stem(c) for c in question.cues}
    if question.object_of:
        # 'Who did the army blame?': the object of the asked verb (or its passive subject);
        # a name in no such place is a weaker answer, the verb's own subject a wrong one.
        asked = {stem(question.object_of)}
        blamer = head.head.head if head.head.dep_ == "dobj" else head.head
        # the asked verb's own object is what the question names: worth more than a subject
        # near a cue is in an ordinary question
        if root.dep_ == "pobj" and head.lower_ == "on" and stems(blamer) & asked:
            return 0.5  # 'blamed the attack on separatist fighters'
        if head.pos_ != "VERB" or not stems(head) & asked:
            # a sentence without the asked verb ('gunmen killed 20') says nothing of it
            return -0.2 if any(stems(t) & asked for t in span.doc) else -0.6
        return 0.5 if root.dep_ in ("dobj", "nsubjpass") else -0.3 if root.dep_ == "nsubj" else 0.0
    if root.dep_ in ("nsubj", "nsubjpass") and (stems(head) & cue_stems):
        return 0.3 if root.dep_ == "nsubj" else 0.0
    if root.dep_ == "pobj" and head.lower_ == "by" and (stems(head.head) & cue_stems):
        return 0.3
    for token in span:  # 'a coalition led by Saudi Arabia, which has backed the government'
        for clause in token.children:
            if (
                clause.dep_ == "relcl"
                and stems(clause) & cue_stems
                and any(
                    c.dep_ == "nsubj" and c.lower_ in ("which", "who", "that")
                    for c in clause.children
                )
            ):
                return 0.3
    if root.dep_ in ("amod", "compound", "poss") and stems(head) & cue_stems:
        return 0.3  # 'Turkish strikes', 'Russia's bombardment': the owner of the asked act
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


def taken_in(nlp: Language, text: str, places: set[str]) -> bool:
    """Whether a sentence has a verb of taking or holding ground whose object is one of the
    places (for a template's claim answering 'when did X take Y')."""
    doc = parse(nlp, [text])[0]
    return any(t.lemma_.lower() in CONTROL_LEMMAS and governs(t, places) for t in doc)
