"""Build kb/data/gazetteer.ttl from UCDP GED place records (CC BY 4.0: names and coordinates are facts).

Run once by a maintainer when the event data changes:
    python scripts/build_gazetteer.py ../shared/corpus/events/ucdp_ged_syria_2018-01_2019-11.csv \
        ../shared/corpus/events/ucdp_ged_sample_1000_ged231.csv
The output is committed; ingestion never reads the CSV.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import SKOS, Graph

from kb.extract.names import name_key, slug

PLACES_TTL = Path(__file__).resolve().parent.parent / "kb" / "data" / "places.ttl"

# ISO 3166-2:SY codes and the label English news uses first, then other spellings.
GOVERNORATES = {
    "Idlib": ("SY-ID", ["Idleb"]),
    "Aleppo": ("SY-HL", ["Halab"]),
    "Hama": ("SY-HM", ["Hamah", "Hamaa"]),
    "Homs": ("SY-HI", ["Hims"]),
    "Latakia": ("SY-LA", ["Lattakia", "Al Ladhiqiyah", "Ladhiqiyah"]),
    "Tartus": ("SY-TA", ["Tartous"]),
    "Damascus": ("SY-DI", ["Dimashq"]),
    "Rif Dimashq": ("SY-RD", ["Damascus countryside", "Rural Damascus", "Reef Dimashq"]),
    "Daraa": ("SY-DR", ["Deraa", "Dara'a"]),
    "Quneitra": ("SY-QU", ["Al Qunaytirah", "Qunaytirah"]),
    "Suwayda": ("SY-SU", ["As Suwayda", "Sweida", "Sweidaa"]),
    "Deir ez-Zor": ("SY-DY", ["Deir ez Zor", "Deir Ezzor", "Deir al-Zour", "Dayr az Zawr"]),
    "Raqqa": ("SY-RA", ["Ar Raqqah", "Raqqah", "Rakka"]),
    "Hasakah": ("SY-HA", ["Al Hasakah", "Hasaka", "Hassakeh"]),
}
_GOV_BY_KEY: dict[str, str] = {}
for _name, (_code, _alts) in GOVERNORATES.items():
    for _alt in [_name, *_alts]:
        _GOV_BY_KEY[name_key(_alt)] = _name

KINDS = {
    "town": "Town",
    "city": "Town",
    "suburb": "Town",
    "village": "Village",
    "locality": "Village",
    "farm": "Site",
    "hill": "Site",
    "mountain": "Region",
    "plain": "Region",
    "area": "Region",
    "enclave": "Region",
    "camp": "Site",
    "checkpoint": "Site",
    "airbase": "Site",
    "field": "Site",
    "fields": "Region",
    "station": "Site",
    "district": "District",
    "governorate": "Governorate",
}


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def governorate(adm1: str) -> str | None:
    name = re.sub(r"(?i)\s*governorate\s*$", "", adm1).strip()
    return _GOV_BY_KEY.get(name_key(name)) if name else None


def _aside(where: str) -> tuple[str, str | None]:
    """'Al-Rai town (Choban Bey)' -> the place and its other name in brackets. A bracket that
    describes rather than names ('Al-Waer district of H. town', 'Brigade 47') is dropped."""
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", where)
    if not m:
        return where, None
    aside = m.group(2).strip()
    describes = re.search(r"(?i)\b(?:of|district|brigade|regiment|m\d)\b|/", aside)
    where_it_is = name_key(aside) in _GOV_BY_KEY  # 'Military Research Center (Aleppo)'
    return m.group(1).strip(), None if describes or where_it_is or len(aside) < 3 else aside


def _hand_written_names() -> set[str]:
    """Name keys of the places kb/data/places.ttl adds by hand (Palmyra is Tadmur's seat)."""
    graph = Graph().parse(PLACES_TTL, format="turtle", publicID="https://example.org/")
    return {
        name_key(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(None, p)
    }


def _district_seats(
    districts: dict[str, str], places: dict[str, dict], used: set[str]
) -> list[str]:
    """Syria's districts are named after their seat ('Izra district' is run from Izra); a seat
    the event records never name is still a town the news names. 'Markaz' (centre) districts
    are named after their governorate's capital, already written as '<gov>-city'."""
    known = {key.split("|")[0] for key in places} | _hand_written_names()
    lines = []
    for district in sorted(districts):
        seat = re.sub(r"^Mintaqat\s+", "", district)
        if seat.startswith(("Markaz", "Jabal")) or name_key(seat) in known:
            continue
        if name_key(seat) in _GOV_BY_KEY:
            continue
        lines.append(
            f'<place/{slug(seat) if slug(seat) not in used else slug(seat) + "-seat"}> a ikb:Town ; skos:prefLabel "{_esc(seat)}"@en ; '
            f"ikb:locatedIn <place/{slug(district)}-district> ."
        )
    return lines


def build(rows: list[dict[str, str]]) -> str:
    places: dict[str, dict] = {}
    districts: dict[str, str] = {}
    for row in rows:
        gov = governorate(row["adm_1"])
        district = re.sub(r"(?i)\s*district\s*$", "", row["adm_2"]).strip()
        if gov and district:
            districts[district] = gov
        where, aside = _aside(" ".join(row["where_coordinates"].split()))
        words = where.split()
        kind = KINDS.get(words[-1].lower()) if len(words) > 1 else None
        name = " ".join(words[:-1]) if kind else where
        if kind is None and len(words) <= 3 and not any(ch.isdigit() for ch in where):
            if name_key(where) in _GOV_BY_KEY or where.lower() == "syria":
                continue  # a governorate or the country, already written
            kind = "Region"  # "Eastern Ghouta", "Sahl al-Ghab": named areas without a kind word
            name = where
        if kind is None or kind in ("District", "Governorate") or "/" in name or "(" in name:
            continue
        if not gov or len(name) < 3:
            continue
        entry = places.setdefault(
            name_key(name) + "|" + gov,
            {
                "label": name,
                "kind": kind,
                "gov": gov,
                "district": district,
                "coords": set(),
                "alts": set(),
            },
        )
        entry["coords"].add((row["latitude"], row["longitude"]))
        if aside:
            entry["alts"].add(aside)
    lines = [
        "@prefix ikb: <https://incident-kb.org/ontology#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "# Generated by scripts/build_gazetteer.py from UCDP GED (CC BY 4.0). Do not edit by hand;",
        "# add spellings in places.ttl instead.",
        "",
        '<place/syria> a ikb:Country ; skos:prefLabel "Syria"@en ; skos:notation "SY" .',
    ]
    for name, (code, alts) in GOVERNORATES.items():
        alt = " ; ".join(f'skos:altLabel "{_esc(a)}"@en' for a in alts)
        lines.append(
            f'<place/{slug(name)}> a ikb:Governorate ; skos:prefLabel "{_esc(name)}"@en ; '
            f'{alt} ; skos:notation "{code}" ; ikb:locatedIn <place/syria> .'
        )
    for district, gov in sorted(districts.items()):
        lines.append(
            f'<place/{slug(district)}-district> a ikb:District ; skos:prefLabel "{_esc(district)} district"@en ; '
            f"ikb:locatedIn <place/{slug(gov)}> ."
        )
    gov_slugs = {slug(name) for name in GOVERNORATES}
    by_slug: dict[str, list[dict]] = defaultdict(list)
    for entry in places.values():
        by_slug[slug(entry["label"])].append(entry)
    for base, entries in sorted(by_slug.items()):
        for entry in entries:
            local = base if len(entries) == 1 else f"{base}-{slug(entry['gov'])}"
            if local in gov_slugs:  # the city that gives a governorate its name
                local = f"{local}-city"
            parent = (
                f"{slug(entry['district'])}-district"
                if entry["district"] in districts
                else slug(entry["gov"])
            )
            lat, lon = sorted(entry["coords"])[0]
            alts = sorted(entry["alts"]) + (
                [f"{entry['label']} city"] if local.endswith("-city") else []
            )
            alt = "".join(f'skos:altLabel "{_esc(a)}"@en ; ' for a in alts)
            lines.append(
                f'<place/{local}> a ikb:{entry["kind"]} ; skos:prefLabel "{_esc(entry["label"])}"@en ; {alt}'
                f"ikb:locatedIn <place/{parent}> ; geo:lat {float(lat):.5f} ; geo:long {float(lon):.5f} ."
            )
    used = set(re.findall(r"^<place/([^>]+)>", "\n".join(lines), re.M))
    lines += _district_seats(districts, places, used)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    rows = []
    for path in argv[1:]:
        rows += [
            r
            for r in csv.DictReader(open(path, encoding="utf-8"))
            if r.get("country", "Syria") == "Syria"
        ]
    out = Path(__file__).resolve().parent.parent / "kb" / "data" / "gazetteer.ttl"
    out.write_text(build(rows), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
