"""Every command's help reads at 80 columns (the width when piped): option names and defaults whole, the
command list uncut, and the translating commands share one option set."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from align.cli import app
from align.cli.options import SHARED_OPTIONS

runner = CliRunner()
ROOT = typer.main.get_command(app)
# typer carries its own click: its classes are not the installed click's, so this goes by attributes.
Command = Any


def commands(group: Command = ROOT, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Command]]:
    found = [(path, group)]
    for name, command in getattr(group, "commands", {}).items():
        found.extend(commands(command, (*path, name)))
    return found


def is_option(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "option"


ALL = commands()


def help_text(path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "newsalign" for p, _ in ALL])
def test_help_at_80_columns_keeps_names_and_defaults_whole(path: tuple[str, ...], command: Command) -> None:
    text = help_text(path)
    assert max(len(line) for line in text.splitlines()) <= 80
    # Joined without line breaks, every option name and every shown default appears whole.
    flat = " ".join(text.split())
    where = f"`{' '.join(('newsalign', *path))} --help`"
    for param in command.params:
        for name in [*param.opts, *param.secondary_opts]:
            if name.startswith("-"):
                assert name in flat, f"{name} missing from {where}"
        default = getattr(param, "default", None)
        if is_option(param) and param.show_default is not False and isinstance(default, str) and default:
            assert default in flat, f"default {default!r} of {param.name} cut in {where}"
    for line in text.splitlines():  # click cuts a command's summary with "..."; every summary must fit
        if line.startswith("  ") and not line.strip().startswith("-"):
            assert not line.rstrip().endswith("..."), line


def test_the_default_model_is_never_split() -> None:
    assert "Helsinki-NLP/opus-mt-ar-en" in help_text(("translate",))


def test_commands_are_listed_in_workflow_order() -> None:
    listed = [line.split()[0] for line in help_text(()).split("Commands:")[1].splitlines() if line.strip()]
    workflow = ["translate", "clean", "review", "export", "score", "pair", "qa", "bench", "translate-corpus"]
    assert [name for name in listed if name in (*workflow, "models")] == [*workflow, "models"]


def option_names(command: Command) -> set[str]:
    return {param.name for param in command.params if is_option(param) and param.name}


def test_the_translating_commands_share_one_option_set() -> None:
    shared = set(SHARED_OPTIONS)
    definitions: dict[str, set[tuple[Any, ...]]] = {}
    for name in ("translate", "review", "pair", "translate-corpus"):
        command = ROOT.commands[name]
        assert shared <= option_names(command), name
        for param in command.params:
            if param.name in shared:
                signature = (
                    tuple(param.opts),
                    tuple(param.secondary_opts),
                    type(param).__name__,
                    param.help,
                    str(param.default),
                )
                definitions.setdefault(param.name, set()).add(signature)
    assert {name: sigs for name, sigs in definitions.items() if len(sigs) > 1} == {}
