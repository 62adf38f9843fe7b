"""Ingest: minutes files on disk -> `Document`s (front matter split off, body decoded).

Decoding is stated, never silent: UTF-8 first (a byte-order mark is dropped); UTF-16
when a byte-order mark or the NUL pattern says so; bytes that are not UTF-8 are read as
Windows-1252, the usual encoding of minutes saved from office software; failing both,
UTF-8 with U+FFFD for each bad byte. The caller gets the encoding used on
`Document.encoding` and warns when it is not UTF-8.

Line endings are normalised to `\\n` before offsets are counted, as Python's text
mode (and so the scorer) reads files.

Saved HTML pages and PDFs are read too: their text (one linear scan of the HTML,
pypdf) becomes the body, and offsets count in that text.

A document is identified by its path relative to the folder it was found under
(`2023/minutes.txt`), or by its name when the file was named directly, so two files
with the same name in different folders never merge.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import html
import io
import logging
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import yaml

from graph.errors import InputError
from graph.files import check_not_input
from graph.model import Document
from graph.text import one_line
from graph.urls import is_http_url

SUFFIXES = (".txt", ".html", ".htm", ".pdf")
"""File kinds read from folders (in any case: `UPPER.TXT` too); a file named explicitly is
read whatever its suffix. Anything not `.html`, `.htm` or `.pdf` is read as plain text."""

BLOCK_TAGS = frozenset(("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "td",
                        "th", "dt", "dd", "section", "article"))
HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template"))

FRONT_MATTER = re.compile(r"---\n(.*?)\n---\n", re.S)
"""A YAML block at the very start of the file, as in `shared/eval/ANNOTATION.md`."""

FRONT_MATTER_KEYS = ("source_url", "authority", "committee", "meeting_date", "title")

MEETING_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\S.*)?)?)?")
"""`2022`, `2022-05`, `2022-05-23`, or a date with a time after it (the time is dropped)."""

SNIFF_BYTES = 8192

DEFAULT_MAX_BYTES = 20_000_000
"""Per-document size limit (`--max-bytes`): real minutes are well under 1 MB, so a file
over 20 MB is a mistake (a database dump, a log) and is skipped, not read."""


class InputFile(NamedTuple):
    """A file to read and the identifier its document gets."""

    path: Path
    identifier: str


class FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as written: `2022-13-45` must not abort the read."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class LibyamlFrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """`FrontMatterLoader` parsing with libyaml when PyYAML has it: eight times faster, and
    every build, a rebuild too, reads every file's front matter."""

    yaml_implicit_resolvers = FrontMatterLoader.yaml_implicit_resolvers


def load_front_matter(text: str) -> object:
    """The YAML of a front matter block, as `FrontMatterLoader` reads it. What libyaml
    rejects is read again by PyYAML's own parser, whose errors give the line as before."""
    try:
        return yaml.load(text, Loader=LibyamlFrontMatterLoader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=FrontMatterLoader)


def size_text(size: int) -> str:
    """Bytes for people: `52.4 MB`, `900 bytes`."""
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size} bytes"


class InputScan(NamedTuple):
    """What the input paths hold: the minutes files, and what could not be read."""

    files: list[InputFile]
    warnings: list[str]
    """One line per symbolic link loop (not followed: its folder is read anyway)."""
    skipped: list[tuple[Path, str]]
    """(path, why) per link that cannot be followed or folder that cannot be read: input
    that is lost, as a file that cannot be read is (`--strict` fails on both)."""


def input_files(paths: Iterable[Path]) -> InputScan:
    """Every file named and every minutes file under every folder named, in order, each
    once, with its identifier; and what could not be read on the way.

    Raises `InputError` for a path that does not exist.
    """
    found: list[tuple[Path, str]] = []
    warnings: list[str] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += [(file, file.relative_to(path).as_posix())
                      for file in walk(path, warnings, skipped)]
        elif path.is_file():
            found.append((path, path.name))
        elif path.is_symlink():
            raise InputError(f"{path}: broken symbolic link (its target does not exist)")
        else:
            raise InputError(f"{path}: no such file or folder")
    seen: set[str] = set()
    unique = []
    for path, identifier in found:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append(InputFile(path, identifier))
    return InputScan(distinct_identifiers(unique), warnings, skipped)


def walk(folder: Path, warnings: list[str], skipped: list[tuple[Path, str]]) -> list[Path]:
    """Minutes files under `folder`, sorted, following symbolic links but reporting loops
    (to `warnings`) and what cannot be read (to `skipped`)."""
    files: list[Path] = []
    root = folder.stat()
    pending = [(folder, ((root.st_dev, root.st_ino),))]  # a stack: any depth of folders
    while pending:
        directory, ancestors = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as error:
            skipped.append((directory, f"{directory}: folder cannot be read ({error.strerror})"))
            continue
        folders = []
        for entry in sorted(entries, key=lambda entry: entry.name):
            path = Path(entry.path)
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
                info = path.stat() if is_dir else None
            except OSError as error:  # e.g. a link that points to itself
                skipped.append((path, f"{path}: cannot be followed ({error.strerror})"))
                continue
            if info is not None:
                key = (info.st_dev, info.st_ino)
                if key in ancestors:
                    warnings.append(f"{path}: symbolic link loop (leads back to "
                                    f"{os.path.realpath(path)}); not followed")
                else:
                    folders.append((path, (*ancestors, key)))
            elif is_file:
                if path.suffix.lower() in SUFFIXES:
                    files.append(path)
            elif entry.is_symlink() and path.suffix.lower() in SUFFIXES:
                skipped.append((path, f"{path}: broken symbolic link"))
        pending += reversed(folders)  # so folders are visited, and reported, in name order
    return sorted(files, key=lambda path: path.relative_to(folder).parts)


def distinct_identifiers(files: list[InputFile]) -> list[InputFile]:
    """Files whose identifiers clash (`a/minutes.txt` and `b/minutes.txt` both given as
    folders) are named by their path from the folder the clashing files share instead."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, file in enumerate(files):
        groups[file.identifier].append(index)
    result = list(files)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        absolute = [files[index].path.absolute() for index in indexes]
        common = Path(os.path.commonpath(absolute))
        for index, path in zip(indexes, absolute, strict=True):
            result[index] = InputFile(files[index].path, path.relative_to(common).as_posix())
    taken = defaultdict(int)
    for file in result:
        taken[file.identifier] += 1
    # Left clashing only when a qualified name meets another file's plain one: use full paths.
    return [InputFile(file.path, file.path.absolute().as_posix())
            if taken[file.identifier] > 1 else file for file in result]


def check_out_path(paths: Iterable[Path], out: Path) -> None:
    """Refuse an `--out` that is one of the minutes read, or that a later build of the
    same folders would read as minutes. Raises `UsageError`."""
    check_not_input(paths, out, SUFFIXES, "minutes",
                    "by the next build: choose a .ttl name or another folder")


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding used), with the fallbacks stated in the module docstring."""
    utf16 = utf16_encoding(raw)
    if utf16:
        try:
            return raw.decode(utf16), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "utf-8 with replacement characters"


def utf16_encoding(raw: bytes) -> str | None:
    """`utf-16` when a byte-order mark says so; `utf-16-le`/`-be` when text without one has
    a NUL in every other byte (ASCII letters in UTF-16); else None."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not raw.startswith(
            codecs.BOM_UTF32_LE):
        return "utf-16"
    sample = raw[:SNIFF_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def split_front_matter(text: str, name: str) -> tuple[dict[str, str], str, list[str]]:
    """(front matter as strings, body, warnings for values dropped as unusable).

    Raises `InputError` when the block itself is broken.
    """
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n"):
            raise InputError(f"{name}: front matter opens with '---' but never closes")
        return {}, text, []
    try:
        meta = load_front_matter(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise InputError(f"{name}: broken front matter{where}: not valid YAML") from None
    except (ValueError, TypeError, RecursionError):  # an explicit tag that cannot be built
        raise InputError(f"{name}: broken front matter: not valid YAML") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{name}: broken front matter: expected 'key: value' lines")
    clean, dropped = {}, []
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if value in (None, ""):
            continue
        problem = field_problem(key, value)
        if problem:
            dropped.append(f"{name}: front matter {key} {problem}; field ignored")
        else:
            clean[key] = meeting_date(str(value)) if key == "meeting_date" else str(value).strip()
    return clean, text[match.end() :], dropped


def field_problem(key: str, value: object) -> str | None:
    """Why a front-matter value cannot be used, or None when it can."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return f"is a {type(value).__name__}, not text"
    text = str(value).strip()
    shown = repr(one_line(text, 80))
    if key == "meeting_date" and meeting_date(text) is None:
        return f"{shown} is not a date (YYYY-MM-DD)"
    if key == "source_url" and not is_http_url(text):
        return f"{shown} is not an http(s) URL"
    return None


def meeting_date(text: str) -> str | None:
    """The ISO date (`2022-05-23`, `2022-05`, `2022`) in `text`, or None when it is no date."""
    match = MEETING_DATE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(part for part in (year, month, day) if part)


TAG_NAME = re.compile(r"/?([a-zA-Z][^\s/<>]*)")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


@functools.cache
def closing_tag(name: str) -> re.Pattern[str]:
    return re.compile(f"</{re.escape(name)}", re.IGNORECASE)


def page_url(tag: str, attributes: str) -> str | None:
    """The page's own address from `<link rel="canonical">` or `<meta property="og:url">`."""
    values = {key.lower(): (value or "").strip("\"'").strip()
              for key, value in ATTRIBUTE.findall(attributes)}
    if tag == "link" and "canonical" in values.get("rel", "").lower().split():
        url = values.get("href", "")
    elif tag == "meta" and values.get("property") == "og:url":
        url = values.get("content", "")
    else:
        return None
    return url if is_http_url(url) else None


def html_text(page: str) -> tuple[str, dict[str, str]]:
    """The visible text of a saved HTML page, one line per block, and its title and URL.

    One forward scan with `str.find`, so time is linear in the page whatever it holds:
    Beautiful Soup slowed quadratically on a flat page of many paragraphs, and the standard
    library's tokenizer on many unclosed tags (`<a <a <a ...`). A `<` that starts no tag,
    or a tag never closed, is text.
    """
    parts: list[str] = []
    meta: dict[str, str] = {}

    def newline(always: bool) -> None:
        if always or (parts and not parts[-1].endswith("\n")):
            parts.append("\n")

    position, end = 0, len(page)
    next_close = -1  # the first ">" at or after the current "<" (end when there is none)
    while position < end:
        start = page.find("<", position)
        if start < 0:
            start = end
        parts.append(html.unescape(page[position:start]))
        if start == end:
            break
        if page.startswith("<!--", start):
            close = page.find("-->", start + 4)
            position = end if close < 0 else close + 3
            continue
        name = TAG_NAME.match(page, start + 1)
        if next_close < start:  # searched once per ">", so `<a <a <a ...` stays linear
            found = page.find(">", start)
            next_close = end if found < 0 else found
        close = next_close
        if close == end or not (name or page.startswith(("<!", "<?"), start)):
            parts.append("<")
            position = start + 1
            continue
        position = close + 1
        if not name:  # <!DOCTYPE ...>, <?xml ...?>
            continue
        tag = name.group(1).lower()
        if page[start + 1] == "/":
            if tag in BLOCK_TAGS:
                newline(always=True)
            continue
        if tag in HIDDEN_TAGS or tag == "title":
            finish = closing_tag(tag).search(page, position)
            inner_end = finish.start() if finish else end
            if tag == "title":
                title = html.unescape(page[position:inner_end])
                parts.append(title)
                meta.setdefault("title", " ".join(title.split()))
            after = page.find(">", inner_end)
            position = end if after < 0 else after + 1
            continue
        if tag in ("link", "meta") and "source_url" not in meta:
            url = page_url(tag, page[name.end():close])
            if url:
                meta["source_url"] = url
        if tag == "br":
            newline(always=True)
        elif tag in BLOCK_TAGS:
            newline(always=False)
    if not meta.get("title"):
        meta.pop("title", None)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(lines), meta


def pdf_text(path: Path, raw: bytes) -> str:
    """The text of a PDF's pages (`raw`, read from `path`), a blank line between pages."""
    from pypdf import PdfReader  # imported when a PDF comes: it slows every start-up
    from pypdf.errors import PdfReadError

    try:
        with quiet_logger("pypdf"):  # its warnings ("EOF marker not found") are ours to word
            reader = PdfReader(io.BytesIO(raw))
            pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, TypeError, KeyError, OSError, RecursionError) as error:
        raise InputError(f"{path}: not a readable PDF ({one_line(error, 120)})") from None
    text = "\n\n".join(pages)
    if pages and not text.strip():
        raise InputError(f"{path}: PDF has no text layer (scanned?); run it through OCR "
                         "and give the text instead")
    return text


@contextmanager
def quiet_logger(name: str) -> Iterator[None]:
    """Silence a library's logged warnings meanwhile: the library half never prints."""
    logger = logging.getLogger(name)
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def read_text(path: Path, raw: bytes) -> tuple[dict[str, str], str, str, list[str]]:
    """(front matter, body, encoding, dropped-field warnings) of a text or HTML file."""
    if b"\x00" in raw[:SNIFF_BYTES] and not utf16_encoding(raw):
        raise InputError(f"{path}: not a text file (binary content)")
    text, encoding = decode(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in (".html", ".htm"):
        body, meta = html_text(text)
        return meta, body, encoding, []
    meta, body, dropped = split_front_matter(text, str(path))
    return meta, body, encoding, dropped


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes. A file over the limit is refused unread (its size says so); a
    device or a file still growing is read only to one byte past the limit."""
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            with path.open("rb") as handle:
                raw = handle.read(max_bytes + 1)
            size = max(size, len(raw))
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if size > max_bytes:
        raise InputError(f"{path}: too large ({size_text(size)}; the limit is "
                         f"{size_text(max_bytes)}, raise it with --max-bytes)")
    return raw


def read_document(path: Path, identifier: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one minutes file. Raises `InputError` when it must be skipped.

    `identifier` defaults to the file's name (see `input_files` for folders).
    """
    raw = read_bytes(path, max_bytes)
    dropped: list[str] = []
    if path.suffix.lower() == ".pdf":
        meta, body, encoding = {}, pdf_text(path, raw), "utf-8"
    else:
        meta, body, encoding, dropped = read_text(path, raw)
    if not body.strip():
        raise InputError(f"{path}: empty (no minutes text after the front matter)")
    return Document(
        identifier=identifier or path.name,
        path=path,
        body=body,
        source_url=meta.get("source_url"),
        authority=meta.get("authority"),
        committee=meta.get("committee"),
        meeting_date=meta.get("meeting_date"),
        title=meta.get("title"),
        encoding=encoding,
        dropped=tuple(dropped),
    )
