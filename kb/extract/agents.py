"""Who carried out an attack, read off the dependency parse.

News sentences name the attacker in a handful of grammatical places: the subject of an attack
verb ("regime warplanes bombed ..."), the agent of a passive one ("... killed by the army"),
the owner or modifier of an attack noun ("Russia's strikes", "regime bombardment", "strikes
by Russian jets"), and the subject of the verb that carries an attack noun ("the army
launched an offensive", "Russian forces returned to their bombardment"). Word order alone
gets these wrong as soon as a clause intervenes: the word-order patterns this module replaced
scored lower on FA-KES, with or without the parse in front of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.extract.model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Verbs whose subject did the attacking (by lemma).
ATTACK_VERBS = {
    "attack",
    "bomb",
    "bombard",
    "shell",
    "strike",
    "hit",
    "kill",
    "target",
    "pound",
    "raid",
    "ambush",
    "execute",
    "shoot",
    "seize",
    "capture",
    "storm",
    "overrun",
    "fire",
    "drop",
    "detonate",
    "massacre",
    "destroy",
    "assault",
    "retake",
    "recapture",
    "blow",
    "gun",
    "slaughter",
    "behead",
    "kidnap",
    "abduct",
    "regain",
    "liberate",
    "advance",
    "eliminate",
    "besiege",
    "assassinate",
    "stab",
}
# Nouns that name an attack (by lemma).
ATTACK_NOUNS = {
    "strike",
    "airstrike",
    "attack",
    "raid",
    "bombardment",
    "bombing",
    "shelling",
    "offensive",
    "assault",
    "ambush",
    "massacre",
    "barrage",
    "onslaught",
    "operation",
    "campaign",
    "incursion",
    "counterattack",
    "counteroffensive",
    "push",
    "assassination",
    "shootout",
    "stabbing",
}
# Verbs whose subject is the attacker when their object is an attack noun.
CARRY_VERBS = {
    "launch",
    "carry",
    "conduct",
    "stage",
    "mount",
    "step",
    "intensify",
    "continue",
    "resume",
    "return",
    "escalate",
    "begin",
    "start",
    "renew",
    "wage",
    "unleash",
    "lead",
    "perpetrate",
    "commit",
    "press",
    "expand",
}
_ALWAYS_TRANSITIVE = {"kill", "injure", "wound", "execute", "behead", "massacre", "slaughter"}
_ACCUSING = {"accuse", "blame", "charge", "convict", "condemn"}
_GERUNDS = {"shelling", "bombing", "bombardment", "killing", "firing"}
_NOUN_PLACES = {"pobj", "dobj", "nsubj", "nsubjpass", "conj", "compound", "appos"}
_PRONOUNS = {"it", "they", "its", "their", "he", "she", "his"}
_RELATIVE = {"that", "which", "who", "whom"}
# Clauses inside a noun phrase that name other parties ("rebels who fought the army").
_NOT_PART = {"relcl", "acl", "advcl", "appos", "punct", "cc"}


def parse_attackers(
    span: Span, actors: list[Mention], earlier: list[Mention] | None = None
) -> list[Mention]:
    """The actors the parse puts in an attacker's place, in sentence order, without repeats.

    Where several attacks are described, the one highest in the parse tree speaks for the
    sentence: "the bombardment struck the town where rebels killed the pilot" is about the
    bombardment, not the pilot. A pronoun the sentence does not resolve ("They have since
    seized ...") stands for ``earlier``, the attackers of the article's previous incident.
    """
    best: tuple[int, list[Mention]] | None = None
    for token in span:
        found = []
        for head in agent_heads(token):
            named = _actors_in(head, actors)
            if not named and head.pos_ == "PRON" and head.lower_ in _PRONOUNS:
                named = list(earlier or [])
            found += named
        if found and (best is None or _depth(token) < best[0]):
            best = (_depth(token), found)
    if best is None:
        return []
    unique = {(a.start, a.iri): a for a in best[1]}
    return [unique[k] for k in sorted(unique)]


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def agent_heads(token: Token) -> list[Token]:
    """The head words of the phrases naming who did what ``token`` describes."""
    lemma = token.lemma_.lower()
    if token.tag_ == "VBG" and token.dep_ in _NOUN_PLACES and token.lower_ in _GERUNDS:
        return _noun_agents(token)  # "killed in regime shelling": a verb form used as a noun
    set_off = lemma == "set" and any(c.dep_ == "prt" and c.lower_ == "off" for c in token.children)
    if token.pos_ in ("VERB", "AUX") and (lemma in ATTACK_VERBS or set_off):
        return verb_agents(token)
    if token.pos_ in ("VERB", "AUX") and lemma in CARRY_VERBS:
        # "an attack carried out by government forces", "strikes launched by Russia"
        return _by_agents(token)
    if token.pos_ in ("NOUN", "PROPN") and lemma in ATTACK_NOUNS:
        return _noun_agents(token)
    return []


def _by_agents(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by"."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def verb_agents(verb: Token) -> list[Token]:
    """Who did what a verb says: the agent of a passive, else the (shared) subject."""
    agents = _by_agents(verb) if _is_passive(verb) else _subject(verb)
    # "killed by air strikes on IS", "strikes on Raqqa killed 25": the attack noun's owner.
    out: list[Token] = []
    for agent in agents:
        out += _noun_agents(agent) if agent.lemma_.lower() in ATTACK_NOUNS else [agent]
    return out


def _subject(verb: Token) -> list[Token]:
    """The verb's subject, or the one it shares: "X struck and killed" (conjunction), "X set
    off a bomb, killing five" (participle clause), "X was found guilty of killing" and "accused
    X of launching" (the controller of a gerund), "X that struck" (the noun a relative
    clause modifies)."""
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return [verb.head]
            return [subject]
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return []
        shares = verb.dep_ in ("conj", "xcomp") or (
            verb.dep_ in ("advcl", "pcomp") and verb.tag_ == "VBG"
        )
        if not shares or verb.head.i == verb.i:
            break
        participle = verb.dep_ == "advcl"
        verb = verb.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head  # "guilty of killing": up through the adjective and preposition
        if verb.lemma_.lower() in _ACCUSING:
            return [c for c in verb.children if c.dep_ == "dobj"]
        if participle and _is_passive(verb):
            # "a helicopter was shot down, killing five": the helicopter did not kill them
            return _by_agents(verb)
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive:
            return passive
    return []


def _noun_agents(noun: Token) -> list[Token]:
    """Who an attack noun belongs to: its owner or modifier ("Russia's strikes", "regime
    shelling"), its "by" phrase, or the subject of the verb that carries it."""
    heads = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"):
        heads += [g for g in prep.children if g.dep_ == "pobj"]
    governor = noun.head
    if noun.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if (
        noun.dep_ in ("dobj", "pobj")
        and governor.i != noun.i
        and governor.pos_ == "VERB"
        and governor.lemma_.lower() in CARRY_VERBS
    ):
        heads += _subject(governor) if not _is_passive(governor) else verb_agents(governor)
    return heads


def _is_passive(verb: Token) -> bool:
    """Marked passive, or a headline's "70 fighters killed in strikes": a verb that always
    takes an object, standing without one."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.lemma_.lower() not in _ALWAYS_TRANSITIVE:
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    shared = [
        c for c in verb.children if c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children)
    ]
    return not objects and not shared and verb.head.dep_ != "conj"


def _actors_in(head: Token, actors: list[Mention]) -> list[Mention]:
    """Actors named inside the phrase ``head`` heads, leaving out clauses that modify it; for
    "it" or "they", the speaker of the clause ("the army said it had shelled ...")."""
    if head.pos_ == "PRON" and head.lower_ in _PRONOUNS:
        return _speaker(head, actors)
    tokens = _phrase(head)
    spans = [(t.idx, t.idx + len(t.text)) for t in tokens]
    lo = min(s for s, _ in spans)
    text = head.doc.text
    inside = [
        a
        for a in actors
        if any(s <= a.start < e or a.start <= s < a.end for s, e in spans)
        # a name the parser left outside its noun ("IS militants" read as "is militants")
        or (a.end <= lo and not text[a.end : lo].strip())
    ]
    # "IS militants", "Nusra Front fighters": a generic word right after a name adds nobody
    return [
        a
        for a in inside
        if not (
            a.generic
            and any(
                not b.generic and b.end <= a.start and not text[b.end : a.start].strip()
                for b in inside
            )
        )
    ]


def _speaker(pronoun: Token, actors: list[Mention]) -> list[Mention]:
    """Who "it", "they" or "their" stands for: the subject of the verb governing the noun it
    owns ("forces went back to their bombardment"), or the speaker of a reported clause."""
    if pronoun.dep_ == "poss":
        verb = pronoun.head
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        return _actors_in(subjects[0], actors) if subjects else []
    clause = pronoun.head
    for _ in range(4):
        if clause.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or clause.head.i == clause.i:
            return []
        clause = clause.head
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if subjects:
            return _actors_in(subjects[0], actors)
    return []


def _phrase(head: Token) -> list[Token]:
    """The noun phrase without its clauses and without prepositions other than "of" and
    "from" ("warplanes of the regime", "fighters from IS", but not "strikes on IS")."""
    out = [head]
    for child in head.children:
        if child.dep_ in _NOT_PART:
            continue
        if child.dep_ == "prep" and child.lower_ not in ("of", "from"):
            continue
        out += _phrase(child)
    return out
