"""Incremental checking: after edits, the findings are exactly those of a full run."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import write_vault
from vaultcheck.core.config import load_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.engine.run import LintResult, lint
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.cache import Cache

#: The vault-wide rules that read notes: selecting one means full runs.
VAULT_WIDE = ["TAG005", "TAG007", "GR003", "GR005", "REL004"]

NOTES = {
    "Home.md": "---\naliases: [Start]\ntags: [index]\n---\n# Home\n\nSee [[Alpha]], [[Beta#Method]]"
    " and [[Gamma#^quote]].\n",
    "Alpha.md": "---\ntags: [Topic, draft]\nrelated: [Beta, Gamma]\n---\n# Alpha\n\n## Related\n\n"
    "- [[Beta]]\n\nBody #topic text.\n",
    "Beta.md": "---\ntags: [topic]\nrelated: [Alpha]\n---\n# Beta\n\n## Method\n\nSteps.\n\n"
    "## Results\n\nA line. ^result\n",
    "Gamma.md": "# Gamma\n\nA quote. ^quote\n\nLinks to [[Beta#Results]] and [[Missing]].\n",
    "Delta.md": "Nothing links here and nothing out. #Topic\n",
    "sub/Epsilon.md": "---\naliases: [Eps]\n---\n# Epsilon\n\n![[pic.png]] [[Alpha#Nope]] "
    "[[Home]]\n%% vaultcheck: disable-next-line LNK001 %%\n[[Nowhere]]\n",
    "sub/Zeta.md": "# Zeta\n\n[[Eps]] and [[Delta]] and [Beta](../Beta.md)\n",
    "pic.png": b"\x89PNG\r\n",
}

#: Added for the random edits: a shared name (Obsidian opens the one beside the note, else
#: the shortest path) and an excluded note (not checked, still a link target).
MORE_NOTES = {
    "x/Shared.md": "# Shared\n\n## Method\n",
    "yyy/Shared.md": "# Shared too\n",
    "sub/Shared.md": "[[Shared#Method]]\n",
    ".vaultcheck.toml": 'exclude = ["Excluded/"]\n',
    "Excluded/Hidden.md": "[[Nowhere]]\n",
}

LINKS = ["[[Alpha]]", "[[Beta#Method]]", "[[Beta#Gone]]", "[[Gamma#^quote]]", "[[Gamma#^nope]]",
         "[[Delta]]", "[[Missing note]]", "[[Start]]", "[[sub/Zeta]]", "![[pic.png]]",
         "[[Alhpa]]", "[[#Own heading]]", "[[Shared]]", "[[Shared#Method]]", "[[x/Shared]]",
         "[[Hidden]]"]  # fmt: skip

EDITS: list[Callable[[str, random.Random], str | bytes]] = [
    lambda text, r: text + f"\nAdded {r.choice(LINKS)}.\n",
    lambda text, r: text + f"\n## {r.choice(['Method', 'Results', 'Own heading', 'New'])}\n",
    lambda text, r: text + f"\nA line. ^{r.choice(['quote', 'result', 'nope'])}\n",
    lambda text, r: text + f"\nTagged #{r.choice(['topic', 'Topic', 'TOPIC', 'draft', 'new'])}\n",
    lambda text, r: "\n".join(line for line in text.split("\n") if r.random() > 0.3),
    lambda text, r: text.replace("Method", "Approach").replace("^quote", "^q2"),
    lambda text, r: text + "\n%% vaultcheck: disable-file LNK003 %%\n",
    lambda text, r: text.replace("related: [", "related: [Zeta, "),
    lambda text, r: "---\ntags: [Draft]\n---\n" + text if not text.startswith("---") else text,
    lambda text, r: text.replace("tags: [", "tags: [bad tag, "),
    lambda text, r: "---\nkey: [unclosed\n---\n" + text,
    lambda text, r: text.replace("aliases: [", "aliases: [Other, "),  # a full run follows
    lambda text, r: "",
    # The same text in other bytes: line endings, a BOM, Latin-1 (TXT002, mojibake).
    lambda text, r: text.replace("\r\n", "\n").replace("\n", r.choice(["\r\n", "\n"])),
    lambda text, r: text if text.startswith("\ufeff") else "\ufeff" + text,
    lambda text, r: ("Café [[Beta#Method]]\n" + text).encode("latin-1", "replace"),
]


def rows(result: LintResult) -> list[tuple[object, ...]]:
    return [_row(d) for d in result.diagnostics]


def _row(d: Diagnostic) -> tuple[object, ...]:
    return (d.path, d.span, d.code, d.severity, d.message, d.fix)


def run(root: Path, select: list[str] | None, cache: Cache | None) -> LintResult:
    return lint(root, select_rules(select), config=load_config(root), cache=cache)


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_give_the_findings_of_a_full_run(tmp_path: Path, seed: int) -> None:
    root = write_vault(tmp_path / "vault", {**NOTES, **MORE_NOTES})
    cache = Cache(tmp_path / "cache")
    rand = random.Random(seed)
    select = None if seed % 2 else every_rule_but_vault_wide()  # None: the default rules
    run(root, select, cache)
    incremental = 0
    notes = sorted(p for p in {**NOTES, **MORE_NOTES} if p.endswith(".md") and "Excluded" not in p)
    for _ in range(25):
        if rand.random() < 0.15:  # the files change: a full run, from the stored notes
            change_files(root, notes, rand)
        for path in rand.sample(notes, rand.choice([1, 1, 1, 2])):
            target = root / path
            edited = rand.choice(EDITS)(target.read_bytes().decode("utf-8", "replace"), rand)
            target.write_bytes(edited.encode("utf-8") if isinstance(edited, str) else edited)
        quick = run(root, select, cache)
        assert rows(quick) == rows(run(root, select, None))
        if quick.vault is None and 0 < quick.checked < len(notes):
            incremental += 1
    assert incremental >= 10  # most steps really were incremental


def change_files(root: Path, notes: list[str], rand: random.Random) -> None:
    """Move a note to another folder, delete one, or add `Shared.md` at the root, which
    takes `[[Shared]]` from `x/Shared.md` (an exact path wins); ``notes`` follows."""
    kind = rand.choice(["move", "delete", "add"])
    if kind == "add" and "Shared.md" not in notes:
        (root / "Shared.md").write_text("# Root\n\n## Method\n", "utf-8")
        notes.append("Shared.md")
        return
    path = rand.choice(notes)
    if kind == "move" and not path.startswith("moved/"):
        moved = "moved/" + path.rsplit("/", 1)[-1]
        if moved not in notes:
            (root / "moved").mkdir(exist_ok=True)
            (root / path).rename(root / moved)
            notes[notes.index(path)] = moved
            return
    if len(notes) > 4:
        (root / path).unlink()
        notes.remove(path)


def every_rule_but_vault_wide() -> list[str]:
    return [cls.code for cls in select_rules(["ALL"]) if cls.code not in VAULT_WIDE]


def test_one_edit_checks_only_the_notes_it_can_affect(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", NOTES)
    cache = Cache(tmp_path / "cache")
    select = every_rule_but_vault_wide()
    assert run(root, select, cache).checked == 7  # the first run checks every note
    # Gamma links to Beta's headings: Beta's edit is read by Gamma and Home.
    beta = root / "Beta.md"
    beta.write_text(beta.read_text("utf-8").replace("## Results", "## Outcome"), "utf-8")
    changed = run(root, select, cache)
    assert changed.checked == 3
    messages = {(d.path, d.message) for d in changed.diagnostics if d.code == "LNK003"}
    assert ("Gamma.md", "Missing heading: `Beta.md` has no heading `Results`") in messages
    # Links removed change their targets' incoming links: Delta becomes an orphan.
    zeta = root / "sub" / "Zeta.md"
    zeta.write_text("# Zeta\n", "utf-8")
    after = run(root, select, cache)
    assert after.checked == 3  # Zeta, and Delta and Beta, which it linked to ([[Eps]] is no link)
    assert ("GR001", "Delta.md") in {(d.code, d.path) for d in after.diagnostics}
    assert rows(after) == rows(run(root, select, None))


def test_a_vault_wide_rule_that_reads_notes_means_a_full_run(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", NOTES)
    cache = Cache(tmp_path / "cache")
    run(root, ["ALL"], cache)
    (root / "Delta.md").write_text("Changed. #topic\n", "utf-8")
    result = run(root, ["ALL"], cache)
    assert result.checked == 7
    assert rows(result) == rows(run(root, ["ALL"], None))
    # Delta's `#Topic` became `#topic`: Alpha's `Topic` is now outnumbered 3 to 1.
    assert ("Alpha.md", "Tag `Topic` is also written `topic` (3 times); pick one casing") in {
        (d.path, d.message) for d in result.diagnostics
    }


def test_an_alias_change_means_a_full_run(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", NOTES)
    cache = Cache(tmp_path / "cache")
    run(root, ["LNK"], cache)
    (root / "Delta.md").write_text("---\naliases: [Missing]\n---\nNow an alias.\n", "utf-8")
    result = run(root, ["LNK"], cache)
    assert result.checked == 7
    assert ("Gamma.md", "LNK009") in {(d.path, d.code) for d in result.diagnostics}


def test_the_year_turning_is_a_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CIT003 finds a reference dated after next year impossible: on New Year's Day the
    # findings a cached run stored the day before are not a cold run's.
    import datetime

    from vaultcheck.rules.shared import references

    class Today(datetime.date):  # the clock on the last day of 2026, then the next day
        day = datetime.date(2026, 12, 31)

        @classmethod
        def today(cls) -> datetime.date:
            return cls.day

    # The references module's clock only, not the datetime module every other one uses.
    monkeypatch.setattr(references, "datetime", SimpleNamespace(date=Today))
    notes = {"Paper.md": "# Paper\n\n## References\n\n- Doe, J. (2028). A title. Press.\n"}
    root = write_vault(tmp_path / "vault", notes)
    cache = Cache(tmp_path / "cache")
    before = run(root, ["CIT003"], cache)
    assert [(d.code, d.message) for d in before.diagnostics] == [
        ("CIT003", "Malformed reference: the year 2028 is impossible")
    ]
    Today.day = datetime.date(2027, 1, 1)
    after = run(root, ["CIT003"], cache)
    assert rows(after) == rows(run(root, ["CIT003"], None)) == []
