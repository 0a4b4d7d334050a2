"""The Slack bot over HTTP, end to end: a real Bolt app served by uvicorn on a free port, its
Web API client pointed at a local fake Slack, fed signed requests shaped like Slack's.

Assertions are on what reached the fake (chat.postMessage, response_url, uploads) and on the
HTTP answers Slack would get, never on our functions.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import time

import httpx
import pytest
from rdflib import RDF, Graph, Namespace
from slack_fake import (
    BOT_ID,
    BOT_USER,
    SIGNING_SECRET,
    FakeSlack,
    app_mention,
    block_actions,
    bot_over_http,
    direct_message,
    event_callback,
    post_form,
    post_json,
    slash_command,
)

VOID = Namespace("http://rdfs.org/ns/void#")


class Capture(logging.Handler):
    """Every log line of the module's run, to check that no secret is ever written."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def logs():
    capture, root = Capture(), logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    yield capture
    root.removeHandler(capture)
    root.setLevel(level)


@pytest.fixture(scope="module")
def slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def events_url(slack, demo_kb, logs):
    """``kb bot --http`` in-process, against the fake Slack."""
    with bot_over_http(demo_kb, slack) as url:
        yield url


def texts(blocks: list[dict]) -> str:
    """All the text a person would read in a list of blocks."""
    out = []
    for block in blocks:
        out.append(block.get("text", {}).get("text", ""))
        out += [
            e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)
        ]
    return "\n".join(out)


def command(events_url, slack, text: str, name: str, channel: str = "C0CMD") -> httpx.Response:
    response = post_form(events_url, slash_command(text, channel, slack.response_url(name)))
    assert response.status_code == 200, response.text
    return response


# ---- mentions and DMs -----------------------------------------------------------------------------
def test_app_mention_is_answered_in_its_thread(events_url, slack):
    event = app_mention("who controls Idlib?", "C0MENTION", "1700000000.000100")
    started = time.perf_counter()
    response = post_json(events_url, event_callback(event, "Ev0MENTION"))
    assert response.status_code == 200
    assert time.perf_counter() - started < 3, "Slack needs the acknowledgement within 3 s"
    reply = slack.wait_for("chat.postMessage", channel="C0MENTION")
    assert reply.params["thread_ts"] == "1700000000.000100"
    shown = texts(reply.params["blocks"])
    assert "Hayat Tahrir al-Sham" in shown.split("\n")[0], "the short answer comes first"
    assert "Syrian Observatory for Human Rights" in shown
    assert "<https://demo.incident-kb.org/" in shown, "evidence links to its article"
    assert "Confidence" in shown
    assert "Hayat Tahrir al-Sham" in reply.params["text"]
    buttons = [e for b in reply.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons and buttons[0]["text"]["text"] == "Show SPARQL"
    assert reply.headers["authorization"] == f"Bearer {slack.bot_token}"


def test_mention_inside_a_thread_answers_in_that_thread(events_url, slack):
    event = app_mention("Who controls Idlib?", "C0THREAD", "1700000001.000200", "1700000000.000001")
    post_json(events_url, event_callback(event, "Ev0THREAD"))
    reply = slack.wait_for("chat.postMessage", channel="C0THREAD")
    assert reply.params["thread_ts"] == "1700000000.000001"


def test_direct_message_is_answered_in_its_thread(events_url, slack):
    event = direct_message("Who controls Idlib?", "D0DM", "1700000002.000300")
    assert post_json(events_url, event_callback(event, "Ev0DM")).status_code == 200
    reply = slack.wait_for("chat.postMessage", channel="D0DM")
    assert reply.params["thread_ts"] == "1700000002.000300"
    assert "Hayat Tahrir al-Sham" in texts(reply.params["blocks"])


def test_nothing_found_says_so_and_escapes_the_echoed_question(events_url, slack):
    # Slack sends &, < and > as entities; the bot must send them back as entities too.
    event = app_mention("zqxv &lt;b&gt; &amp; <@UOTHER01>?", "C0ESCAPE", "1700000003.000400")
    post_json(events_url, event_callback(event, "Ev0ESCAPE"))
    reply = slack.wait_for("chat.postMessage", channel="C0ESCAPE")
    headline = reply.params["blocks"][0]["text"]["text"]
    assert headline.startswith("I found nothing on “zqxv &lt;b&gt; &amp; &lt;@UOTHER01&gt;?”")
    assert f"<@{BOT_USER}>" not in json.dumps(reply.params["blocks"])


def test_bare_mention_gets_the_help_in_its_thread(events_url, slack):
    event = app_mention("", "C0BARE", "1700000007.000100")
    post_json(events_url, event_callback(event, "Ev0BARE"))
    reply = slack.wait_for("chat.postMessage", channel="C0BARE")
    assert reply.params["thread_ts"] == "1700000007.000100"
    assert "/kb sparql" in texts(reply.params["blocks"])


def test_retry_of_a_handled_event_gets_no_second_reply(events_url, slack):
    payload = event_callback(
        app_mention("Who controls Idlib?", "C0RETRY", "1700000004.1"), "Ev0RETRY"
    )
    post_json(events_url, payload)
    slack.wait_for("chat.postMessage", channel="C0RETRY")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post_json(events_url, payload, headers=retry).status_code == 200
    # a new event in the same channel: once it is answered, the retry would have been too
    follow = app_mention("Who controls Idlib?", "C0RETRY", "1700000004.2")
    post_json(events_url, event_callback(follow, "Ev0RETRY2"))
    slack.wait_for("chat.postMessage", channel="C0RETRY", count=2)
    time.sleep(0.3)
    threads = [c.params["thread_ts"] for c in slack.calls("chat.postMessage", channel="C0RETRY")]
    assert threads == ["1700000004.1", "1700000004.2"]


def test_bot_messages_edits_and_own_messages_are_ignored(events_url, slack):
    ignored = [
        direct_message(
            "Who controls Idlib?", "D0IGNORE", "1.1", subtype="bot_message", bot_id="BOTHER"
        ),
        direct_message("Who controls Idlib?", "D0IGNORE", "1.2", bot_id=BOT_ID, user=BOT_USER),
        direct_message("Who controls Idlib?", "D0IGNORE", "1.3", subtype="message_changed"),
        direct_message("Who controls Idlib?", "D0IGNORE", "1.4", edited={"user": "UALICE01"}),
        direct_message("Who controls Idlib?", "C0CHANNEL", "1.5", channel_type="channel"),
    ]
    for n, event in enumerate(ignored):
        response = post_json(events_url, event_callback(event, f"Ev0IGN{n}"))
        assert response.status_code == 200, "an unhandled event gets 404 and Slack retries it"
    post_json(
        events_url,
        event_callback(direct_message("Who controls Idlib?", "D0IGNORE", "1.9"), "Ev0IGN9"),
    )
    slack.wait_for("chat.postMessage", channel="D0IGNORE")
    time.sleep(0.3)
    assert [c.params["thread_ts"] for c in slack.calls("chat.postMessage", channel="D0IGNORE")] == [
        "1.9"
    ]
    assert not slack.calls("chat.postMessage", channel="C0CHANNEL")


# ---- Slack's security rules -------------------------------------------------------------------
def test_forged_signature_is_rejected(events_url, slack):
    payload = event_callback(app_mention("Who controls Idlib?", "C0FORGED", "1.1"), "Ev0FORGED")
    response = post_json(events_url, payload, secret="not-the-signing-secret")
    assert response.status_code == 401
    # the forged delivery must not use up the event id: the real one is still answered
    assert post_json(events_url, payload).status_code == 200
    slack.wait_for("chat.postMessage", channel="C0FORGED")


def test_stale_timestamp_is_rejected(events_url, slack):
    payload = event_callback(app_mention("Who controls Idlib?", "C0STALE", "1.1"), "Ev0STALE")
    response = post_json(events_url, payload, timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    unsigned = httpx.post(events_url, json=payload)
    assert unsigned.status_code == 401
    time.sleep(0.3)
    assert not slack.calls("chat.postMessage", channel="C0STALE")


def test_url_verification_is_answered(events_url):
    payload = {
        "token": "legacy",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    response = post_json(events_url, payload)
    assert response.status_code == 200
    assert response.json() == {"challenge": payload["challenge"]}


# ---- /kb --------------------------------------------------------------------------------------
def test_kb_ask_answers_through_response_url(events_url, slack):
    started = time.perf_counter()
    command(events_url, slack, "ask Who controls Idlib?", "ask")
    assert time.perf_counter() - started < 3
    answer = slack.wait_for("response", name="ask")
    assert answer.params["response_type"] == "in_channel"
    assert "Hayat Tahrir al-Sham" in texts(answer.params["blocks"])


def test_kb_without_subcommand_asks_the_question(events_url, slack):
    command(events_url, slack, "Who controls Idlib?", "bare")
    assert "Hayat Tahrir al-Sham" in texts(slack.wait_for("response", name="bare").params["blocks"])


def test_kb_help_is_the_acknowledgement_itself(events_url, slack):
    response = command(events_url, slack, "help", "help")
    body = response.json()
    assert "/kb sparql" in texts(body["blocks"]) and "/kb export" in texts(body["blocks"])


def test_kb_stats(events_url, slack, demo_kb):
    command(events_url, slack, "stats", "stats")
    shown = texts(slack.wait_for("response", name="stats").params["blocks"])
    assert f"articles: {demo_kb.stats()['articles']:,}" in shown


def test_kb_timeline_posts_text_and_a_chart(events_url, slack):
    command(events_url, slack, "timeline Khan Sheikhoun from 2019-06", "timeline", channel="C0TIME")
    shown = texts(slack.wait_for("response", name="timeline").params["blocks"])
    assert "incidents in Khan Shaykhun" in shown and "2019-08" in shown
    done = slack.wait_for("files.completeUploadExternal", channel_id="C0TIME")
    upload = slack.wait_for("upload", file_id=done.params["files"][0]["id"])
    assert upload.body[:8] == b"\x89PNG\r\n\x1a\n"
    assert slack.calls("files.getUploadURLExternal", filename="timeline.png")


def test_kb_sparql_small_result_is_a_table(events_url, slack):
    query = "SELECT ?title WHERE { ?a a <https://schema.org/NewsArticle> ; <https://schema.org/headline> ?title } ORDER BY ?title"
    command(events_url, slack, f"sparql {query}", "sparql-small", channel="C0SMALL")
    shown = texts(slack.wait_for("response", name="sparql-small").params["blocks"])
    assert shown.startswith("```") and "Government troops enter Khan Sheikhoun" in shown
    assert "5 rows" in shown
    time.sleep(0.3)
    assert not slack.calls("files.completeUploadExternal", channel_id="C0SMALL")


def test_kb_sparql_construct_in_a_comment_or_a_string_is_still_a_table(events_url, slack):
    query = (
        "# CONSTRUCT { ?a ?p ?o }\nSELECT ?title WHERE { ?a <https://schema.org/headline> ?title "
        'FILTER (?title != "DESCRIBE") } ORDER BY ?title'
    )
    command(events_url, slack, f"sparql {query}", "sparql-masked", channel="C0MASKED")
    answer = slack.wait_for("response", name="sparql-masked")
    shown = texts(answer.params["blocks"])
    assert answer.params["response_type"] == "in_channel", shown
    assert shown.startswith("```\ntitle\n---") and "Government troops enter Khan Sh" in shown
    assert "5 rows" in shown and "triples" not in shown


def test_kb_sparql_large_result_is_cut_and_uploaded_as_csv(events_url, slack):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 300"
    command(events_url, slack, f"sparql {query}", "sparql-large", channel="C0LARGE")
    shown = texts(slack.wait_for("response", name="sparql-large").params["blocks"])
    assert "of 300 rows shown" in shown and "left out" in shown
    url_call = slack.wait_for("files.getUploadURLExternal", filename="sparql-result.csv")
    done = slack.wait_for("files.completeUploadExternal", channel_id="C0LARGE")
    file_id = done.params["files"][0]["id"]
    upload = slack.wait_for("upload", file_id=file_id)
    assert int(url_call.params["length"]) == len(upload.body)
    rows = list(csv.reader(io.StringIO(upload.body.decode("utf-8"))))
    assert rows[0] == ["s", "p", "o"] and len(rows) == 301
    assert "300 rows" in done.params["initial_comment"]


def test_kb_sparql_refuses_updates(events_url, slack):
    command(events_url, slack, "sparql INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update")
    answer = slack.wait_for("response", name="update")
    assert answer.params["response_type"] == "ephemeral"
    assert "not allowed" in texts(answer.params["blocks"])


def test_kb_sparql_syntax_error_is_a_short_warning(events_url, slack):
    command(events_url, slack, "sparql SELECT ?x WHERE { ?x", "syntax")
    shown = texts(slack.wait_for("response", name="syntax").params["blocks"])
    assert shown.startswith(":warning:") and "Traceback" not in shown


def test_kb_export_uploads_turtle_that_parses(events_url, slack, demo_kb):
    response = command(events_url, slack, "export turtle", "export", channel="C0EXPORT")
    assert response.text.startswith("Exporting")
    done = slack.wait_for("files.completeUploadExternal", channel_id="C0EXPORT")
    upload = slack.wait_for("upload", file_id=done.params["files"][0]["id"])
    assert slack.calls("files.getUploadURLExternal", filename="incident-kb.ttl")
    graph = Graph().parse(data=upload.body, format="turtle")
    assert (None, RDF.type, VOID.Dataset) in graph
    assert len(graph) == len(Graph().parse(data=demo_kb.export("turtle"), format="turtle"))


def test_upload_refused_by_slack_becomes_a_warning(events_url, slack):
    slack.fail("files.completeUploadExternal", "not_in_channel", channel="C0NOTIN")
    command(events_url, slack, "export trig", "notin", channel="C0NOTIN")
    shown = texts(slack.wait_for("response", name="notin").params["blocks"])
    assert "not_in_channel" in shown and "invite" in shown


# ---- the Show SPARQL button --------------------------------------------------------------------
def test_show_sparql_button_shows_the_query_in_the_thread(events_url, slack):
    event = app_mention("Who controls Idlib?", "C0BUTTON", "1700000005.000500")
    post_json(events_url, event_callback(event, "Ev0BUTTON"))
    reply = slack.wait_for("chat.postMessage", channel="C0BUTTON")
    message = {"type": "message", "ts": "1700000005.000900", "thread_ts": "1700000005.000500"}
    message["blocks"] = reply.params["blocks"]
    button = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    action = {
        "type": "button",
        "block_id": "b1",
        "action_id": button["action_id"],
        "value": button["value"],
    }
    payload = block_actions(action, "C0BUTTON", message, slack.response_url("button"))
    assert post_form(events_url, {"payload": json.dumps(payload)}).status_code == 200
    shown = slack.wait_for("chat.postEphemeral", channel="C0BUTTON")
    assert shown.params["thread_ts"] == "1700000005.000500" and shown.params["user"] == "UALICE01"
    code = texts(shown.params["blocks"])
    assert code.startswith("```") and "ControlClaim" in code and "SELECT" in code


def test_show_sparql_falls_back_to_response_url(events_url, slack):
    slack.fail("chat.postEphemeral", "not_in_channel", channel="C0ELSEWHERE")
    command(events_url, slack, "ask Who controls Idlib?", "ask-elsewhere", channel="C0ELSEWHERE")
    answer = slack.wait_for("response", name="ask-elsewhere")
    button = next(
        e for b in answer.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    )
    message = {"type": "message", "ts": "1700000006.1", "blocks": answer.params["blocks"]}
    action = {
        "type": "button",
        "block_id": "b1",
        "action_id": "show_sparql",
        "value": button["value"],
    }
    payload = block_actions(action, "C0ELSEWHERE", message, slack.response_url("fallback"))
    post_form(events_url, {"payload": json.dumps(payload)})
    shown = slack.wait_for("response", name="fallback")
    assert shown.params["replace_original"] is False and "ControlClaim" in texts(
        shown.params["blocks"]
    )


def test_no_secret_was_logged(events_url, slack, logs):
    text = "\n".join(logs.lines)
    assert "chat.postMessage" in text and "'Authorization': '(redacted)'" in text, "saw the calls"
    for secret in (slack.bot_token, SIGNING_SECRET):
        assert secret not in text
