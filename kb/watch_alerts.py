"""Watched places and what a new article says about them: control changes and people killed.

A subscription is a channel and a place, linked like a question's place (the same linker, so
"Khan Sheikhoun" and "Khan Shaykhun" are one place) and kept with the IRIs it stands for in
``KB_HOME/alerts/subscriptions.json``. ``ArticleCursor`` remembers which articles (and which
version of each) were already looked at, in ``KB_HOME/alerts/seen.json``, so a restarted bot
neither misses an article ingested while it was down nor reports one twice. Everything is read
from the graph with SPARQL: control claims and casualty claims of the new article whose place
is, or lies in, the watched place, and the latest earlier claim about the same place from other
articles, which is "the earlier state".
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.errors import KBError
from kb.vocab import IKB

if TYPE_CHECKING:
    from kb.ask.answerer import Answerer
    from kb.store import GraphStore

CHANGE_WORDS = {str(IKB.Holds): "held by", str(IKB.Gained): "taken by", str(IKB.Lost): "lost by"}
QUALIFIER_WORDS = {
    str(IKB.AtLeast): "at least ",
    str(IKB.MoreThan): "more than ",
    str(IKB.About): "about ",
    str(IKB.UpTo): "up to ",
}
PREFIXES = f"""PREFIX ikb: <{IKB}>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""
_EVIDENCE = """  ?claim ikb:evidence ?sentence . ?sentence ikb:text ?text .
  OPTIONAL { ?claim ikb:reportedBy ?reporter . ?reporter skos:prefLabel ?reporterLabel }
  OPTIONAL { ?article schema:headline ?title }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:publisher ?publisher . ?publisher skos:prefLabel ?publisherLabel }
"""
CONTROL = (
    PREFIXES
    + """SELECT DISTINCT ?claim ?controllerLabel ?territoryLabel ?change ?date ?text ?reporterLabel
       ?title ?url ?published ?publisherLabel ?article
WHERE {
  VALUES ?scope { %(scope)s }
  ?claim a ikb:ControlClaim ; ikb:article ?article ; ikb:territory ?territory ;
         ikb:controller ?controller ; ikb:change ?change .
  %(article)s
  ?territory ikb:locatedIn* ?scope .
  ?controller skos:prefLabel ?controllerLabel .
  ?territory skos:prefLabel ?territoryLabel .
  OPTIONAL { ?claim ikb:refersTo ?date }
"""
    + _EVIDENCE
    + "} ORDER BY DESC(STR(?date)) DESC(STR(?published)) LIMIT 50"
)
KILLED = (
    PREFIXES
    + """SELECT DISTINCT ?claim ?count ?qualifier ?categoryLabel ?placeLabel ?date ?text
       ?reporterLabel ?title ?url ?published ?publisherLabel ?article
WHERE {
  VALUES ?scope { %(scope)s }
  ?incident ikb:casualties ?claim ; sem:hasPlace ?place .
  ?claim ikb:article ?article ; ikb:outcome ikb:Killed ; ikb:count ?count .
  %(article)s
  ?place ikb:locatedIn* ?scope ; skos:prefLabel ?placeLabel .
  OPTIONAL { ?claim ikb:qualifier ?qualifier }
  OPTIONAL { ?claim ikb:victimCategory ?category . ?category skos:prefLabel ?categoryLabel }
  OPTIONAL { ?incident sem:hasTimeStamp ?date }
"""
    + _EVIDENCE
    + "} ORDER BY DESC(STR(?date)) DESC(STR(?published)) LIMIT 50"
)


@dataclass
class Evidence:
    sentence: str
    source: str | None
    title: str | None
    url: str | None
    date: str | None


@dataclass
class Change:
    """One thing a new article says about a watched place, ready to be put into words."""

    kind: str  # "control" | "killed"
    claim: str
    headline: str  # what changed
    earlier: str  # the earlier state, or that none is recorded
    evidence: Evidence


@dataclass
class Subscription:
    channel: str
    place: str  # the label shown to people
    iris: list[str] = field(default_factory=list)


class AlertError(KBError):
    """A watch request that cannot be met (a place the knowledge base does not know)."""


class Subscriptions:
    """Channel -> watched places, in a JSON file rewritten atomically on every change."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "alerts" / "subscriptions.json"
        self._lock = threading.Lock()

    def all(self) -> list[Subscription]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except ValueError as exc:
            raise KBError(f"{self.path}: unreadable subscriptions ({exc})") from None
        return [Subscription(**item) for item in raw]

    def of(self, channel: str) -> list[Subscription]:
        return [s for s in self.all() if s.channel == channel]

    def add(self, sub: Subscription) -> bool:
        """False when the channel already watches that place."""
        with self._lock:
            subs = self.all()
            if any(s.channel == sub.channel and s.iris[0] == sub.iris[0] for s in subs):
                return False
            self._write([*subs, sub])
            return True

    def remove(self, channel: str, iris: list[str]) -> Subscription | None:
        with self._lock:
            subs = self.all()
            gone = next((s for s in subs if s.channel == channel and s.iris[0] in iris), None)
            if gone is not None:
                self._write([s for s in subs if s is not gone])
            return gone

    def _write(self, subs: list[Subscription]) -> None:
        _write_json(self.path, [asdict(s) for s in subs])


class ArticleCursor:
    """Which version of each article was already looked at, and which claims were already
    posted to which channel (so a replaced article does not repeat an alert)."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "alerts" / "seen.json"
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.seen: dict[str, str] | None = raw["articles"]
            self.sent: set[str] = set(raw["sent"])
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            self.seen, self.sent = None, set()

    def new_articles(self, stored: dict[str, str]) -> list[str]:
        """Articles new or changed since the last look. On the very first look every current
        article is taken as seen: a new subscriber is not sent the archive."""
        if self.seen is None:
            self.seen = dict(stored)
            self.save()
            return []
        return sorted(a for a, h in stored.items() if self.seen.get(a) != h)

    def done(self, article: str, content_hash: str) -> None:
        self.seen[article] = content_hash
        self.save()

    def save(self) -> None:
        _write_json(self.path, {"articles": self.seen or {}, "sent": sorted(self.sent)})


def link_place(answerer: Answerer, place: str) -> Subscription:
    """The place as the question linker reads it (as the pictures do), with the IRIs sharing
    its name; a subscription for no channel yet."""
    from kb.pictures.data import link_place as link

    try:
        _, label, iris = link(answerer, place)
    except KBError:
        raise AlertError(f"I know no place called {place!r}") from None
    return Subscription("", label, [str(i) for i in iris])


def changes(store: GraphStore, article: str, sub: Subscription) -> list[Change]:
    """What ``article`` says about the watched place: control claims and people killed, the
    changes of hands first."""
    scope = " ".join(f"<{URIRef(i)}>" for i in sub.iris)
    this = f"FILTER (?article = <{URIRef(article)}>)"
    every = store.select(CONTROL % {"scope": scope, "article": ""})
    rows = [r for r in every if str(r["article"]) == article]
    latest: dict[str, str] = {}
    for r in rows:
        key = str(r["territoryLabel"])
        latest[key] = max(latest.get(key, ""), _date(r))
    found = []
    for row in sorted(rows, key=lambda r: _ORDER.get(str(r["change"]), 3)):
        if str(row["change"]) == str(IKB.Holds) and _date(row) < latest[str(row["territoryLabel"])]:
            continue  # "in rebel hands since 2014" is the earlier state of a later take
        change = _control(row, _earlier(every, row, article))
        if change is not None:
            found.append(change)
    for row in store.select(KILLED % {"scope": scope, "article": this}):
        found.append(_killed(store, row, scope, article))
    return found


_ORDER = {str(IKB.Gained): 0, str(IKB.Lost): 1, str(IKB.Holds): 2}


def _date(row: dict) -> str:
    return "" if row.get("date") is None else str(row["date"])


def _earlier(every: list[dict], row: dict, article: str) -> list[dict]:
    """Other claims about the place before ``row``: from other articles dated no later (or
    undated), or from the same article dated earlier; newest first."""
    out = []
    for r in every:
        if r["claim"] == row["claim"]:
            continue
        if str(r["article"]) == article:
            if _date(r) and _date(row) and _date(r) < _date(row):
                out.append(r)
        elif not _date(row) or not _date(r) or _date(r) <= _date(row):
            out.append(r)
    return sorted(out, key=_date, reverse=True)


def _control(row: dict, before: list[dict]) -> Change | None:
    words = CHANGE_WORDS.get(str(row["change"]), "held by")
    when = f" ({_short(row['date'])})" if row.get("date") is not None else ""
    headline = f"{row['territoryLabel']}: {words} {row['controllerLabel']}{when}"
    if before:
        b = before[0]
        same = str(b["controllerLabel"]) == str(row["controllerLabel"])
        if str(row["change"]) == str(IKB.Holds) and same and str(b["change"]) != str(IKB.Lost):
            return None  # the same holder as before: nothing changed hands
        words = CHANGE_WORDS.get(str(b["change"]), "held by")
        when = f" ({_short(b['date'])})" if b.get("date") is not None else ""
        earlier = f"Earlier: {words} {b['controllerLabel']}{when}, according to {_source(b)}"
    else:
        earlier = "Earlier: no claim about who controls it was recorded"
    return Change("control", str(row["claim"]), headline, earlier, _evidence(row))


def _killed(store: GraphStore, row: dict, scope: str, article: str) -> Change:
    count = int(row["count"])
    qualifier = QUALIFIER_WORDS.get(str(row.get("qualifier")), "")
    who = str(row.get("categoryLabel") or "people")
    when = f" ({_short(row['date'])})" if row.get("date") is not None else ""
    headline = f"{qualifier}{count:,} {who} killed in {row['placeLabel']}{when}"
    headline = headline[:1].upper() + headline[1:]
    other = f"FILTER (?article != <{URIRef(article)}>)"
    before = _not_later(store.select(KILLED % {"scope": scope, "article": other}), row)
    if before:
        b = before[0]
        when = f" on {_short(b['date'])}" if b.get("date") is not None else ""
        earlier = (
            f"Earlier: {QUALIFIER_WORDS.get(str(b.get('qualifier')), '')}{int(b['count']):,} "
            f"{b.get('categoryLabel') or 'people'} killed in {b['placeLabel']}{when}, "
            f"according to {_source(b)}"
        )
    else:
        earlier = "Earlier: no killing there was recorded"
    return Change("killed", str(row["claim"]), headline, earlier, _evidence(row))


def _not_later(rows: list[dict], row: dict) -> list[dict]:
    """Claims from other articles dated no later than ``row`` (undated ones count as earlier)."""
    if row.get("date") is None:
        return rows
    return [r for r in rows if r.get("date") is None or str(r["date"]) <= str(row["date"])]


def _evidence(row: dict) -> Evidence:
    return Evidence(
        sentence=str(row["text"]),
        source=_source(row),
        title=_str(row.get("title")),
        url=_str(row.get("url")),
        date=_short(row.get("published")) if row.get("published") is not None else None,
    )


def _source(row: dict) -> str:
    return str(row.get("reporterLabel") or row.get("publisherLabel") or "an unnamed source")


def _short(value: object) -> str:
    return str(value)[:10]


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
