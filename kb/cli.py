"""The ``kb`` command: a thin layer over kb.api.KnowledgeBase; errors become one line and exit 1."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

import click

from kb.api import KnowledgeBase
from kb.config import Settings
from kb.errors import KBError, one_line
from kb.pictures.dates import user_span
from kb.sparql.formats import (
    EXPORTS,
    GRAPH_CHOICES,
    JSON_RESULTS,
    SOLUTION_CHOICES,
    TABLE,
    result_media,
)
from kb.sparql.tables import table

if TYPE_CHECKING:
    from kb.ask.answer import Answer

F = TypeVar("F", bound=Callable[..., object])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="incident-kb")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """incident-kb: armed-conflict incidents from news articles, as RDF you can ask and query."""
    ctx.obj = KnowledgeBase(Settings.from_env())
    ctx.call_on_close(ctx.obj.close)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.pass_obj
def ingest(kb: KnowledgeBase, inputs: tuple[str, ...]) -> None:
    """Ingest articles: files, folders (recursive), URLs, or - for stdin."""
    progress = None
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit="file", file=sys.stderr)
        progress = lambda origin: bar.update(1)  # noqa: E731
    report = kb.ingest(list(inputs), progress=progress)
    if bar is not None:
        bar.close()
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


@cli.command()
@click.argument("question", nargs=-1)
@click.option(
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help="One question a line; - for stdin.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question per line.")
@click.option("--as-of", help="Answer for this date (YYYY-MM-DD or YYYY-MM).")
@click.pass_obj
def ask(
    kb: KnowledgeBase,
    question: tuple[str, ...],
    file: TextIO | None,
    as_json: bool,
    as_of: str | None,
) -> None:
    """Ask a question in plain language."""
    if as_of:
        user_span(as_of, "--as-of")  # a bad date is one line, before the model loads
    questions = [q.strip() for q in file.read().splitlines() if q.strip()] if file else []
    if question:
        questions.append(" ".join(question))
    if not questions:
        raise click.UsageError("give a question, or --file FILE")
    for q in questions:
        answer = kb.ask(q, as_of=as_of)
        if as_json:
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            click.echo(render_text(answer))


def render_text(answer: Answer) -> str:
    lines = [answer.answer]
    lines += [f"  - {fact}" for fact in answer.facts[:8]]
    for s in answer.sources[:5]:
        where = ", ".join(x for x in (s.source, s.date) if x)
        lines.append(f"  > {s.sentence}  [{where}]" + (f" {s.url}" if s.url else ""))
    lines.append(f"  (confidence {answer.confidence:.2f})")
    return "\n".join(lines)


@cli.command()
@click.argument("query", required=False)
@click.option(
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from a file; - for stdin.",
)
@click.option(
    "--format",
    "fmt",
    default="table",
    type=click.Choice([*SOLUTION_CHOICES, *GRAPH_CHOICES]),
    help="table|csv|tsv|json|xml for SELECT/ASK, turtle|nt|jsonld for CONSTRUCT/DESCRIBE.",
)
@click.pass_obj
def sparql(kb: KnowledgeBase, query: str | None, file: TextIO | None, fmt: str) -> None:
    """Run a read-only SPARQL query over the whole dataset (all named graphs as the default graph)."""
    text = file.read() if file else query
    if not text:
        raise click.UsageError("give a QUERY, or --file FILE")
    output = kb.sparql(text, result_media(fmt, text))
    if fmt == TABLE and output.media_type == JSON_RESULTS:
        click.echo(table(json.loads(output.body)).with_count())
    else:
        sys.stdout.buffer.write(output.body)
        sys.stdout.flush()
    if output.truncated:
        click.echo(f"Warning: result cut at {output.rows} rows (KB_RESULT_LIMIT)", err=True)


def _output(help_: str) -> Callable[[F], F]:
    return click.option(
        "--output", "-o", type=click.Path(dir_okay=False, writable=True), help=help_
    )


_FROM = click.option("--from", "start", help="First day, month or year (YYYY[-MM[-DD]]).")
_TO = click.option("--to", "end", help="Last day, month or year (YYYY[-MM[-DD]]).")


@cli.command()
@click.option("--format", "fmt", default="turtle", type=click.Choice(list(EXPORTS)))
@_output("File to write; default stdout.")
@click.pass_obj
def export(kb: KnowledgeBase, fmt: str, output: str | None) -> None:
    """Export the dataset (TriG/N-Quads keep one named graph per article) with a VoID/DCAT description."""
    data = kb.export(fmt)
    _write(data, output, f"wrote {len(data):,} bytes to {output}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def stats(kb: KnowledgeBase, as_json: bool) -> None:
    """Counts of articles, sentences, incidents, claims, triples and vectors."""
    data = kb.stats()
    click.echo(
        json.dumps(data) if as_json else "\n".join(f"{k:>10}: {v:,}" for k, v in data.items())
    )


@cli.command()
@click.pass_obj
def validate(kb: KnowledgeBase) -> None:
    """Check the store against ontology/shapes.ttl (SHACL); exit 1 on violations."""
    conforms, report = kb.validate()
    click.echo(report.strip())
    if not conforms:
        sys.exit(1)


@cli.command()
@click.pass_obj
def reindex(kb: KnowledgeBase) -> None:
    """Rebuild the vector index from the graph store."""
    counts = kb.sync_vectors(rebuild=True)
    click.echo(f"re-embedded {counts['embedded']} articles; {kb.vectors.size} vectors")


@cli.command()
@click.argument("place", nargs=-1, required=True)
@_FROM
@_TO
@click.option("--format", "fmt", default="text", type=click.Choice(["text", "json", "csv", "png"]))
@click.option("--control", is_flag=True, help="Who held the place over time, from control claims.")
@_output("File to write (needed for png).")
@click.pass_obj
def timeline(
    kb: KnowledgeBase,
    place: tuple[str, ...],
    start: str | None,
    end: str | None,
    fmt: str,
    control: bool,
    output: str | None,
) -> None:
    """Incidents in a place in date order, or with --control who held it (text, JSON, CSV, PNG)."""
    from kb.pictures import draw_png

    if fmt == "png" and not output:
        raise click.UsageError("--format png needs --output FILE")
    name = " ".join(place)
    if control or fmt in ("csv", "png"):
        chart = kb.picture("control" if control else "incidents", name, start, end)
        result = chart if fmt != "png" else None
    else:
        result = kb.timeline(name, start, end)
    if fmt == "png":
        data = draw_png(chart)
    elif fmt == "csv":
        data = chart.to_csv().encode("utf-8")
    elif fmt == "json":
        data = (json.dumps(result.to_json(), ensure_ascii=False) + "\n").encode("utf-8")
    else:
        data = (result.to_text() + "\n").encode("utf-8")
    _write(data, output)


@cli.command(name="map")
@click.argument("place", nargs=-1, required=True)
@_FROM
@_TO
@click.option("--type", "types", multiple=True, help="Only incidents of this type (repeatable).")
@click.option("--format", "fmt", default="png", type=click.Choice(["png", "json", "csv"]))
@_output("File to write (needed for png).")
@click.pass_obj
def map_(
    kb: KnowledgeBase,
    place: tuple[str, ...],
    start: str | None,
    end: str | None,
    types: tuple[str, ...],
    fmt: str,
    output: str | None,
) -> None:
    """Incidents and control claims in a place or country on a map (PNG, JSON or CSV)."""
    from kb.pictures import draw_png

    if fmt == "png" and not output:
        raise click.UsageError("--format png needs --output FILE")
    chart = kb.picture("map", " ".join(place), start, end, list(types) or None)
    if fmt == "png":
        data = draw_png(chart)
    elif fmt == "csv":
        data = chart.to_csv().encode("utf-8")
    else:
        data = (json.dumps(chart.to_json(), ensure_ascii=False) + "\n").encode("utf-8")
    _write(data, output)


def _write(data: bytes, output: str | None, note: str | None = None) -> None:
    """To ``output`` (a path that cannot be written is one error line), else to stdout."""
    if not output:
        sys.stdout.buffer.write(data)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise KBError(f"{output}: cannot write ({exc.strerror or exc})") from None
    click.echo(note or f"wrote {output}", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_obj
def serve(kb: KnowledgeBase, host: str, port: int) -> None:
    """Serve the SPARQL endpoint, /ask, exports and the query page over HTTP."""
    from kb.serve import run
    from kb.store.local import own_store

    with own_store(kb):  # other kb processes on this KB_HOME reach the store through us
        run(kb, host, port)


@cli.command()
@click.option(
    "--http",
    "http",
    is_flag=True,
    help="Serve Slack's Events API over HTTP instead of Socket Mode.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=3000, show_default=True, type=int)
@click.pass_obj
def bot(kb: KnowledgeBase, http: bool, host: str, port: int) -> None:
    """Run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, or --http)."""
    from bot import run
    from kb.store.local import own_store

    with own_store(kb):
        run(kb, http=http, host=host, port=port)


@cli.command()
@click.argument("urls", nargs=-1)
@click.option(
    "--feeds",
    "feeds_file",
    type=click.Path(dir_okay=False),
    help="A file with one feed or page URL a line (# comments).",
)
@click.option(
    "--interval",
    default=300.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds between polls (a failing feed waits longer, doubling each time).",
)
@click.option("--once", is_flag=True, help="Poll every due feed once and exit (for cron).")
@click.pass_obj
def watch(
    kb: KnowledgeBase, urls: tuple[str, ...], feeds_file: str | None, interval: float, once: bool
) -> None:
    """Poll RSS/Atom feeds and pages; ingest each new article once (state in KB_HOME/watch)."""
    import logging
    import signal

    from kb.store.local import own_store
    from kb.watch import Watcher, feed_urls

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    watcher = Watcher(kb, feed_urls(list(urls), feeds_file), interval)
    signal.signal(signal.SIGTERM, lambda *_: watcher.stopping.set())
    try:
        if once:
            total = watcher.run(once=True)
        else:
            with own_store(kb):
                total = watcher.run()
    finally:
        watcher.close()
    click.echo(f"{total} new articles ingested from {len(watcher.urls)} feeds", err=True)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted; every article stored so far is complete.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KBError as exc:
        click.echo(f"Error: {one_line(exc)}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
