"""Ingest: minutes files on disk -> `Document`s (front matter split off, body decoded).

Decoding is stated, never silent: UTF-8 first (a byte-order mark is dropped); bytes
that are not UTF-8 are read as Windows-1252, the usual encoding of minutes saved
from office software; failing both, UTF-8 with U+FFFD for each bad byte. The caller
gets the encoding used on `Document.encoding` and warns when it is not UTF-8.

Line endings are normalised to `\\n` before offsets are counted, as Python's text
mode (and so the scorer) reads files.

Saved HTML pages and PDFs are read too: their text (Beautiful Soup, pypdf) becomes
the body, and offsets count in that text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from graph.errors import InputError
from graph.model import Document

SUFFIXES = (".txt", ".html", ".htm", ".pdf")
"""File kinds read from folders; a file named explicitly is read whatever its suffix.
Anything not `.html`, `.htm` or `.pdf` is read as plain text."""

BLOCK_TAGS = "p, div, li, tr, h1, h2, h3, h4, h5, h6, br, td, th, dt, dd, section, article"

FRONT_MATTER = re.compile(r"---\n(.*?)\n---\n", re.S)
"""A YAML block at the very start of the file, as in `shared/eval/ANNOTATION.md`."""

FRONT_MATTER_KEYS = ("source_url", "authority", "committee", "meeting_date", "title")

SNIFF_BYTES = 8192


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file named, and every minutes file under every folder named, sorted.

    Raises `InputError` for a path that does not exist.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
        elif path.is_file():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding used), with the fallbacks stated in the module docstring."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "utf-8 with replacement characters"


def split_front_matter(text: str, name: str) -> tuple[dict[str, str], str]:
    """(front matter as strings, body). Raises `InputError` when the block is broken."""
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n"):
            raise InputError(f"{name}: front matter opens with '---' but never closes")
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise InputError(f"{name}: broken front matter{where}: not valid YAML") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{name}: broken front matter: expected 'key: value' lines")
    clean = {}
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if value not in (None, ""):
            clean[key] = str(value).strip()
    return clean, text[match.end() :]


def html_text(html: str) -> tuple[str, dict[str, str]]:
    """The visible text of a saved HTML page, one line per block, and its title and URL."""
    from bs4 import BeautifulSoup  # imported when an HTML file comes: it slows every start-up

    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    meta = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    if canonical:
        url = canonical.get("href") or canonical.get("content")
        if isinstance(url, str) and url.startswith("http"):
            meta["source_url"] = url
    for block in soup.select(BLOCK_TAGS):
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    return "\n".join(lines), meta


def pdf_text(path: Path) -> str:
    """The text of a PDF's pages, a blank line between pages."""
    from pypdf import PdfReader  # imported when a PDF comes: it slows every start-up
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, OSError) as error:
        raise InputError(f"{path}: not a readable PDF ({error})") from None


def read_text(path: Path, raw: bytes) -> tuple[dict[str, str], str, str]:
    """(front matter, body, encoding) of a plain-text or HTML minutes file."""
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise InputError(f"{path}: not a text file (binary content)")
    text, encoding = decode(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in (".html", ".htm"):
        body, meta = html_text(text)
        return meta, body, encoding
    meta, body = split_front_matter(text, str(path))
    return meta, body, encoding


def read_document(path: Path) -> Document:
    """Read one minutes file. Raises `InputError` when it must be skipped."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if path.suffix.lower() == ".pdf":
        meta, body, encoding = {}, pdf_text(path), "utf-8"
    else:
        meta, body, encoding = read_text(path, raw)
    if not body.strip():
        raise InputError(f"{path}: empty (no minutes text after the front matter)")
    return Document(
        identifier=path.name,
        path=path,
        body=body,
        source_url=meta.get("source_url"),
        authority=meta.get("authority"),
        committee=meta.get("committee"),
        meeting_date=meta.get("meeting_date"),
        title=meta.get("title"),
        encoding=encoding,
    )
