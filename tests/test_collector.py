"""The cyclic collector is paused while a run builds what lives to its end, and never left
paused: a long session (the language server) must still collect its garbage cycles."""

from __future__ import annotations

import gc
import weakref

from tests.conftest import EXAMPLE_VAULT
from vaultcheck.core.config import load_config
from vaultcheck.engine.run import Engine
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import collector_paused


class _Node:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_paused_without_freezing_leaves_cycles_made_meanwhile_collectable() -> None:
    frozen = gc.get_freeze_count()
    with collector_paused(freeze=False):
        assert not gc.isenabled()
        node = _Node()
        alive = weakref.ref(node)
        del node
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    gc.collect()
    assert alive() is None


def test_paused_and_frozen_keeps_what_was_made_out_of_collections() -> None:
    frozen = gc.get_freeze_count()
    try:
        with collector_paused():
            kept = [[index] for index in range(100)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()


def test_a_full_check_leaves_the_collector_running() -> None:
    engine = Engine(EXAMPLE_VAULT, select_rules(["ALL"]), load_config(EXAMPLE_VAULT))
    try:
        assert engine.lint().diagnostics
        assert gc.isenabled()
        engine.change("Inbox.md", b"# Changed\n\n[[Nowhere]]\n")
        assert gc.isenabled()
    finally:
        gc.unfreeze()
