"""Write a synthetic graph shaped like a real build, about a million triples, as N-Triples.

Same IRI scheme and vocabulary as `graph.rdf` (authorities, inspections discussed by
many meetings, findings, recommendations, responses, metrics, resolutions, each with
its Web Annotation evidence), so the named queries do the same joins they do on real
data. Deterministic for a seed: the same arguments write the same bytes.

Usage: python benchmarks/generate_graph.py OUT.nt [--documents 5025] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

from graph.vocab import DEF, DEFAULT_BASE_IRI, OKG, STATISTICAL_GEOGRAPHY

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

THEMES = ("workforce", "caseloads", "management-oversight", "front-door",
          "assessment-and-planning", "child-protection", "children-in-care", "care-leavers",
          "early-help", "disabled-children", "domestic-abuse", "voice-of-the-child",
          "partnership", "leadership-and-governance", "systems-and-recording", "exploitation",
          "legal", "covid", "other")
TYPES = ("ilacs-standard", "ilacs-short", "focused-visit", "monitoring-visit", "jtai")
JUDGEMENTS = ("outstanding", "good", "requires-improvement", "inadequate")
STATUSES = ("planned", "in-progress", "done")
WORDS = ("children", "social", "workers", "plans", "care", "leavers", "managers", "oversight",
         "assessments", "timely", "partners", "health", "police", "recruitment", "agency",
         "turnover", "caseloads", "supervision", "audit", "quality", "practice", "families",
         "placements", "review", "board", "improvement", "training", "panel", "referrals")
AUTHORITIES = 150
INSPECTIONS_PER_AUTHORITY = 6


def iri(value: str) -> str:
    return f"<{value}>"


def literal(value: str, datatype: str | None = None) -> str:
    """An N-Triples literal; JSON string escapes are valid N-Triples escapes."""
    text = json.dumps(value, ensure_ascii=False)
    return f"{text}^^<{datatype}>" if datatype else text


class Writer:
    """Collects one document's triples as N-Triples lines; anchors items to made-up offsets."""

    def __init__(self, doc: str = "", doc_slug: str = "") -> None:
        self.lines: list[str] = []
        self.doc, self.doc_slug, self.offset = doc, doc_slug, 0

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"{subject} {iri(predicate)} {obj} .\n")

    def anchor(self, item: str, words: str) -> None:
        """The evidence node, quote and position selectors, as `graph.rdf.add_evidence`."""
        start, end = self.offset, self.offset + len(words)
        self.offset = end + 2
        evidence = f"{DEFAULT_BASE_IRI}evidence/{self.doc_slug}/{start}-{end}"
        quote, position = iri(evidence + "#quote"), iri(evidence + "#position")
        self.add(item, PROV + "wasDerivedFrom", iri(evidence))
        self.add(iri(evidence), RDF_TYPE, iri(OA + "SpecificResource"))
        self.add(iri(evidence), OA + "hasSource", self.doc)
        self.add(iri(evidence), OA + "hasSelector", quote)
        self.add(iri(evidence), OA + "hasSelector", position)
        self.add(quote, RDF_TYPE, iri(OA + "TextQuoteSelector"))
        self.add(quote, OA + "exact", literal(words))
        self.add(position, RDF_TYPE, iri(OA + "TextPositionSelector"))
        self.add(position, OA + "start", literal(str(start), XSD + "integer"))
        self.add(position, OA + "end", literal(str(end), XSD + "integer"))


def generate(documents: int, seed: int) -> Iterator[str]:
    """N-Triples lines of the synthetic graph, document by document."""
    rng = random.Random(seed)
    base = DEFAULT_BASE_IRI
    okg = str(OKG)
    inspections_seen: set[str] = set()

    def quote() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16)))

    for gss_number in range(AUTHORITIES):
        writer = Writer()
        gss = f"E{gss_number:08d}"
        authority = iri(f"{base}authority/{gss}")
        writer.add(authority, RDF_TYPE, iri(okg + "Authority"))
        writer.add(authority, RDFS_LABEL, literal(f"Authority {gss_number}"))
        writer.add(authority, okg + "gssCode", literal(gss))
        writer.add(authority, DCT + "spatial", iri(STATISTICAL_GEOGRAPHY + gss))
        yield from writer.lines

    for number in range(documents):
        gss = f"E{number % AUTHORITIES:08d}"
        authority = iri(f"{base}authority/{gss}")
        doc_slug = f"minutes-{number:06d}-txt"
        doc = iri(f"{base}document/{doc_slug}")
        writer = Writer(doc, doc_slug)
        year = 2015 + (number // AUTHORITIES) % 8
        writer.add(doc, RDF_TYPE, iri(okg + "SourceDocument"))
        writer.add(doc, DCT + "identifier", literal(f"minutes-{number:06d}.txt"))
        writer.add(doc, DCT + "source", iri(f"https://council-{gss}.example/minutes/{number}"))
        writer.add(doc, DCT + "date", literal(f"{year}-{rng.randint(1, 12):02d}-15", XSD + "date"))
        writer.add(doc, okg + "committee", literal("Children's Scrutiny Committee"))
        writer.add(doc, okg + "aboutAuthority", authority)
        slot = rng.randrange(INSPECTIONS_PER_AUTHORITY)
        kind = TYPES[slot % len(TYPES)]
        start = f"{2015 + slot}-{slot + 3:02d}"
        inspection = iri(f"{base}inspection/{gss}/{start}/{kind}")
        if inspection not in inspections_seen:
            inspections_seen.add(inspection)
            writer.add(inspection, RDF_TYPE, iri(okg + "Inspection"))
            writer.add(inspection, okg + "inspectedAuthority", authority)
            writer.add(inspection, okg + "inspectionType", iri(f"{DEF}/inspection-type/{kind}"))
            writer.add(inspection, okg + "startDate", literal(start, XSD + "gYearMonth"))
            if kind.startswith("ilacs"):
                judgement = rng.choice(JUDGEMENTS)
                writer.add(inspection, okg + "judgement", iri(f"{DEF}/judgement/{judgement}"))
        writer.anchor(inspection, f"the {kind.replace('-', ' ')} in {start}")

        findings = []
        for n in range(1, 5):
            finding = iri(f"{base}finding/{doc_slug}/f{n}")
            findings.append(finding)
            writer.add(finding, RDF_TYPE, iri(okg + "Finding"))
            writer.add(finding, okg + "fromInspection", inspection)
            polarity = "strength" if rng.random() < 0.3 else "weakness"
            writer.add(finding, okg + "polarity", iri(f"{DEF}/polarity/{polarity}"))
            writer.add(finding, okg + "theme", iri(f"{DEF}/theme/{rng.choice(THEMES)}"))
            writer.anchor(finding, quote())
        recommendations = []
        for n in range(1, 3):
            recommendation = iri(f"{base}recommendation/{doc_slug}/r{n}")
            recommendations.append(recommendation)
            writer.add(recommendation, RDF_TYPE, iri(okg + "Recommendation"))
            writer.add(recommendation, okg + "fromInspection", inspection)
            writer.add(recommendation, okg + "addresses", findings[n])
            writer.anchor(recommendation, quote())
        targets = [findings[0], recommendations[0], recommendations[1], findings[0]]
        for n, target in enumerate(targets, start=1):
            response = iri(f"{base}response/{doc_slug}/a{n}")
            writer.add(response, RDF_TYPE, iri(okg + "Response"))
            writer.add(response, okg + "byAuthority", authority)
            writer.add(response, okg + "respondsTo", target)
            writer.add(response, okg + "theme", iri(f"{DEF}/theme/{rng.choice(THEMES)}"))
            writer.add(response, okg + "status", iri(f"{DEF}/status/{rng.choice(STATUSES)}"))
            writer.anchor(response, quote())
        for n, (measure, unit) in enumerate((("turnover rate", "percent"),
                                             ("average caseload", "count")), start=1):
            metric = iri(f"{base}metric/{doc_slug}/m{n}")
            writer.add(metric, RDF_TYPE, iri(okg + "Metric"))
            writer.add(metric, RDF_VALUE, literal(str(rng.randint(5, 40)), XSD + "integer"))
            writer.add(metric, okg + "unit", literal(unit))
            writer.add(metric, okg + "measure", literal(measure))
            writer.anchor(metric, f"the {measure} was {rng.randint(5, 40)}")
        resolution = iri(f"{base}resolution/{doc_slug}/d1")
        writer.add(resolution, RDF_TYPE, iri(okg + "Resolution"))
        writer.add(resolution, DCT + "isPartOf", doc)
        writer.anchor(resolution, "That the report be noted")
        yield from writer.lines


def write_graph(out: Path, documents: int = 5025, seed: int = 7) -> int:
    """Write the graph to `out`; return the number of triples."""
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        for line in generate(documents, seed):
            handle.write(line)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=5025,
                        help="documents to generate (about 200 triples each)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{args.out}: {write_graph(args.out, args.documents, args.seed):,} triples")


if __name__ == "__main__":
    main()
