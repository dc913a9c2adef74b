"""The README cannot drift: every registry key, command and option is documented there."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from claimwatch.cli.main import cli
from crawler.sources.registry import OPTIONAL, REQUIRED

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    head = README[:400]
    assert "make demo" in head and "make test" in head


@pytest.mark.parametrize("key", REQUIRED + OPTIONAL)
def test_every_registry_key_is_documented(key: str) -> None:
    assert f"`{key}`" in README


def _options() -> list[tuple[str, str]]:
    pairs = []
    for name, command in sorted(cli.commands.items()):
        pairs.append((name, name))
        for param in command.params:
            if isinstance(param, click.Option):
                longest = max(param.opts, key=len)
                if longest != "--help":
                    pairs.append((name, longest))
    return pairs


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_command_and_option_is_documented(command: str, option: str) -> None:
    assert f"claimwatch {command}" in README
    assert option in README, f"`claimwatch {command} {option}` is not in README.md"
