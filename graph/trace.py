"""The trace view: per inspection, each finding and what was done about it.

Built from the rows of the `trace` named query, so it reads the same from a local
file or a remote endpoint, and rendered as a plain-text tree where a finding nobody
answered is marked, since those are what a scrutiny committee needs to see first
(a strength needs no response, as in `validate` and `stats`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib.term import Node

from graph.formats import QueryResult
from graph.query import resolve_query, run_query
from graph.store import LocalStore

UNANSWERED = "✗ no response recorded"
BASIS_WORDS = {"named": "named in the minutes", "plan": "inferred: answers the whole plan",
               "theme": "inferred: same theme"}
"""How the tree says why a link was made, so a reader can tell a link the minutes state
from one the rules inferred."""
EXEMPT = "strength: no response needed"
"""Under an unanswered strength: like `validate` and `stats`, a strength needs no response."""


@dataclass(frozen=True)
class TraceResponse:
    """An action the authority took, with its exact words."""

    iri: str
    quote: str
    source: str
    """The identifier of the document the quote is from."""
    status: str | None = None
    """`planned`, `in-progress` or `done`, when recorded."""
    basis: str | None = None
    """Why it answers what it answers: `named`, `plan` or `theme` (see `BASIS_WORDS`)."""


@dataclass(frozen=True)
class TraceRecommendation:
    """A recommendation addressing a finding, with the responses that answer it."""

    iri: str
    quote: str
    responses: tuple[TraceResponse, ...]
    basis: str | None = None
    """Why it addresses the finding: `named` or `theme`."""


@dataclass(frozen=True)
class TraceFinding:
    """A finding, and everything that answers it directly or through a recommendation."""

    iri: str
    quote: str
    source: str
    polarity: str | None
    theme: str | None
    responses: tuple[TraceResponse, ...]
    """Responses that answer the finding itself."""
    recommendations: tuple[TraceRecommendation, ...]
    """Recommendations addressing the finding that someone answered."""

    @property
    def answered(self) -> bool:
        return bool(self.responses or self.recommendations)

    @property
    def unanswered(self) -> bool:
        """No response answers it and it needs one (it is not a strength)."""
        return not self.answered and self.polarity != "strength"


@dataclass(frozen=True)
class TraceInspection:
    """One inspection of one authority with its findings, in the order the query gave."""

    iri: str
    authority: str
    """The authority's label."""
    type: str
    """The inspection-type notation."""
    date: str | None
    findings: tuple[TraceFinding, ...]


def notation(term: Node | None) -> str | None:
    """The last segment of a concept IRI (`.../theme/workforce` -> `workforce`)."""
    return None if term is None else str(term).rsplit("/", 1)[-1]


def text(term: Node | None) -> str | None:
    return None if term is None else str(term)


Record = Mapping[str, Node | None]


def group(rows: list[Record], key: str) -> dict[str, list[Record]]:
    """Rows by the value of one column, in first-seen order (the query's ORDER BY)."""
    groups: dict[str, list[Record]] = {}
    for row in rows:
        groups.setdefault(str(row[key]), []).append(row)
    return groups


def build_trace(result: QueryResult) -> list[TraceInspection]:
    """Fold the `trace` query's (finding, response) rows into one tree per inspection."""
    by_inspection = group(result.records(), "inspection")
    return [make_inspection(iri, rows) for iri, rows in by_inspection.items()]


def make_inspection(iri: str, rows: list[Record]) -> TraceInspection:
    first = rows[0]
    return TraceInspection(
        iri=iri, authority=str(first["authorityLabel"]),
        type=str(notation(first["inspectionType"])), date=text(first["inspectionDate"]),
        findings=tuple(make_finding(f, f_rows) for f, f_rows in group(rows, "finding").items()),
    )


def make_finding(iri: str, rows: list[Record]) -> TraceFinding:
    first = rows[0]
    answered = [row for row in rows if row["response"] is not None]
    through = group([row for row in answered if row["recommendation"] is not None],
                    "recommendation")
    return TraceFinding(
        iri=iri, quote=str(first["findingQuote"]), source=str(first["findingSource"]),
        polarity=notation(first["polarity"]), theme=notation(first["theme"]),
        responses=unique(make_response(row) for row in answered if row["recommendation"] is None),
        recommendations=tuple(
            TraceRecommendation(rec, str(rec_rows[0]["recommendationQuote"]),
                                unique(make_response(row) for row in rec_rows),
                                notation(rec_rows[0]["addressesBasis"]))
            for rec, rec_rows in through.items()
        ),
    )


def make_response(row: Record) -> TraceResponse:
    return TraceResponse(str(row["response"]), str(row["responseQuote"]),
                         str(row["responseSource"]), notation(row["status"]),
                         notation(row["basis"]))


def unique(responses: Iterable[TraceResponse]) -> tuple[TraceResponse, ...]:
    """Each response once (a finding quoted in two passages gives each pair twice)."""
    return tuple(dict.fromkeys(responses))


def trace(store: LocalStore | None = None, endpoint: str | None = None,
          authority: str | None = None, theme: str | None = None) -> list[TraceInspection]:
    """The trace tree of a local store or a remote endpoint, optionally narrowed."""
    values = {name: value for name, value in (("authority", authority), ("theme", theme))
              if value is not None}
    return build_trace(run_query(resolve_query("trace"), values, store=store, endpoint=endpoint))


def short_id(iri: str) -> str:
    """The item's own segment (`.../finding/doc/f1` -> `f1`): the source names the document."""
    return iri.rsplit("/", 1)[-1]


def render_trace(inspections: list[TraceInspection]) -> str:
    """The tree as text, one block per inspection, a summary line at the end."""
    lines: list[str] = []
    for inspection in inspections:
        heading = " · ".join(part for part in (inspection.authority, inspection.type,
                                               inspection.date or "undated") if part)
        lines += [heading, f"  {inspection.iri}"]
        for position, finding in enumerate(inspection.findings):
            last = position == len(inspection.findings) - 1
            branch, indent = ("└─ ", "   ") if last else ("├─ ", "│  ")
            tags = ", ".join(t for t in (finding.polarity, finding.theme) if t)
            lines.append(f"{branch}Finding {short_id(finding.iri)}"
                         f"{f' ({tags})' if tags else ''}: \"{finding.quote}\" [{finding.source}]")
            children = [response_line(r) for r in finding.responses]
            for recommendation in finding.recommendations:
                answers = tree_lines([response_line(r) for r in recommendation.responses])
                children.append([f"Recommendation {short_id(recommendation.iri)}"
                                 f"{why(recommendation.basis)}: \"{recommendation.quote}\"",
                                 *answers])
            if not finding.answered:
                children.append([UNANSWERED if finding.unanswered else EXEMPT])
            lines += [f"{indent}{line}" for line in tree_lines(children)]
        lines.append("")
    findings = [f for inspection in inspections for f in inspection.findings]
    answered = sum(f.answered for f in findings)
    unanswered = sum(f.unanswered for f in findings)
    lines.append(f"{len(inspections)} inspection(s), {len(findings)} finding(s), "
                 f"{answered} answered, {len(findings) - answered - unanswered} strength(s) "
                 f"needing none, {unanswered} with no response recorded.")
    return "\n".join(lines) + "\n"


def why(basis: str | None) -> str:
    return f" ({BASIS_WORDS[basis]})" if basis in BASIS_WORDS else ""


def response_line(response: TraceResponse) -> list[str]:
    status = f" [{response.status}]" if response.status else ""
    return [f"Response {short_id(response.iri)}{status}{why(response.basis)}: "
            f"\"{response.quote}\" [{response.source}]"]


def tree_lines(children: list[list[str]]) -> list[str]:
    """Children (each a first line and its continuation lines) drawn as tree branches."""
    lines = []
    for position, child in enumerate(children):
        last = position == len(children) - 1
        first, rest = child[0], child[1:]
        lines.append(("└─ " if last else "├─ ") + first)
        lines += [("   " if last else "│  ") + line for line in rest]
    return lines
