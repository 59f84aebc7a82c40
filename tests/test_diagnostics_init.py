"""The hand-written ``__init__``s of ``Edit``, ``Fix``, ``Diagnostic`` and ``Resolution``
(faster than the frozen dataclass's) must behave as the dataclass's: same parameters, frozen, equal, hashed,
replaced and pickled alike."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from vaultcheck.core.model import Span
from vaultcheck.vault.resolve import Decided, Resolution, Status


@pytest.mark.parametrize("cls", [Edit, Fix, Diagnostic, Resolution])
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)


def _finding() -> Diagnostic:
    edit = Edit(3, 7, "Note", path="other.md")
    fix = Fix((edit,), Applicability.SAFE, "Write `Note`")
    return Diagnostic("LNK008", "link-case-mismatch", Severity.INFO, "m", "a.md", _SPAN, fix)


_SPAN = Span(3, 7, 1, 4, 1, 8)


def test_fields_set_by_position_and_keyword_read_back() -> None:
    d = _finding()
    assert (d.code, d.name, d.severity, d.message, d.path, d.span) == (
        "LNK008",
        "link-case-mismatch",
        Severity.INFO,
        "m",
        "a.md",
        _SPAN,
    )
    assert d.fix is not None and d.fix.edits == (Edit(3, 7, "Note", "other.md"),)
    assert Edit(1, 2, "x").path is None
    by_keyword = Diagnostic(
        code="X1", name="n", severity=Severity.ERROR, message="m", path="p.md", span=_SPAN
    )
    assert by_keyword.fix is None
    assert by_keyword == Diagnostic("X1", "n", Severity.ERROR, "m", "p.md", _SPAN, None)


def test_frozen_equal_hashed_replaced_and_pickled() -> None:
    d = _finding()
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.message = "changed"  # type: ignore[misc]
    assert d.fix is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.fix.edits[0].start = 0  # type: ignore[misc]
    assert d == _finding() and hash(d) == hash(_finding())
    assert d != dataclasses.replace(d, message="other")
    replaced = dataclasses.replace(d, fix=None, severity=Severity.WARNING)
    assert (replaced.fix, replaced.severity, replaced.message) == (None, Severity.WARNING, "m")
    assert pickle.loads(pickle.dumps(d)) == d
    assert repr(d).startswith("Diagnostic(code='LNK008', name='link-case-mismatch'")
    with pytest.raises(TypeError):
        Diagnostic("X1", "n", Severity.ERROR, "m", "p.md")  # type: ignore[call-arg]


def test_resolution_fields_frozen_and_equal() -> None:
    res = Resolution(Status.RESOLVED, "a/B.md", Decided.SHORTEST, ("B.md",))
    assert (res.status, res.target, res.decided, res.others) == (
        Status.RESOLVED,
        "a/B.md",
        Decided.SHORTEST,
        ("B.md",),
    )
    assert res.guessed and res.resolved
    assert Resolution(Status.UNRESOLVED) == Resolution(
        status=Status.UNRESOLVED, target=None, decided=None, others=()
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.target = "c.md"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(res)) == res
