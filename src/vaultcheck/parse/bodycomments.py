"""Where the body parser's comments at the edges of blocks are, worked out from the lines.

Three cases need more than a token says: an HTML comment block (markdown-it's token covers
whole lines, list and quote markers included, while the comment runs from ``<!--`` to
``-->``); a ``%%`` comment left open in a paragraph, which runs to the next ``%%`` in
whatever block; and its closing ``%%`` beginning a line (markdown-it reads that ``%%`` as
the opening of a comment block, or, indented, as a code block, so what follows has to be
parsed again). :mod:`vaultcheck.parse.body` asks these functions and records the results.
"""

from __future__ import annotations

#: A (0-based line, column) place in the body's lines.
Place = tuple[int, int]


def html_comment(
    lines: list[str], first: int, last: int, content: str
) -> tuple[Place, Place, str, bool]:
    """The HTML comment block on 0-based lines ``first`` to ``last`` (``content`` is its
    token's text, container markers removed): where it starts (at ``<!--``) and ends (after
    ``-->``, else at the end of its last line), what is inside, and whether it is closed."""
    start = lines[first].find("<!--")
    text = "\n".join(lines[first : last + 1])
    close = text.find("-->", start + 2)  # `<!-->` is a whole comment, as markdown-it reads it
    if close == -1:
        end = (last, len(lines[last]))
    else:
        line_start = text.rfind("\n", 0, close) + 1
        end = (first + text.count("\n", 0, close), close + 3 - line_start)
    body = content.lstrip()
    inner_end = body.find("-->", 2)
    inner = body[4:inner_end] if inner_end != -1 else body[4:].rstrip()
    return (first, start), end, inner, close != -1


def open_comment(md_text: str, begin: int, after: int) -> tuple[int, str, bool]:
    """A ``%%`` comment opened at ``begin`` in a paragraph that ends at ``after`` still open:
    where it ends (after the next ``%%``, in whatever block, else at the end of the text),
    what it holds, and whether it is closed."""
    close = md_text.find("%%", after)
    if close == -1:
        return len(md_text), md_text[begin + 2 :], False
    return close + 2, md_text[begin + 2 : close], True


#: Where the closing ``%%`` stood, when spaces there would indent the rest of its line into a
#: code block: a character markdown-it reads as text, not indentation, and that holds nothing,
#: so the rest is a paragraph, as the comment block rule makes it.
TEXT_START = "\u200b"


def after_closing(lines: list[str], line: int, column: int) -> str:
    """The body text to parse again once a comment closes at ``column`` (just after its
    ``%%``) of 0-based ``line``: the lines before emptied and the ``%%`` and what came
    before it on its line turned to spaces, so lines and columns stay the file's. Where
    spaces would indent the rest of the line into a code block (the ``%%`` indented, or
    spaces after it), the first of them is ``TEXT_START``: the rest is still read."""
    rest = lines[line][column:]
    lead = len(rest) - len(rest.lstrip(" \t"))
    if not rest.strip():
        closing = ""
    elif column + lead < 4 and "\t" not in rest[:lead]:
        closing = " " * column + rest
    else:
        closing = TEXT_START + " " * (column - 1) + rest
    return "\n".join([*([""] * line), closing, *lines[line + 1 :]])
