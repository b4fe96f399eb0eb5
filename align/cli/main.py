"""The ``newsalign`` command line: parse options, call one library function, render.

Each command group is a module of ``align.cli``; this one builds the app and lists the commands in the
order of the workflow. Heavy modules (torch, transformers, Ray) are imported inside the commands, so
``newsalign --help`` is instant. Data goes to stdout, diagnostics to stderr; exit codes: 0 ok, 1 runtime
failure, 2 bad input or usage, 3 error flags with --strict, 4 some corpus articles failed, 130 interrupted.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from align import __version__
from align.cli.corpus import translate_corpus
from align.cli.edits import apply_edits
from align.cli.export import export
from align.cli.pair import pair
from align.cli.qa import qa
from align.cli.review import review
from align.cli.samples import samples_app
from align.cli.score import ScoreCommand, score
from align.cli.tools import bench_app, models_app
from align.cli.translate import clean, translate


def _keep_words_whole() -> None:
    """click wraps help with textwrap's defaults, which break at hyphens and inside long words: a default
    such as Helsinki-NLP/opus-mt-ar-en or a path would be split across lines. Keep every word whole (in the
    click that typer carries, or in click itself for a typer without one; ``tests/test_cli_help.py`` checks
    it)."""
    import importlib

    for name in ("typer._click._textwrap", "click._textwrap"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        base = module.TextWrapper
        if getattr(base, "keeps_words_whole", False):
            return

        class WholeWords(base):  # type: ignore[misc, valid-type]
            keeps_words_whole = True

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs.setdefault("break_on_hyphens", False)
                kwargs.setdefault("break_long_words", False)
                super().__init__(*args, **kwargs)

        setattr(module, "TextWrapper", WholeWords)  # noqa: B010 - a module of another package
        return


_keep_words_whole()

# In the order of the workflow: translate an article, or only repair it; review and export the result;
# score translations; pair an article with its English version; check a translation; measure; a whole
# archive; the model cache. Commands not listed here follow in the order they were added.
WORKFLOW = (
    "translate",
    "clean",
    "review",
    "export",
    "score",
    "pair",
    "qa",
    "bench",
    "translate-corpus",
    "models",
)


class _WorkflowGroup(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: WORKFLOW.index(n) if n in WORKFLOW else len(WORKFLOW))


app = typer.Typer(
    cls=_WorkflowGroup,
    name="newsalign",
    help="Repair, translate, align and score Arabic news articles with open MarianMT models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help (click's): it wraps to the terminal and never cuts an option name or a default, also
    # when piped (80 columns), where rich's boxed tables truncate with "…".
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

# The one-line summaries are short enough that an 80-column listing never cuts them.
app.command("translate", short_help="Translate an Arabic article into English.")(translate)
app.command("clean", short_help="Repair an article damaged by PDF extraction.")(clean)
app.command("review", short_help="English and Arabic side by side, with the flags.")(review)
app.command("export", short_help="A Document as TMX, XLIFF, TSV, JSON Lines or text.")(export)
app.command("apply-edits", short_help="Merge a review's corrections into a Document.")(apply_edits)
app.command("score", cls=ScoreCommand, short_help="BLEU, chrF, TER against references (sacrebleu).")(score)
app.command("pair", short_help="Sentence pairs of an article and its English version.")(pair)
app.command("qa", short_help="Check translations without a reference.")(qa)
app.add_typer(bench_app, name="bench", short_help="Measure speed, quality and throughput.")
app.command("translate-corpus", short_help="A whole archive into a folder of Documents.")(translate_corpus)
app.add_typer(models_app, name="models", short_help="Models converted for the fast engine.")
app.add_typer(samples_app, name="samples", short_help="The sample articles that come with newsalign.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsalign {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Repair, translate, align and score Arabic news articles with open MarianMT models."""


def main() -> None:
    app()
