"""A place name linked to a gazetteer entry, and one label per minted place."""

from __future__ import annotations

from kb.extract.lexicon import Entry
from kb.extract.model import Mention
from kb.vocab import IKB


def linked_mention(entry: Entry, start: int, end: int, text: str) -> Mention:
    """A mention of a dictionary or world gazetteer entry."""
    return Mention(
        start,
        end,
        text,
        entry.iri,
        entry.kind,
        entry.label,
        entry.is_place,
        parent=next(iter(entry.parents), None) if entry.world else None,
        country_code=entry.country,
        world=entry.world,
        coordinates=entry.coordinates,
    )


def canonical_label(name: str) -> str:
    """One spelling per IRI whatever the case in the text: "al-Sarout" and "Al-Sarout" are one
    entity with one preferred label (the dictionary's own labels are used as they are)."""
    words = []
    for word in name.split():
        head, dash, rest = word.partition("-")
        if dash and head.lower() in ("al", "el", "as", "ash", "ad", "an", "ar", "at", "az"):
            words.append(f"{head.lower()}-{rest[:1].upper()}{rest[1:]}")
        else:
            words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def any_case(entry: Entry, name: str) -> bool:
    """Governorate names of several words are matched whatever their case ("Deir ezzor"):
    the capitalised-span scan needs every word capitalised."""
    return entry.kind == IKB.Governorate and len(name.split()) > 1


def unique(mentions: list[Mention]) -> list[Mention]:
    """One mention per span (the scan may look at the same owner word more than once)."""
    return list({(m.start, m.end): m for m in mentions}.values())
