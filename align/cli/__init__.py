"""The ``newsalign`` command line (``align.cli.main`` builds the Typer app; one module per command group)."""

from align.cli.main import app, main

__all__ = ["app", "main"]
