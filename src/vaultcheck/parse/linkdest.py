"""A plain Markdown link's destination as markdown-it normalises it, without mdurl's loop.

markdown-it normalises a link's destination with ``mdurl``: parse it as a URL, encode a
host name, then percent-encode it one character at a time in Python, building the result
by string concatenation (``mdurl.encode``). A vault's links name its notes, and in a vault
written in another script every such name is a run of non-ASCII characters: about 15 us a
destination, and they rarely repeat (the multilingual bench vault's 3,502 Markdown links
name 3,502 notes). A destination with no ``:`` (so no scheme, port or ``mailto``) that
does not start with ``//`` (no host) is a path: parsing and formatting it gives it back
unchanged, so its normal form is its percent-encoding alone, which ``urllib.parse.quote``
gives, in C, for the same characters: ASCII letters and digits and mdurl's default
exclusions are kept, every other character's UTF-8 bytes encoded in upper case hex, and a
``%`` kept when two hex digits follow it (else mdurl encodes it as ``%25``: such
destinations, and any other, go to markdown-it's own ``normalizeLink``).
``tests/test_linkdest.py`` holds the two to each other.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from vaultcheck.parse import mdparser

#: What mdurl.encode keeps besides ASCII letters and digits (its ``ENCODE_DEFAULT_CHARS``),
#: and ``%``, kept by it where an escape follows (see ``_LONE_PERCENT``).
_KEPT = ";/?:@&=+$,-_.!~*'()#%"
#: A ``%`` that does not start an escape (mdurl encodes it; ``quote`` would keep it).
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def normalize_link(destination: str) -> str:
    """``destination`` as markdown-it's ``normalizeLink`` gives it (a destination without
    white space, as a plain link's is)."""
    if (
        ":" in destination
        or destination.startswith("//")
        or ("%" in destination and _LONE_PERCENT.search(destination) is not None)
    ):
        return mdparser.PARSER.normalizeLink(destination)
    try:
        return quote(destination, safe=_KEPT)
    except UnicodeEncodeError:  # a lone surrogate (mdurl writes U+FFFD's bytes)
        return mdparser.PARSER.normalizeLink(destination)
