"""Gold annotations: folders of minutes with a JSON file beside each (annotation guide v2).

Training reads them, `evaluate --check` checks them and `draft` writes them. The guide's
rule for when a quote matches another (`overlap`) lives here too, since training labels
candidates by it exactly as the scorer matches items.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib.namespace import SKOS

from graph.errors import InputError
from graph.files import atomic_write_bytes
from graph.ingest import read_document
from graph.model import Document, Extraction
from graph.resources import data_graph
from graph.vocab import DEF

QUOTED = ("findings", "recommendations", "responses", "metrics", "resolutions")
"""The gold file's lists of quoted items."""
KIND_OF = {"findings": "finding", "recommendations": "recommendation",
           "responses": "response", "metrics": "metric", "resolutions": "resolution"}
LIST_OF = {kind: name for name, kind in KIND_OF.items()}
WORD = re.compile(r"[a-z0-9%]+")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def overlap(predicted: str, gold: str) -> float:
    """The guide's match rule: 0 unless at least half the gold quote's words are in the
    predicted quote and at least 30% of the predicted quote's words are in the gold one;
    else the F1 of the two shares, so a closer quote matches more strongly."""
    p, g = words(predicted), words(gold)
    if not p or not g:
        return 0.0
    common = sum((p & g).values())
    recall, precision = common / sum(g.values()), common / sum(p.values())
    if recall >= 0.5 and precision >= 0.3:
        return 2 * recall * precision / (recall + precision)
    return 0.0


@dataclass(frozen=True)
class GoldDocument:
    """One minutes file and its gold annotation."""

    document: Document
    gold: dict[str, Any]

    def items(self, kind: str) -> list[dict[str, Any]]:
        """The gold items of one kind (`finding`, ...)."""
        return list(self.gold.get(LIST_OF[kind], []))

    @property
    def council(self) -> str:
        """The authority's GSS code (or name): the group of cross-validation."""
        authority = self.gold.get("authority") or {}
        return str(authority.get("gss") or authority.get("name") or self.document.identifier)


GOLD_SUFFIX = ".json"
"""What a gold folder's annotation files end in (each names the minutes it annotates)."""


def gold_files(gold_dir: Path) -> list[Path]:
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: no such folder")
    files = sorted(gold_dir.glob(f"*{GOLD_SUFFIX}"))
    if not files:
        raise InputError(f"{gold_dir}: no gold files (*{GOLD_SUFFIX}) in this folder")
    return files


def read_gold(gold_dir: Path) -> list[GoldDocument]:
    """Every gold file of `gold_dir` with the minutes it annotates, in file-name order."""
    golds = []
    for path in gold_files(gold_dir):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise InputError(f"{path}: not a gold JSON file ({error})") from None
        source = gold_dir / str(gold.get("document") or path.with_suffix(".txt").name)
        if not source.is_file():
            raise InputError(f"{path}: the minutes it annotates ({source.name}) are missing")
        golds.append(GoldDocument(read_document(source), gold))
    return golds


ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
REFERENCE = re.compile(r"([FR])(\d+)")
TOP_KEYS = ("document", "authority", "inspections", *QUOTED)


def notations() -> dict[str, set[str]]:
    """The notations of each concept scheme of the ontology (`theme` -> {...}), so a gold
    folder is checked against the vocabulary in force, extensions included."""
    ontology = data_graph("ontology")
    schemes: dict[str, set[str]] = {}
    query = "SELECT ?scheme ?notation WHERE { ?c skos:inScheme ?scheme ; skos:notation ?notation }"
    for scheme, notation in ontology.query(query, initNs={"skos": SKOS}):
        schemes.setdefault(str(scheme).removeprefix(f"{DEF}/"), set()).add(str(notation))
    return schemes


def item_problems(gold: dict[str, Any], body: str, known: dict[str, set[str]]) -> list[str]:
    """Problems of the quoted items of one gold file, one line each."""
    problems = []
    counts = {name: len(gold.get(name) or []) for name in QUOTED}
    inspections = len(gold.get("inspections") or [])
    for name in QUOTED:
        for n, item in enumerate(gold.get(name) or []):
            where = f"{name}[{n}]"
            if not isinstance(item, dict):
                problems.append(f"{where}: not an object")
                continue
            quote = item.get("quote")
            if not isinstance(quote, str) or not quote.strip() or quote not in body:
                problems.append(f"{where}: quote is not an exact substring of the minutes: "
                                f"{quote!r}")
            if name in ("findings", "recommendations", "responses") \
                    and item.get("theme") not in known.get("theme", set()):
                problems.append(f"{where}: unknown theme {item.get('theme')!r}")
            if name == "findings" and item.get("polarity") not in known.get("polarity", set()):
                problems.append(f"{where}: polarity {item.get('polarity')!r} is not "
                                "strength or weakness")
            if name in ("findings", "recommendations") and not (
                    isinstance(item.get("inspection"), int)
                    and 0 <= item["inspection"] < inspections):
                problems.append(f"{where}: bad inspection index {item.get('inspection')!r} "
                                f"({inspections} inspection(s))")
            for finding in item.get("addresses") or []:
                if not isinstance(finding, int) or not 0 <= finding < counts["findings"]:
                    problems.append(f"{where}: addresses a finding that is not there: "
                                    f"{finding!r}")
            if name == "responses":
                basis = item.get("basis")
                if basis not in known.get("link-basis", set()):
                    problems.append(f"{where}: unknown basis {basis!r}")
                if basis == "named" and not item.get("responds_to"):
                    problems.append(f"{where}: basis named but responds_to is empty")
                for ref in item.get("responds_to") or []:
                    match = REFERENCE.fullmatch(str(ref))
                    limit = counts["findings" if match and match[1] == "F" else "recommendations"]
                    if not match or int(match[2]) >= limit:
                        problems.append(f"{where}: responds_to names an item that is not "
                                        f"there: {ref!r}")
                for index in item.get("inspections") or []:
                    if not isinstance(index, int) or not 0 <= index < inspections:
                        problems.append(f"{where}: bad inspections index {index!r}")
            if name == "metrics" and (isinstance(item.get("value"), bool)
                                      or not isinstance(item.get("value"), int | float)):
                problems.append(f"{where}: value {item.get('value')!r} is not a number")
    return problems


def file_problems(path: Path, known: dict[str, set[str]], codes: set[str]) -> list[str]:
    """Every problem of one gold file, one line each, without the file name."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return [f"not valid JSON ({error})"]
    if not isinstance(gold, dict):
        return ["not a JSON object"]
    source = path.parent / str(gold.get("document") or path.with_suffix(".txt").name)
    try:
        body = read_document(source).body
    except InputError as error:
        return [f"the minutes it annotates cannot be read: {error}"]
    problems = [f"unknown key {key!r}" for key in sorted(set(gold) - set(TOP_KEYS))]
    authority = gold.get("authority") or {}
    if authority.get("gss") is not None and authority["gss"] not in codes:
        problems.append(f"authority.gss {authority['gss']!r} is not in the register")
    for n, inspection in enumerate(gold.get("inspections") or []):
        if inspection.get("type") not in known.get("inspection-type", set()):
            problems.append(f"inspections[{n}]: unknown type {inspection.get('type')!r}")
        if inspection.get("judgement") not in known.get("judgement", set()) | {None}:
            problems.append(f"inspections[{n}]: unknown judgement "
                            f"{inspection.get('judgement')!r}")
        for key in ("start", "end"):
            value = inspection.get(key)
            if value is not None and not ISO_DATE.fullmatch(str(value)):
                problems.append(f"inspections[{n}]: {key} {value!r} is not an ISO 8601 date")
    return problems + item_problems(gold, body, known)


def check_gold(gold_dir: Path) -> list[str]:
    """Every problem of every gold file of `gold_dir`, as `<file>: <problem>` lines."""
    from graph.extract.authority import by_code  # here: graph.extract imports this module

    known, codes = notations(), set(by_code())
    return [f"{path.name}: {problem}" for path in gold_files(gold_dir)
            for problem in file_problems(path, known, codes)]


def to_gold(extraction: Extraction) -> dict[str, Any]:
    """An extraction in the gold format of the annotation guide, for a person to correct.

    Links are written the guide's way: a response's `basis`, with `responds_to` only when
    named; a recommendation's `addresses` only when named (else derived by theme).
    """
    authority = extraction.authority
    return {
        "document": draft_name(extraction),
        "authority": {"name": authority.name, "gss": authority.gss} if authority else None,
        "inspections": [{"type": i.type, "start": i.start, "end": i.end,
                         "judgement": i.judgement} for i in extraction.inspections],
        "findings": [{"quote": f.quote.text, "polarity": f.polarity or "weakness",
                      "theme": f.theme or "other", "inspection": f.inspection}
                     for f in extraction.findings],
        "recommendations": [
            {"quote": r.quote.text, "theme": r.theme or "other", "inspection": r.inspection,
             "addresses": list(r.addresses) if r.addresses_basis == "named" else []}
            for r in extraction.recommendations],
        "responses": [
            {"quote": r.quote.text, "theme": r.theme or "other", "basis": r.basis or "none",
             **({"responds_to": list(r.responds_to)} if r.basis == "named" else {})}
            for r in extraction.responses],
        "metrics": [{"quote": m.quote.text, "value": m.value, "unit": m.unit or "count"}
                    for m in extraction.metrics],
        "resolutions": [{"quote": r.quote.text} for r in extraction.resolutions],
    }


def draft_name(extraction: Extraction) -> str:
    """The minutes' file name in a gold folder, which is flat: the document's identifier
    with its folders joined by hyphens (`2023/minutes.txt` -> `2023-minutes.txt`)."""
    return extraction.document.identifier.replace("/", "-")


def write_draft(extraction: Extraction, out_dir: Path) -> Path:
    """Copy the minutes into `out_dir` and write the draft gold JSON beside them."""
    source = extraction.document.path
    out_dir.mkdir(parents=True, exist_ok=True)
    copy = out_dir / draft_name(extraction)
    if copy.resolve() != source.resolve():
        atomic_write_bytes(copy, source.read_bytes())
    target = copy.with_suffix(".json")
    text = json.dumps(to_gold(extraction), indent=1, ensure_ascii=False) + "\n"
    atomic_write_bytes(target, text.encode("utf-8"))
    return target
