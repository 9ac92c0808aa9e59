"""The register PDF cut into parts that each start on a new page, as HTML documents made with the report's
templates: the opening (title page and overview), the front matter (sign-off, contents, controller details),
then the body in runs of activities (controller record, processor record grouped by controller), the third
parties, and the findings annex in runs of findings; consecutive runs lighter than a part together share one.
Each part is laid out on its own (`pdf_worker`); the front matter is made last, with the contents' page numbers as
literal numbers (`front(pages)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from ropa.register import Register

from .exporters.base import ExportContext
from .exporters.html import template_context

__all__ = ["Parts", "make_parts", "processor_runs"]

_DOCUMENT = '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">{}</head>\n<body>\n{}\n</body>\n</html>\n'
_TOC_LINK = re.compile(r'<a href="#([^"]+)">')
# Findings are short: a run of the annex holds this many times as many findings as a run holds activities. A
# third party is a table row: about as costly to lay out as an eighth of an activity.
FINDINGS_PER_ACTIVITY = 5
ROWS_PER_ACTIVITY = 8


def _runs(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def processor_runs(groups: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    """The processor record's activities in runs of `size`, each run a list of per-controller entries for
    `part_processor.html`: the group, its 1-based index, the run's activities of it, and whether the run opens it."""
    flat = [(index, group, a) for index, group in enumerate(groups, start=1) for a in group["activities"]]
    runs: list[list[dict[str, Any]]] = []
    for run in _runs(flat, size):
        entries: list[dict[str, Any]] = []
        for index, group, activity in run:
            if not entries or entries[-1]["index"] != index:
                first = activity is group["activities"][0]
                entries.append({"group": group, "index": index, "activities": [], "first": first})
            entries[-1]["activities"].append(activity)
        runs.append(entries)
    return runs


def _pack(pieces: Iterable[tuple[str, float]], size: int) -> Iterator[list[str]]:
    """Consecutive fragments grouped into parts of at most `size` activities' weight (one alone may weigh more):
    a short run, an empty section or the third parties flow on after the previous run, as in the single pass."""
    group: list[str] = []
    weight = 0.0
    for piece, cost in pieces:
        if group and weight + cost > size:
            yield group
            group, weight = [], 0.0
        group.append(piece)
        weight += cost
    if group:
        yield group


@dataclass
class Parts:
    """The HTML of every part of one report, the stylesheet they share, and the front matter's template."""

    css: str
    stamp_css: str  # the overlay's stylesheet (`pdf_join`): the margins only
    opening: list[str]  # the title page with the overview's first rows, then the overview's further runs
    body: Iterable[str]  # made as it is iterated (once)
    _front: str
    toc_targets: list[str]
    activities: int

    def front(self, pages: dict[str, int] | None = None, width: int = 0) -> str:
        """The front matter with the contents' page numbers written in (`pages`: anchor id to page number), or
        with placeholders of `width` digits; with neither, as the single pass has it (numbers from the layout)."""
        if pages is None and not width:
            return self._front

        def numbered(match: re.Match) -> str:
            number = pages[match[1]] if pages is not None else "0" * width
            return f'<a href="#{match[1]}" data-page="{number}">'

        return _TOC_LINK.sub(numbered, self._front)


def _document(fragment: str, html_head: str = "") -> str:
    return _DOCUMENT.format(html_head, fragment)


def make_parts(register: Register, context: ExportContext, size: int) -> Parts:
    """Render every part's HTML with runs of `size` activities."""
    ctx = template_context(register, context, pdf=True)
    doc = ctx["doc"]

    def part(template: str, html_head: str = "", **extra: Any) -> str:
        return _document(fragment(template, **extra), html_head)

    def fragment(template: str, **extra: Any) -> str:
        return render_to_string(f"ropa/reports/{template}", {**ctx, **extra})

    def pieces() -> Iterator[tuple[str, float]]:
        """The body's fragments, each with its weight in activities, rendered as they are asked for."""
        controller = list(_runs(doc["controller_activities"], size)) or [[]]
        for i, run in enumerate(controller):
            yield fragment("part_controller.html", activities=run, head=not i), len(run)
        for i, groups in enumerate(processor_runs(doc["processor_activities"], size) or [[]]):
            yield fragment("part_processor.html", groups=groups, head=not i), sum(len(e["activities"]) for e in groups)
        yield fragment("part_parties.html"), len(doc["third_parties"]) / ROWS_PER_ACTIVITY
        annex = ctx["annex"]
        if annex is not None:
            findings = list(_runs(annex, size * FINDINGS_PER_ACTIVITY)) or [[]]
            for i, run in enumerate(findings):
                last = i == len(findings) - 1
                yield fragment("part_annex.html", findings=run, head=not i, tail=last), len(run) / FINDINGS_PER_ACTIVITY

    rows = list(_runs(ctx["overview"], size * ROWS_PER_ACTIVITY)) or [[]]
    # the first part carries the document's title: the joined PDF takes its metadata from it
    title = fragment("part_title.html").strip()
    opening = [part("part_opening.html", title, overview=rows[0], overview_continues=len(rows) > 1)]
    opening += [
        part("part_overview.html", rows=run, head=False, tail=i == len(rows) - 1)
        for i, run in enumerate(rows[1:], start=1)
    ]

    # consecutive fragments are packed into parts of at most `size`; made one by one, as the caller submits them
    body = (_document("\n".join(group)) for group in _pack(pieces(), size))
    front = part("part_front.html")
    css = render_to_string("ropa/reports/register.css") + render_to_string("ropa/reports/register_pdf.css")
    return Parts(
        css=css + render_to_string("ropa/reports/register_pdf_parts.css"),
        stamp_css=css + render_to_string("ropa/reports/register_pdf_stamp.css"),
        opening=opening,
        body=body,
        _front=front,
        toc_targets=_TOC_LINK.findall(front),
        activities=len(doc["controller_activities"]) + sum(len(g["activities"]) for g in doc["processor_activities"]),
    )
