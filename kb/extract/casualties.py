"""Casualty figures with their qualifier and who the victims were.

"at least 53 government loyalists along with 48 jihadists" gives two counts; "more than 300
civilians" keeps "more than"; "some three million people" is not a casualty (no outcome word
nearby). A figure needs both a victim noun (or to follow a kill verb) and an outcome word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rdflib import URIRef

from kb.vocab import IKB

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_VAGUE = {
    "dozens": (24, IKB.AtLeast),
    "a dozen": (12, IKB.About),
    "scores": (40, IKB.AtLeast),
    "hundreds": (200, IKB.AtLeast),
    "thousands": (2000, IKB.AtLeast),
    "tens": (20, IKB.AtLeast),
}
_QUALIFIERS = {
    "at least": IKB.AtLeast,
    "no fewer than": IKB.AtLeast,
    "more than": IKB.MoreThan,
    "over": IKB.MoreThan,
    "upwards of": IKB.MoreThan,
    "nearly": IKB.About,
    "almost": IKB.About,
    "about": IKB.About,
    "around": IKB.About,
    "some": IKB.About,
    "approximately": IKB.About,
    "roughly": IKB.About,
    "an estimated": IKB.About,
    "up to": IKB.UpTo,
    "as many as": IKB.UpTo,
    "fewer than": IKB.UpTo,
    "less than": IKB.UpTo,
    "at most": IKB.UpTo,
}
_NUMBER = (
    r"\d{1,3}(?:,\d{3})+|\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|a dozen|dozens|scores|hundreds|thousands|tens"
)
_SCALE = r"(?:\s+(?P<scale>hundred|thousand|million))?"
# Victim nouns, most specific first, with the category each one means.
CATEGORIES: list[tuple[str, URIRef]] = [
    (
        r"government loyalists|regime loyalists|pro-government fighters|pro-regime fighters|pro-assad troops|pro-assad fighters|regime forces|government forces|regime fighters|government troops|soldiers|soldier|troops|loyalists|loyalist|members of (?:the )?regime forces|army personnel",
        IKB.GovernmentForces,
    ),
    (
        r"jihadists|rebels|insurgents|militants|islamist fighters|opposition fighters|extremists|terrorists|gunmen|field commanders|commanders",
        IKB.Insurgents,
    ),
    (
        r"fighters|combatants|members|militiamen|policemen|police officers|police|officers|commandos|security forces|security personnel|guards|recruits|cadets|attackers|assailants",
        IKB.Combatants,
    ),
    (
        r"children|schoolchildren|kids|minors|boys|girls|infants|child|boy|girl|baby|babies|infant",
        IKB.Children,
    ),
    (r"women|woman", IKB.Women),
    (
        r"civilians|civilian|residents|resident|villagers|villager|family members|white helmets(?: activists| volunteers)?|volunteers|activists|medics|rescuers|"
        r"students|pupils|worshippers|workers|journalists|doctors|nurses|patients|farmers|shepherds|protesters|demonstrators|passengers|refugees|evacuees|mourners|shoppers|teachers|paramedics|drivers",
        IKB.Civilians,
    ),
    (r"people|persons|others|individuals|person|man|men", IKB.People),
]
# Singular nouns that are also adjectives ("rebel fighters", "fighter jets", "terrorist
# attack"): victims only after "one" ("one opposition fighter was killed"), see ``_ONE``.
SINGULARS: list[tuple[str, URIRef]] = [
    (r"jihadist|rebel|insurgent|militant|extremist|terrorist|gunman", IKB.Insurgents),
    (r"fighter|combatant|member|policeman|officer|guard", IKB.Combatants),
]
_CATEGORY = "|".join(f"(?:{pattern})" for pattern, _ in CATEGORIES)
_QUALIFIER = "|".join(sorted(_QUALIFIERS, key=len, reverse=True))


def _figure(number: str, category: str) -> re.Pattern:
    """A count, up to three describing words ("13 Syrian", "one opposition"), a victim noun."""
    return re.compile(
        rf"(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>{number}){_SCALE}"
        rf"(?P<gap>(?:\s+(?:of\s+)?(?!(?:{_CATEGORY}|{_NUMBER}|including|and|along|with|among|in|were|was|have|had|are|most|mostly|killed|dead|died|injured|wounded)\b)[a-z][\w'-]*){{0,3}}?)\s+(?P<cat>{category})\b",
        re.IGNORECASE,
    )


_FIGURE = _figure(_NUMBER, _CATEGORY)
_ONE = _figure(r"\bone|\b1", "|".join(f"(?:{pattern})" for pattern, _ in SINGULARS))
# "2 killed 8 injured", "the 28 dead", "25 were wounded": a bare count with its outcome word.
_BARE = re.compile(
    rf"(?<!\bno )(?:(?P<qual>{_QUALIFIER})\s+)?\b(?P<num>{_NUMBER})\s+"
    rf"(?:(?:were|was|have|has|had|been|are|reportedly|also|later)\s+)*"
    r"(?P<outcome>killed|dead|died|injured|wounded|hurt)\b",
    re.IGNORECASE,
)
_AFTER_KILL = re.compile(
    rf"\b(?:kill(?:s|ed|ing)?|claim(?:ed|ing)? the lives of|left)\s+(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>{_NUMBER})\b(?!\s*(?:%|percent|years|km|kilometres|hours|days))",
    re.IGNORECASE,
)
_TOLL = re.compile(
    rf"\b(?:death toll|toll|number of (?:dead|deaths|people killed))\b[^.]{{0,120}}?\b(?:to|at|of|reached|hit|risen to|climbed to|rose to|stands at|was|is|now)\s+(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>{_NUMBER})\b(?!\s+of\b)",
    re.IGNORECASE,
)
OUTCOMES: list[tuple[re.Pattern, URIRef]] = [
    (
        re.compile(
            r"\b(?:kill\w*|dead|died|die|deaths?|death toll|lives|slain|executed|massacred|perished|lost their lives|bodies)\b",
            re.I,
        ),
        IKB.Killed,
    ),
    (re.compile(r"\b(?:injur\w*|wound\w*|hurt)\b", re.I), IKB.Injured),
    (
        re.compile(r"\b(?:fled|displaced|displacing|forced from their homes|uprooted)\b", re.I),
        IKB.Displaced,
    ),
]
_AUXILIARIES = re.compile(
    r"(?:\s+(?:were|was|have|has|had|been|are|is|being|reportedly|also|later|all|both|then))*\s+",
    re.I,
)
_COUNT_NEXT = re.compile(rf"\s+(?:(?:{_QUALIFIER})\s+)?(?:{_NUMBER})\b", re.I)
_FOREIGN = re.compile(
    r"\b(?:Turkish|Russian|American|U\.?S\.?|Iranian|Israeli|Iraqi|Lebanese|Jordanian|French|"
    r"British|coalition)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\bwhile\b|\bwhereas\b|\bbut\b")
_NOT_VICTIMS = re.compile(
    r"\b(?:years?|months?|weeks?|days?|hours?|km|kilometres|kilometers|miles|schools|facilities|villages|towns|hospitals|positions|percent|%)\b",
    re.I,
)


@dataclass(frozen=True)
class Casualty:
    """One reported figure: ``count`` (and ``maximum`` for ranges), qualifier, victims, outcome."""

    count: int
    qualifier: URIRef
    category: URIRef
    outcome: URIRef
    start: int
    end: int
    text: str
    vague: bool = False


def parse_number(text: str) -> int | None:
    text = text.lower().strip().replace(",", "")
    if text.isdigit():
        return int(text)
    if text in _VAGUE:
        return _VAGUE[text][0]
    if text in _UNITS:
        return _UNITS[text]
    parts = re.split(r"[- ]", text)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _value(m: re.Match) -> tuple[int, URIRef] | None:
    raw = m.group("num")
    number = parse_number(raw)
    if number is None:
        return None
    qualifier = _QUALIFIERS.get((m.group("qual") or "").lower(), IKB.Exactly)
    if raw.lower() in _VAGUE and qualifier == IKB.Exactly:
        qualifier = _VAGUE[raw.lower()][1]
    scale = m.groupdict().get("scale")
    if scale:
        number *= {"hundred": 100, "thousand": 1000, "million": 1_000_000}[scale.lower()]
    return number, qualifier


def _category(noun: str) -> URIRef:
    for pattern, category in CATEGORIES + SINGULARS:
        if re.fullmatch(pattern, noun, re.IGNORECASE):
            return category
    return IKB.People


def _own_outcome(sentence: str, end: int) -> URIRef | None:
    """The outcome verb right after a figure ("58 others injured", "30 people were wounded"),
    unless that verb has a count of its own ("killed 30 people injured 90")."""
    own = _AUXILIARIES.match(sentence, end)
    for pattern, outcome in OUTCOMES if own else ():
        verb = pattern.match(sentence, own.end())
        if verb and not _COUNT_NEXT.match(sentence, verb.end()):
            return outcome
    return None


def _outcome(sentence: str, start: int, end: int) -> URIRef | None:
    """The figure's own verb, else the outcome word nearest the figure in its clause: "1,100
    children suffering malnutrition; two were killed" must not make 1,100 dead."""
    own = _own_outcome(sentence, end)
    if own is not None:
        return own
    best: tuple[int, URIRef] | None = None
    for pattern, outcome in OUTCOMES:
        for m in pattern.finditer(sentence):
            lo, hi = (end, m.start()) if m.start() >= end else (m.end(), start)
            if _CLAUSE_BREAK.search(sentence[lo:hi]):
                continue
            if m.start() >= end:
                distance = m.start() - end
            elif m.end() <= start:
                distance = start - m.end()
            else:
                distance = 0
            if distance <= 90 and (best is None or distance < best[0]):
                best = (distance, outcome)
    return best[1] if best else None


def find_casualties(sentence: str) -> list[Casualty]:
    """Every casualty figure in one sentence, without duplicates for overlapping forms."""
    found: list[Casualty] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, category: URIRef, outcome: URIRef | None) -> None:
        value = _value(m)
        if value is None or outcome is None:
            return
        start, end = m.start("num"), m.end()
        if any(s < end and start < e for s, e in taken):
            return
        if value[0] >= 1900 and value[0] <= 2100 and not m.group("num").count(","):
            return  # a year, not a count
        taken.append((start, end))
        vague = m.group("num").lower() in _VAGUE
        found.append(
            Casualty(value[0], value[1], category, outcome, m.start(), m.end(), m.group(0), vague)
        )

    for m in [*_FIGURE.finditer(sentence), *_ONE.finditer(sentence)]:
        if _NOT_VICTIMS.search(m.group("gap") or ""):
            continue
        category = _category(m.group("cat"))
        if category == IKB.GovernmentForces and _FOREIGN.search(m.group("gap") or ""):
            category = IKB.Combatants  # "four Turkish soldiers" are not Syrian government forces
        add(m, category, _outcome(sentence, m.start(), m.end()))
    for m in _BARE.finditer(sentence):
        add(m, IKB.People, _outcome(sentence, m.start(), m.start("outcome") - 1))
    for m in _AFTER_KILL.finditer(sentence):
        tail = sentence[m.end() : m.end() + 25]
        if _NOT_VICTIMS.match(tail.strip()):
            continue
        add(
            m,
            IKB.People,
            IKB.Killed
            if re.match(r"kill|claim", m.group(0), re.I)
            else _outcome(sentence, m.start(), m.end()),
        )
    for m in _TOLL.finditer(sentence):
        add(m, IKB.People, IKB.Killed)
    return _one_more(sentence, _share_outcomes(sentence, sorted(found, key=lambda c: c.start)))


# "one child was killed by rocket fire and another died in an air strike": one more of the same.
_ANOTHER = re.compile(
    r"\band another\s+(?:(?:one|child|woman|man|person|civilian|soldier|fighter)\s+)?"
    r"(?:(?:was|were|had been|has been)\s+)?(?P<verb>killed|died|wounded|injured|hurt)\b",
    re.I,
)


def _one_more(sentence: str, figures: list[Casualty]) -> list[Casualty]:
    """Count "and another died" as one more victim of the figure before it with that outcome."""
    for m in _ANOTHER.finditer(sentence):
        outcome = IKB.Killed if m.group("verb").lower() in ("killed", "died") else IKB.Injured
        before = [c for c in figures if c.end <= m.start()]
        same = [c for c in before if c.outcome == outcome]
        if same:
            figures[figures.index(same[-1])] = replace(same[-1], count=same[-1].count + 1)
        elif before:  # "five soldiers were killed and another was wounded": one soldier wounded
            category = before[-1].category
            figures.append(
                Casualty(1, IKB.Exactly, category, outcome, m.start(), m.end(), m.group(0))
            )
    return figures


# "killed 100 people including 25 children and 15 women and injured 400": the parts listed after
# "including" share the outcome of the whole, whatever outcome word is nearest to them.
_PART_OF = re.compile(r"\s*,?\s*(?:including|among them|among whom|of whom|of them)\s+$", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,|and|,\s*and)\s*$", re.I)


def _share_outcomes(sentence: str, figures: list[Casualty]) -> list[Casualty]:
    """Give a figure and its parts ("N people including M children") one outcome: the verb
    right after the last part if there is one ("... and two women were injured"), else the
    whole's own outcome."""
    groups: list[list[Casualty]] = []
    for figure in figures:
        last = groups[-1] if groups else None
        gap = sentence[last[-1].end : figure.start] if last else ""
        if last and (_PART_OF.fullmatch(gap) or (len(last) > 1 and _LIST_JOIN.fullmatch(gap))):
            last.append(figure)
        else:
            groups.append([figure])
    out: list[Casualty] = []
    for group in groups:
        outcome = _own_outcome(sentence, group[-1].end) if len(group) > 1 else None
        outcome = outcome or group[0].outcome
        out += [c if c.outcome == outcome else replace(c, outcome=outcome) for c in group]
    return out
