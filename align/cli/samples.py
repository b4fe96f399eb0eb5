"""``newsalign samples …``: the sample articles that ship with newsalign, so examples work from any install.

newsalign translate "$(newsalign samples path bannon-brexit)"
"""

from __future__ import annotations

from typing import Annotated

import typer

from align.cli.common import cli_errors, stderr_console, write_stdout

samples_app = typer.Typer(
    help="The sample articles that ship with newsalign (list, path, show).", no_args_is_help=True
)

NameArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="A sample's name (see `newsalign samples list`).")
]


@samples_app.command("list", short_help="Name, language and description of every sample.")
def samples_list() -> None:
    """Name, language and description of every sample, one per line (tab-separated)."""
    from align.datasets.samples import SAMPLES

    write_stdout("".join(f"{s.name}\t{s.language}\t{s.description}\n" for s in SAMPLES.values()))


@samples_app.command("path")
def samples_path(name: NameArgument) -> None:
    """Print the sample's file path, for any command that takes a file."""
    with cli_errors(stderr_console()):
        from align.datasets.samples import sample_path

        write_stdout(f"{sample_path(name)}\n")


@samples_app.command("show")
def samples_show(name: NameArgument) -> None:
    """Print the sample's text as shipped."""
    with cli_errors(stderr_console()):
        from align.datasets.samples import sample_text

        write_stdout(sample_text(name))
