"""Draw docs/imports.svg: which part of the code imports which, one box a package or module.

Run it after a change that moves imports: `.venv/bin/python docs/draw_imports.py` (needs
Graphviz's `dot` on the PATH; the .dot file is written either way). The layers the boxes stand
in are the ones `lint-imports` enforces (pyproject.toml, [tool.importlinter]).
"""

from __future__ import annotations

import collections
import shutil
import subprocess
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
# Leaf modules nearly everything imports; their arrows would hide the ones that say something.
BASICS = ("kb.errors", "kb.vocab", "kb.config", "kb.resources")


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    return [[name.strip() for name in layer.split(":")] for layer in contract["layers"]]


def part(module: str) -> str:
    """The box a module is drawn in: the layer entry that holds it (kb.ask, kb.rdf.iris, bot),
    else its package two levels down."""
    entries = sorted((name for layer in layers() for name in layer), key=len, reverse=True)
    found = next((e for e in entries if module == e or module.startswith(e + ".")), None)
    return found or ".".join(module.split(".")[:2])


def dot_source() -> str:
    graph = grimp.build_graph("kb", "bot")
    edges: collections.Counter[tuple[str, str]] = collections.Counter()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = part(module), part(imported)
            if a != b and b not in BASICS:
                edges[(a, b)] += 1
    lines = [
        "digraph imports {",
        '  rankdir=TB; node [shape=box, fontname="Helvetica", fontsize=11];',
        '  edge [color="#777777"];',
    ]
    for i, layer in enumerate(layers()):
        lines.append(f"  {{ rank=same; {' '.join(f'{chr(34)}{n}{chr(34)}' for n in layer)} }}")
        for name in layer:
            lines.append(f'  "{name}" [style=filled, fillcolor="/blues7/{min(i + 2, 7)}"];')
    basics = " ".join(f'"{name}"' for name in BASICS)
    lines.append(f"  {{ rank=sink; {basics} }}")
    lines.append(
        '  label="kb.errors, kb.vocab, kb.config and kb.resources are imported from '
        'every layer; their arrows are left out."; fontsize=10;'
    )
    for (a, b), count in sorted(edges.items()):
        lines.append(f'  "{a}" -> "{b}" [penwidth={1 + min(count, 12) / 4:.1f}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    source = dot_source()
    dot_file = ROOT / "docs" / "imports.dot"
    dot_file.write_text(source)
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg", str(dot_file), "-o", str(dot_file.with_suffix(".svg"))])
    print(f"wrote {dot_file.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
