"""How the WikiEvents harness gives a mention its place and attacker: those the extraction gives
the mention's own event word, not whichever of the incident's places lies nearest."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.eval import wikievents  # noqa: E402
from bench.eval.kairos import Document  # noqa: E402
from kb.extract.model import EventArguments  # noqa: E402

# "Rebels shelled Kadugli . Militias attacked Dilling ." as benchmark tokens, one sentence a line
WORDS = ["Rebels", "shelled", "Kadugli", ".", "Militias", "attacked", "Dilling", "."]


def document() -> Document:
    starts, ends, pos = [], [], 0
    for k, word in enumerate(WORDS):
        if k == 4:
            pos += 1  # the line break between the sentences
        starts.append(pos)
        pos += len(word)
        ends.append(pos)
        pos += 1 if k not in (3, 7) else 0
    text = "Rebels shelled Kadugli .\nMilitias attacked Dilling ."
    assert [text[a:b] for a, b in zip(starts, ends, strict=True)] == WORDS
    heads = [1, 1, 1, 1, 5, 5, 5, 5]
    return Document("d", text, starts, ends, heads, [0] * 4 + [1] * 4, text.split("\n"))


def span_of(doc: Document, word: str) -> tuple[int, int]:
    k = WORDS.index(word)
    return doc.starts[k], doc.ends[k]


def test_a_mention_takes_its_own_words_arguments_not_the_nearest() -> None:
    doc = document()
    shelled, attacked = span_of(doc, "shelled"), span_of(doc, "attacked")
    incident = SimpleNamespace(
        instruments=[],
        # the incident's places and attackers: "Dilling" and "Militias" lie nearest "attacked"
        places=[SimpleNamespace(start=a, end=b) for a, b in (span_of(doc, "Dilling"),)],
        attackers=[SimpleNamespace(start=a, end=b) for a, b in (span_of(doc, "Militias"),)],
        targets=[],
        arguments=[
            EventArguments(*shelled, [span_of(doc, "Kadugli")], [span_of(doc, "Rebels")]),
            EventArguments(*attacked, [], []),
        ],
    )
    pick = wikievents._argument_picker(incident, doc, lambda mentions: [])
    own = pick(shelled[0], "attack")
    assert [s.text for s in own["place"]] == ["Kadugli"]
    assert [s.text for s in own["attacker"]] == ["Rebels"]
    # a word the parse gives nothing gets nothing: the incident's nearest is not its own
    none = pick(attacked[0], "attack")
    assert none["place"] == [] and none["attacker"] == []


def test_the_old_nearest_rule_is_still_there_for_comparison(monkeypatch) -> None:
    doc = document()
    attacked = span_of(doc, "attacked")
    incident = SimpleNamespace(
        instruments=[],
        places=[SimpleNamespace(start=a, end=b) for a, b in (span_of(doc, "Dilling"),)],
        attackers=[],
        targets=[],
        arguments=[EventArguments(*attacked, [], [])],
    )
    monkeypatch.setattr(wikievents, "FALLBACK", {"place": {"attack"}, "attacker": set()})
    pick = wikievents._argument_picker(incident, doc, lambda mentions: [])
    assert [s.text for s in pick(attacked[0], "attack")["place"]] == ["Dilling"]
    assert pick(attacked[0], "die")["place"] == []
