"""Which local authority a document is about, named by its ONS GSS code.

Evidence in order of trust: the front matter's `authority` (a name or a code), the host
of `source_url` (`moderngov.cheshireeast.gov.uk`), then the names of the register
(`graph/data/authorities.csv`) in the text, weighed by how they are used: "Halton
received the focused visit" names the subject, "neighbouring authorities such as
Wigan" does not. When nothing says, the answer is None rather than a guess.

Reorganised authorities resolve as of the meeting date: a 2020 minute about
Northamptonshire gets Northamptonshire County Council's code, a 2022 one about
Buckinghamshire the new unitary council's.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from graph.extract.inspections import find_meeting_date
from graph.extract.lexicon import phrases, structured
from graph.model import Authority, Document

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GSS_CODE = re.compile(r"^[EW]\d{8}$")



@dataclass(frozen=True)
class RegisteredAuthority:
    """One row of the register."""

    gss: str
    name: str
    official_name: str
    type: str
    start_date: str
    """ISO date the authority began, or "" when not limited."""
    end_date: str
    """ISO date it was abolished, or "" while it exists."""
    replaced_by: tuple[str, ...]
    former_gss: tuple[str, ...]
    slug: str
    variants: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.official_name, *self.variants)

    def existed_on(self, date: str) -> bool:
        """True when `date` (ISO, any precision) falls within the authority's lifetime."""
        began = not self.start_date or date >= self.start_date[: len(date)]
        ended = bool(self.end_date) and date > self.end_date[: len(date)]
        return began and not ended


@functools.cache
def register() -> tuple[RegisteredAuthority, ...]:
    """Every authority of `graph/data/authorities.csv`, in file order."""
    with (DATA_DIR / "authorities.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            RegisteredAuthority(
                gss=row["gss"],
                name=row["name"],
                official_name=row["official_name"],
                type=row["type"],
                start_date=row["start_date"],
                end_date=row["end_date"],
                replaced_by=tuple(row["replaced_by"].split()),
                former_gss=tuple(row["former_gss"].split()),
                slug=row["slug"],
                variants=tuple(v for v in row["variants"].split("|") if v),
            )
            for row in csv.DictReader(handle)
        )


@functools.cache
def by_code() -> dict[str, RegisteredAuthority]:
    """GSS code (current or former) -> authority."""
    index = {}
    for entry in register():
        for code in (*entry.former_gss, entry.gss):
            index[code] = entry
    return index


def normalise(name: str) -> str:
    """A name as compared: lower case, `&` = `and`, `St.` = `St`, no hyphens or commas."""
    name = name.lower().replace("&", " and ").replace("’", "'")
    name = re.sub(r"\bst\.", "st", name)
    return " ".join(re.sub(r"[-,.()]", " ", name).split())


@functools.cache
def by_name() -> dict[str, tuple[RegisteredAuthority, ...]]:
    """Normalised name -> the authorities that go by it (several across reorganisations)."""
    index: dict[str, list[RegisteredAuthority]] = {}
    for entry in register():
        for name in entry.names:
            bucket = index.setdefault(normalise(name), [])
            if entry not in bucket:
                bucket.append(entry)
    return {name: tuple(entries) for name, entries in index.items()}


def as_of(entry: RegisteredAuthority, date: str | None) -> RegisteredAuthority:
    """The authority under whose code a minute about `entry` on `date` is published.

    An authority abolished with exactly one successor (Buckinghamshire County,
    North Yorkshire County, Poole) is published under the successor's code whatever
    the date: the same children's services carried on, and that is how the gold
    annotations name them. Where the lineage split (Northamptonshire, Cumbria), the
    authority that existed on `date`: a 2020 minute of North Northamptonshire's area
    is about Northamptonshire.
    """
    if entry.end_date and len(entry.replaced_by) == 1:
        return as_of(by_code()[entry.replaced_by[0]], date)
    if date and entry.start_date and date < entry.start_date[: len(date)]:
        split_from = [e for e in register() if entry.gss in e.replaced_by
                      and len(e.replaced_by) > 1]
        if len(split_from) == 1:
            return split_from[0]
    return entry


def choose(entries: tuple[RegisteredAuthority, ...], date: str | None) -> RegisteredAuthority:
    """Among authorities sharing a name, the one that existed on `date` (else the current)."""
    if date:
        living = [e for e in entries if e.existed_on(date)]
        if living:
            return as_of(living[0], date)
    current = [e for e in entries if not e.end_date]
    return as_of(current[0] if current else entries[0], date)


def to_authority(entry: RegisteredAuthority) -> Authority:
    return Authority(gss=entry.gss, name=entry.name)


def lookup(name_or_code: str, date: str | None = None) -> Authority | None:
    """An authority from a GSS code or any of its names, as of `date`; None if unknown."""
    text = name_or_code.strip()
    if GSS_CODE.match(text.upper()):
        entry = by_code().get(text.upper())
        return to_authority(as_of(entry, date)) if entry else None
    entries = by_name().get(normalise(text))
    if entries is None:
        entries = by_name().get(normalise(re.sub(r"^the\s+", "", text, flags=re.I)))
    return to_authority(choose(entries, date)) if entries else None


@functools.cache
def host_labels() -> dict[str, tuple[RegisteredAuthority, ...]]:
    """Squashed name (`cheshireeast`) or irregular host label (`lbhf`) -> authorities."""
    index: dict[str, list[RegisteredAuthority]] = {}
    for name, entries in by_name().items():
        for key in {squash(name), squash(name.replace(" and ", " "))}:
            bucket = index.setdefault(key, [])
            bucket.extend(e for e in entries if e not in bucket)
    with (DATA_DIR / "hosts.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            index[row["label"]] = [by_code()[row["gss"]]]
    return {label: tuple(entries) for label, entries in index.items()}


def squash(name: str) -> str:
    """A normalised name as a host label would spell it: `cheshire east` -> `cheshireeast`."""
    return name.replace(" ", "").replace("'", "")


def authority_for_host(url: str, date: str | None = None) -> Authority | None:
    """The authority whose committee site `url` is on, from the host's labels."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    noise = set(phrases("authority-host-noise"))
    labels = [label for label in host.split(".") if label and label not in noise]
    for label in labels:
        for candidate in host_candidates(label):
            entries = host_labels().get(candidate)
            if entries:
                return to_authority(choose(entries, date))
    return None


def host_candidates(label: str) -> list[str]:
    """`hullcc` -> [`hullcc`, `hull`]; hyphens dropped after the label itself is tried."""
    candidates = [label, label.replace("-", "")]
    for affix in phrases("authority-host-affixes"):
        for form in tuple(candidates):
            if form.endswith(affix) and len(form) > len(affix) + 2:
                candidates.append(form[: -len(affix)])
    return list(dict.fromkeys(candidates))


WORD = re.compile(r"[A-Za-z0-9]+|&")


def words_of(name: str) -> tuple[str, ...]:
    """A name as compared word by word (see `normalise`)."""
    return tuple(normalise(name).replace("'", " ").split())


@functools.cache
def name_words() -> dict[str, list[tuple[tuple[str, ...], str | None]]]:
    """First word -> [(word tuple, normalised register name or None for a look-alike)],
    longest first."""
    index: dict[str, dict[tuple[str, ...], str | None]] = {}
    for name in by_name():
        words = words_of(name)
        index.setdefault(words[0], {})[words] = name
    for blocked in phrases("authority-not-names"):
        words = words_of(blocked)
        index.setdefault(words[0], {})[words] = None
    return {first: sorted(names.items(), key=lambda pair: -len(pair[0]))
            for first, names in index.items()}


@functools.cache
def exact_case_names() -> frozenset[str]:
    """Normalised names that count only in their own capitalisation (common words, acronyms)."""
    common = {normalise(word) for word in phrases("authority-common-words")}
    acronyms = {normalise(n) for e in register() for n in e.names if n.isupper() and len(n) <= 6}
    return frozenset(common | acronyms)


def find_mentions(body: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised name) of every register name in `body`, longest first.

    Blocked look-alikes ("Greater Manchester") are consumed without being reported.
    """
    tokens = [(m.start(), m.end(), "and" if m.group() == "&" else m.group().lower())
              for m in WORD.finditer(body)]
    words = [token[2] for token in tokens]
    found, i = [], 0
    while i < len(tokens):
        matched = 0
        for key, name in name_words().get(words[i], ()):
            if tuple(words[i : i + len(key)]) == key:
                matched = len(key)
                start, end = tokens[i][0], tokens[i + matched - 1][1]
                if name is not None and written_properly(body[start:end], name):
                    found.append((start, end, name))
                break
        i += matched or 1
    return found


def written_properly(text: str, name: str) -> bool:
    """Common words and acronyms must keep their capitals ("Reading", not "reading")."""
    if name not in exact_case_names():
        return True
    return any(text.replace("&", "and") == n.replace("&", "and") or (
        n[0].isupper() and text[0].isupper() and not n.isupper()) for n in spellings(name))


@functools.cache
def spellings(name: str) -> frozenset[str]:
    """The register's own spellings of a normalised name ("Reading", "BCP")."""
    return frozenset(n for e in by_name()[name] for n in e.names if normalise(n) == name)


@functools.cache
def person_before() -> re.Pattern[str]:
    """A title and optional initials just before a name: "Councillor ", "Mr W "."""
    titles = "|".join(phrases("authority-person-titles"))
    return re.compile(rf"\b(?:{titles})\.?\s+(?:[A-Z]\.?\s+)*$")


@functools.cache
def context_patterns() -> dict[str, tuple[int, list[re.Pattern[str]], list[re.Pattern[str]]]]:
    """Kind -> (weight, before-patterns, after-patterns) from `authority-context.yaml`."""
    spec = structured("authority-context")
    return {
        kind: (
            int(spec[kind]["weight"]),
            [re.compile(p, re.I) for p in spec[kind].get("before", [])],
            [re.compile(p, re.I) for p in spec[kind].get("after", [])],
        )
        for kind in ("comparison", "subject", "passing", "plain")
    }


def mention_weight(body: str, start: int, end: int, name: str) -> int:
    """How much one mention says "this is the document's subject" (0 = not at all)."""
    before, after = body[max(0, start - 60) : start], body[end : end + 60]
    if person_before().search(before):
        return 0
    patterns = context_patterns()
    for kind in ("comparison", "subject", "passing"):
        weight, befores, afters = patterns[kind]
        if any(p.search(before) for p in befores) or any(p.search(after) for p in afters):
            return weight
    council = structured("authority-context")["council_name"]
    if re.search(council["name"], name, re.I):
        return int(council["weight"])
    opens_sentence = re.search(r"(?:^|[.!?:•·]\s*|\n\s*)$", before)
    if name in exact_case_names() and opens_sentence:
        return 0
    return patterns["plain"][0]


def is_comparison(body: str, start: int, end: int) -> bool:
    """True when a mention names a comparator or neighbour ("neighbouring Wigan"): such a
    name is not the subject anywhere in the document ("Wigan had faced the same")."""
    _, befores, afters = context_patterns()["comparison"]
    before, after = body[max(0, start - 60) : start], body[end : end + 60]
    return any(p.search(before) for p in befores) or any(p.search(after) for p in afters)


def authority_in_text(body: str, date: str | None = None) -> Authority | None:
    """The authority the text is about, by weighed mentions; None when no clear winner."""
    votes: Counter[str] = Counter()
    mentions = find_mentions(body)
    compared = {name for start, end, name in mentions if is_comparison(body, start, end)}
    for start, end, name in mentions:
        weight = 0 if name in compared else mention_weight(body, start, end, name)
        if weight:
            votes[choose(by_name()[name], date).gss] += weight
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return to_authority(by_code()[ranked[0][0]])


def resolve_authority(document: Document) -> Authority | None:
    """The document's authority: front matter, then the site's host, then the text."""
    date = find_meeting_date(document)
    if document.authority:
        found = lookup(document.authority, date) or authority_in_text(document.authority, date)
        if found:
            return found
    if document.source_url:
        found = authority_for_host(document.source_url, date)
        if found:
            return found
    return authority_in_text(document.body, date)
