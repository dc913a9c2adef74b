"""Scale benchmark on a database file: the persistent roll-up, retention and file size.

Each phase runs in its own process (`scale.py --db-phase`), so its peak RSS is its own:

    build N      store N synthetic articles as a crawl does (text, mentions, the signature
                 with excerpt fingerprints, a stored page of --raw-kb KB), in steps of --step
                 articles
    full         `claimwatch rollup --full` (for a database built before the persistent
                 index, this is also its first roll-up)
    add K        store K more articles (about 30 % copies of stored ones), as one crawl
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.engine.keys import figure_bucket  # noqa: E402
from claims.spread import minhash  # noqa: E402
from claims.spread.copies import Doc, sketch  # noqa: E402
from claims.spread.rollup import MentionRef  # noqa: E402
from claimwatch import tasks  # noqa: E402
from claimwatch.retention import prune_raw  # noqa: E402
from db import open_db  # noqa: E402
from db.copies import mark_rollup_pending  # noqa: E402
from db.mentions import replace_mentions  # noqa: E402
from db.retention import raw_bytes  # noqa: E402

_COLUMNS = (
    "url, canonical_url, source, published_at, fetched_at, language, text, content_hash, "
    "original_url, raw_html"
)


def peak_mb() -> float:
    """This process's peak resident set size in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _key(ref: MentionRef) -> str:
    """The claim key a mention is stored under; a tenth are vague, as real crawls find them
    ("his pay could top $200 million"), so the roll-up reads them again in the log's context."""
    story = ref.claim_key.removeprefix("claim-")
    if ref.mention_id % 20 == 0:
        return f"?->person{story}"
    if ref.mention_id % 20 == 1 and ref.amount_usd:
        return f"meta->?@{figure_bucket(ref.amount_usd)}"
    return f"meta->person{story}"


def store(path: Path, docs: list[Doc], mentions: list[MentionRef], raw_kb: int, step: int) -> None:
    """Store articles as the crawl's store pipeline does, one transaction per step."""
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
                cursor = db.execute(
                    f"INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, 'en', ?, ?, ?, ?)",
                    [
                        doc.url,
                        # canonical_url is unique: a repost naming its original's as canonical
                        # gets a fragment, which URL comparison drops
                        f"{doc.canonical_url}#{doc.id}",
                        doc.source,
                        doc.published_at,
                        doc.fetched_at,
                        doc.text,
                        str(hash(doc.text)),
                        doc.original_url,
                        os.urandom(raw_kb * 1024),
                    ],
                )
                art_id = int(cursor.lastrowid or 0)
                row = {
                    "source": doc.source,
                    "language": "en",
                    "published_at": doc.published_at,
                    "fetched_at": doc.fetched_at,
                }
                claims = [
                    {
                        "claim_key": _key(ref),
                        "stance": ref.stance,
                        "amount_usd": ref.amount_usd,
                        "amount_text": ref.amount_text,
                        "start": n,
                    }
                    for n, ref in enumerate(by_doc.get(doc.id, ()))
                ]
                replace_mentions(db, row, art_id, claims)
                blob = minhash.encode(sigs[i] if valid[i] else None, prints[i])
                db.execute(
                    "INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
                    [art_id, blob],
                )
    db.close()


def timed_rollup(path: Path, full: bool) -> dict[str, float]:
    """One roll-up: wall and CPU seconds, peak RSS, what it touched."""
    db = open_db(path)
    start, cpu = time.perf_counter(), time.process_time()
    counts = tasks.rollup(db, full=full)
    out = {
        "s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "articles": counts["articles"],
        "claims": counts["claims"],
        "regrouped": counts["regrouped"],
    }
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
