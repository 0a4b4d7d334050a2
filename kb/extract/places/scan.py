"""One pass over an article for place names, in layers: contextual patterns ("the villages of X
and Y", "X province", "X, a town", what a force seized), the dateline, the gazetteer's lower-case
phrases, capitalised spans looked up in the gazetteer, and spaCy's GPE/LOC/FAC entities last
(minted as new places where nothing else claimed the span)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.extract.model import Mention
from kb.extract.names import name_key
from kb.extract.places.linking import linked_mention, unique
from kb.extract.places.words import (
    APPOSITION,
    CONNECTORS,
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    DATELINE,
    KIND_WORDS,
    NAME,
    NOT_NAMES,
    TAKEN_OBJECT,
)
from kb.vocab import IKB

if TYPE_CHECKING:
    from spacy.tokens import Span

    from kb.extract.places.article import ArticlePlaces


def scan(article: ArticlePlaces, governorates: set[URIRef]) -> list[Mention]:
    """Every place mention of the article; ``governorates`` (from a first pass) settle shared
    names."""
    doc = article.doc
    text = article.text
    found: list[Mention] = []
    for m in CONTEXT_BEFORE.finditer(text):
        kind = KIND_WORDS.get(m.group("kind"))
        for name_match in re.finditer(NAME, m.group("names")):
            start = m.start("names") + name_match.start()
            found.append(
                article.place(start, start + len(name_match.group(0)), kind, governorates, True)
            )
    for m in CONTEXT_AFTER.finditer(text):
        kind = KIND_WORDS.get(m.group("kind"))
        whole = article.lexicon.find_place(m.group(0), loose=False, world=False)
        if whole and m.group("kind") in ("region", "zone", "state"):
            # "the Idlib region" is a region of its own in the dictionary, not Idlib
            found.append(linked_mention(whole[0], m.start(), m.end(), m.group(0)))
            continue
        end = (
            m.end()
            if kind in (IKB.Governorate,) or m.group("kind") == "countryside"
            else m.end("name")
        )
        mention = article.place(m.start("name"), m.end("name"), kind, governorates, True)
        if mention is not None and kind == IKB.Governorate:
            mention.end = end
            mention.text = text[mention.start : end]
        found.append(mention)
    dateline = DATELINE.match(text)
    if dateline:
        found.append(article.dateline(dateline.start("name"), dateline.end("name")))
    for m in TAKEN_OBJECT.finditer(text):
        if not article.spans.in_entity(m.start("name"), m.end("name"), ("ORG", "NORP")) and not (
            article.spans.inside_longer_person(m.start("name"), m.end("name"))
        ):
            found.append(article.place(m.start("name"), m.end("name"), None, governorates, True))
    for m in APPOSITION.finditer(text):
        kind = KIND_WORDS.get(m.group("kind"), IKB.Village)
        found.append(article.place(m.start("name"), m.end("name"), kind, governorates, True))
    for match_id, start, end in article.finder.place_phrases(doc):
        entry = article.lexicon.entries[URIRef(doc.vocab.strings[match_id])]
        span = doc[start:end]
        # "al-Zahraa" names a district of Homs and a town near Aleppo: the article decides.
        near = article.near_countries()
        namesakes = [
            e
            for e in article.lexicon.find_place(span.text, loose=False)
            if (not e.world and (not near or e.country in near)) or e.country in near
        ]
        if not namesakes and near and entry.country not in near:
            continue  # "the northwest" of an article about another country is not Idlib's
        entry = article.choose(namesakes or [entry], None, governorates)
        found.append(linked_mention(entry, span.start_char, span.end_char, span.text))
    found = [m for m in found if m is not None]
    taken = {i for m in found for i in range(m.start, m.end)}
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            not tok.text[:1].isupper()
            or tok.idx in taken
            or (tok.is_sent_start and tok.text.isupper() and len(tok) > 3)
        ):
            i += 1
            continue
        hit = None
        for j in range(min(len(tokens), i + 6), i, -1):
            last = tokens[j - 1]
            if last.lower_ in CONNECTORS or any(t.is_sent_start for t in tokens[i + 1 : j]):
                continue
            if not all(
                t.text[:1].isupper() or t.lower_ in CONNECTORS or t.text == "-" for t in tokens[i:j]
            ):
                continue
            start, end = tok.idx, last.idx + len(last.text)
            after = tokens[j].lower_ if j < len(tokens) else ""
            hint = KIND_WORDS.get(after)
            if hint == IKB.Region and article.lexicon.find_place(
                text[start:end] + " region", loose=False
            ):
                end = tokens[j].idx + len(tokens[j].text)
            mention = article.place(start, end, hint, governorates, False)
            if mention is not None:
                if hint == IKB.Governorate and mention.kind == IKB.Governorate:
                    mention.end = tokens[j].idx + len(tokens[j].text)
                    mention.text = text[start : mention.end]
                hit = (j, mention)
                break
        if hit:
            found.append(hit[1])
            i = hit[0]
        else:
            i += 1
    found += unique(article.owners)
    taken = {i for m in found for i in range(m.start, m.end)}
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC") and not any(
            i in taken for i in range(ent.start_char, ent.end_char)
        ):
            based = re.match(
                r"\s*-\s*(?:based|born|made|led|backed)\b",
                text[ent.end_char : ent.end_char + 12],
            )
            if based:
                continue  # "a UK-based monitor": where the monitor sits, not a place of the story
            if ent.text[:1].isupper() and not (ent.start == ent.sent.start and ent.text.isupper()):
                name = re.sub(r"^(?:the|The)\s+", "", ent.text)
                if name_key(name) in ("", *NOT_NAMES):
                    continue  # "Ash" of "Ash Shairat" alone: an article, not a name
                if article.lexicon.world.demonym(name.rstrip("s")):
                    continue  # "Ukrainian": a nationality spaCy took for a place
                found.append(
                    article.new_place(
                        ent.start_char + len(ent.text) - len(name), ent.end_char, name, None
                    )
                )
    taken = {i for m in found for i in range(m.start, m.end)}
    for ent in doc.ents:
        # 'killed in Maungdaw', 'the outskirts of Barsalogho': a name spaCy took for a person
        # or a group, where only a place can stand
        if (
            ent.label_ in ("PERSON", "ORG")
            and not any(i in taken for i in range(ent.start_char, ent.end_char))
            and _where_a_place_stands(ent)
            and name_key(ent.text) not in article.finder.actor_names
        ):
            found.append(article.new_place(ent.start_char, ent.end_char, ent.text, None))
    return found


# Prepositions that put what follows somewhere, and the nouns whose 'of' does the same.
_LOCATIVE_PREPS = {"in", "near", "outside", "around", "at", "into", "towards", "toward"}
_PLACE_OF = {
    "outskirts",
    "outskirt",
    "edge",
    "centre",
    "center",
    "suburb",
    "suburbs",
    "countryside",
}
# Heads of a preposition that make its object a source, not a place ('said in Reuters').
_NOT_WHERE = {"say", "report", "tell", "write", "quote", "publish", "statement", "interview"}


def _where_a_place_stands(ent: Span) -> bool:
    """A short proper name that is the object of a locative preposition, owns nothing
    ('in Smith's view') and is not a source ('reported in X')."""
    root = ent.root
    prep = root.head
    if len(ent) > 3 or root.dep_ != "pobj" or root.pos_ != "PROPN":
        return False
    if ent.label_ == "ORG" and len(ent) > 1:
        return False  # 'in the Security Council': a body, not a town
    if ent.end < len(ent.doc) and ent.doc[ent.end].text in ("'s", "’s"):
        return False
    locative = prep.lower_ in _LOCATIVE_PREPS or (
        prep.lower_ == "of" and prep.head.lemma_.lower() in _PLACE_OF
    )
    return locative and prep.head.lemma_.lower() not in _NOT_WHERE
