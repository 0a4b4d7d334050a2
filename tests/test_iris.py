"""Minted IRIs never change shape: stored graphs and vector indexes are keyed by them.

The expected strings were taken from the code before the minting moved into ``kb/rdf/iris.py``;
a failure here means existing stores and indexes would no longer meet new data.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, URIRef

from kb.config import DEFAULT_BASE_IRI
from kb.rdf.iris import Minter, geonames_ref, place_ref, sentence_iri, subdivision_ref
from kb.vocab import IKB

BASE = "https://incident-kb.org/id/"
ARTICLE = f"{BASE}article/28f29e13e3382f76"
PINNED_TEXT = """title: Pinned IRIs
source: Example News
date: 2019-06-08
url: https://example.org/news/pinned

Jaish al-Izza fighters captured the village of Qarqur al-Jadida in Hama province on Saturday, \
the Syrian Observatory for Human Rights said.
Ethiopian troops killed at least 12 members of the Kachin Lions Brigade near Kafr Nabudah, \
Russia's defence ministry said.
"""


def test_default_base_is_the_project_namespace() -> None:
    assert DEFAULT_BASE_IRI == BASE


def test_minter_spells_every_iri_as_before() -> None:
    m = Minter(BASE)
    article = m.article("https://example.org/news/pinned")
    assert article == URIRef(ARTICLE)
    assert m.graph(article) == URIRef(f"{BASE}graph/28f29e13e3382f76")
    assert m.sentence(article, 3) == sentence_iri(ARTICLE, 3) == URIRef(f"{ARTICLE}/s3")
    incident = m.incident(article, 2)
    assert incident == URIRef(f"{ARTICLE}/incident/2")
    assert m.casualty_count(incident, 1) == URIRef(f"{ARTICLE}/incident/2/count/1")
    assert m.control(article, 0) == URIRef(f"{ARTICLE}/control/0")
    assert m.relation(article, 4) == URIRef(f"{ARTICLE}/relation/4")
    assert m.actor("the Free Syrian Army") == URIRef(f"{BASE}actor/fre-syrian-army")
    assert m.person("Bashar al-Assad") == URIRef(f"{BASE}person/bashar-asad")
    assert m.place("Qarqur al-Jadida") == URIRef(f"{BASE}place/qarqur-jadida")
    assert m.state_body("Russia", "defence ministry") == URIRef(
        f"{BASE}actor/rusia-defence-ministry"
    )
    role = URIRef(f"{BASE}actor/rebels")
    assert m.role_filler("Ethiopia", role) == URIRef(f"{BASE}actor/ethiopia-rebels")
    assert m.dictionary_graph == URIRef(f"{BASE}graph/dictionary")
    assert m.ontology_graph == URIRef(f"{BASE}graph/ontology")
    assert m.about_graph == URIRef(f"{BASE}graph/about")
    assert m.dataset == URIRef(f"{BASE}dataset")
    assert m.resolve(geonames_ref(170063)) == URIRef(f"{BASE}place/geonames/170063")
    assert m.resolve(subdivision_ref("SY-ID")) == URIRef(f"{BASE}place/iso/sy-id")
    assert place_ref("Côte d'Ivoire") == "place/cote-divoire"


def test_another_base_moves_every_iri() -> None:
    m = Minter("https://example.org/kb/")
    assert m.article("x").startswith("https://example.org/kb/article/")
    assert m.actor("Hezbollah") == URIRef("https://example.org/kb/actor/hezbolah")


def test_an_article_graph_mints_the_pinned_iris(tmp_path: Path) -> None:
    from kb.extract import Extractor
    from kb.rdf.build import article_graph
    from kb.reading import iter_sources

    path = tmp_path / "pinned.txt"
    path.write_text(PINNED_TEXT, encoding="utf-8")
    [article] = [a for s in iter_sources([str(path)]) for a in s.articles]
    extraction = Extractor(BASE).extract(article)
    name, graph = article_graph(extraction, Minter(BASE))
    assert name == URIRef(f"{BASE}graph/28f29e13e3382f76")
    typed = {(str(s), str(o)) for s, o in graph.subject_objects(RDF.type)}
    expected = {
        (ARTICLE, "https://schema.org/NewsArticle"),
        (f"{ARTICLE}/s0", str(IKB.Sentence)),
        (f"{ARTICLE}/s1", str(IKB.Sentence)),
        (f"{ARTICLE}/control/0", str(IKB.ControlClaim)),
        (f"{ARTICLE}/incident/1", str(IKB.Incident)),
        (f"{ARTICLE}/incident/1/count/0", str(IKB.CasualtyCount)),
        (f"{BASE}actor/example-news", str(IKB.NewsAgency)),
        (f"{BASE}actor/kachin-lions-brigade", str(IKB.ArmedGroup)),
        (f"{BASE}actor/rusia-defence-ministry", str(IKB.StateForce)),
        (f"{BASE}place/qarqur-jadida", str(IKB.Village)),
    }
    assert expected <= typed, expected - typed
