"""A synthetic conflict knowledge base shaped like ours, as N-Quads, for SPARQL benchmarks.

Same vocabulary, IRI layout and graph layout as ``kb ingest`` produces: one named graph per
article (article, sentences, incidents, casualty counts, control and relation claims, each with
evidence, article, reporter and stated-date links) plus the two reference graphs kb loads: the
ontology (``ontology/conflict.ttl`` as it is, so concept labels, the event-type scheme and its
ACLED notes resolve) and a dictionary of places (``ikb:locatedIn`` country > governorate >
district > town/village, labels, coordinates) and actors (labels, ``skos:broader`` to generic
groups such as "jihadist groups", background relations such as ``ikb:backedBy``).

Every triple pattern of the competency questions (``ontology/competency/*.rq``) has data to
match: concept IRIs are the ontology's own; governorates carry their real names ("Idlib", as the
gazetteer does) and ISO codes; incidents may name a village and its governorate (so "most
specific place" filters have work to do), have a target, a weapon, a second type, a month-
precision or no stated time; casualty figures may have a range or a second figure; control
claims are dated as ``kb ingest`` dates them (a standing "holds" has no ``ikb:validFrom``); some
publishers are not in the dictionary and are described in each of their articles, as a new
entity is. Names are made up from syllables; no article text is used. Deterministic for a given
seed.

    python bench/gen_synthetic.py --triples 1000000 --output /tmp/synthetic.nq
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kb.rdf.iris import Minter

BASE = "https://incident-kb.org/id/"
MINT = Minter(BASE)
IKB = "https://incident-kb.org/ontology#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SDO = "https://schema.org/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
DICTIONARY_GRAPH = MINT.dictionary_graph

ONTOLOGY_GRAPH = MINT.ontology_graph
ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "conflict.ttl"

GOVERNORATES = [
    ("Aleppo", "SY-HL"), ("Idlib", "SY-ID"), ("Hama", "SY-HM"), ("Homs", "SY-HI"),
    ("Latakia", "SY-LA"), ("Tartus", "SY-TA"), ("Damascus", "SY-DI"), ("Rif Dimashq", "SY-RD"),
    ("Daraa", "SY-DR"), ("As-Suwayda", "SY-SU"), ("Quneitra", "SY-QU"),
    ("Deir ez-Zor", "SY-DY"), ("Raqqa", "SY-RA"), ("Al-Hasakah", "SY-HA"),
]  # fmt: skip
PREFIXES = ["Kafr", "Tal", "Khan", "Ain", "Deir", "Jisr", "Maarat", "Ras", "Bab", "Umm", "Abu",
            "Beit", "Jabal", "Sahl", "Qalaat", "Hazm", "Arab", "Mazraat"]  # fmt: skip
ROOTS = ["zita", "maleh", "sheikhun", "bara", "nabl", "hamra", "sukkar", "jadid", "kabir",
         "ghab", "sahn", "tuffah", "nasr", "rawda", "qasr", "hasan", "mudiq", "latamina", "suran",
         "tayyibah", "hish", "rami", "zaid", "jurin", "baydar", "amuri", "kurnaz", "shahba",
         "qurna", "fuah", "binnish", "taftanaz", "sarmin", "ariha", "nayrab", "mastumah"]  # fmt: skip
# Concepts of ontology/conflict.ttl, weighted roughly as the demo articles use them.
EVENT_TYPES = ["ArmedClash", "ArmedClash", "AirStrike", "AirStrike", "Shelling", "Shelling",
               "Bombing", "TerritorySeized", "TerritorySeized", "ChemicalAttack",
               "CivilianKilling", "StrategicDevelopment"]  # fmt: skip
CATEGORIES = ["People", "Civilians", "Children", "Women", "Combatants", "GovernmentForces",
              "Insurgents"]  # fmt: skip
QUALIFIERS = ["Exactly", "AtLeast", "AtLeast", "MoreThan", "About", "UpTo"]
OUTCOMES = ["Killed", "Killed", "Killed", "Injured", "Injured", "Displaced"]
CHANGES = ["Holds", "Gained", "Lost"]
EXTENTS = ["Full", "Most", "Part"]
RELATIONS = ["backedBy", "alliedWith", "ledBy", "affiliatedWith", "rivalOf"]
WEAPONS = ["barrel bombs", "car bomb", "rockets", "artillery", "drone", "chlorine", "mortars"]
ACTOR_KINDS = [("StateForce", 8), ("ArmedGroup", 40), ("Alliance", 4), ("ForeignState", 8),
               ("Monitor", 3), ("NewsAgency", 12), ("InternationalOrganisation", 3),
               ("CivilianGroup", 4)]  # fmt: skip
DESKS = 4  # publishers the dictionary does not know: described in each of their articles
TRIPLES_PER_ARTICLE = 121  # measured on the output; used to size the article count


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def num(value: int) -> str:
    return lit(str(value), datatype=f"{XSD}integer")


def day(value: date) -> str:
    return lit(value.isoformat(), datatype=f"{XSD}date")


def month(value: date) -> str:
    return lit(f"{value:%Y-%m}", datatype=f"{XSD}gYearMonth")


def ontology_quads() -> list[str]:
    """``ontology/conflict.ttl`` in the ontology graph, as ``kb`` loads it."""
    import pyoxigraph as ox

    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    return [
        f"{ox.Quad(t.subject, t.predicate, t.object, graph)} .\n"
        for t in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    ]


@dataclass
class World:
    """Places and actors every article draws on."""

    governorates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # towns and villages
    governorate_of: dict[str, str] = field(default_factory=dict)  # town/village -> governorate
    actors: dict[str, list[str]] = field(default_factory=dict)  # kind -> IRIs
    quads: list[str] = field(default_factory=list)

    def add(self, s: str, p: str, o: str) -> None:
        self.quads.append(f"{s} {iri(p)} {o} {iri(DICTIONARY_GRAPH)} .\n")


def build_world(rng: random.Random, n_places: int) -> World:
    world = World()
    country = f"{BASE}place/syria"
    world.add(iri(country), RDF_TYPE, iri(f"{IKB}Country"))
    world.add(iri(country), f"{SKOS}prefLabel", lit("Syria", "en"))
    districts: list[tuple[str, str]] = []  # (district, governorate)
    for name, code in GOVERNORATES:
        gov = f"{BASE}place/gov-{name.lower().replace(' ', '-')}"
        world.governorates.append(gov)
        _place(world, rng, gov, name, "Governorate", country)  # the gazetteer's bare name
        world.add(iri(gov), f"{SKOS}notation", lit(code))
        for k in range(5):
            district = f"{gov}-district-{k}"
            districts.append((district, gov))
            _place(world, rng, district, f"{name} District {k + 1}", "District", gov)
    names = sorted({f"{p} {r.capitalize()}" for p in PREFIXES for r in ROOTS})
    rng.shuffle(names)
    for i in range(n_places):
        label = names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}")
        place = f"{BASE}place/p{i}"
        kind = "Town" if i % 4 == 0 else "Village"
        district, gov = rng.choice(districts)
        _place(world, rng, place, label, kind, district)
        world.places.append(place)
        world.governorate_of[place] = gov
    # Generic groups a named one can sit under (the dictionary's "jihadist groups", "rebels").
    generic = {"jihadists": "jihadist groups", "rebels": "Syrian rebels"}
    for slug, label in generic.items():
        actor = f"{BASE}actor/{slug}"
        world.add(iri(actor), RDF_TYPE, iri(f"{IKB}ArmedGroup"))
        world.add(iri(actor), RDF_TYPE, iri(f"{SKOS}Concept"))
        world.add(iri(actor), f"{SKOS}prefLabel", lit(label, "en"))
        world.add(iri(actor), f"{SKOS}altLabel", lit(slug, "en"))
    for kind, count in ACTOR_KINDS:
        world.actors[kind] = []
        for k in range(count):
            actor = f"{BASE}actor/{kind.lower()}-{k}"
            world.actors[kind].append(actor)
            label = f"{rng.choice(PREFIXES)} {rng.choice(ROOTS).capitalize()} {kind} {k}"
            world.add(iri(actor), RDF_TYPE, iri(f"{IKB}{kind}"))
            world.add(iri(actor), RDF_TYPE, iri(f"{SKOS}Concept"))
            world.add(iri(actor), f"{SKOS}prefLabel", lit(label, "en"))
            world.add(iri(actor), f"{SKOS}altLabel", lit(label.lower(), "en"))
            if kind == "ArmedGroup" and k >= 5:  # coalitions: skos:broader to a parent group
                world.add(iri(actor), f"{SKOS}broader", iri(world.actors[kind][k % 5]))
            elif kind in ("ArmedGroup", "Alliance"):  # the rest under a generic group
                parent = "jihadists" if k % 2 == 0 else "rebels"
                world.add(iri(actor), f"{SKOS}broader", iri(f"{BASE}actor/{parent}"))
    # Background relations, as the dictionary states them (Russia backs the government...).
    fighters = world.actors["ArmedGroup"] + world.actors["Alliance"]
    for k, actor in enumerate(world.actors["StateForce"]):
        world.add(iri(actor), f"{IKB}backedBy", iri(world.actors["ForeignState"][k % 3]))
    for k, actor in enumerate(world.actors["Alliance"]):
        world.add(iri(actor), f"{IKB}ledBy", iri(fighters[k]))
    for k in range(0, 40, 4):
        world.add(iri(fighters[k]), f"{IKB}affiliatedWith", iri(fighters[k + 1]))
        world.add(iri(fighters[k + 2]), f"{IKB}backedBy", iri(world.actors["ForeignState"][3]))
    return world


def _place(
    world: World, rng: random.Random, place: str, label: str, kind: str, parent: str
) -> None:
    world.add(iri(place), RDF_TYPE, iri(f"{IKB}{kind}"))
    world.add(iri(place), f"{SKOS}prefLabel", lit(label, "en"))
    world.add(iri(place), f"{SKOS}altLabel", lit(label.replace(" ", "-").lower(), "en"))
    world.add(iri(place), f"{IKB}locatedIn", iri(parent))
    world.add(
        iri(place), f"{GEO}lat", lit(f"{rng.uniform(32.3, 37.3):.4f}", datatype=f"{XSD}decimal")
    )
    world.add(
        iri(place), f"{GEO}long", lit(f"{rng.uniform(35.7, 42.0):.4f}", datatype=f"{XSD}decimal")
    )


def article_quads(rng: random.Random, world: World, n: int) -> Iterator[str]:
    """One article's named graph: the shape `kb ingest` writes."""
    key = hashlib.sha256(f"article-{n}".encode()).hexdigest()[:16]
    art = MINT.article(f"article-{n}")
    graph = iri(MINT.graph(art))
    published = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 6 * 365))
    reporter = rng.choice(world.actors["Monitor"] + world.actors["NewsAgency"][:2])
    home = rng.choice(world.places)
    out: list[tuple[str, str, str]] = []

    def add(s: str, p: str, o: str) -> None:
        out.append((s, p, o))

    a = iri(art)
    add(a, RDF_TYPE, iri(f"{SDO}NewsArticle"))
    add(a, f"{SDO}headline", lit(f"Fighting near place {home.rsplit('/', 1)[1]} ({n})"))
    add(a, f"{SDO}datePublished", day(published))
    add(
        a,
        f"{SDO}url",
        lit(f"https://news.example/{published:%Y/%m/%d}/{key}", datatype=f"{XSD}anyURI"),
    )
    if rng.random() < 0.15:  # a publisher the dictionary lacks: described here, as kb does
        desk = rng.randrange(DESKS)
        publisher = f"{BASE}actor/desk-{desk}"
        add(iri(publisher), RDF_TYPE, iri(f"{IKB}NewsAgency"))
        add(iri(publisher), f"{SKOS}prefLabel", lit(f"News Desk {desk}", "en"))
        add(iri(publisher), RDFS_LABEL, lit(f"News Desk {desk}", "en"))
    else:
        publisher = rng.choice(world.actors["NewsAgency"])
    add(a, f"{SDO}publisher", iri(publisher))
    add(a, f"{IKB}contentHash", lit(hashlib.sha256(key.encode()).hexdigest()))
    sentences = [MINT.sentence(art, k) for k in range(6)]
    for k, s in enumerate(sentences):
        add(iri(s), RDF_TYPE, iri(f"{IKB}Sentence"))
        add(iri(s), f"{IKB}text", lit(f"Synthetic sentence {k} of article {n} about clashes."))
        add(iri(s), f"{IKB}position", num(k))
        add(iri(s), f"{IKB}article", a)
        mentioned = [home, rng.choice(world.places), rng.choice(world.actors["ArmedGroup"])]
        for m in dict.fromkeys(mentioned):  # de-duplicated, in a stable order
            add(iri(s), f"{IKB}mentions", iri(m))

    def claim(node: str, cls: str, evidence: str, refers: str) -> None:
        add(node, RDF_TYPE, iri(f"{IKB}{cls}"))
        add(node, f"{IKB}evidence", evidence)
        add(node, f"{IKB}article", a)
        add(node, f"{IKB}reportedBy", iri(reporter))
        add(node, f"{IKB}refersTo", refers)

    fighters = (
        world.actors["StateForce"]
        + world.actors["ArmedGroup"]
        + world.actors["Alliance"]
        + world.actors["ForeignState"]
    )
    for k in range(3):
        inc = MINT.incident(art, k)
        when = published - timedelta(days=rng.randrange(0, 3))
        place = home if k == 0 else rng.choice(world.places)
        evidence = iri(rng.choice(sentences))
        i = iri(inc)
        timing = rng.random()
        if timing < 0.8:  # "on Tuesday": a day
            stamp, refers = day(when), day(when)
            earliest, latest, precision = when, when, "Day"
        elif timing < 0.9:  # "in June": a month
            stamp, refers = month(when), month(when)
            earliest = when.replace(day=1)
            latest = (earliest + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            precision = "Month"
        else:  # no time stated: the week up to the report
            stamp, refers = None, day(published)
            earliest, latest, precision = published - timedelta(days=7), published, None
        claim(i, "Incident", evidence, refers)
        add(i, RDF_TYPE, iri(f"{SEM}Event"))
        types = [rng.choice(EVENT_TYPES)]
        if rng.random() < 0.1:  # "rocket fire and an air strike"
            types.append(rng.choice(EVENT_TYPES))
        for t in dict.fromkeys(types):
            add(i, f"{IKB}eventType", iri(f"{IKB}{t}"))
        if rng.random() < 0.1:
            add(i, f"{IKB}weapon", lit(rng.choice(WEAPONS)))
        if rng.random() < 0.95:  # "in the village of X in Y province" names both
            add(i, f"{SEM}hasPlace", iri(place))
            if rng.random() < 0.25:
                add(i, f"{SEM}hasPlace", iri(world.governorate_of[place]))
        attacker = rng.choice(fighters) if rng.random() < 0.9 else None
        if attacker is not None:
            add(i, f"{IKB}attacker", iri(attacker))
            add(i, f"{SEM}hasActor", iri(attacker))
        if rng.random() < 0.3:
            target = rng.choice(
                [a for a in fighters + world.actors["CivilianGroup"] if a != attacker]
            )
            add(i, f"{IKB}target", iri(target))
            add(i, f"{SEM}hasActor", iri(target))
        if stamp is not None:
            add(i, f"{SEM}hasTimeStamp", stamp)
        add(i, f"{SEM}hasEarliestBeginTimeStamp", day(earliest))
        add(i, f"{SEM}hasLatestEndTimeStamp", day(latest))
        if precision is None:
            add(i, f"{IKB}dateText", lit(f"undated; reported {published.isoformat()}"))
        else:
            add(i, f"{IKB}dateText", lit("on Tuesday" if precision == "Day" else "in June"))
            add(i, f"{IKB}precision", iri(f"{IKB}{precision}"))
        if k < 2 and rng.random() < 0.75:
            for m in range(2 if rng.random() < 0.15 else 1):
                c = iri(MINT.casualty_count(inc, m))
                claim(c, "CasualtyCount", evidence, refers)
                add(i, f"{IKB}casualties", c)
                figure = int(rng.paretovariate(1.2) * 3)
                add(c, f"{IKB}count", num(figure))
                if rng.random() < 0.08:  # "between 30 and 40"
                    add(c, f"{IKB}maxCount", num(figure + rng.randrange(2, 20)))
                add(c, f"{IKB}qualifier", iri(f"{IKB}{rng.choice(QUALIFIERS)}"))
                add(c, f"{IKB}victimCategory", iri(f"{IKB}{rng.choice(CATEGORIES)}"))
                add(c, f"{IKB}outcome", iri(f"{IKB}{rng.choice(OUTCOMES)}"))
    if rng.random() < 0.7:
        node = iri(MINT.control(art, 0))
        when = published - timedelta(days=rng.randrange(0, 5))
        change = rng.choice(CHANGES)
        # A standing "holds" refers to the report's date; a change to when it happened.
        claim(
            node, "ControlClaim", iri(sentences[0]), day(published if change == "Holds" else when)
        )
        add(
            node,
            f"{IKB}controller",
            iri(rng.choice(world.actors["StateForce"] + world.actors["ArmedGroup"])),
        )
        add(node, f"{IKB}territory", iri(home))
        add(node, f"{IKB}extent", iri(f"{IKB}{rng.choice(EXTENTS)}"))
        add(node, f"{IKB}change", iri(f"{IKB}{change}"))
        if change != "Holds":
            add(node, f"{IKB}validFrom", day(when))
        if rng.random() < 0.05:  # "held it from 2014 until August 2019"
            add(node, f"{IKB}validUntil", month(when))
    if rng.random() < 0.2:
        node = iri(MINT.relation(art, 0))
        relation = rng.choice(RELATIONS)
        subject, obj = rng.sample(world.actors["ArmedGroup"] + world.actors["ForeignState"], 2)
        claim(node, "RelationClaim", iri(sentences[1]), day(published))
        add(node, f"{IKB}subjectActor", iri(subject))
        add(node, f"{IKB}relation", iri(f"{IKB}{relation}"))
        add(node, f"{IKB}objectActor", iri(obj))
        add(iri(subject), f"{IKB}{relation}", iri(obj))
    for s, p, o in out:
        yield f"{s} {iri(p)} {o} {graph} .\n"


def generate(path: Path, triples: int = 1_000_000, seed: int = 7) -> dict[str, int]:
    """Write the dataset; return how many quads, articles and places it has."""
    rng = random.Random(seed)
    n_places = max(200, triples // 330)
    world = build_world(rng, n_places)
    ontology = ontology_quads()
    reference = len(world.quads) + len(ontology)
    articles = max(1, (triples - reference) // TRIPLES_PER_ARTICLE)
    written = reference
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(ontology)
        out.writelines(world.quads)
        for n in range(articles):
            lines = list(article_quads(rng, world, n))
            out.writelines(lines)
            written += len(lines)
    return {"quads": written, "articles": articles, "places": n_places}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = generate(args.output, args.triples, args.seed)
    print(
        f"{counts['quads']:,} quads, {counts['articles']:,} articles, {counts['places']:,} places "
        f"-> {args.output} in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
