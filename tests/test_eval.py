"""The evaluation harness (bench/eval): scoring rules on tiny made-up cases, then one real run.

The made-up sentences and figures below are invented for these tests; the last test runs the
harness on a few records of ../shared/corpus and skips when that folder is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.eval import common, fakes, fakes_figures, kairos, ucdp  # noqa: E402
from bench.eval.common import Failure  # noqa: E402
from bench.eval.geo import Geography  # noqa: E402
from kb.config import DEFAULT_BASE_IRI  # noqa: E402
from kb.extract.casualties import Casualty  # noqa: E402
from kb.vocab import IKB  # noqa: E402

BASE = DEFAULT_BASE_IRI


def killed(count: int, category, outcome=IKB.Killed) -> Casualty:
    return Casualty(count, IKB.Exactly, category, outcome, 0, 1, str(count))


@pytest.fixture(scope="module")
def geo() -> Geography:
    return Geography.load(BASE)


# ---- common -------------------------------------------------------------------------------


def test_within_ten_percent_and_exact_zero():
    assert common.within(95, 100) and common.within(110, 100)
    assert not common.within(89, 100)
    assert common.within(0, 0) and not common.within(1, 0)
    assert not common.within(None, 3)


def test_prf_and_ratio_handle_empty_denominators():
    assert common.prf(4, 8, 2) == (0.5, 0.25, pytest.approx(1 / 3))
    assert common.prf(0, 5, 0) == (0.0, 0.0, 0.0)
    assert common.ratio(1, 0) is None


def test_vote_prefers_the_most_frequent_then_the_first():
    assert common.vote(["b", "a", "a", None]) == "a"
    assert common.vote(["b", "a"]) == "b"
    assert common.vote([None, ""]) is None


def test_confusion_lists_only_disagreements():
    pairs = [("x", "x"), ("x", "y"), ("x", "y"), ("z", "-")]
    assert common.confusion(pairs) == [("x", "y", 2), ("z", "-", 1)]


def test_worst_takes_turns_between_fields():
    failures = [Failure("d", "a", "", "", "", s) for s in (1.0, 0.9, 0.8)]
    failures += [Failure("d", "b", "", "", "", 0.5)]
    chosen = common.worst(failures, 3)
    assert [f.field for f in chosen] == ["a", "b", "a"]
    assert chosen[0].severity == 1.0 and chosen[2].severity == 0.9


def test_frequent_confusions_rank_first():
    failures = [Failure("d", "x", "a", "b", ""), Failure("d", "x", "a", "b", "")]
    failures += [Failure("d", "x", "a", "c", ""), Failure("d", "y", "q", "r", "", 0.3)]
    common.weigh_by_frequency(failures, lambda f: (f.gold, f.predicted), {"x"})
    assert [round(f.severity, 2) for f in failures] == [0.67, 0.67, 0.33, 0.3]


# ---- places -------------------------------------------------------------------------------


def test_places_walk_up_to_governorate_and_district(geo):
    village = geo.resolve("Tal Meleh", IKB.Village)
    hama = geo.resolve("Hamah", IKB.Governorate)
    assert geo.governorate(village) == hama
    assert geo.code(hama) == "SY-HM"
    assert geo.district(village) == geo.resolve("As Suqaylibiyah district", IKB.District)
    assert geo.governorate(geo.resolve("Idlib region", IKB.Region)) is None


# ---- FA-KES rules -------------------------------------------------------------------------


def test_fakes_dates_are_month_first():
    assert fakes.fakes_date("2/23/15") == "2015-02-23"
    assert fakes.fakes_date("12/1/16") == "2016-12-01"
    assert fakes.fakes_date("soon") is None


def test_civilians_include_children_and_women_and_people():
    counts = fakes_figures.incident_counts(
        [killed(9, IKB.People), killed(3, IKB.Children), killed(1, IKB.Women)]
    )
    assert counts == {"civilians": 9, "children": 3, "women": 1, "fighters": 0}
    only_parts = fakes_figures.incident_counts([killed(4, IKB.Children), killed(2, IKB.Women)])
    assert only_parts["civilians"] == 6


def test_fighters_add_both_sides_or_take_a_combatant_total():
    sides = [killed(7, IKB.GovernmentForces), killed(5, IKB.Insurgents)]
    assert fakes_figures.incident_counts(sides)["fighters"] == 12
    assert fakes_figures.incident_counts(sides + [killed(20, IKB.Combatants)])["fighters"] == 20
    assert fakes_figures.incident_counts([killed(3, IKB.People, IKB.Injured)])["civilians"] == 0


def test_article_counts_take_the_first_incident_with_a_figure():
    incidents = [[], [killed(11, IKB.Civilians)], [killed(400, IKB.People)]]
    counts = fakes_figures.article_counts(incidents)
    assert counts["civilians"] == (11, 1)
    assert counts["children"] == (0, None)


def vague(count: int, category) -> Casualty:
    return Casualty(count, IKB.AtLeast, category, IKB.Killed, 0, 1, "dozens", True)


def test_civilians_before_people_and_precise_before_vague_in_an_incident():
    counts = fakes_figures.incident_counts([killed(30, IKB.People), killed(24, IKB.Civilians)])
    assert counts["civilians"] == 24
    counts = fakes_figures.incident_counts([killed(4, IKB.Civilians), vague(24, IKB.Civilians)])
    assert counts["civilians"] == 4
    assert fakes_figures.incident_counts([vague(24, IKB.People)])["civilians"] == 24


def test_a_vague_headline_figure_gives_way_to_a_precise_later_one():
    counts = fakes_figures.article_counts([[vague(24, IKB.People)], [killed(58, IKB.People)]])
    assert counts["civilians"] == (58, 1)
    assert fakes_figures.article_counts([[vague(24, IKB.People)]])["civilians"] == (24, 0)


def test_a_lead_incident_of_one_side_closes_the_other_side():
    battle = [[killed(20, IKB.Insurgents)], [killed(3, IKB.Children)], [killed(5, IKB.Civilians)]]
    counts = fakes_figures.article_counts(battle)
    assert counts["fighters"] == (20, 0)
    assert counts["civilians"] == (0, None)
    assert counts["children"] == (0, None)
    massacre = [[killed(12, IKB.People)], [killed(40, IKB.GovernmentForces)]]
    assert fakes_figures.article_counts(massacre)["fighters"] == (0, None)
    both = [[killed(9, IKB.Civilians), killed(2, IKB.Combatants)], [killed(7, IKB.Insurgents)]]
    assert fakes_figures.article_counts(both)["fighters"] == (2, 0)


def test_location_is_the_lead_incidents_majority_place():
    places = [[None], ["idlib", "aleppo", "aleppo"], ["damascus"], ["damascus"], ["damascus"]]
    assert fakes.lead_location(places) == ("aleppo", 1)
    assert fakes.lead_location([[None], []]) == (None, None)


def test_cause_prefers_chemical_then_weapons_over_clashes():
    clash, strike, blast = [IKB.ArmedClash], [IKB.AirStrike], [IKB.Bombing]
    assert fakes.article_cause([clash, clash, strike]) == "shelling"
    assert fakes.article_cause([strike, [IKB.ChemicalAttack, IKB.AirStrike]]) == fakes.CHEMICAL
    assert fakes.article_cause([blast, strike, blast]) == "explosion"
    assert fakes.article_cause([clash]) == "shooting"
    assert fakes.article_cause([[IKB.TerritorySeized]]) == "unknown"


def test_actor_categories_follow_the_table_and_broader_links(geo):
    from rdflib import URIRef

    def category(local: str) -> str | None:
        return fakes.actor_category(URIRef(BASE + local), BASE, geo)

    assert category("actor/russia") == fakes.GOVERNMENT
    assert category("actor/islamic-state") == fakes.ISIS
    assert category("actor/sdf") == fakes.SELF_ADMINISTRATION
    assert category("actor/jihadists") is None
    assert category("actor/someone-new") is None


# ---- UCDP rules ---------------------------------------------------------------------------


def _event(day: str, province, district=None, best: int = 4) -> ucdp.Event:
    d = date.fromisoformat(day)
    return ucdp.Event("1", d, d, province, district, "somewhere", best - 1, best, best + 1)


def test_ucdp_window_prefers_a_precise_incident_date():
    from kb.extract.dates import TimeSpan

    day = TimeSpan("2019-03-02", "day", date(2019, 3, 2), date(2019, 3, 2), "Saturday")
    assert ucdp.window(day, "2019-03-04") == ((date(2019, 3, 2), date(2019, 3, 2)), "incident")
    month = TimeSpan("2019-01", "month", date(2019, 1, 1), date(2019, 1, 31), "since January")
    assert ucdp.window(month, "2019-03-04")[1] == "cumulative"
    assert ucdp.window(None, "2019-02") == ((date(2019, 2, 1), date(2019, 2, 28)), "month")
    assert ucdp.window(None, None) == (None, "article")


def test_ucdp_match_allows_one_day_either_side(geo):
    hama = geo.resolve("Hamah", IKB.Governorate)
    idlib = geo.resolve("Idlib", IKB.Governorate)
    events = [_event("2019-03-03", hama), _event("2019-03-09", idlib)]
    coverage = (date(2019, 1, 1), date(2019, 12, 31))
    span = (date(2019, 3, 2), date(2019, 3, 2))
    assert ucdp.match(events, {hama}, set(), span, coverage).reason == "matched"
    assert ucdp.match(events, {idlib}, set(), span, coverage).reason == "no event"
    assert ucdp.match(events, set(), set(), span, coverage).reason == "no province"
    late = (date(2021, 1, 5), date(2021, 1, 5))
    assert ucdp.match(events, {hama}, set(), late, coverage).reason == "outside coverage"


def test_ucdp_deaths_skip_included_parts():
    assert ucdp.incident_deaths([killed(10, IKB.People), killed(4, IKB.Children)]) == 10
    sentence = "Shells killed 9 soldiers and 12 rebels including 5 commanders"
    parts = [killed(9, IKB.GovernmentForces), killed(12, IKB.Insurgents)]
    part = Casualty(5, IKB.Exactly, IKB.Insurgents, IKB.Killed, sentence.index("5"), 0, "5")
    assert ucdp.incident_deaths(parts + [part], sentence) == 21
    assert ucdp.incident_deaths([killed(4, IKB.Children)]) == 4
    assert ucdp.incident_deaths([killed(2, IKB.People, IKB.Injured)]) is None


# ---- WikiEvents rules ---------------------------------------------------------------------


def test_find_head_walks_inside_the_span():
    # "the old mill": "the" -> "mill", "old" -> "mill", "mill" -> outside (index 7)
    heads = [2, 2, 7]
    assert kairos.find_head(heads, 0, 2) == 2
    # gen-arg stops at the first token whose head leaves the span, even if it is "the"
    assert kairos.find_head(heads, 0, 1) == 0


def test_head_word_rule_works_both_ways():
    S = kairos.Span
    assert kairos.overlaps(S(3, 6, 5), S(5, 6, 5))  # gold head inside predicted span
    assert kairos.overlaps(S(5, 6, 5), S(3, 7, 4))  # predicted head inside gold span
    assert not kairos.overlaps(S(0, 2, 1), S(3, 4, 3))


def test_mentions_pair_one_to_one_within_a_family():
    S, M = kairos.Span, kairos.EventMention
    gold = [M("die", S(4, 5, 4), "", ""), M("attack", S(9, 10, 9), "", "")]
    pred = [
        M("die", S(2, 5, 4), "", ""),
        M("die", S(4, 5, 4), "", ""),
        M("attack", S(4, 5, 4), "", ""),
    ]
    pairs = kairos.match_mentions(pred, gold)
    assert len(pairs) == 1 and pairs[0][1] is gold[0]


def test_arguments_match_by_head_or_by_coreference():
    S = kairos.Span
    gold = [S(10, 12, 11)]
    assert len(kairos.match_args([S(11, 12, 11)], gold)) == 1
    assert kairos.match_args([S(20, 21, 20)], gold) == []
    assert len(kairos.match_args([S(20, 21, 20)], gold, lambda p, g: True)) == 1


def test_rebuilt_text_keeps_token_offsets():
    import spacy

    raw = {
        "doc_id": "toy",
        "tokens": ["A", "mortar", "hit", "the", "depot", ".", "Two", "died", "."],
        "sentences": [
            [
                [
                    ["A", 0, 1],
                    ["mortar", 2, 8],
                    ["hit", 9, 12],
                    ["the", 13, 16],
                    ["depot", 17, 22],
                    [".", 22, 23],
                ],
                "",
            ],
            [[["Two", 25, 28], ["died", 29, 33], [".", 33, 34]], ""],
        ],
    }
    doc = kairos.rebuild(raw, spacy.blank("en"))
    assert doc.text == "A mortar hit the depot.\nTwo died."
    assert [doc.text[a:b] for a, b in zip(doc.starts, doc.ends, strict=True)] == raw["tokens"]
    assert doc.tokens(doc.text.index("depot"), doc.text.index("depot") + 5) == (4, 5)
    assert doc.sentence_of[7] == 1


# ---- the harness on real records ----------------------------------------------------------


def _cli():
    spec = importlib.util.spec_from_file_location("eval_cli", ROOT / "bench" / "run_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_harness_runs_on_a_few_corpus_records(corpus, tmp_path, capsys):
    out = tmp_path / "eval.json"
    seeds = corpus.parent / "seeds"
    code = _cli().main(
        [
            "--limit",
            "4",
            "--worst",
            "3",
            "--json",
            str(out),
            "--corpus",
            str(corpus),
            "--seeds",
            str(seeds),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "== fakes" in printed and "== ucdp" in printed and "== wikievents" in printed
    data = json.loads(out.read_text())
    assert set(data["datasets"]) == {"fakes", "ucdp", "wikievents"}
    fakes_metrics = {m["name"]: m for m in data["datasets"]["fakes"]["metrics"]}
    assert fakes_metrics["location accuracy"]["n"] == 4
    assert 0 <= fakes_metrics["location accuracy"]["value"] <= 1
    ucdp_metrics = {m["name"]: m for m in data["datasets"]["ucdp"]["metrics"]}
    assert ucdp_metrics["match rate (province, +-1 day)"]["n"] > 0
    wiki = {m["name"]: m for m in data["datasets"]["wikievents"]["metrics"]}
    assert wiki["attack mention F1"]["n"] > 0
    assert len(data["datasets"]["wikievents"]["worst"]) <= 3
    assert data["meta"]["cores"] and data["meta"]["python"]
