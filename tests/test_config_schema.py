"""The config's JSON Schema: generated from config.py, in sync with the file in the repository,
accepting what the config accepts and rejecting what editors can tell is wrong."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, REPO
from vaultcheck.cli.app import app
from vaultcheck.core.config import OPTION_TABLES, TOP_KEYS, parse_config
from vaultcheck.core.configschema import DESCRIPTIONS, SELECTOR, config_schema, schema_text
from vaultcheck.core.errors import ConfigError
from vaultcheck.rules import REGISTRY

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCHEMA_FILE = REPO / "schema" / "vaultcheck.schema.json"
VALIDATOR = jsonschema.Draft4Validator(config_schema())


def test_the_file_in_the_repository_is_the_generated_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: vaultcheck config-schema > schema/vaultcheck.schema.json"
    )


def test_config_schema_command_prints_it() -> None:
    result = CliRunner().invoke(app, ["config-schema"])
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    assert json.loads(result.stdout)["title"] == "vaultcheck configuration"


def test_the_schema_is_valid_draft_4() -> None:
    jsonschema.Draft4Validator.check_schema(config_schema())


def test_every_key_is_described() -> None:
    keys = set(TOP_KEYS) | {f"{t}.{k}" for t, table in OPTION_TABLES.items() for k in table}
    assert set(DESCRIPTIONS) == keys
    properties = config_schema()["properties"]
    assert set(properties) == set(TOP_KEYS)
    for table, options in OPTION_TABLES.items():
        assert set(properties[table]["properties"]) == set(options)


def test_every_rule_selector_matches_the_pattern() -> None:
    pattern = re.compile(SELECTOR["pattern"])
    selectors = {"ALL", "all", " LNK001 "}
    for code, rule in REGISTRY.items():
        selectors |= {code, code.lower(), code[:3], rule.name}
    assert [s for s in selectors if not pattern.search(s)] == []


def _documented_example() -> dict[str, Any]:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    return tomllib.loads(block)


def test_configs_the_checks_accept_are_valid() -> None:
    example = _documented_example()
    parse_config(example)  # the checks accept it ...
    assert list(VALIDATOR.iter_errors(example)) == []  # ... and so does the schema
    bundled = tomllib.loads((EXAMPLE_VAULT / ".vaultcheck.toml").read_text(encoding="utf-8"))
    assert list(VALIDATOR.iter_errors(bundled)) == []
    assert list(VALIDATOR.iter_errors({})) == []


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"selct": ["LNK"]}, []),  # a typo in a key
        ({"ignore": "LNK001"}, ["ignore"]),  # a string, not a list
        ({"ignore": [1]}, ["ignore", 0]),
        ({"fail-on": "fatal"}, ["fail-on"]),
        ({"severity": {"LNK001": "fatal"}}, ["severity", "LNK001"]),
        ({"tags": {"style": "pascal"}}, ["tags", "style"]),
        ({"tags": {"alowed": []}}, ["tags"]),
        ({"frontmatter": {"types": {"rating": "int"}}}, ["frontmatter", "types", "rating"]),
        ({"frontmatter": {"schema": [{"path": []}]}}, ["frontmatter", "schema", 0]),
        ({"respect-gitignore": "yes"}, ["respect-gitignore"]),
        ({"per-file-ignores": {"Daily/*": "GR"}}, ["per-file-ignores", "Daily/*"]),
    ],
)
def test_mistakes_are_marked_where_they_are(data: dict[str, Any], where: list[Any]) -> None:
    with pytest.raises(ConfigError):  # the run refuses it ...
        parse_config(data)
    errors = list(VALIDATOR.iter_errors(data))  # ... and an editor marks it, at the same key
    assert [list(e.absolute_path) for e in errors] == [where]
