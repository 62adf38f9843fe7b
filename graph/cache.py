"""The build cache: what each document contributed to the last build, kept as plain JSON.

One file per document, named by a key that hashes everything its contribution depends
on: the document (name and text, front matter), the base IRI, its IRI segment, the
extractor's version and the code and data that map and validate it. A changed input
gets a new key, so an entry is never stale, only unused; a build removes the entries it
did not use. An entry that cannot be read as expected counts as missing: the document
is extracted again and the entry rewritten. Entries are JSON, never pickle, so a cache
folder from elsewhere can at worst cost a re-extraction.

The problems of each node that several documents describe (an authority, an inspection)
are kept the same way in the subfolder `shared/`, keyed by the node's neighbourhood (the
lines its validation and description read): a rebuild validates again only the shared
nodes whose neighbourhood changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from functools import cache
from importlib import metadata
from itertools import pairwise
from pathlib import Path

import graph
import graph.extract
from graph.extract.decide import DEFAULT_MODEL
from graph.files import atomic_write_bytes
from graph.model import Document
from graph.resources import PACKAGE_DIR, data_files
from graph.validate import Problem

CACHE_FORMAT = 2
"""Bumped when the layout of an entry changes."""

DEFAULT_CACHE_NAME = ".ofsted-kg-cache"
"""The cache folder's name, beside the output unless `--cache` says otherwise."""

SHARED_FOLDER = "shared"
"""The subfolder of a cache folder that holds the problems of shared nodes."""

ENGINES = ("rdflib", "pyshacl", "pyrudof", "pyoxigraph")
"""The libraries whose versions decide what a node's validation finds and how it is told."""

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
    subjects: tuple[str, ...]
    """The nodes its triples are about, sorted (as `graph.pipeline.split_line` names them)."""
    linked: tuple[str, ...]
    """The nodes its triples point to, sorted: with `subjects`, what tells the nodes that
    several documents describe, without splitting every line of every document again."""


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
    package, the mapping and validation code, the ontology, the shapes and the versions
    of the libraries that validate."""
    sources = [PACKAGE_DIR / name for name in MAPPING_SOURCES]
    data = data_files("ontology") + data_files("shapes")
    return f"{CACHE_FORMAT}:{graph.__version__}:{digest_files(sources + data)}:{engine_versions()}"


def engine_versions() -> str:
    """`rdflib=7.6.0,pyshacl=...`; `-` for a library that is not installed."""
    found = []
    for name in ENGINES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found)


def document_key(document: Document, doc_slug: str, base_iri: str,
                 model_path: Path | None = None) -> str:
    """The cache key of one document's contribution (hex SHA-256)."""
    parts = [pipeline_version(), extractor_version(model_path), base_iri, doc_slug,
             document.identifier,
             document.body, document.source_url, document.authority, document.committee,
             document.meeting_date, document.title]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def shared_key(node: str, near: Iterable[str], far: Iterable[str]) -> str:
    """The cache key of a shared node's problems (hex SHA-256): the node, the lines it is
    validated over (`near`) and described from (`far`), each sorted, and the pipeline's
    version. Its problems depend on nothing else (`graph.pipeline.neighbourhoods`)."""
    sha = hashlib.sha256(f"{pipeline_version()}\0{node}\0".encode())
    for lines in (near, far):
        sha.update("".join(sorted(lines)).encode())
        sha.update(b"\0")
    return sha.hexdigest()


class EntryFolder:
    """A folder of JSON entries, one file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def read(self, key: str) -> dict:
        """The entry for `key` if this format wrote it for `key`; raises OSError or
        ValueError (or a lookup error) otherwise."""
        entry = json.loads(self.path(key).read_bytes())
        if entry["format"] != CACHE_FORMAT or entry["key"] != key:
            raise ValueError("not an entry of this cache format and key")
        return entry

    def write(self, key: str, fields_: dict) -> None:
        """Write the entry for `key` atomically (a reader sees the old file or the new)."""
        entry = {"format": CACHE_FORMAT, "key": key, **fields_}
        atomic_write_bytes(self.path(key), json.dumps(entry, ensure_ascii=False).encode())

    def holds_entries(self) -> bool:
        """Whether the folder holds any entry (a build has filled it before)."""
        try:
            with os.scandir(self.folder) as found:
                return any(ENTRY_NAME.match(entry.name) for entry in found)
        except OSError:
            return False

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


class BuildCache(EntryFolder):
    """One entry per document key, and `shared`: one per shared node's key."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.shared = SharedCache(self.folder / SHARED_FOLDER)

    def get(self, key: str) -> DocumentResult | None:
        """The entry for `key`, or None when it is missing or not what an entry must be."""
        try:
            return entry_result(self.read(key))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, result: DocumentResult) -> None:
        self.write(key, {"triples": list(result.triples),
                         "problems": [asdict(problem) for problem in result.problems],
                         "unchecked": list(result.unchecked), "subjects": list(result.subjects),
                         "linked": list(result.linked)})


class SharedCache(EntryFolder):
    """The problems of shared nodes, one entry per `shared_key`. Entries put are written
    by `save`, which also removes those this build did not ask for."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.used: set[str] = set()
        self.pending: dict[str, tuple[Problem, ...]] = {}

    def get(self, key: str) -> tuple[Problem, ...] | None:
        """The problems kept for `key`, or None when the entry is missing or not one."""
        self.used.add(key)
        try:
            return entry_problems(self.read(key)["problems"])
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, problems: Iterable[Problem]) -> None:
        self.used.add(key)
        self.pending[key] = tuple(problems)

    def save(self) -> None:
        """Write the entries put, then remove every entry no `get` or `put` named."""
        for key, problems in self.pending.items():
            self.write(key, {"problems": [asdict(problem) for problem in problems]})
        self.pending.clear()
        self.keep_only(self.used)


PROBLEM_FIELDS = {field.name for field in fields(Problem)}


def entry_result(entry: dict) -> DocumentResult:
    """The `DocumentResult` an entry holds; raises ValueError (or a lookup error) if the
    entry is not one."""
    triples = tuple(entry["triples"])
    if not all(isinstance(t, str) and t.endswith(" .\n") for t in triples):
        raise ValueError("triples are not N-Triples lines")
    if any(before >= after for before, after in pairwise(triples)):
        raise ValueError("triples are not sorted and distinct")  # the build relies on it
    nodes = {name: tuple(entry[name]) for name in ("unchecked", "subjects", "linked")}
    if not all(isinstance(node, str) for names in nodes.values() for node in names):
        raise ValueError("nodes are not IRIs or blank nodes")
    return DocumentResult(triples, entry_problems(entry["problems"]), **nodes)


def entry_problems(entries: list) -> tuple[Problem, ...]:
    """The problems an entry lists; raises ValueError (or a lookup error) if one is not."""
    problems = []
    for fields_ in entries:
        if set(fields_) != PROBLEM_FIELDS or not all(
                value is None or isinstance(value, str) for value in fields_.values()):
            raise ValueError("not a problem")
        problems.append(Problem(**fields_))
    return tuple(problems)
