"""Cheap checks on query text before any SPARQL parser sees it.

Oxigraph's parser and evaluator recurse: a query nested a few thousand levels deep, or
a chain of a few thousand UNIONs or operators, overflows the stack and kills the whole
process (exit 139) where no Python code can catch it. A linear token scan refuses such
queries first, with a message, and also finds what a read-only tool must not run: an
update, or a `SERVICE` call that would make this machine send requests to other hosts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from graph.errors import UsageError

MAX_DEPTH = 100
"""Brackets (`{`, `(`, `[`) open at once; real queries stay under 20, 3,000 crash."""
MAX_ELEMENTS = 2000
"""Groups, operators and UNION/OPTIONAL/... in one query; the library's longest has ~200,
and chains of 5,000 crash the evaluator when it runs on a thread's stack."""
UPDATE_MESSAGE = ("updates are not allowed (read-only): run a SELECT, ASK, CONSTRUCT or "
                  "DESCRIBE query")
SERVICE_MESSAGE = ("SERVICE calls to other endpoints are refused; give --allow-remote to "
                   "allow them")

TOKEN = re.compile(
    r"""(?P<skip>\s+|\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]+|\\.|"(?!""))*(?:\"\"\")?
                  | '''(?:[^'\\]+|\\.|'(?!''))*(?:''')?
                  | "(?:[^"\\\n]+|\\.)*"? | '(?:[^'\\\n]+|\\.)*'?)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<variable>[?$]\w+)
      | (?P<word>[\w][\w\-.]*(?::[\w\-.:%\\]*)? | :[\w\-.:%\\]*)
      | (?P<symbol>&&|\|\||!=|<=|>=|\^\^|.)""",
    re.VERBOSE | re.DOTALL,
)
"""SPARQL tokens, enough to skip comments, strings and IRIs, where nothing counts. Every
alternative matches at its first try (closing quotes are optional), so nothing backtracks."""
OPENING = frozenset("{([")
CLOSING = frozenset("})]")
STRUCTURE = frozenset({*OPENING, "&&", "||", "!=", "<=", ">=", "=", "<", ">", "!", "+", "-",
                       "*", "/", "|", "^", ".", ";", ",", "UNION", "OPTIONAL", "MINUS",
                       "FILTER", "BIND", "GRAPH", "SERVICE", "EXISTS"})
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY",
                          "MOVE", "ADD", "WITH"})


class Token(NamedTuple):
    kind: str
    """`string`, `iri`, `variable`, `word` (a keyword, prefixed name or number) or `symbol`."""
    text: str
    """The token as written; words are upper-cased so keywords compare simply."""
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text`, comments and white space left out."""
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "symbol"
        if kind != "skip":
            value = match.group()
            yield Token(kind, value.upper() if kind == "word" else value, match.start())


def check_text(text: str, allow_remote: bool = False) -> bool:
    """Refuse (UsageError) an update, a `SERVICE` call unless `allow_remote`, and a query
    nested or chained beyond what the parsers survive; return whether it calls SERVICE."""
    depth = elements = 0
    calls_service = False
    first_word: str | None = None
    prologue_left = 0
    in_values = False
    for token in tokens(text):
        value = token.text
        if token.kind == "word" and first_word is None:
            if prologue_left == 0 and value in ("PREFIX", "BASE"):
                prologue_left = 2 if value == "PREFIX" else 1
                continue
            if prologue_left == 0:
                first_word = value
                if value in UPDATE_WORDS:
                    raise UsageError(UPDATE_MESSAGE)
        if prologue_left:
            prologue_left -= 1
            continue
        if value == "SERVICE":
            if not allow_remote:
                raise UsageError(SERVICE_MESSAGE)
            calls_service = True
        if value == "VALUES":
            in_values = True
        if value in OPENING:
            depth += 1
            if depth > MAX_DEPTH:
                raise UsageError(f"query nested too deeply (more than {MAX_DEPTH} levels of "
                                 "brackets); simplify it")
        elif value in CLOSING:
            depth = max(depth - 1, 0)
            in_values = in_values and value != "}"
        if value in STRUCTURE and not in_values:
            elements += 1
            if elements > MAX_ELEMENTS:
                raise UsageError(f"query too long (more than {MAX_ELEMENTS} groups, operators "
                                 "and patterns); split it into smaller queries")
    return calls_service
