"""A synthetic conflict knowledge base shaped like ours, as N-Quads, for SPARQL benchmarks.

Same vocabulary, IRI layout and graph layout as ``kb ingest`` produces: one named graph per
article (article, sentences, incidents, casualty counts, control and relation claims, each with
evidence, article and reporter links) plus a reference graph of places (``ikb:locatedIn``
country > governorate > district > town/village, labels, coordinates) and actors. Names are
made up from syllables; no article text is used. Deterministic for a given seed.

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

BASE = "https://incident-kb.org/id/"
IKB = "https://incident-kb.org/ontology#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SDO = "https://schema.org/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
DICTIONARY_GRAPH = f"{BASE}graph/dictionary"

GOVERNORATES = [
    "Aleppo", "Idlib", "Hama", "Homs", "Latakia", "Tartus", "Damascus", "Rif Dimashq",
    "Daraa", "As-Suwayda", "Quneitra", "Deir ez-Zor", "Raqqa", "Al-Hasakah",
]  # fmt: skip
PREFIXES = ["Kafr", "Tal", "Khan", "Ain", "Deir", "Jisr", "Maarat", "Ras", "Bab", "Umm", "Abu",
            "Beit", "Jabal", "Sahl", "Qalaat", "Hazm", "Arab", "Mazraat"]  # fmt: skip
ROOTS = ["zita", "maleh", "sheikhun", "bara", "nabl", "hamra", "sukkar", "jadid", "kabir",
         "ghab", "sahn", "tuffah", "nasr", "rawda", "qasr", "hasan", "mudiq", "latamina", "suran",
         "tayyibah", "hish", "rami", "zaid", "jurin", "baydar", "amuri", "kurnaz", "shahba",
         "qurna", "fuah", "binnish", "taftanaz", "sarmin", "ariha", "nayrab", "mastumah"]  # fmt: skip
EVENT_TYPES = ["ArmedClash", "AirStrike", "Shelling", "Bombing", "TerritorySeized",
               "AttackOnCivilians", "Abduction", "Protest"]  # fmt: skip
CATEGORIES = ["Civilians", "Children", "Combatants", "GovernmentLoyalists", "Insurgents"]
QUALIFIERS = ["Exactly", "AtLeast", "MoreThan", "About"]
OUTCOMES = ["Killed", "Killed", "Killed", "Wounded"]
CHANGES = ["Holds", "Gained", "Lost"]
EXTENTS = ["Full", "Most", "Part"]
RELATIONS = ["backedBy", "alliedWith", "ledBy", "affiliatedWith", "rivalOf"]
ACTOR_KINDS = [("StateForce", 8), ("ArmedGroup", 40), ("ForeignState", 8), ("Monitor", 3),
               ("NewsAgency", 12), ("CivilianGroup", 4)]  # fmt: skip
TRIPLES_PER_ARTICLE = 114  # measured on the output; used to size the article count


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


@dataclass
class World:
    """Places and actors every article draws on."""

    governorates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # towns and villages
    actors: dict[str, list[str]] = field(default_factory=dict)  # kind -> IRIs
    quads: list[str] = field(default_factory=list)

    def add(self, s: str, p: str, o: str) -> None:
        self.quads.append(f"{s} {iri(p)} {o} {iri(DICTIONARY_GRAPH)} .\n")


def build_world(rng: random.Random, n_places: int) -> World:
    world = World()
    country = f"{BASE}place/syria"
    world.add(iri(country), RDF_TYPE, iri(f"{IKB}Country"))
    world.add(iri(country), f"{SKOS}prefLabel", lit("Syria", "en"))
    districts = []
    for name in GOVERNORATES:
        gov = f"{BASE}place/gov-{name.lower().replace(' ', '-')}"
        world.governorates.append(gov)
        _place(world, rng, gov, f"{name} Governorate", "Governorate", country)
        for k in range(5):
            district = f"{gov}-district-{k}"
            districts.append(district)
            _place(world, rng, district, f"{name} District {k + 1}", "District", gov)
    names = sorted({f"{p} {r.capitalize()}" for p in PREFIXES for r in ROOTS})
    rng.shuffle(names)
    for i in range(n_places):
        label = names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}")
        place = f"{BASE}place/p{i}"
        kind = "Town" if i % 4 == 0 else "Village"
        _place(world, rng, place, label, kind, rng.choice(districts))
        world.places.append(place)
    for kind, count in ACTOR_KINDS:
        world.actors[kind] = []
        for k in range(count):
            actor = f"{BASE}actor/{kind.lower()}-{k}"
            world.actors[kind].append(actor)
            label = f"{rng.choice(PREFIXES)} {rng.choice(ROOTS).capitalize()} {kind} {k}"
            world.add(iri(actor), RDF_TYPE, iri(f"{IKB}{kind}"))
            world.add(iri(actor), f"{SKOS}prefLabel", lit(label, "en"))
            world.add(iri(actor), RDFS_LABEL, lit(label, "en"))
            if kind == "ArmedGroup" and k >= 5:  # coalitions: skos:broader to a parent group
                world.add(iri(actor), f"{SKOS}broader", iri(world.actors[kind][k % 5]))
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
    art = f"{BASE}article/{key}"
    graph = iri(f"{BASE}graph/{key}")
    published = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 6 * 365))
    publisher = rng.choice(world.actors["NewsAgency"])
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
    add(a, f"{SDO}publisher", iri(publisher))
    add(a, f"{IKB}contentHash", lit(hashlib.sha256(key.encode()).hexdigest()))
    sentences = [f"{art}/s{k}" for k in range(6)]
    for k, s in enumerate(sentences):
        add(iri(s), RDF_TYPE, iri(f"{IKB}Sentence"))
        add(iri(s), f"{IKB}text", lit(f"Synthetic sentence {k} of article {n} about clashes."))
        add(iri(s), f"{IKB}position", num(k))
        add(iri(s), f"{IKB}article", a)
        mentioned = [home, rng.choice(world.places), rng.choice(world.actors["ArmedGroup"])]
        for m in dict.fromkeys(mentioned):  # de-duplicated, in a stable order
            add(iri(s), f"{IKB}mentions", iri(m))
    for k in range(3):
        inc = f"{art}/incident/{k}"
        when = published - timedelta(days=rng.randrange(0, 3))
        place = home if k == 0 else rng.choice(world.places)
        attacker = rng.choice(
            world.actors["StateForce"] + world.actors["ArmedGroup"] + world.actors["ForeignState"]
        )
        evidence = iri(rng.choice(sentences))
        i = iri(inc)
        add(i, RDF_TYPE, iri(f"{IKB}Incident"))
        add(i, RDF_TYPE, iri(f"{SEM}Event"))
        add(i, f"{IKB}eventType", iri(f"{IKB}{rng.choice(EVENT_TYPES)}"))
        add(i, f"{SEM}hasPlace", iri(place))
        add(i, f"{SEM}hasActor", iri(attacker))
        add(i, f"{IKB}attacker", iri(attacker))
        add(i, f"{SEM}hasTimeStamp", day(when))
        add(i, f"{SEM}hasEarliestBeginTimeStamp", day(when))
        add(i, f"{SEM}hasLatestEndTimeStamp", day(when))
        add(i, f"{IKB}precision", iri(f"{IKB}Day"))
        add(i, f"{IKB}evidence", evidence)
        add(i, f"{IKB}article", a)
        add(i, f"{IKB}reportedBy", iri(reporter))
        add(i, f"{IKB}refersTo", day(when))
        if k < 2 and rng.random() < 0.75:
            count = f"{inc}/count/0"
            c = iri(count)
            add(i, f"{IKB}casualties", c)
            add(c, RDF_TYPE, iri(f"{IKB}CasualtyCount"))
            add(c, f"{IKB}count", num(int(rng.paretovariate(1.2) * 3)))
            add(c, f"{IKB}qualifier", iri(f"{IKB}{rng.choice(QUALIFIERS)}"))
            add(c, f"{IKB}victimCategory", iri(f"{IKB}{rng.choice(CATEGORIES)}"))
            add(c, f"{IKB}outcome", iri(f"{IKB}{rng.choice(OUTCOMES)}"))
            add(c, f"{IKB}evidence", evidence)
            add(c, f"{IKB}article", a)
            add(c, f"{IKB}reportedBy", iri(reporter))
            add(c, f"{IKB}refersTo", day(when))
    if rng.random() < 0.7:
        claim = iri(f"{art}/control/0")
        when = published - timedelta(days=rng.randrange(0, 5))
        add(claim, RDF_TYPE, iri(f"{IKB}ControlClaim"))
        add(
            claim,
            f"{IKB}controller",
            iri(rng.choice(world.actors["StateForce"] + world.actors["ArmedGroup"])),
        )
        add(claim, f"{IKB}territory", iri(home))
        add(claim, f"{IKB}extent", iri(f"{IKB}{rng.choice(EXTENTS)}"))
        add(claim, f"{IKB}change", iri(f"{IKB}{rng.choice(CHANGES)}"))
        add(claim, f"{IKB}validFrom", day(when))
        add(claim, f"{IKB}refersTo", day(when))
        add(claim, f"{IKB}evidence", iri(sentences[0]))
        add(claim, f"{IKB}article", a)
        add(claim, f"{IKB}reportedBy", iri(reporter))
    if rng.random() < 0.2:
        rel = iri(f"{art}/relation/0")
        relation = rng.choice(RELATIONS)
        subject, obj = rng.sample(world.actors["ArmedGroup"] + world.actors["ForeignState"], 2)
        add(rel, RDF_TYPE, iri(f"{IKB}RelationClaim"))
        add(rel, f"{IKB}subjectActor", iri(subject))
        add(rel, f"{IKB}relation", iri(f"{IKB}{relation}"))
        add(rel, f"{IKB}objectActor", iri(obj))
        add(rel, f"{IKB}evidence", iri(sentences[1]))
        add(rel, f"{IKB}article", a)
        add(rel, f"{IKB}reportedBy", iri(reporter))
        add(iri(subject), f"{IKB}{relation}", iri(obj))
    for s, p, o in out:
        yield f"{s} {iri(p)} {o} {graph} .\n"


def generate(path: Path, triples: int = 1_000_000, seed: int = 7) -> dict[str, int]:
    """Write the dataset; return how many quads, articles and places it has."""
    rng = random.Random(seed)
    n_places = max(200, triples // 330)
    world = build_world(rng, n_places)
    articles = max(1, (triples - len(world.quads)) // TRIPLES_PER_ARTICLE)
    written = len(world.quads)
    with open(path, "w", encoding="utf-8") as out:
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
