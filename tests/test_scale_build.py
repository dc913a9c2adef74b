"""The bulk synthetic builder (benchmarks/scale_build.py) writes the tables the store path
writes (benchmarks/scale_db.py store) for the same articles."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import scale_build, scale_db  # noqa: E402
from benchmarks.scale import make_corpus  # noqa: E402

# Layout, not content: the FTS5 b-trees differ between any two builds that commit at
# different points (the logical index is compared through fts5vocab below); the migrations'
# log holds the time each was applied.
_PHYSICAL = ("_sqlite_migrations", "articles_fts_data", "articles_fts_idx")
_PHYSICAL += ("mentions_fts_data", "mentions_fts_idx")


def _differences(left: Path, right: Path) -> dict[str, tuple[int, int, int, int]]:
    """Per table: (rows left, rows right, left EXCEPT right, right EXCEPT left), where any
    differ."""
    out = {}
    with closing(sqlite3.connect(left)) as conn:
        conn.execute("ATTACH DATABASE ? AS other", [str(right)])
        for index in ("main", "other"):
            for table in ("articles_fts", "mentions_fts"):
                conn.execute(
                    f"CREATE VIRTUAL TABLE temp.{index}_{table}_terms "
                    f"USING fts5vocab({index}, {table}, 'instance')"
                )
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
            if name not in _PHYSICAL
        ]
        pairs = [(f"main.{t}", f"other.{t}") for t in tables]
        pairs += [(f"main_{t}_terms", f"other_{t}_terms") for t in ("articles_fts", "mentions_fts")]
        for one, two in pairs:
            counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in (one, two)]
            only = [
                conn.execute(
                    f"SELECT COUNT(*) FROM (SELECT * FROM {a} EXCEPT SELECT * FROM {b})"
                ).fetchone()[0]
                for a, b in ((one, two), (two, one))
            ]
            if counts[0] != counts[1] or any(only):
                out[one] = (*counts, *only)
        assert len(pairs) > 30
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kept", [None, 300])
def test_bulk_build_writes_the_store_paths_tables(tmp_path: Path, kept: int | None) -> None:
    n = 2000
    corpus = make_corpus(n, seed=7)
    stored, bulk = tmp_path / "stored.db", tmp_path / "bulk.db"
    scale_db.store(stored, corpus.docs, corpus.mentions, raw_kb=2, step=700, kept=kept)
    counts = scale_build.build(
        bulk, corpus.docs, corpus.mentions, raw_kb=2, chunk=600, kept=kept, jobs=0
    )
    assert counts["articles"] == n and counts["mentions"] == len(corpus.mentions)
    assert _differences(stored, bulk) == {}
    with closing(sqlite3.connect(bulk)) as conn:
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        pages = conn.execute("SELECT COUNT(raw_html) FROM articles").fetchone()[0]
        triggers = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone()[0] == 15
    assert pages == (n if kept is None else kept)
