"""Which URLs may become links: only absolute http(s) URLs that are valid IRIs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
"""Characters an IRI may not contain (RFC 3987): a URL with one is not a link we can write."""


def is_http_url(value: str) -> bool:
    """True for `http://host/...` or `https://host/...`; `javascript:`, `data:`, `file:` and
    relative or malformed URLs are never links in the graph or in a page we write."""
    if NOT_IN_IRI.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. a bad IPv6 literal
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
