"""Scale benchmark on a database file: the persistent roll-up, retention and file size.

Each phase runs in its own process (`scale.py --db-phase`), so its peak RSS is its own:

    build N      store N synthetic articles as a crawl does (text, mentions, a version-1
                 signature, a stored page of --raw-kb KB), in steps of --step articles
    full         `claimwatch rollup --full` (for a database built before the persistent
                 index, this is also its first roll-up)
    add K        store K more articles (about 30 % copies of stored ones), as one crawl
    incremental  the roll-up after that crawl
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

from claims.spread import minhash  # noqa: E402
from claims.spread.copies import Doc  # noqa: E402
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
        sigs, valid = minhash.signature_matrix([d.text for d in batch])
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
                        "claim_key": "meta->person" + ref.claim_key.removeprefix("claim-"),
                        "stance": ref.stance,
                        "amount_usd": ref.amount_usd,
                        "amount_text": ref.amount_text,
                        "start": n,
                    }
                    for n, ref in enumerate(by_doc.get(doc.id, ()))
                ]
                replace_mentions(db, row, art_id, claims)
                blob = minhash.encode(sigs[i] if valid[i] else None)
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
