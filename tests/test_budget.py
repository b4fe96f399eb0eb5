"""Reading limits (``align.ingest.budget``), in process and with small limits: each limit stops its kind of
input at once with a LimitError naming it, the command line names the option that raises it, and a limit
raised far enough lets the same input through. (``tests/test_hostile.py`` runs the full-size bombs against
the default limits, in a child process under time and memory limits.)"""

from __future__ import annotations

import contextlib
import io
import zlib

import pytest
import typer
from typer.testing import CliRunner

from align.cli.common import parse_limit, read_limits
from align.cli.main import app
from align.errors import InputError, LimitError
from align.ingest import read_article
from align.ingest.budget import DEFAULT_LIMITS, ReadLimits, pdf_budget
from eval import hostile

runner = CliRunner()


def read(data: bytes, **limits: int):  # type: ignore[no-untyped-def]
    return read_article("-", stdin=io.BytesIO(data), limits=DEFAULT_LIMITS.raised(**limits))


# fmt: off
LIMITED = [
        (hostile.pdf_pages(30), {"max_pages": 10}, "max_pages", "has 30 pages, more than 10"),
        (hostile.pdf_nested_forms(5, 4), {"max_xobject_draws": 100}, "max_xobject_draws",
     "draws more than 100 XObjects"),
        (hostile.pdf_nested_forms(4, 4), {"max_operators": 200}, "max_operators", "more than 200 content"),
        (hostile.pdf_deep_forms(20), {}, "max_xobject_depth", "nests form XObjects more than 12 deep"),
        (hostile.pdf_deep_forms(5), {"max_xobject_depth": 3}, "max_xobject_depth", "more than 3 deep"),
        (hostile.pdf_flate_bomb(8 << 20), {"max_inflated_bytes": 1 << 20}, "max_inflated_bytes", "1 MiB"),
        (hostile.pdf_operators(1 << 19), {"max_operators": 1000}, "max_operators", "1,000"),
        (hostile.pdf_long_string(5000), {"max_glyphs": 100}, "max_glyphs", "more than 100 characters"),
        (hostile.docx_bomb(4 << 20), {}, "max_zip_ratio", "word/document.xml would inflate"),
        (hostile.docx_bomb(3 << 20), {"max_zip_ratio": 10**6, "max_inflated_bytes": 1 << 20},
         "max_inflated_bytes", "decompresses to 3.0 MiB, more than 1 MiB"),
]
# fmt: on


@pytest.mark.parametrize(("data", "limits", "setting", "message"), LIMITED)
def test_each_limit_stops_its_input(data: bytes, limits: dict[str, int], setting: str, message: str) -> None:
    with pytest.raises(LimitError) as info:
        read(data, **limits)
    assert info.value.setting == setting
    assert message in str(info.value) and f"ReadLimits.{setting}" in str(info.value)
    assert "\n" not in str(info.value) and "--" not in str(info.value)  # library terms, no option names


def test_pages_are_counted_while_read_when_the_page_tree_lies() -> None:
    data = hostile.pdf_pages(30).replace(b"/Count 30", b"/Count 1 ")  # same length: offsets stay right
    with pytest.raises(LimitError, match="has more than 10 pages"):
        read(data, max_pages=10)


def test_raised_limits_let_the_input_through() -> None:
    assert len(read(hostile.pdf_pages(30), max_pages=30).text.split()) == 30  # a word from every page
    assert read(hostile.pdf_nested_forms(3, 4)).text.count("H") == 16  # 21 forms drawn, 16 of them text
    assert read(hostile.pdf_deep_forms(5), max_xobject_depth=5).text == "Hello"
    big = read(hostile.docx_bomb(2 << 20), max_zip_ratio=10**6)
    assert len(big.blocks) > 10_000


def test_a_lying_zip_directory_cannot_inflate_more_than_it_states() -> None:
    # zipfile never reads more than the stated size; the member then fails its checksum
    with pytest.raises(InputError, match=r"bad checksum in word/document\.xml"):
        read(hostile.docx_bomb(50 << 20, lie=True))


def test_the_budget_leaves_pdfminer_alone_outside_a_read() -> None:
    import pdfminer.pdftypes

    data = zlib.compress(b"x" * 1000)
    assert pdfminer.pdftypes.zlib.decompress(data) == b"x" * 1000  # the stand-in, with no budget active
    with pytest.raises(LimitError), pdf_budget(ReadLimits(max_inflated_bytes=100), "t"):
        pdfminer.pdftypes.zlib.decompress(data)
    # An error the library swallows is raised again when the read ends.
    with pytest.raises(LimitError), pdf_budget(ReadLimits(max_inflated_bytes=100), "t"):  # noqa: SIM117
        with contextlib.suppress(LimitError):
            pdfminer.pdftypes.zlib.decompressobj().decompress(data)
    assert pdfminer.pdftypes.zlib.decompress(data) == b"x" * 1000


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="max_pages must be a positive integer"):
        ReadLimits(max_pages=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("operators=500k", ("max_operators", 500_000)),
        ("glyphs=2M", ("max_glyphs", 2_000_000)),
        ("xobjects=20000", ("max_xobject_draws", 20_000)),
        ("xobject-depth=20", ("max_xobject_depth", 20)),
        ("inflated=512MiB", ("max_inflated_bytes", 512 << 20)),
        ("ZIP-RATIO=1000", ("max_zip_ratio", 1000)),
    ],
)
def test_limit_option_values(text: str, expected: tuple[str, int]) -> None:
    assert parse_limit(text) == expected


@pytest.mark.parametrize("text", ["pages=10", "operators", "operators=0", "operators=-5", "glyphs=1.5k"])
def test_bad_limit_option_values(text: str) -> None:
    with pytest.raises(typer.BadParameter):
        parse_limit(text)


def test_read_limits_from_options() -> None:
    limits = read_limits(1000, 5, ["operators=10", "inflated=1MiB"])
    assert (limits.max_bytes, limits.max_pages, limits.max_operators, limits.max_inflated_bytes) == (
        1000,
        5,
        10,
        1 << 20,
    )


def test_the_command_line_names_the_option(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(hostile.pdf_pages(30))
    result = runner.invoke(app, ["clean", str(pdf), "--max-pages", "10"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"newsalign: error: {pdf}: has 30 pages, more than 10 (the PDF page limit)"
        "; raise it with --max-pages\n"
    )
    forms = tmp_path / "forms.pdf"
    forms.write_bytes(hostile.pdf_deep_forms(5))
    result = runner.invoke(app, ["clean", str(forms), "--limit", "xobject-depth=3"])
    assert result.exit_code == 2
    assert result.stderr.endswith("(the PDF nesting limit); raise it with --limit xobject-depth=N\n")
    assert runner.invoke(app, ["clean", str(pdf), "--max-pages", "30", "--force"]).exit_code == 0
