"""The Slack app manifests in deploy/ ask for exactly the scopes and events the bot uses."""

from __future__ import annotations

from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SCOPES = {"app_mentions:read", "chat:write", "commands", "files:write", "im:history"}
EVENTS = {"app_mention", "message.im"}


@pytest.mark.parametrize("mode", ["socket", "http"])
def test_manifest_scopes_events_and_command(mode):
    manifest = yaml.safe_load((DEPLOY / f"slack-manifest.{mode}.yaml").read_text())
    settings = manifest["settings"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert set(settings["event_subscriptions"]["bot_events"]) == EVENTS
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is (mode == "socket")
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/kb"
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    urls = [
        command.get("url"),
        settings["event_subscriptions"].get("request_url"),
        settings["interactivity"].get("request_url"),
    ]
    if mode == "http":
        assert all(u and u.endswith("/slack/events") for u in urls)
    else:
        assert urls == [None, None, None]


def test_readme_names_every_variable_and_both_modes():
    text = (DEPLOY / "README.md").read_text()
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "KB_HOME",
    ):
        assert name in text
    assert "kb bot --http" in text and "slack-manifest.socket.yaml" in text
