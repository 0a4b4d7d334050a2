"""CSV for people who draw their own pictures: one header, one row a record, ISO dates."""

from __future__ import annotations

import csv
import io


def csv_text(head: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()
