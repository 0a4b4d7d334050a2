"""Wire copies are found through the MinHash index and linked with ikb:sameStoryAs; a different
report of the same events is not; ``kb reindex`` rebuilds the index. Articles written for this
test."""

from __future__ import annotations

from pathlib import Path

from kb.vocab import IKB

STORY = """Shelling hit the market town of Kafr Zita on Tuesday morning, local medics said.
At least seven people were killed and a dozen were wounded when rockets struck a bakery queue
near the main square, according to the Syrian Observatory for Human Rights.
The monitor said the rockets were fired from positions held by government forces to the south.
Residents described panic as families ran for cover in the basements of nearby buildings.
Rescue workers pulled two children from the rubble of a collapsed shop late in the afternoon.
"""
OTHER = """Fighting resumed near Kafr Zita on Tuesday as rebels attacked an army checkpoint.
The Observatory reported that five soldiers died in the assault on the northern edge of town.
Government aircraft later struck rebel positions in the surrounding farmland.
"""


def write(folder: Path, name: str, url: str, source: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    header = f"title: {name}\nsource: {source}\ndate: 2019-05-14\nurl: {url}\n\n"
    (folder / f"{name}.txt").write_text(header + body, encoding="utf-8")


def test_copies_are_linked_and_reindex_keeps_them(fresh_kb, tmp_path: Path) -> None:
    first = tmp_path / "first"
    write(first, "original", "https://wire.example/a", "Wire", STORY)
    fresh_kb.ingest([str(first)])
    later = tmp_path / "later"
    write(later, "copy-1", "https://paper-one.example/a", "Paper One", STORY)
    write(
        later, "copy-2", "https://paper-two.example/b", "Paper Two", STORY + "\nReporting by staff."
    )
    write(later, "other", "https://paper-three.example/c", "Paper Three", OTHER)
    fresh_kb.ingest([str(later)])
    rows = fresh_kb.store.select(f"SELECT ?a ?b WHERE {{ ?a <{IKB.sameStoryAs}> ?b }}")
    pairs = {(str(r["a"]), str(r["b"])) for r in rows}
    iri = {
        name: str(fresh_kb.minter.article(url))
        for name, url in (
            ("original", "https://wire.example/a"),
            ("copy-1", "https://paper-one.example/a"),
            ("copy-2", "https://paper-two.example/b"),
            ("other", "https://paper-three.example/c"),
        )
    }
    assert (iri["copy-1"], iri["original"]) in pairs
    assert (iri["copy-2"], iri["original"]) in pairs
    assert not any(iri["other"] in pair for pair in pairs)
    assert len(fresh_kb.vectors.stories) == 4
    fresh_kb.sync_vectors(rebuild=True)
    assert fresh_kb.vectors.stories.candidates(STORY) == sorted(
        [iri["original"], iri["copy-1"], iri["copy-2"]]
    )
