"""The output writer (``align.io``): whole files or nothing; devices, pipes and links written as what they
are; ``-`` is standard output; never over an input; every failure one line. Device nodes and FIFOs are made
inside the test's temporary folder (never in /dev)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.common import exit_code as cli_exit_code
from align.cli.main import app
from align.document import Document
from align.errors import OutputError
from align.io import atomic_write_text, check_output, write_output
from align.pipeline import load_document
from align.translate.batching import translate_document

from .conftest import CLEAN
from .fake_engine import FakeEngine


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "أول\n")
    atomic_write_text(target, "ثان\n")
    assert target.read_text(encoding="utf-8") == "ثان\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_failure_leaves_previous_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous", encoding="utf-8")

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    old = os.umask(0o022)
    try:
        atomic_write_text(target, "x")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o600)
    atomic_write_text(target, "y")  # an existing file keeps its mode
    assert target.stat().st_mode & 0o777 == 0o600


def test_interrupted_benchmark_model_build_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import align.testing.random_model
    from align.bench.speed import bench_model

    monkeypatch.setenv("NEWSALIGN_HOME", str(tmp_path))

    def crash(out: Path, **kwargs: object) -> Path:
        out.mkdir(parents=True)
        (out / "config.json").write_text("{}", encoding="utf-8")  # written before the weights
        raise KeyboardInterrupt

    monkeypatch.setattr(align.testing.random_model, "build_random_marian", crash)
    with pytest.raises(KeyboardInterrupt):
        bench_model("tiny")
    assert (
        list((tmp_path / "bench").iterdir()) == []
    )  # no half model that a later run would load, no leftover


# -- the output writer: devices, pipes, links, standard output, inputs -------------------------------------

runner = CliRunner()
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")


def null_device(folder: Path) -> Path:
    """A character device with /dev/null's numbers, inside ``folder`` (never /dev itself)."""
    node = folder / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def fifo_reader(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, received


@needs_root
def test_a_device_is_written_in_place_and_stays_a_device(tmp_path: Path) -> None:
    node = null_device(tmp_path)
    write_output(node, "نص\n")
    assert stat.S_ISCHR(node.stat().st_mode) and node.stat().st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary file, no rename


def test_a_fifo_is_written_in_place_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, received = fifo_reader(fifo)
    write_output(fifo, "نص\n")
    thread.join(10)
    assert received == ["نص\n".encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_output(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new\n"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "real" / "made.txt")
    write_output(dangling, "made\n")  # like `echo > link`: the target is created
    assert dangling.is_symlink() and (tmp_path / "real" / "made.txt").read_text() == "made\n"


def test_dash_is_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_output("-", "نص\n")
    assert capsys.readouterr().out == "نص\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("how", ["same path", "relative path", "symlink", "hard link"])
def test_an_output_that_is_an_input_is_refused(
    tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "art.txt"
    article.write_text("نص", encoding="utf-8")
    output = {"same path": article, "relative path": Path("art.txt"), "symlink": tmp_path / "l.txt",
              "hard link": tmp_path / "h.txt"}[how]  # fmt: skip
    if how == "symlink":
        output.symlink_to(article)
    if how == "hard link":
        os.link(article, output)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="is the same file as the input") as info:
        write_output(output, "English", inputs=[str(article), None, "-"])
    assert "\n" not in str(info.value) and cli_exit_code(info.value) == 2
    assert article.read_text(encoding="utf-8") == "نص"


def test_a_255_byte_name_can_be_written(tmp_path: Path) -> None:
    name = "ا" * 127 + "x"  # 255 bytes in UTF-8: the longest name ext4 allows
    assert len(name.encode()) == 255
    write_output(tmp_path / name, "نص\n")
    assert (tmp_path / name).read_text(encoding="utf-8") == "نص\n"
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing" / "out.txt", "missing: output directory does not exist"),
        (lambda d: d, "is a directory"),
        (lambda d: d / "file.txt" / "out.txt", "file.txt/out.txt: cannot write (Not a directory)"),
    ],
)
def test_outputs_that_cannot_be_written_are_one_line(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(OutputError) as info:
        write_output(make(tmp_path), "x")
    assert message in str(info.value) and "\n" not in str(info.value)


def test_every_os_error_of_a_write_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    for code, text, exit_code in [
        (errno.ENOSPC, "no space left on the device", 1),
        (errno.EROFS, "read-only file system", 2),
        (errno.EACCES, "permission denied", 2),
        (errno.EIO, "cannot write (Input/output error)", 1),
    ]:

        def fail(*args: object, code: int = code, **kwargs: object) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(tempfile, "mkstemp", fail)
        with pytest.raises(OutputError) as info:
            write_output(tmp_path / "out.txt", "x")
        assert str(info.value) == f"{tmp_path / 'out.txt'}: {text}" and cli_exit_code(info.value) == exit_code


def test_check_output_before_the_work(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("x")
    check_output(tmp_path / "new.txt", [article])  # fine
    check_output("-", [article])
    with pytest.raises(OutputError):
        check_output(article, [article])


# -- the same through the command line ---------------------------------------------------------------------


def clean(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["clean", str(CLEAN), *args])


@needs_root
def test_clean_into_a_device_node(tmp_path: Path) -> None:
    node = null_device(tmp_path)
    result = clean("-o", str(node))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(node.stat().st_mode) and sorted(os.listdir(tmp_path)) == ["null"]


def test_clean_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, received = fifo_reader(fifo)
    result = clean("-o", str(fifo))
    thread.join(10)
    assert result.exit_code == 0, result.output
    assert received[0].decode("utf-8") == clean().stdout
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_clean_into_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = clean("-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8") == clean().stdout


def test_clean_to_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = clean("-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == clean().stdout and list(tmp_path.iterdir()) == []


def test_clean_onto_its_input_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "art.txt"
    article.write_bytes(CLEAN.read_bytes())
    result = runner.invoke(app, ["clean", str(article), "-o", str(article)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"newsalign: error: {article}: is the same file as the input {article}; writing there would destroy"
        " the input, so write the output to another file"
    )
    assert article.read_bytes() == CLEAN.read_bytes()


def test_translate_onto_its_input_is_refused_before_translating(tmp_path: Path) -> None:
    article = tmp_path / "art.txt"
    article.write_bytes(CLEAN.read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    # No model is needed: the output is refused before the model is loaded.
    result = runner.invoke(app, ["translate", str(article), "-o", str(link), "-m", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "is the same file as the input" in result.stderr and len(result.stderr.splitlines()) == 1
    assert article.read_bytes() == CLEAN.read_bytes()


def test_export_to_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = translate_document(load_document(CLEAN), FakeEngine())
    (tmp_path / "doc.json").write_text(doc.to_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "doc.json", "-f", "tsv", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout == runner.invoke(app, ["export", "doc.json", "-f", "tsv"]).stdout
    assert sorted(os.listdir(tmp_path)) == ["doc.json"]  # no file named "-"
    onto_itself = runner.invoke(app, ["export", "doc.json", "-f", "tsv", "-o", "doc.json"])
    assert onto_itself.exit_code == 2 and "is the same file as the input doc.json" in onto_itself.stderr
    assert Document.from_json((tmp_path / "doc.json").read_text(encoding="utf-8")) == doc
