"""The errors a user can meet. Each message is the one line the CLI prints.

Exit codes (documented in the README):
0 success; 1 the graph does not conform (violations, or warnings with --strict);
2 bad usage (a malformed query, a bad option value); 3 input that could not be read;
4 a remote store or endpoint refused or could not be reached.
"""

from __future__ import annotations


class OfstedKgError(Exception):
    """Base class: `str(error)` is a complete one-line message for the user."""

    exit_code = 1


class UsageError(OfstedKgError):
    """The command was given something it cannot use (a malformed query, a bad value)."""

    exit_code = 2


class InputError(OfstedKgError):
    """An input file is missing, unreadable, binary or not in a format we can read."""

    exit_code = 3


class RemoteError(OfstedKgError):
    """A SPARQL endpoint or graph store refused the request or could not be reached."""

    exit_code = 4
