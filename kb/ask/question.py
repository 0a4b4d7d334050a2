"""What a question asks for: the kind of answer, the noun it counts or names, its cue words,
and the constraints an answer must meet (place and actor come from linking; time, victims,
outcome and event type from here).

Every question gets an answer type, so that nothing falls outside a fixed list of intents: the
intent only says which SPARQL template may hold a structured answer, and the reader looks for
a span of the answer type in the evidence whatever the intent.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.ask.vocabulary import (
    ACTOR_NOUNS,
    CONTROL_VERBS,
    FOCUS_WORDS,
    IDIOM_OBJECTS,
    OUTCOME_WORDS,
    PLACE_KIND_WORDS,
    PLACE_NOUNS,
    QUESTION_WORDS,
    VICTIM_WORDS,
)
from kb.extract.dates import TimeSpan, find_times
from kb.vocab import IKB

if TYPE_CHECKING:
    from spacy.tokens import Doc


ACTOR, PLACE, COUNT, DATE, THING, EVENT, YESNO, DISTANCE = (
    "actor",
    "place",
    "count",
    "date",
    "thing",
    "event",
    "yesno",
    "distance",
)

_INTENTS: list[tuple[str, re.Pattern]] = [
    (
        "reporter",
        re.compile(
            r"\bwho (?:first )?(?:reported|reports|said|says|claimed|claims|announced|gave|put|"
            r"confirmed|estimated)\b|\baccording to whom\b|\b(?:what|which) (?:is|are|were) the "
            r"sources?\b|\bwho is the source\b|\bsources? (?:for|of|on)\b",
            re.I,
        ),
    ),
    (
        "relations",
        re.compile(
            r"\b(?:backs?|backed|backing|backers?|supports?|supported|supporting|supporters|"
            r"sponsor\w*|all(?:y|ies|ied)|patrons?|rivals?|affiliat\w*)\b",
            re.I,
        ),
    ),
    (
        "casualties",
        re.compile(
            r"\bhow many\b.*\b(?:killed|died|dead|wounded|injured|hurt|lost their lives|"
            r"casualties|deaths|fled|displaced|buried)\b|\bdeath toll\b|\bcasualt\w*\b|"
            r"\bfatalit\w*\b|\bnumber of (?:dead|people killed|deaths)\b|\btoll\b",
            re.I,
        ),
    ),
    (
        "seized",
        re.compile(
            r"\b(?:seiz\w*|captur\w*|took|taken|take|retook|retake|retaken|recaptur\w*|fell|"
            r"regain\w*|overr[au]n|enter(?:s|ed|ing)?|storm(?:s|ed|ing)?|took control)\b",
            re.I,
        ),
    ),
    (
        "control",
        re.compile(
            r"\b(?:controls?|controlled|controlling|holds?|held|in charge|rules?|ruled|"
            r"administers?|in (?:whose|the) hands)\b",
            re.I,
        ),
    ),
    (
        "incidents",
        re.compile(r"\bwhat happened\b|\bwhat (?:is|was) (?:going on|happening)\b", re.I),
    ),
]


@dataclass
class Question:
    """One analysed question. ``cues`` are the lemmas an evidence sentence should share with it
    near the answer; ``focus`` the noun it asks to count or name ("farmers", "village")."""

    text: str
    intent: str
    window: TimeSpan | None
    category: URIRef | None
    outcome: URIRef
    place_kind: URIRef | None
    answer_type: str = THING
    focus: str | None = None
    cues: list[str] = field(default_factory=list)
    entity_words: set[str] = field(default_factory=set)
    named: list[str] = field(default_factory=list)  # proper names the question uses
    modifiers: list[str] = field(default_factory=list)  # "Rwandan" of "Rwandan soldiers"
    plural: bool = False  # "which villages": a list is the answer
    place_word: str | None = None  # "the city of Marib": the kind of place the question says
    object_text: str = ""  # the main verb's object ("the city of Marib" in "when did X capture")
    # 'Who did the army blame?': the answer is this verb's object (its lemma; None otherwise)
    object_of: str | None = None

    @property
    def outcome_stated(self) -> bool:
        """The question says what happened to those it counts (killed, wounded, fled)."""
        return bool(set(self.cues) & OUTCOME_WORDS.get(self.outcome, set()))

    @property
    def asks_actor(self) -> bool:
        return self.answer_type == ACTOR


def analyse(text: str, latest: date | None, doc: Doc | None = None) -> Question:
    """Answer type, focus noun, cue lemmas, time window, victims and outcome of a question.
    ``doc`` is the question parsed by spaCy (for lemmas and the noun after 'which'/'how many');
    without it the analysis falls back to words."""
    times = stated_times(text, latest)
    window = times[0][2] if times else None
    outcome = IKB.Killed
    if re.search(r"\b(?:injur\w*|wound\w*|hurt)\b", text, re.I):
        outcome = IKB.Injured
    elif re.search(r"\b(?:fled|flee\w*|displac\w*|forced from|homeless|uprooted)\b", text, re.I):
        outcome = IKB.Displaced
    answer_type, focus = _answer_type(text, doc)
    intent = _intent(text, answer_type)
    if intent in ("control", "seized") and doc is not None and not _asks_control(doc):
        intent = "search"  # 'which country sent troops to help X retake Y' is about the sending
    category = None
    if answer_type == COUNT or intent in ("casualties", "incidents"):
        category = next((cat for pattern, cat in VICTIM_WORDS if pattern.search(text)), None)
    kind = PLACE_KIND_WORDS.get(focus or "")
    cues, named = _cues(doc, times) if doc is not None else ([], [])
    cues += sorted(FOCUS_WORDS.get(focus or "", set()) - set(cues))  # 'leads': chief, commander
    modifiers = _modifiers(doc, focus) if doc is not None and focus else []
    return Question(
        text,
        intent,
        window,
        category,
        outcome,
        kind,
        answer_type,
        focus,
        cues,
        set(),
        named,
        modifiers,
        _plural(doc, focus),
        _place_word(text),
        _object_text(doc),
        _object_of(doc),
    )


def _object_of(doc: Doc | None) -> str | None:
    """The verb whose object the wh-word is, when that verb has a subject of its own ('Who did
    the army blame', 'Whom did the rebels kidnap') or is passive ('Who was blamed')."""
    for token in doc or []:
        wh = token if token.lower_ in ("who", "whom") else None
        if token.lower_ in ("which", "what") and token.dep_ == "det":
            wh = token.head
        if wh is None or wh.dep_ not in ("dobj", "nsubjpass"):
            continue
        active = wh.dep_ == "dobj" and any(c.dep_ == "nsubj" for c in wh.head.children)
        return wh.head.lemma_.lower() if active or wh.dep_ == "nsubjpass" else None
    return None


def _object_text(doc: Doc | None) -> str:
    root = next((t for t in doc or [] if t.dep_ == "ROOT"), None)
    objects = [c for c in root.children if c.dep_ == "dobj"] if root is not None else []
    return " ".join(doc[o.left_edge.i : o.right_edge.i + 1].text for o in objects)


def _plural(doc: Doc | None, focus: str | None) -> bool:
    for token in doc or []:
        if focus and token.lemma_.lower() == focus and token.tag_ in ("NNS", "NNPS"):
            return True
    return False


def _place_word(text: str) -> str | None:
    m = re.search(
        r"\b(?:the )?(city|town|village|province|governorate|district|region) of [A-Z]", text
    ) or re.search(
        r"\b[A-Z][\w'-]+ (city|town|village|province|governorate|district|region)\b", text
    )
    return m.group(1).lower() if m else None


def _modifiers(doc: Doc, focus: str | None) -> list[str]:
    """Names and nationalities that narrow the counted noun ("Wagner fighters")."""
    for token in doc:
        if token.lemma_.lower() == focus:
            return [
                c.text
                for c in token.children
                if c.dep_ in ("amod", "compound")
                and (c.ent_type_ or c.pos_ == "PROPN" or c.is_title)
            ]
    return []


def _asks_control(doc: Doc) -> bool:
    """The question's main verb is about holding or taking ground."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return True
    if any(c.dep_ == "dobj" and c.lemma_.lower() in IDIOM_OBJECTS for c in root.children):
        return False  # 'took part in', 'took place'
    return root.lemma_.lower() in CONTROL_VERBS or root.lower_ in CONTROL_VERBS


def stated_times(text: str, published: date | None) -> list:
    """Time expressions, without month names that begin a proper name ('the March Front',
    'May Day') or stand alone as a name."""
    out = []
    for start, end, span in find_times(text, published):
        bare = span.precision == "month" and " " not in span.text.strip()
        if bare and re.match(r"\s+[A-Z]", text[end : end + 2]):
            continue
        if re.search(r"\b(?:before|prior to)\s+(?:the\s+)?$", text[:start], re.I):
            # 'before November 2023': any time up to the day before it
            span = dataclasses.replace(
                span, earliest=date.min, latest=span.earliest - timedelta(days=1)
            )
        out.append((start, end, span))
    return out


def _intent(text: str, answer_type: str) -> str:
    intent = next((name for name, pattern in _INTENTS if pattern.search(text)), "search")
    if intent == "casualties" and answer_type != COUNT:
        return "search"  # "Who gave the death toll" is about a reporter, not a figure
    if intent == "control" and answer_type in (COUNT, DATE, DISTANCE):
        return "search"
    if intent == "seized" and answer_type in (COUNT, DISTANCE):
        return "search"  # 'when did X take Y' keeps the template: its claims carry the date
    if intent == "relations" and answer_type not in (ACTOR, THING):
        return "search"
    return intent


_WH_NOUN = re.compile(
    r"\b(?:which|what|whose)\s+((?:[a-z'-]+\s+){0,2}?[a-z'-]+?)(?=\s+(?:did|does|do|is|are|was|"
    r"were|has|have|had|in|of|on|near|around|from|between|by|at|for|to|with|that|sent|launched|"
    r"said|says|reported|gave|planted|carried|claimed|led|leads|attacked|[a-z]+ed\b)|[?,]|$)",
    re.I,
)


def _answer_type(text: str, doc: Doc | None) -> tuple[str, str | None]:
    t = text.lower().strip()
    if re.search(r"\bhow (?:far|close)\b|\bhow many (?:km|kilomet|miles)", t):
        return DISTANCE, None
    m = re.search(r"\bhow (?:many|much)\s+(?:more\s+)?([a-z-]+)", t)
    if m:
        return COUNT, _counted_noun(doc) or _lemma_of(m.group(1), doc)
    if re.search(
        r"\bwhen\b|\bsince when\b|\bwhat (?:date|day|year|month|time)\b|"
        r"\bon what date\b|\bwhich (?:date|day|year|month)\b|\bhow long ago\b",
        t,
    ):
        return DATE, None
    if re.match(r"\s*(?:who|whom|according to whom)\b", t) or re.search(r"\bby whom\b", t):
        return ACTOR, _who_focus(t)
    if re.search(r"\bwhat happened\b|\bwhat (?:is|was) (?:going on|happening)\b", t):
        return EVENT, None
    words = _wh_phrase(t, doc)
    if words:
        noun = _lemma_of(words[-1], doc)
        if noun in ("country", "nation", "state") and re.search(
            rf"\b(?:which|what) {words[-1]}\s+(?!did|does|do|is|was|were|are|has|have)", t
        ):
            return ACTOR, noun  # "which country sent troops": the country acts
        if noun in PLACE_NOUNS or any(_lemma_of(w, doc) in PLACE_NOUNS for w in words):
            return PLACE, noun if noun in PLACE_NOUNS else _lemma_of(words[0], doc)
        if noun in ACTOR_NOUNS:
            return ACTOR, noun
        return THING, noun
    if re.search(r"\bwhere\b", t):
        return PLACE, None
    m = re.search(r"\bwhat is the (\w+) of\b", t)
    if m:
        noun = _lemma_of(m.group(1), doc)
        return (PLACE if noun in PLACE_NOUNS else THING), noun
    if re.match(r"\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will)\b", t):
        return YESNO, None
    return EVENT, None


def _counted_noun(doc: Doc | None) -> str | None:
    """The noun 'how many' counts ("how many Wagner fighters" -> 'fighter')."""
    for token in doc or []:
        if token.lower_ in ("many", "much") and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head.lemma_.lower()
    return None


def _wh_phrase(t: str, doc: Doc | None) -> list[str]:
    """The words of the noun phrase a 'which'/'what' determines ("which Russian diplomat" ->
    ['russian', 'diplomat']): from the parse when there is one, else from word order."""
    if doc is not None:
        for token in doc:
            if token.lower_ in ("which", "what", "whose") and token.dep_ in ("det", "poss"):
                head = token.head
                if head.pos_ in ("NOUN", "PROPN"):
                    return [w.lower_ for w in doc[token.i + 1 : head.i + 1]]
    m = _WH_NOUN.search(t)
    return m.group(1).split() if m else []


def _who_focus(t: str) -> str | None:
    m = re.search(r"\bwho (?:is|was|are|were) the (\w+)(?: \w+)? (?:of|for|at)\b", t)
    if m:
        return m.group(1)
    if re.search(r"\bwho (?:leads|led|heads|headed|commands|commanded|runs|ran)\b", t):
        return "leader"
    return None


_PLURALS = re.compile(r"(?:ies|es|s)$")


def _lemma_of(word: str, doc: Doc | None) -> str:
    """The lemma spaCy gave this word in the question, else a plain singular."""
    word = word.lower()
    if doc is not None:
        for token in doc:
            if token.lower_ == word:
                return token.lemma_.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _cues(doc: Doc, times: list) -> tuple[list[str], list[str]]:
    """Content lemmas (verbs, nouns, adjectives, numbers) and proper names of the question."""
    in_time = {i for start, end, _ in times for i in range(start, end)}
    cues: list[str] = []
    named: list[str] = []
    for token in doc:
        if token.is_punct or token.is_space or token.idx in in_time:
            continue
        lemma = token.lemma_.lower()
        if lemma in QUESTION_WORDS or token.is_stop and token.pos_ not in ("NUM",):
            continue
        if token.pos_ in ("VERB", "NOUN", "ADJ", "NUM", "PROPN", "ADV"):
            cues.append(lemma)
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"):
            continue
        named.append(ent.text)
    return list(dict.fromkeys(cues)), named


def stem(word: str) -> str:
    """A crude shared stem for matching a question's words in evidence ('retake', 'retook' ->
    'ret'...): lowercase, the first five letters of longer words."""
    word = re.sub(r"[^\w]", "", word.lower())
    return word[:5] if len(word) > 5 else word
