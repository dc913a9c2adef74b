"""Broken sources and notifier files: one line naming file, entry and problem; exit 2; no db."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sources.registry import SourcesError, load_sources

# Notifiers belong to the scheduler; test them only once they exist.
notifiers = pytest.importorskip("claimwatch.monitor.notifiers")
NotifierConfigError, load_config = notifiers.NotifierConfigError, notifiers.load_config

REPO = Path(__file__).resolve().parents[1]
SOURCE = """[[source]]
slug = "a_source"
name = "A"
domains = ["127.0.0.1:9"]
languages = ["en"]
kind = "outlet"
article_url = '/news/'
feeds = ["http://127.0.0.1:9/feed.xml"]
"""
NOTIFIER = '[[notifier]]\nname = "n"\ntype = "log"\n'


def _run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    db = tmp / "claimwatch.db"
    argv = [sys.executable, "-m", "claimwatch", *args, "--db", str(db)]
    return subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=60)


def _assert_refused(proc: subprocess.CompletedProcess[str], path: Path, *fragments: str) -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert lines[0].startswith("claimwatch: error: ") and str(path) in lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    db = path.parent / "claimwatch.db"
    assert not db.exists(), "a configuration error must not touch the database"


BROKEN_SOURCES = {
    "binary": (b"\xff\xfe\x00\x01 not toml", ["not valid TOML"]),
    "missing key": (SOURCE.replace('kind = "outlet"\n', ""), ["source #1 (a_source)", "'kind'"]),
    "bad regex": (SOURCE.replace("'/news/'", "'(unclosed'"), ["source #1 (a_source)", "regex"]),
    "file feed": (SOURCE.replace("http://127.0.0.1:9/feed.xml", "file:///etc/passwd"), ["feeds"]),
    "duplicate": (SOURCE + "\n" + SOURCE, ["source #2 (a_source)", "duplicate"]),
    "no entries": ("title = 'x'\n", ["no [[source]]"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN_SOURCES))
def test_a_broken_sources_file_stops_the_crawl_before_the_database(tmp_path: Path, case) -> None:
    text, fragments = BROKEN_SOURCES[case]
    path = tmp_path / "sources.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    _assert_refused(_run(tmp_path, "crawl", "--sources", str(path)), path, *fragments)


def test_a_missing_or_directory_sources_path_is_refused_before_the_database(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    _assert_refused(_run(tmp_path, "crawl", "--sources", str(missing)), missing, "not found")
    folder = tmp_path / "folder"
    folder.mkdir()
    proc = _run(tmp_path, "crawl", "--sources", str(folder))
    # click's own usage error (three lines) names the path and the problem.
    assert proc.returncode == 2 and "is a directory" in proc.stderr and str(folder) in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "claimwatch.db").exists()


BROKEN_NOTIFIERS = {
    "binary": (b"\x00\xff garbage", ["not valid TOML"]),
    "unknown type": (NOTIFIER.replace('"log"', '"pager"'), ["notifier #1 (n)", "'type'"]),
    "webhook to a file": (
        NOTIFIER.replace('"log"', '"webhook"') + 'url = "file:///etc/passwd"\n',
        ["notifier #1 (n)", "'url'"],
    ),
    "duplicate": (NOTIFIER + NOTIFIER, ["notifier #2 (n)", "duplicate"]),
    "bad kinds": (NOTIFIER + 'kinds = ["everything"]\n', ["notifier #1 (n)", "'kinds'"]),
    "unknown table": ("[alert]\nkinds = []\n", ["unknown table"]),
}


@pytest.mark.parametrize(
    ("case", "command"),
    [(case, "alerts") for case in sorted(BROKEN_NOTIFIERS)]
    + [("binary", "schedule"), ("unknown type", "schedule")],
)
def test_a_broken_notifier_file_is_refused_before_the_database(
    tmp_path: Path, case, command
) -> None:
    text, fragments = BROKEN_NOTIFIERS[case]
    path = tmp_path / "notifiers.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCE)
    args = ["--send"] if command == "alerts" else ["--sources", str(sources), "--run-for", "1"]
    proc = _run(tmp_path, command, "--notifiers", str(path), *args)
    _assert_refused(proc, path, *fragments)


@pytest.mark.parametrize("value", ["retries = inf", "retries = nan", "timeout = inf"])
def test_non_finite_numbers_in_a_notifier_are_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "notifiers.toml"
    path.write_text(
        NOTIFIER.replace('"log"', '"webhook"') + f'url = "http://127.0.0.1:9/"\n{value}\n'
    )
    with pytest.raises(NotifierConfigError, match="notifier #1"):
        load_config(path)


@pytest.mark.parametrize(
    "change", [('"127.0.0.1:9"', '"http://127.0.0.1:9"'), ("kind =", "interval = true\nkind =")]
)
def test_source_values_of_the_wrong_shape_are_refused(tmp_path: Path, change) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCE.replace(*change))
    with pytest.raises(SourcesError, match="source #1"):
        load_sources(path)


@pytest.mark.parametrize(
    "args", [("claims",), ("rollup",), ("runs",), ("reanalyze",), ("analyze", "--no-context")]
)
def test_a_file_that_is_not_a_database_is_named_in_one_line(tmp_path: Path, args) -> None:
    db = tmp_path / "claimwatch.db"
    db.write_bytes(b"these are notes, not a database\n" * 10)
    proc = _run(tmp_path, *args)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert (
        lines[0]
        == f"claimwatch: error: {db}: not a usable SQLite database (file is not a database)"
    )
    assert db.read_bytes() == b"these are notes, not a database\n" * 10  # left as it was
