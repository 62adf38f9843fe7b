"""The README and the notes in `docs/` point at files that exist.

The README is the front door and sends readers on to `docs/` for the long accounts
(the extractor's history, the build's benchmark runs); a link to a moved or renamed file
would leave them at a dead end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RELATIVE_LINK = re.compile(r"\]\(((?!https?:|#|mailto:)[^)\s]+)\)")
"""A Markdown link or image to a path in the repository (not a web address or anchor)."""


def relative_links(page: Path) -> list[str]:
    return RELATIVE_LINK.findall(page.read_text(encoding="utf-8"))


def test_readme_links_to_the_long_accounts_in_docs() -> None:
    links = relative_links(ROOT / "README.md")
    assert "docs/extractor-history.md" in links
    assert "docs/performance-history.md" in links
    assert "docs/graph.png" in links


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_readme_relative_links_name_files_that_exist(page: Path) -> None:
    missing = [link for link in relative_links(page)
               if not (page.parent / link.split("#")[0]).exists()]
    assert missing == [], f"{page.name} links to missing files: {missing}"
