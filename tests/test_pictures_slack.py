"""``/kb timeline`` and ``/kb map`` in Slack: the PNGs reach the channel through the Web API's
file upload, against the local fake Slack with real signed requests (as tests/test_bot_http.py).
"""

from __future__ import annotations

import pytest
from slack_fake import FakeSlack, bot_over_http, post_form, slash_command

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def events_url(slack, demo_kb):
    """``kb bot --http`` in-process, against the fake Slack."""
    with bot_over_http(demo_kb, slack) as url:
        yield url


def command(events_url, slack, text: str, name: str, channel: str) -> None:
    response = post_form(events_url, slash_command(text, channel, slack.response_url(name)))
    assert response.status_code == 200, response.text


def upload_titled(slack, channel: str, title: str, count: int) -> bytes:
    """The bytes of the file titled ``title`` among the first ``count`` completed in ``channel``."""
    slack.wait_for("files.completeUploadExternal", channel_id=channel, count=count, timeout=60)
    for done in slack.calls("files.completeUploadExternal", channel_id=channel):
        for f in done.params["files"]:
            if f.get("title") == title:
                return slack.wait_for("upload", file_id=f["id"]).body
    raise AssertionError(f"no file titled {title!r} in {channel}")


def test_kb_timeline_uploads_the_control_chart(events_url, slack):
    command(events_url, slack, "timeline Hama", "timeline-control", channel="C0HELD")
    slack.wait_for("response", name="timeline-control")
    assert upload_titled(slack, "C0HELD", "Who held Hama", count=2)[:8] == PNG
    assert slack.calls("files.getUploadURLExternal", filename="control.png")


def test_kb_map_uploads_a_png(events_url, slack):
    command(events_url, slack, "map Hama 2019-06 2019-06", "map", channel="C0MAP")
    assert upload_titled(slack, "C0MAP", "Map of Hama", count=1)[:8] == PNG
    assert slack.calls("files.getUploadURLExternal", filename="map.png")


def test_kb_map_bad_date_is_a_short_warning(events_url, slack):
    command(events_url, slack, "map Hama from junk", "map-bad", channel="C0MAPBAD")
    reply = slack.wait_for("response", name="map-bad").params
    assert "YYYY" in reply["text"] and reply["response_type"] == "ephemeral"
