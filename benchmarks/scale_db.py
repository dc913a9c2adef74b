"""Scale benchmark on a database file: the persistent roll-up, retention and file size.

Each phase runs in its own process (`scale.py --db-phase`), so its peak RSS is its own:

    build N      N synthetic articles as a crawl stores them (text, mentions, the signature
                 with excerpt fingerprints, a stored page of --raw-kb KB), written in bulk
                 (benchmarks/scale_build.py; --builder store: through the store path below,
                 in steps of --step articles; the same tables). With --pages-days D the N
                 articles are a year of crawling pruned nightly: only the newest D days of
                 them (N * D / 365) keep their page
    full         `claimwatch rollup --full` (for a database built before the persistent
                 index, this is also its first roll-up)
    add K        store K more articles (about 30 % copies of stored ones) through the store
                 path, as one crawl (the build keeps them beside the database)
    incremental  the roll-up after that crawl
    queries      every canned query and the claim page through Datasette's test client,
                 `claimwatch claims`, and the full-text search of a name
    prune        drop every stored page (`claimwatch prune --raw-older-than 0h`), VACUUM

The stored page is modelled, not generated: real pages average 236 KB and zstd level 3 keeps
0.19 of them (benchmarks/README.md, extraction), so each article stores --raw-kb (default 45)
KB of incompressible bytes.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scale_rows import article_values, keeps_page, mention_claims, page  # noqa: E402
from claims.spread import minhash  # noqa: E402
from claims.spread.copies import Doc, sketch  # noqa: E402
from claims.spread.rollup import MentionRef  # noqa: E402
from claimwatch import tasks  # noqa: E402
from claimwatch.retention import prune_raw  # noqa: E402
from db import open_db  # noqa: E402
from db.copies import mark_rollup_pending  # noqa: E402
from db.mentions import replace_mentions  # noqa: E402
from db.retention import raw_bytes  # noqa: E402

COLUMNS = (
    "url, canonical_url, source, published_at, fetched_at, language, text, content_hash, "
    "original_url, raw_html"
)


def peak_mb() -> float:
    """This process's peak resident set size in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def store(
    path: Path,
    docs: list[Doc],
    mentions: list[MentionRef],
    raw_kb: int,
    step: int,
    kept: int | None = None,
) -> None:
    """Store articles as the crawl's store pipeline does, one transaction per step; only the
    newest `kept` keep their page (None: all), as the nightly prune leaves them."""
    db = open_db(path)
    by_doc: dict[int, list[MentionRef]] = {}
    for ref in mentions:
        by_doc.setdefault(ref.article_id, []).append(ref)
    with db.atomic():
        db.conn.executemany(
            "INSERT OR IGNORE INTO sources (slug, name, kind) VALUES (?, 'Site', 'outlet')",
            [(f"site{i}",) for i in range(200)],
        )
    for start in range(0, len(docs), step):
        batch = docs[start : start + step]
        # What the crawl's worker stores (pipelines/worker/page.py text_signature): the
        # signature with its excerpt fingerprints, so the roll-up signs nothing again.
        sigs, valid, prints = sketch([(d.text, None) for d in batch])
        with db.atomic():
            mark_rollup_pending(db)
            for i, doc in enumerate(batch):
                keep = keeps_page(start + i, len(docs), kept)
                raw = page(doc.id, raw_kb) if keep else None
                cursor = db.execute(
                    f"INSERT INTO articles ({COLUMNS}) VALUES (?, ?, ?, ?, ?, 'en', ?, ?, ?, ?)",
                    article_values(doc, raw),
                )
                art_id = int(cursor.lastrowid or 0)
                row = {
                    "source": doc.source,
                    "language": "en",
                    "published_at": doc.published_at,
                    "fetched_at": doc.fetched_at,
                }
                replace_mentions(db, row, art_id, mention_claims(by_doc.get(doc.id, [])))
                blob = minhash.encode(sigs[i] if valid[i] else None, prints[i])
                db.execute(
                    "INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
                    [art_id, blob],
                )
    db.close()


# (module, function, label): the roll-up's parts timed by `--parts` (CPU seconds; nested
# labels are inside the one above them).
_PARTS = (
    ("claimwatch.tasks", "reread_in_context", "claim log (tallies, memory, rereads)"),
    ("db.context", "claim_keys", "  claim log: every claim key read"),
    ("db.context", "claim_tallies", "  claim log: every tally read"),
    ("claimwatch.tasks", "tallied_memory", "  claim log: memory"),
    ("db.context", "log_window", "    memory: window (last 200k claims)"),
    ("db.context", "vague_due", "  claim log: vague articles due"),
    ("claimwatch.tasks", "_reread", "  claim log: articles read again"),
    ("claimwatch.tasks", "refresh_tallies", "tallies (every count)"),
    ("claimwatch.tasks", "regroup", "regroup"),
    ("claimwatch.regroup", "_index", "  regroup: index new articles"),
    ("claimwatch.regroup", "_links_of", "  regroup: links (look-ups + rule)"),
    ("claimwatch.regroup", "_kept_links", "  regroup: kept links"),
    ("db.lsh", "merge_recent", "  merge of copy_keys_recent"),
    ("claimwatch.tasks", "spread_of_claims", "claims' spread"),
    ("claimwatch.tasks", "_names", "names"),
    ("db.summaries", "refresh", "query tables"),
)


def _timed_parts() -> dict[str, float]:
    """Wrap the roll-up's parts so each adds its CPU seconds to the returned dict."""
    import importlib

    spent: dict[str, float] = {}
    for module_name, name, label in _PARTS:
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def timed(*args: Any, _f: Any = original, _label: str = label, **kwargs: Any) -> Any:
            cpu = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.process_time() - cpu

        setattr(module, name, timed)
    return spent


def timed_rollup(path: Path, full: bool, parts: bool = False) -> dict[str, Any]:
    """One roll-up: wall and CPU seconds, peak RSS, what it touched (and with parts, the CPU
    seconds of each part)."""
    spent = _timed_parts() if parts else {}
    db = open_db(path)
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    counts = tasks.rollup(db, full=full)
    out: dict[str, Any] = {
        "s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "load": [load, os.getloadavg()[0]],
        **counts,
    }
    if spent:
        out["parts"] = {k: round(v, 2) for k, v in spent.items()}
    db.close()
    return out


def file_mb(path: Path) -> float:
    """Size of the database file (after a checkpoint) in MB."""
    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path.stat().st_size / 2**20


def prune_all(path: Path) -> dict[str, float]:
    """Drop every stored page and VACUUM; sizes before and after."""
    from datetime import timedelta

    before = file_mb(path)
    db = open_db(path)
    pages, stored = raw_bytes(db)
    start = time.perf_counter()
    done = prune_raw(db, timedelta(0))
    prune_s = time.perf_counter() - start
    start = time.perf_counter()
    db.execute("VACUUM")
    vacuum_s = time.perf_counter() - start
    db.close()
    return {
        "before_mb": before,
        "raw_mb": stored / 2**20,
        "pages": pages,
        "pruned": done.pages,
        "after_mb": file_mb(path),
        "prune_s": prune_s,
        "vacuum_s": vacuum_s,
        "peak_mb": peak_mb(),
    }


def _ms(step) -> float:  # noqa: ANN001 - a zero-argument callable or coroutine function
    start = time.perf_counter()
    step()
    return 1000 * (time.perf_counter() - start)


def full_scans(path: Path, queries: dict[str, Any], claim: int, article: int) -> list[str]:
    """`EXPLAIN QUERY PLAN` lines of the canned queries, on this file, that read a whole table
    (`SCAN x` with no index); tests/test_query_plans.py allows the one-row sources CTEs."""
    allowed = {"crawl_health": {"sources", "k"}, "copies_of_article": {"g", "members"}}
    found = []
    db = open_db(path)
    for name, spec in queries.items():
        params = {"claim": claim, "article_id": article}
        args = {p: params[p] for p in spec.get("params", [])}
        for row in db.execute(f"EXPLAIN QUERY PLAN {spec['sql']}", args).fetchall():
            line = row[3].strip()
            if line.startswith("SCAN ") and " " not in line[5:]:
                if line[5:] not in allowed.get(name, set()):
                    found.append(f"{name}: {line}")
    db.close()
    return found


def query_times(path: Path) -> dict[str, float]:
    """Milliseconds of every canned query and the claim page through Datasette's own client,
    `claimwatch claims` as a user runs it, and an FTS search of a name; each the best of two
    (the first run also warms the page cache)."""
    import asyncio
    import subprocess

    import yaml

    from claimwatch.web.app import build_datasette
    from claimwatch.web.plugin import chart_path

    db = open_db(path)
    claim = db.execute("SELECT id FROM claims ORDER BY mentions DESC LIMIT 1").fetchone()[0]
    group = db.execute(
        "SELECT group_id FROM article_copies GROUP BY group_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    article = group[0] if group else 1
    # A "name": the rarest word of an article's first sentences (the synthetic vocabulary is
    # Zipf-distributed; its rarest words are in about 1 % of articles, as a name in the news).
    text = db.execute("SELECT text FROM articles WHERE id = ?", [article]).fetchone()[0]
    words = {w.strip(".,") for w in text.split()[:80] if w.strip(".,").isalpha()}
    fts_count = "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?"
    hits, word = min((db.execute(fts_count, [w]).fetchone()[0], w) for w in sorted(words))
    db.close()
    name = path.stem
    ds = build_datasette(path)
    meta = yaml.safe_load((Path(__file__).resolve().parents[1] / "metadata.yml").read_text())
    urls = {}
    for query, spec in meta["databases"]["claimwatch"]["queries"].items():
        params = {"claim": claim, "article_id": article}
        args = "&".join(f"{p}={params[p]}" for p in spec.get("params", []))
        urls[query] = f"/{name}/{query}.json?_shape=objects&{args}"
    urls["claim page"] = chart_path(claim)
    urls["articles search"] = f"/{name}/articles.json?_search={word}&_shape=objects"

    async def fetch(url: str) -> float:
        start = time.perf_counter()
        response = await ds.client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
        return 1000 * (time.perf_counter() - start)

    async def all_urls() -> dict[str, float]:
        await ds.invoke_startup()
        return {label: min([await fetch(url) for _ in range(2)]) for label, url in urls.items()}

    out = asyncio.run(all_urls())
    out["full scans"] = full_scans(path, meta["databases"]["claimwatch"]["queries"], claim, article)
    fts = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 50"
    db = open_db(path)
    out["fts match (50 best)"] = min(
        _ms(lambda: db.execute(fts, [word]).fetchall()) for _ in range(2)
    )
    db.close()
    out["fts hits"] = hits
    cmd = [sys.executable, "-m", "claimwatch", "claims", "--db", str(path)]
    walls, cpus = [], []
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(_ms(lambda: subprocess.run(cmd, check=True, capture_output=True)))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(1000 * (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    # wall waits for the CPU on a shared machine; CPU is what the command costs
    out["claimwatch claims"], out["claimwatch claims cpu"] = min(walls), min(cpus)
    out["peak_mb"] = peak_mb()
    return out
