"""Where the body parser's comments at the edges of blocks are, worked out from the lines.

Two cases need more than a token says: an HTML comment block (markdown-it's token covers
whole lines, list and quote markers included, while the comment runs from ``<!--`` to
``-->``), and a ``%%`` comment opened in a paragraph whose closing ``%%`` begins a line
(markdown-it reads that ``%%`` as the opening of a comment block, so what follows has to be
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


def after_closing(lines: list[str], line: int, column: int) -> str:
    """The body text to parse again once a comment closes at ``column`` (just after its
    ``%%``) of 0-based ``line``: the lines before emptied and the ``%%`` and what came
    before it on its line turned to spaces, so lines and columns stay the file's. Where that
    would indent the rest of the line into a code block, the rest is left out."""
    rest = lines[line][column:]
    indent = len(rest) - len(rest.lstrip(" "))
    closing = " " * column + rest if rest.strip() and column + indent < 4 else ""
    return "\n".join([*([""] * line), closing, *lines[line + 1 :]])
