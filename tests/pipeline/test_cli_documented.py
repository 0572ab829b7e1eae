"""Every command is documented: an example in its --help and a row in the README (datasette habit)."""
from __future__ import annotations

from pathlib import Path

import pytest
import typer

from storyline.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple]:
    group = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):  # a command group: check each of its commands
            out.extend((f"{name} {sub}", c) for sub, c in cmd.commands.items())
        else:
            out.append((name, cmd))
    return out


@pytest.mark.parametrize("name,cmd", commands(), ids=[n for n, _ in commands()])
def test_command_has_an_example_and_a_readme_row(name: str, cmd) -> None:
    assert "Example:" in (cmd.help or ""), f"`storyline {name} --help` shows no example"
    top = name.split()[0]
    assert f"`storyline {top}" in README, f"README's command table has no row for `storyline {top}`"
