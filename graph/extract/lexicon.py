"""Load the extractor's language data: cue phrases, patterns and lexicons.

They live as commented data files in `graph/extract/lexicon/`, one concern per file,
so a user can adapt the extractor (to another inspectorate, say) without touching
code. Two formats:

- `<name>.txt`: one entry per line; `#` starts a comment; blank lines are ignored.
- `<name>.yaml`: structured data (mappings of labels to lists of phrases or patterns).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


@functools.cache
def phrases(name: str) -> tuple[str, ...]:
    """The entries of `lexicon/<name>.txt`, comments and blank lines removed."""
    lines = (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    entries = (line.split("#", 1)[0].strip() for line in lines)
    return tuple(entry for entry in entries if entry)


@functools.cache
def structured(name: str) -> Any:
    """The parsed content of `lexicon/<name>.yaml`."""
    return yaml.safe_load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def bounded(entries: Iterable[str]) -> str:
    """A pattern matching any of `entries` (regular expressions) on word bounds."""
    return r"\b(?:" + "|".join(entries) + r")\b"


@functools.cache
def phrase_pattern(name: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any entry of `lexicon/<name>.txt` on word bounds.

    Entries are regular expressions, so a file may say `recogni[sz]ed`.
    """
    return re.compile(bounded(sorted(phrases(name), key=len, reverse=True)), re.I)
