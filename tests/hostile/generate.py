"""Write the hostile corpus: notes built to break parsers, one idea per file.

    python tests/hostile/generate.py OUT_DIR

Every file is generated here (nothing is copied in). ``EXPECTED`` maps a file to the codes it
must produce; files not in it must simply not break anything.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

MB = 1024 * 1024

LAUGHS = (
    "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
    )
    + "---\nbody\n"
)


def files() -> dict[str, bytes]:
    f: dict[str, bytes] = {}
    yaml_cases = {
        "unterminated-quote": 'title: "never closed\n',
        "bad-indent": "a:\n  b: 1\n c: 2\n",
        "tab-indent": "list:\n\t- a\n",
        "unclosed-flow": "tags: [a, b\n",
        "no-key": ": value\n",
        "template": "created: {{date}}\n",
        "python-tag": "x: !!python/object/apply:os.system ['touch PWNED']\n",
        "bad-binary": "x: !!binary not base64!\n",
        "bad-int": "x: !!int 12z\n",
        "undefined-alias": "x: *nope\n",
        "impossible-date": "created: 2025-13-45\n",
        "deep-flow": "x: " + "[" * 20000 + "]" * 20000 + "\n",
        "deep-block": "".join("  " * i + "k:\n" for i in range(2000)),
        "duplicate-keys": "tags: [a]\ntags: [b]\ntitle: x\ntitle: y\n",
        "huge-scalar": "x: " + "a" * 2_000_000 + "\n",
    }
    for name, yaml in yaml_cases.items():
        f[f"yaml/{name}.md"] = f"---\n{yaml}---\nbody [[Target]]\n".encode()
    f["yaml/billion-laughs.md"] = LAUGHS.encode()
    f["yaml/never-closed.md"] = b"---\ntitle: x\n\nbody [[Target]]\n"
    f["yaml/second-block.md"] = b"---\na: 1\n---\ntext\n---\nb: [\n---\n"
    f["yaml/only-dashes.md"] = b"---"
    f["yaml/empty-frontmatter.md"] = b"---\n---\n"
    f["endings/crlf.md"] = b"---\r\ntitle: x\r\n---\r\n[[Target]]\r\n"
    f["endings/mixed.md"] = b"---\ntitle: x\r\n---\r[[Target]]\n[[Missing A]]\r\n[[Missing B]]\r"
    f["endings/bom.md"] = b"\xef\xbb\xbf---\ntitle: x\n---\n[[Missing C]]\n"
    f["endings/no-final-newline.md"] = b"[[Missing D]]"
    f["bytes/invalid-utf8.md"] = b"ok\ncaf\xe9 [[Target]]\n"
    f["bytes/truncated-utf8.md"] = b"ends in the middle of a character \xe2\x82"
    f["bytes/lone-continuation.md"] = b"\x80\x80\x80 text"
    f["bytes/surrogate.md"] = b"encoded surrogate \xed\xa0\x80 here"
    f["bytes/nul-late.md"] = b"x" * 9000 + b"\x00 [[Target]]\n"
    f["bytes/binary.md"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    f["bytes/empty.md"] = b""
    f["bytes/whitespace.md"] = b" \n\t\n \r\n"
    f["size/fifty-megabytes.md"] = (b"A line of prose with a [[Target]] link.\n" * (50 * MB // 40))[
        : 50 * MB
    ]
    f["size/one-long-line.md"] = b"word [[Target]] #tag " * (5 * MB // 21)
    f["size/hundred-thousand-links.md"] = b"\n".join(b"- [[Note %d]]" % i for i in range(100_000))
    f["markdown/unclosed-wikilinks.md"] = b"[[" * 100_000 + b"\n[[Target\n"
    f["markdown/unclosed-brackets.md"] = b"[" * 100_000
    f["markdown/deep-quotes.md"] = b"> " * 3000 + b"[[Target]]\n"
    f["markdown/deep-lists.md"] = b"".join(b"  " * i + b"- [[Target]]\n" for i in range(3000))
    f["markdown/unclosed-fence.md"] = b"```\n[[not a link]]\n"
    f["markdown/unclosed-tilde-fence.md"] = b"~~~\n[[not a link]]\n"
    f["markdown/unclosed-html-comment.md"] = b"text\n\n<!-- never closed\n[[hidden]]\n"
    f["markdown/unclosed-percent-comment.md"] = b"text %% never closed\n\n[[hidden]]\n"
    f["markdown/unclosed-math.md"] = b"$$\n[[in math]]\n"
    f["markdown/many-comments.md"] = b"%% a %% " * 50_000
    f["markdown/escape-outside.md"] = (
        b"[[../../../../etc/passwd]] [x](/etc/passwd) ![[../../secret.png]]\n"
    )
    f["markdown/many-backticks.md"] = b"`" * 100_000 + b" [[Target]]"
    f["markdown/tabs.md"] = b"\t# not a heading\n\t- [[Target]]\n\t\t#tag\t[[Target]]\t\n"
    f["markdown/table-pipes.md"] = b"|" * 50_000 + b"\n|-|\n|" + b"[[Target\\|x]]|" * 1000 + b"\n"
    # Names: right-to-left, combining marks, emoji, and one name in NFC and NFD.
    f["names/\u05e9\u05dc\u05d5\u05dd \u202eevil.md"] = b"[[Target]]\n"
    f["names/Cafe\u0301 combining.md"] = b"[[Target]]\n"
    f["names/\U0001f9e9\u200d\U0001f525 emoji.md"] = (
        "[[Target]] [[\U0001f9e9\u200d\U0001f525 emoji]]\n".encode()
    )
    nfc = unicodedata.normalize("NFC", "R\u00e9sum\u00e9")
    nfd = unicodedata.normalize("NFD", "R\u00e9sum\u00e9")
    f[f"names/{nfc}.md"] = b"nfc\n"
    f[f"names/other/{nfd}.md"] = f"[[{nfc}]] [[{nfd}]]\n".encode()
    f["names/" + "x" * 240 + ".md"] = b"a very long name\n"
    f["names/zero\u200bwidth.md"] = "[[zero\u200bwidth]]\n".encode()
    f["Target.md"] = b"# Target\n"
    return f


#: Codes each file must produce (it may produce more).
EXPECTED = {
    "yaml/unterminated-quote.md": {"FM001"},
    "yaml/bad-indent.md": {"FM001"},
    "yaml/tab-indent.md": {"FM001"},
    "yaml/unclosed-flow.md": {"FM001"},
    "yaml/template.md": {"FM001"},
    "yaml/python-tag.md": {"FM001"},
    "yaml/bad-binary.md": {"FM001"},
    "yaml/bad-int.md": {"FM001"},
    "yaml/undefined-alias.md": {"FM001"},
    "yaml/impossible-date.md": {"FM006"},
    "yaml/deep-flow.md": {"FM001"},
    "yaml/deep-block.md": {"FM001"},
    "yaml/duplicate-keys.md": {"FM003"},
    "yaml/never-closed.md": {"FM001"},
    "endings/mixed.md": {"LNK001"},
    "endings/bom.md": {"LNK001"},
    "bytes/invalid-utf8.md": {"TXT002"},
    "bytes/truncated-utf8.md": {"TXT002"},
    "bytes/lone-continuation.md": {"TXT002"},
    "bytes/surrogate.md": {"TXT002"},
    "bytes/binary.md": {"TXT002"},
    "size/fifty-megabytes.md": {"VC005"},
    "size/hundred-thousand-links.md": {"LNK001"},
    "markdown/unclosed-html-comment.md": {"TXT003"},
    "markdown/unclosed-percent-comment.md": {"TXT003"},
    "markdown/escape-outside.md": {"LNK001", "LNK005"},
}


def write(out: Path) -> None:
    """Write the corpus into ``out`` (an Obsidian vault)."""
    (out / ".obsidian").mkdir(parents=True, exist_ok=True)
    for rel, data in files().items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    write(Path(sys.argv[1]))
