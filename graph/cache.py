"""The build cache: what each document contributed to the last build, kept as plain JSON.

One file per document, named by a key that hashes everything its contribution depends
on: the document (name and text, front matter), the base IRI, its IRI segment, the
extractor's version and the code and data that map and validate it. A changed input
gets a new key, so an entry is never stale, only unused; a build removes the entries it
did not use. An entry that cannot be read as expected counts as missing: the document
is extracted again and the entry rewritten. Entries are JSON, never pickle, so a cache
folder from elsewhere can at worst cost a re-extraction.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from functools import cache
from itertools import pairwise
from pathlib import Path

import graph
import graph.extract
from graph.extract.decide import DEFAULT_MODEL
from graph.files import atomic_write_bytes
from graph.model import Document
from graph.resources import PACKAGE_DIR, data_files
from graph.validate import Problem

CACHE_FORMAT = 1
"""Bumped when the layout of an entry changes."""

DEFAULT_CACHE_NAME = ".ofsted-kg-cache"
"""The cache folder's name, beside the output unless `--cache` says otherwise."""

ENTRY_NAME = re.compile(r"^[0-9a-f]{64}\.json$")
"""Only files named like this are ever read or removed from a cache folder."""

MAPPING_SOURCES = ("model.py", "rdf.py", "vocab.py", "validate.py", "rudof_engine.py", "cache.py",
                   "pipeline.py", "export.py")
"""The modules whose code decides a document's triples and problems, besides the extractor."""


@dataclass(frozen=True)
class DocumentResult:
    """What one document contributes to a build."""

    triples: tuple[str, ...]
    """Its triples as sorted N-Triples lines, each ending in a newline."""
    problems: tuple[Problem, ...]
    """The validation problems of the nodes only this document mentions."""
    unchecked: tuple[str, ...]
    """Nodes whose validation was left to the pass over shared nodes."""


def digest_files(paths: Iterable[Path]) -> str:
    """A SHA-256 over the names and bytes of `paths`, in the order given."""
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


@cache
def extractor_version(model_path: Path | None = None) -> str:
    """A digest of the extractor's code and lexicons and of the model it runs (the shipped
    one when `model_path` is None): retraining, or editing a rule, misses the cache."""
    folder = Path(graph.extract.__file__).resolve().parent
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest_files([*files, model_path or DEFAULT_MODEL])


@cache
def pipeline_version() -> str:
    """The version of everything besides the extractor that an entry depends on: the
    package, the mapping and validation code, the ontology and the shapes."""
    sources = [PACKAGE_DIR / name for name in MAPPING_SOURCES]
    data = data_files("ontology") + data_files("shapes")
    return f"{CACHE_FORMAT}:{graph.__version__}:{digest_files(sources + data)}"


def document_key(document: Document, doc_slug: str, base_iri: str,
                 model_path: Path | None = None) -> str:
    """The cache key of one document's contribution (hex SHA-256)."""
    parts = [pipeline_version(), extractor_version(model_path), base_iri, doc_slug,
             document.identifier,
             document.body, document.source_url, document.authority, document.committee,
             document.meeting_date, document.title]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


class BuildCache:
    """A folder of entries, one JSON file per document key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> DocumentResult | None:
        """The entry for `key`, or None when it is missing or not what an entry must be."""
        try:
            entry = json.loads(self.path(key).read_bytes())
            return entry_result(entry, key)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, result: DocumentResult) -> None:
        """Write the entry for `key` atomically (a reader sees the old file or the new)."""
        entry = {"format": CACHE_FORMAT, "key": key, "triples": list(result.triples),
                 "problems": [asdict(problem) for problem in result.problems],
                 "unchecked": list(result.unchecked)}
        atomic_write_bytes(self.path(key), json.dumps(entry, ensure_ascii=False).encode())

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove every entry whose key is not in `keys` (other files are left alone)."""
        wanted = {f"{key}.json" for key in keys}
        try:
            entries = [p for p in self.folder.iterdir() if ENTRY_NAME.match(p.name)]
        except OSError:
            return
        for path in entries:
            if path.name not in wanted:
                path.unlink(missing_ok=True)


PROBLEM_FIELDS = {field.name for field in fields(Problem)}


def entry_result(entry: dict, key: str) -> DocumentResult:
    """The `DocumentResult` an entry holds; raises ValueError (or a lookup error) if the
    entry is not one this version wrote for `key`."""
    if entry["format"] != CACHE_FORMAT or entry["key"] != key:
        raise ValueError("not an entry of this cache format and key")
    triples = tuple(entry["triples"])
    unchecked = tuple(entry["unchecked"])
    if not all(isinstance(t, str) and t.endswith(" .\n") for t in triples):
        raise ValueError("triples are not N-Triples lines")
    if any(before >= after for before, after in pairwise(triples)):
        raise ValueError("triples are not sorted and distinct")  # the build relies on it
    if not all(isinstance(node, str) for node in unchecked):
        raise ValueError("unchecked nodes are not IRIs")
    problems = []
    for fields_ in entry["problems"]:
        if set(fields_) != PROBLEM_FIELDS or not all(
                value is None or isinstance(value, str) for value in fields_.values()):
            raise ValueError("not a problem")
        problems.append(Problem(**fields_))
    return DocumentResult(triples, tuple(problems), unchecked)
