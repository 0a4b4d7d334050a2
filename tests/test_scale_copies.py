"""Wire copies are stored once: an article and three copies under other URLs count as one story
in incident lists, claim counts, reporter counts and casualty answers; every outlet is still
listed; a copy that changes a figure keeps its claim; re-ingesting changes nothing; replacing
the story's first article loses none of the copies' facts; `kb validate` passes. Articles
written for this test."""

from __future__ import annotations

from pathlib import Path

from kb.vocab import IKB, SDO

STORY = """Shelling hit the market town of Kafr Zita in Hama province on Tuesday, local medics said.
At least seven civilians were killed when rockets struck a bakery queue near the main square, according to the Syrian Observatory for Human Rights.
The monitor said the rockets were fired from positions held by government forces to the south.
Residents described panic as families ran for cover in the basements of nearby buildings.
Rescue workers pulled two children from the rubble of a collapsed shop late in the afternoon.
"""
CHANGED = STORY.replace("At least seven civilians", "At least nine civilians")
UNATTRIBUTED = """Government forces shelled the village of Kafr Nabudah in Hama province on Monday.
Three civilians were killed in the shelling of the village.
"""
OTHER = """Government forces captured the village of Tal Maleh in northern Hama on Friday, state media said.
Rebels withdrew from the village after two days of heavy fighting, the Syrian Observatory for Human Rights said.
"""
OUTLETS = {
    "original": ("https://wire.example/a", "Wire Service", STORY),
    "copy-1": ("https://paper-one.example/a", "Paper One", STORY),
    "copy-2": ("https://paper-two.example/b", "Paper Two", STORY + "\nReporting by staff."),
    "copy-3": ("https://paper-three.example/c", "Paper Three", STORY),
}


def write(folder: Path, name: str, url: str, source: str, body: str, day: str = "14") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    header = f"title: {name}\nsource: {source}\ndate: 2019-05-{day}\nurl: {url}\n\n"
    (folder / f"{name}.txt").write_text(header + body, encoding="utf-8")


def count(kb: object, query: str) -> int:
    return int(kb.store.select(query)[0]["n"])


def claims_of(kb: object) -> dict[str, int]:
    rows = kb.store.select(
        f"SELECT ?t (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a ?t ; <{IKB.evidence}> ?s }} GROUP BY ?t"
    )
    return {
        str(r["t"]).rsplit("#", 1)[1]: int(r["n"]) for r in rows if str(r["t"]).startswith(str(IKB))
    }


def test_copies_count_once_and_every_outlet_is_listed(fresh_kb, tmp_path: Path) -> None:
    first = tmp_path / "first"
    write(first, "original", *OUTLETS["original"])
    fresh_kb.ingest([str(first)])
    alone = claims_of(fresh_kb)
    alone_quads = fresh_kb.store.count()
    later = tmp_path / "later"
    for day, name in zip(("15", "15", "16"), ("copy-1", "copy-2", "copy-3"), strict=True):
        write(later, name, *OUTLETS[name], day=day)
    report = fresh_kb.ingest([str(later)])
    assert report.copies == 3, report.summary()
    assert claims_of(fresh_kb) == alone  # the copies add no claim
    assert fresh_kb.stats()["articles"] == 4 and fresh_kb.stats()["stories"] == 1
    # a copy costs its article node, its text and its links, not the story again
    assert fresh_kb.store.count() - alone_quads < 3 * 60
    repeats = count(fresh_kb, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{IKB.repeats}> ?c }}")
    assert repeats >= 3 * 2  # each copy repeats the incident and the control claim at least

    answer = fresh_kb.ask("How many civilians were killed in Kafr Zita?")
    assert "7" in answer.answer, answer.answer
    texts = [s.sentence for s in answer.sources]
    assert len(texts) == len(set(texts))  # no copy of a sentence cited twice
    reported = fresh_kb.ask("Who reported the shelling in Kafr Zita?")
    assert "(1 claim)" in reported.answer, reported.answer  # one story's claim, not four
    outlets = " ".join(reported.facts)
    assert "4 articles, 1 independent report " in outlets, reported.facts
    for name in ("Wire Service", "Paper One", "Paper Two", "Paper Three"):
        assert name in outlets, reported.facts

    happened = fresh_kb.ask("What happened in Kafr Zita?")
    assert "4 articles, 1 independent report" in " ".join(happened.facts), happened.facts
    timeline = fresh_kb.timeline("Kafr Zita")
    assert len(timeline.entries) == alone["Incident"]
    assert all(e.articles == 4 for e in timeline.entries), timeline.entries

    # re-ingesting every article changes nothing
    before = fresh_kb.store.dump("application/n-quads")
    again = fresh_kb.ingest([str(first), str(later)])
    assert again.articles == 0 and again.unchanged == 4
    assert fresh_kb.store.dump("application/n-quads") == before

    ok, text = fresh_kb.validate()
    assert ok, text[:2000]


def test_a_copy_that_changes_a_figure_keeps_its_claim(fresh_kb, tmp_path: Path) -> None:
    folder = tmp_path / "a"
    write(folder, "original", *OUTLETS["original"])
    write(folder, "zchanged", "https://paper-four.example/d", "Paper Four", CHANGED)
    fresh_kb.ingest([str(folder)])
    figures = fresh_kb.store.select(
        f"SELECT DISTINCT ?n ?a WHERE {{ ?c <{IKB.count}> ?n ; <{IKB.article}> ?a }}"
    )
    assert {int(r["n"]) for r in figures} >= {7, 9}
    answer = fresh_kb.ask("How many civilians were killed in Kafr Zita?")
    assert "7" in answer.answer and "9" in answer.answer, answer.answer


def test_replacing_the_first_article_keeps_the_copies_facts(fresh_kb, tmp_path: Path) -> None:
    first = tmp_path / "first"
    write(first, "original", *OUTLETS["original"])
    fresh_kb.ingest([str(first)])
    later = tmp_path / "later"
    for name in ("copy-1", "copy-3"):
        write(later, name, *OUTLETS[name])
    fresh_kb.ingest([str(later)])
    story = claims_of(fresh_kb)
    # the wire service replaces its article at the same URL with another story altogether
    replaced = tmp_path / "replaced"
    write(replaced, "original", OUTLETS["original"][0], "Wire Service", OTHER)
    report = fresh_kb.ingest([str(replaced)])
    assert report.reread == 2, report.summary()
    copy1 = str(fresh_kb.minter.article(OUTLETS["copy-1"][0]))
    copy3 = str(fresh_kb.minter.article(OUTLETS["copy-3"][0]))
    original = str(fresh_kb.minter.article(OUTLETS["original"][0]))
    links = {
        (str(r["a"]), str(r["b"]))
        for r in fresh_kb.store.select(f"SELECT ?a ?b WHERE {{ ?a <{IKB.sameStoryAs}> ?b }}")
    }
    lead, other = sorted([copy1, copy3])  # copies are read again in IRI order
    assert links == {(other, lead)}  # the first copy read again now carries the story
    for kind, n in story.items():
        held = count(
            fresh_kb,
            f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{IKB[kind]}> ; <{IKB.article}> <{lead}> }}",
        )
        assert held == n, (kind, held, n)
    dangling = count(
        fresh_kb,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{IKB.repeats}> ?c . ?c <{IKB.article}> <{original}> }}",
    )
    assert dangling == 0
    answer = fresh_kb.ask("How many civilians were killed in Kafr Zita?")
    assert "7" in answer.answer, answer.answer
    reported = fresh_kb.ask("Who reported the shelling in Kafr Zita?")
    assert "2 articles, 1 independent report" in " ".join(reported.facts), reported.facts
    body = fresh_kb.store.select(f"SELECT ?b WHERE {{ <{other}> <{SDO.articleBody}> ?b }}")
    assert body and "Kafr Zita" in str(body[0]["b"])
    ok, text = fresh_kb.validate()
    assert ok, text[:2000]


def test_bulk_and_worker_ingest_store_the_same(tmp_path: Path) -> None:
    """Back-fill mode (N-Quads bulk-loaded a batch at a time) and extraction in a worker process
    store what the ordinary path stores, copies collapsed alike."""
    import kb.ingest
    from tests.conftest import make_kb

    folder = tmp_path / "articles"
    for name, (url, source, body) in OUTLETS.items():
        write(folder, name, url, source, body)
    write(folder, "other", "https://paper-five.example/e", "Paper Five", OTHER)
    dumps = []
    for n, options in enumerate(({}, {"bulk": True}, {"workers": 1})):
        knowledge = make_kb(tmp_path / f"kb{n}")
        try:
            parts = kb.ingest.Parts(
                knowledge.store,
                knowledge.minter,
                knowledge.vectors,
                lambda k=knowledge: k.extractor,
                lambda k=knowledge: k.embedder,
            )
            saved, kb.ingest.POOL_AFTER = kb.ingest.POOL_AFTER, 0
            try:
                report = kb.ingest.ingest(parts, [str(folder)], batch=2, **options)
            finally:
                kb.ingest.POOL_AFTER = saved
            assert report.articles == 5 and report.copies == 3, report.summary()
            dumps.append(sorted(knowledge.store.dump("application/n-quads").splitlines()))
        finally:
            knowledge.close()
    assert dumps[1] == dumps[0]
    assert dumps[2] == dumps[0]


def test_copies_from_other_outlets_collapse_when_no_sentence_attributes(fresh_kb, tmp_path):
    """A claim no sentence attributes is reported by its outlet: a copy from another outlet
    still says the same thing, so it repeats the story's claim instead of storing its own."""
    folder = tmp_path / "a"
    write(folder, "a-original", "https://wire.example/u", "Wire Service", UNATTRIBUTED)
    for k in (1, 2):
        write(folder, f"b-copy-{k}", f"https://paper-{k}.example/u", f"Paper {k}", UNATTRIBUTED)
    report = fresh_kb.ingest([str(folder)])
    assert report.copies == 2, report.summary()
    held = count(
        fresh_kb,
        f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{IKB.Incident}> ; <{IKB.article}> ?a . "
        f"?a <{IKB.sameStoryAs}> ?root }}",
    )
    assert held == 0  # the copies hold no incident of their own
    assert count(fresh_kb, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{IKB.repeats}> ?c }}") >= 2
