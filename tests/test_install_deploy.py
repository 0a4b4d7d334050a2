"""deploy/: what can be checked without a container runtime (this machine has the docker client
but no daemon, and no registry to pull a base image from). The compose file is parsed; every
`kb` command in it, in the systemd units and in the Dockerfile is parsed by the real CLI, so a
renamed flag breaks this test rather than a deployment; the oxigraph command is checked against
the installed server's own help."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from kb.cli import cli

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def check_kb(args: list[str]) -> None:
    """Parse ``kb ARGS`` with the real click command: unknown commands or options raise."""
    assert args[0] == "kb", args
    name, rest = args[1], args[2:]
    assert name in cli.commands, f"kb has no command {name!r}"
    command = cli.commands[name]
    context = command.make_context(name, list(rest))  # raises click.UsageError on a bad flag
    context.close()


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_runs_endpoint_bot_watcher_and_oxigraph_on_one_volume():
    services = compose()["services"]
    assert set(services) == {"oxigraph", "endpoint", "bot", "watcher"}
    for name, service in services.items():
        assert "kb-data:/data" in service["volumes"], name
    for name in ("endpoint", "bot", "watcher"):
        env = services[name]["environment"]
        assert env["KB_SPARQL_QUERY_URL"] == "http://oxigraph:7878/query"
        assert env["KB_SPARQL_UPDATE_URL"] == "http://oxigraph:7878/update"
        assert env["KB_HOME"].startswith("/data/")
        assert services[name]["depends_on"]["oxigraph"]["condition"] == "service_healthy"
    assert services["bot"]["environment"]["SLACK_BOT_TOKEN"].startswith("${SLACK_BOT_TOKEN")
    assert "ports" not in services["oxigraph"]  # the write path stays off the network
    assert "kb-data" in compose()["volumes"]


def test_every_kb_command_in_deploy_parses_with_the_real_cli():
    commands = [s["command"] for s in compose()["services"].values() if s["command"][0] == "kb"]
    assert len(commands) == 3
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    commands.append(json.loads(cmd.group(1)))
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        line = re.search(r"^ExecStart=(.*)$", unit.read_text(encoding="utf-8"), re.MULTILINE)
        args = shlex.split(line.group(1))
        assert args[0].endswith("/bin/kb"), unit.name
        commands.append(["kb", *args[1:]])
    for args in commands:
        check_kb(args)
    # the comment's alternative for Slack's HTTP API parses too
    check_kb(["kb", "bot", "--http", "--host", "0.0.0.0", "--port", "3000"])


def test_the_checker_rejects_a_wrong_flag():
    with pytest.raises(click.UsageError):
        check_kb(["kb", "watch", "--feed-file", "x"])
    with pytest.raises(AssertionError):
        check_kb(["kb", "watcher"])


def test_oxigraph_command_matches_the_installed_server():
    oxigraph = compose()["services"]["oxigraph"]["command"]
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    shown = subprocess.run(
        [binary, oxigraph[1], "--help"], capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0, shown.stderr
    for flag in (a for a in oxigraph[2:] if a.startswith("--")):
        assert flag in shown.stdout, flag


def test_dockerfile_is_cpu_only_non_root_with_models_and_a_health_check():
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "download.pytorch.org/whl/cpu torch==2.13.0" in text
    assert re.search(r"^USER kb$", text, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK ", text, re.MULTILINE)
    assert "HF_HUB_OFFLINE=1" in text
    assert "kb ingest /tmp/warmup.txt" in text  # models loaded (and ONNX exported) at build time
    assert (DEPLOY / "Dockerfile.dockerignore").exists()
