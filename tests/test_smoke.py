"""The demo knowledge base answers the questions `make run` asks."""


def test_who_controls_idlib(demo_kb):
    answer = demo_kb.ask("Who controls Idlib?")
    assert "Hayat Tahrir al-Sham" in answer.answer
    assert answer.sources and answer.sources[0].url.startswith("https://demo.incident-kb.org/")
    assert "ikb:ControlClaim" in answer.sparql


def test_reingest_changes_nothing(demo_kb):
    before = demo_kb.stats()
    report = demo_kb.ingest(["demo/articles"])
    assert report.articles == 0 and report.unchanged >= 5
    assert demo_kb.stats() == before
