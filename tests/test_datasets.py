"""Test sets: the shipped copies (names, aliases, sizes, licences), the ``$NEWSALIGN_DATA`` override, a user's
folder, and sacrebleu's downloader served from a local HTTP server (no network) or a pre-filled cache."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import os
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.datasets import (
    ALIASES,
    PACKAGED,
    TEST_SETS,
    TestSetUnavailableError,
    UnknownTestSetError,
    canonical_name,
    data_dir,
    documents_by_id,
    kind_of_test_set,
    load_pair,
    load_test_set,
)
from align.datasets.remote import DownloadError, sacrebleu_sets
from align.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("ntrex128", "ntrex128"),
        ("ntrex", "ntrex128"),
        ("NTREX-128", "ntrex128"),
        ("flores200", "flores200_devtest"),
        ("flores200_devtest", "flores200_devtest"),
        ("flores", "flores200_devtest"),
        ("tico19", "tico19_test"),
        ("tico19_test", "tico19_test"),
        ("iwslt17", "iwslt17"),
        ("IWSLT17", "iwslt17"),
    ],
)
def test_names_and_aliases(name: str, canonical: str) -> None:
    assert canonical_name(name) == canonical


def test_one_alias_table() -> None:
    assert set(ALIASES.values()) == set(TEST_SETS)
    assert all(ALIASES[name] == name for name in TEST_SETS)
    assert "iwslt17" in sacrebleu_sets()  # sacrebleu 2.x's one ar-en set


@pytest.mark.parametrize(
    ("name", "sentences", "documents"),
    [("ntrex128", 1997, 123), ("flores200_devtest", 1012, 281), ("tico19_test", 2100, 19)],
)
def test_shipped_sets_load_without_any_setting(
    name: str, sentences: int, documents: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSALIGN_DATA", raising=False)
    source, reference = load_pair(name)
    assert [len(d) for d in source] == [len(d) for d in reference]
    assert (sum(map(len, source)), len(source)) == (sentences, documents)
    assert all(s and s == s.strip() for d in source for s in d)
    assert any("\u0627" <= ch <= "\u064a" for ch in source[0][0])  # Arabic
    assert reference[0][0].isascii() or reference[0][0][0].isalpha()
    assert len(documents_by_id(name)) == documents  # ids are contiguous runs: one run per id


@pytest.mark.parametrize("name", list(TEST_SETS))
def test_each_shipped_set_has_its_licence_and_citation(name: str) -> None:
    folder = PACKAGED / name
    licences = [p for p in folder.iterdir() if p.name.startswith("LICENSE")]
    assert licences and all(p.stat().st_size > 1000 for p in licences)
    citation = (folder / "CITATION.bib").read_text(encoding="utf-8")
    assert citation.lstrip().startswith("@") and "year" in citation
    assert (folder / "README.txt").is_file()
    # compressed without a name or time stamp in the header: the same bytes on every rebuild
    for path in folder.glob("*.gz"):
        assert path.read_bytes()[4:8] == b"\0\0\0\0", path


def test_no_data_path_outside_the_package() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "align").rglob("*.py")
        if "shared/data" in p.read_text(encoding="utf-8") or '"shared"' in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_override_reads_plain_or_compressed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ntrex128"
    folder.mkdir()
    (folder / "ntrex128.arb.txt").write_text("أ.\nب.\nج.\n", encoding="utf-8")
    (folder / "ntrex128.eng.txt.gz").write_bytes(gzip.compress(b"A.\nB.\nC.\n"))
    (folder / "ntrex128.docids.txt").write_text("d1\nd1\nd2\n", encoding="utf-8")
    monkeypatch.setenv("NEWSALIGN_DATA", str(tmp_path))
    assert data_dir() == tmp_path
    assert load_test_set("ntrex") == [["أ.", "ب."], ["ج."]]
    assert load_test_set("ntrex", side="reference") == [["A.", "B."], ["C."]]
    with pytest.raises(
        TestSetUnavailableError, match=r"flores200\.devtest\.arb_Arab\.txt: test-set file not"
    ):
        load_test_set("flores")
    (folder / "ntrex128.docids.txt").write_text("d1\nd1\n", encoding="utf-8")
    with pytest.raises(TestSetUnavailableError, match="3 sentences but 2 document ids"):
        load_test_set("ntrex128")


def test_unknown_name_lists_the_choices() -> None:
    with pytest.raises(
        UnknownTestSetError, match="choose one of ntrex128, flores200_devtest, tico19_test, iwslt17"
    ):
        load_test_set("wmt19")
    with pytest.raises(ValueError):  # callers that catch ValueError keep working
        load_test_set("wmt19")
    result = runner.invoke(app, ["bench", "quality", "--testset", "wmt19"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "unknown test set 'wmt19'" in result.stderr


# -- a folder of one's own ---------------------------------------------------------------------------------


def write_folder(folder: Path, arabic: str, english: str, ids: str | None) -> Path:
    folder.mkdir()
    (folder / "source.ar.txt").write_text(arabic, encoding="utf-8")
    (folder / "reference.en.txt").write_text(english, encoding="utf-8")
    if ids is not None:
        (folder / "docids.txt").write_text(ids, encoding="utf-8")
    return folder


def test_folder_layout(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "mine", "أ.\n ب.\nج.\n", "A.\nB.\nC.\n", "x\nx\ny\n")
    assert kind_of_test_set(str(folder)) == "folder"
    assert load_test_set(str(folder)) == [["أ.", "ب."], ["ج."]]
    assert load_test_set(str(folder), side="reference") == [["A.", "B."], ["C."]]
    alone = write_folder(tmp_path / "no-ids", "أ.\nب.\n", "A.\nB.\n", None)
    assert load_test_set(str(alone)) == [["أ."], ["ب."]]  # without ids each sentence is a document


@pytest.mark.parametrize(
    ("arabic", "english", "ids", "file", "message"),
    [
        ("أ.\nب.\n", "A.\n", None, "reference.en.txt", "1 lines, but source.ar.txt has 2"),
        ("أ.\nب.\n", "A.\nB.\n", "x\n", "docids.txt", "1 document ids for 2 sentences"),
        ("", "A.\n", None, "source.ar.txt", "empty file"),
    ],
)
def test_folder_errors_name_the_file(
    tmp_path: Path, arabic: str, english: str, ids: str | None, file: str, message: str
) -> None:
    folder = write_folder(tmp_path / "set", arabic, english, ids)
    with pytest.raises(InputError) as caught:
        load_test_set(str(folder))
    assert str(caught.value) == f"{folder / file}: {message}"


def test_folder_that_is_not_utf8(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "set", "أ.\n", "A.\n", None)
    (folder / "source.ar.txt").write_bytes("أ.\n".encode("cp1256"))
    with pytest.raises(InputError, match=r"source\.ar\.txt: not UTF-8 text"):
        load_test_set(str(folder))


def test_score_against_a_folder(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "set", "أ.\nب.\n", "The cat sat.\nA dog ran.\n", None)
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("The cat sat.\nA dog ran.\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(hyp), "-r", str(folder), "--metrics", "bleu"])
    assert result.exit_code == 0, result.output
    assert "= 100.0" in result.stdout


# -- sacrebleu's downloader, served locally ----------------------------------------------------------------

TALKS = {"1": (["مرحبا بكم.", "شكرا لكم."], ["Welcome.", "Thank you."]), "2": (["وداعا."], ["Goodbye."])}


def iwslt_xml(side: int, lang: str) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<mteval>",
        f'<srcset setid="tst2017" srclang="{lang}">',
    ]
    for talk, sides in TALKS.items():
        lines.append(f'<doc docid="{talk}" genre="lectures">')
        lines += [f'<seg id="{i}"> {text} </seg>' for i, text in enumerate(sides[side], 1)]
        lines.append("</doc>")
    lines += ["</srcset>", "</mteval>", ""]
    return "\n".join(lines).encode("utf-8")


def tarball(member: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        info = tarfile.TarInfo(member)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """A local HTTP server with IWSLT17-like ar-en and en-ar archives: (base URL, its folder, request log)."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "ar-en.tgz").write_bytes(tarball("ar-en/IWSLT17.TED.tst2017.ar-en.ar.xml", iwslt_xml(0, "ar")))
    (root / "en-ar.tgz").write_bytes(tarball("en-ar/IWSLT17.TED.tst2017.en-ar.en.xml", iwslt_xml(1, "en")))
    requests: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root, requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local_iwslt(served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """sacrebleu's iwslt17 entry, pointed at the local server and a temporary cache."""
    import sacrebleu.dataset
    import sacrebleu.dataset.base
    from sacrebleu.dataset.iwslt_xml import IWSLTXMLDataset

    base, root, requests = served
    monkeypatch.setattr(sacrebleu.dataset.base, "SACREBLEU_DIR", str(tmp_path / "sacrebleu"))
    archives = ["ar-en.tgz", "en-ar.tgz"]
    dataset = IWSLTXMLDataset(
        "iwslt17",
        data=[f"{base}/{name}" for name in archives],
        md5=[hashlib.md5((root / name).read_bytes()).hexdigest() for name in archives],
        langpairs={
            "ar-en": ["ar-en/IWSLT17.TED.tst2017.ar-en.ar.xml", "en-ar/IWSLT17.TED.tst2017.en-ar.en.xml"]
        },
    )
    monkeypatch.setitem(sacrebleu.dataset.DATASETS, "iwslt17", dataset)
    return dataset, root, requests


def test_sacrebleu_set_is_downloaded_once_and_then_read_from_its_cache(local_iwslt) -> None:  # type: ignore[no-untyped-def]
    dataset, root, requests = local_iwslt
    assert load_test_set("iwslt17") == [["مرحبا بكم.", "شكرا لكم."], ["وداعا."]]
    assert sorted(requests) == ["/ar-en.tgz", "/en-ar.tgz"]
    for archive in root.iterdir():
        archive.unlink()  # the server has nothing any more: only the cache can answer
    assert load_test_set("IWSLT17", side="reference") == [["Welcome.", "Thank you."], ["Goodbye."]]
    assert documents_by_id("iwslt17") == {"1": ["مرحبا بكم.", "شكرا لكم."], "2": ["وداعا."]}
    assert len(requests) == 2
    assert (Path(dataset._outdir) / "iwslt17.ar-en.src").is_file()


def test_score_and_bench_quality_name_a_sacrebleu_set(local_iwslt, tiny_model: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("Welcome.\nThank you.\nGoodbye.\n", encoding="utf-8")
    scored = runner.invoke(app, ["score", str(hyp), "-r", "iwslt17", "--metrics", "chrf"])
    assert scored.exit_code == 0, scored.output
    assert "= 100.0" in scored.stdout
    out = tmp_path / "report"
    args = ["bench", "quality", "--testset", "iwslt17", "-m", str(tiny_model), "--engine", "transformers"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "# Quality on iwslt17 (2 documents, 3 sentences)" in result.stdout


def test_a_failed_download_is_one_line_with_what_to_do(local_iwslt) -> None:  # type: ignore[no-untyped-def]
    _, root, _ = local_iwslt
    (root / "en-ar.tgz").unlink()  # 404
    with pytest.raises(DownloadError, match=r"cannot download test set iwslt17 \(HTTP 404 .*\): connect to"):
        load_test_set("iwslt17")
    result = runner.invoke(app, ["score", os.devnull, "-r", "iwslt17"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "$SACREBLEU" in line


def test_a_corrupt_download_is_refused(local_iwslt) -> None:  # type: ignore[no-untyped-def]
    _, root, _ = local_iwslt
    (root / "ar-en.tgz").write_bytes(b"not the archive whose MD5 sacrebleu knows")
    with pytest.raises(DownloadError, match="checksum or SSL error"):
        load_test_set("iwslt17")


def test_a_prefilled_sacrebleu_cache_works_offline(tmp_path: Path) -> None:
    """The documented offline route: sacrebleu's text files in $SACREBLEU, no download."""
    cache = tmp_path / "sacrebleu" / "iwslt17"
    cache.mkdir(parents=True)
    fields = {"src": ["أ.", "ب.", "ج."], "ref": ["One.", "Two.", "Three."], "docid": ["1", "1", "2"]}
    fields |= {"genre": ["lectures"] * 3, "origlang": ["ar"] * 3}
    for field, lines in fields.items():
        (cache / f"iwslt17.ar-en.{field}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("One.\nTwo.\nThree.\n", encoding="utf-8")
    env = {**os.environ, "SACREBLEU": str(tmp_path / "sacrebleu"), "http_proxy": "http://127.0.0.1:9"}
    result = subprocess.run(
        [sys.executable, "-m", "align", "score", str(hyp), "-r", "iwslt17", "--metrics", "chrf"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "= 100.0" in result.stdout


def test_the_module_is_the_one_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    """scoring and bench take their test sets from align.datasets (no second table of names)."""
    import align.datasets
    import align.scoring.inputs

    assert not hasattr(align.scoring.inputs, "TEST_SET_NAMES")
    seen: list[str] = []

    def fake(name: str, root: Path | None = None, side: str = "source") -> list[list[str]]:
        seen.append(name)
        return [["x"]]

    monkeypatch.setattr(align.datasets, "load_test_set", fake)
    assert align.scoring.inputs.testset_lines("flores") == ["x"] and seen == ["flores"]
