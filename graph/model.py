"""Plain typed data passed between the stages: ingest -> extract -> rdf.

Nothing here knows about RDF. Offsets always count characters in `Document.body`,
the text after any front matter, so a quote can be checked with
`document.body[span.start:span.end] == span.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Document:
    """One minutes file, read and split into front matter and body."""

    identifier: str
    """`dcterms:identifier`: the file's path relative to the folder given (`2023/minutes.txt`),
    or its name when the file was given itself; unique within one build."""
    path: Path
    """Where the file was read from."""
    body: str
    """The text after the front matter; every offset counts in this string."""
    source_url: str | None = None
    """`source_url` from the front matter, when given."""
    authority: str | None = None
    """`authority` from the front matter, as written (a name or a GSS code)."""
    committee: str | None = None
    """`committee` from the front matter."""
    meeting_date: str | None = None
    """`meeting_date` from the front matter, ISO 8601 (`2022-05-23`)."""
    title: str | None = None
    """A title for the document, when the front matter gives one."""
    encoding: str = "utf-8"
    """The encoding the bytes were finally decoded with (see `graph.ingest`)."""
    dropped: tuple[str, ...] = ()
    """One-line warnings for front-matter values ignored as unusable (a bad date, a
    `javascript:` URL); a failure with `--strict`."""


@dataclass(frozen=True)
class Span:
    """An exact quote of the document body and its character offsets."""

    start: int
    """Offset of the first character in `Document.body`."""
    end: int
    """Offset one past the last character (`end > start`)."""
    text: str
    """`Document.body[start:end]`, verbatim."""


@dataclass(frozen=True)
class Authority:
    """The local authority a document is about."""

    gss: str | None
    """ONS GSS code (`E08000009`); None when nothing in the document says."""
    name: str
    """A readable name (`Trafford`)."""


@dataclass(frozen=True)
class Inspection:
    """One Ofsted inspection or visit (or DfE review), possibly mentioned several times."""

    type: str
    """A notation of the inspection-type scheme (`focused-visit`, `ilacs`, ...)."""
    evidence: tuple[Span, ...]
    """Every passage of the document that mentions this inspection."""
    start: str | None = None
    """ISO 8601 start at the precision given (`2021`, `2021-10`, `2021-10-13`)."""
    end: str | None = None
    """ISO 8601 end date, when the text gives a range."""
    judgement: str | None = None
    """A notation of the judgement scheme (`good`, `inadequate`, ...)."""


@dataclass(frozen=True)
class Finding:
    """Something the inspection found or judged, good or bad."""

    quote: Span
    inspection: int
    """Index into `Extraction.inspections`."""
    polarity: str | None = None
    """`strength` or `weakness`."""
    theme: str | None = None
    """A notation of the theme scheme (`workforce`, ...)."""


@dataclass(frozen=True)
class Recommendation:
    """Something the inspection recommended or required (incl. Areas for Priority Action)."""

    quote: Span
    inspection: int
    """Index into `Extraction.inspections`."""
    addresses: tuple[int, ...] = ()
    """Indexes into `Extraction.findings` this recommendation addresses."""
    theme: str | None = None
    """A notation of the theme scheme."""
    addresses_basis: str | None = None
    """Why it addresses those findings: `named` (the text says) or `theme` (same theme)."""


@dataclass(frozen=True)
class Response:
    """An action the authority took or plans because of a finding or recommendation."""

    quote: Span
    responds_to: tuple[str, ...]
    """Targets as `F<n>` (finding n) or `R<n>` (recommendation n); empty only when
    `basis` is `none`."""
    theme: str | None = None
    """A notation of the theme scheme."""
    status: str | None = None
    """`planned`, `in-progress` or `done`, when the wording says."""
    basis: str | None = None
    """Why it answers those targets (annotation guide v2): `named` (the text ties it to
    them), `plan` (it answers the inspection as a whole), `theme` (same theme) or `none`."""


@dataclass(frozen=True)
class Metric:
    """A number reported about the service."""

    quote: Span
    value: float
    """The number (`34.6` for "34.6%")."""
    unit: str | None = None
    """`percent`, `count`, `days`, `pounds`, ..."""
    measure: str | None = None
    """What is measured, in a few words (`turnover rate`)."""


@dataclass(frozen=True)
class Resolution:
    """What the committee resolved or decided."""

    quote: Span


@dataclass(frozen=True)
class Extraction:
    """Everything the extractor found in one document."""

    document: Document
    authority: Authority | None = None
    """None when nothing in the document (or its front matter or URL) says."""
    meeting_date: str | None = None
    """The meeting date read from the text, when the front matter does not give it."""
    inspections: tuple[Inspection, ...] = ()
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    responses: tuple[Response, ...] = ()
    metrics: tuple[Metric, ...] = ()
    resolutions: tuple[Resolution, ...] = ()


@dataclass
class BuildReport:
    """What a build did, for the summary the CLI prints."""

    documents: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    """(file, reason) for every input file that was skipped."""
    warnings: list[str] = field(default_factory=list)
    """One-line warnings that did not stop the build (e.g. a decoding fallback)."""
    dropped: list[str] = field(default_factory=list)
    """One-line warnings for input fields ignored as unusable (see `Document.dropped`)."""
    triples: int = 0
