"""The synthetic database in bulk: the rows `scale_db.store` writes article by article through
the store path, written a chunk of tables at a time.

The store path took 35 minutes for 200,000 articles (a statement per row, the signature
computed per step in the writing process, a 45 KB page each). Here the signatures are
computed by worker processes while the previous chunk is written, each table is one
`executemany` per chunk, and the roll-up queues, which triggers fill row by row on the store
path, are filled by two ordered `INSERT ... SELECT`s at the end, in the order the triggers
would have queued them. The full-text index is still filled by its triggers (the FTS5 index
of the same rows is the same whichever way it is filled; its b-tree layout is not, as it is
not between two store-path builds of different steps). `tests/test_scale_build.py` builds
both ways and compares every table.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scale_rows import article_values, keeps_page, mention_claims, page  # noqa: E402
from claims.engine.keys import display_names, kind_of_key  # noqa: E402
from claims.spread import minhash  # noqa: E402
from claims.spread.copies import Doc, sketch  # noqa: E402
from claims.spread.rollup import MentionRef  # noqa: E402
from db import open_db  # noqa: E402

# The triggers that queue changes for the roll-up: dropped while loading, their queues filled
# in one ordered pass, then created again from their own stored SQL.
_QUEUE_TRIGGERS = ("articles_queue_insert", "signatures_queue_insert", "mentions_queue_insert")
_MENTION_COLUMNS = (
    "id, claim_id, article_id, source, quote_start, amount_usd, amount_text, stance, "
    "language, published_at, fetched_at, inferred"
)


def _sign(texts: list[str]) -> list[bytes]:
    """The version-2 signature blobs of texts (what the crawl's worker stores)."""
    sigs, valid, prints = sketch([(t, None) for t in texts])
    return [minhash.encode(sigs[i] if valid[i] else None, prints[i]) for i in range(len(texts))]


def _signed(chunks: Sequence[list[Doc]], jobs: int) -> Iterator[list[bytes]]:
    """Each chunk's signature blobs in order, at most jobs + 1 chunks ahead of the writer."""
    if jobs <= 0:
        for chunk in chunks:
            yield _sign([d.text for d in chunk])
        return
    # forkserver: a forked child of a process holding the whole corpus would copy it page by
    # page as its garbage collector walks the objects.
    with ProcessPoolExecutor(jobs, mp_context=get_context("forkserver")) as pool:
        ahead: list[Future[list[bytes]]] = []
        for chunk in chunks:
            ahead.append(pool.submit(_sign, [d.text for d in chunk]))
            if len(ahead) > jobs:
                yield ahead.pop(0).result()
        for future in ahead:
            yield future.result()


def build(
    path: Path,
    docs: list[Doc],
    mentions: list[MentionRef],
    raw_kb: int,
    chunk: int = 20_000,
    kept: int | None = None,
    jobs: int = 2,
) -> dict[str, int]:
    """Write docs (ids 1.. in order) and their mentions into a new database at path, as
    `scale_db.store` would; only the newest `kept` keep a page (None: all)."""
    db = open_db(path)
    conn = db.conn
    # A benchmark's build: a crash loses the file anyway, so no fsync per commit.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -400000")
    by_doc: dict[int, list[MentionRef]] = {}
    for ref in mentions:
        by_doc.setdefault(ref.article_id, []).append(ref)
    claim_ids: dict[str, int] = {}
    mention_id = 0
    chunks = [docs[i : i + chunk] for i in range(0, len(docs), chunk)]
    with db.atomic():
        conn.executemany(
            "INSERT OR IGNORE INTO sources (slug, name, kind) VALUES (?, 'Site', 'outlet')",
            [(f"site{i}",) for i in range(200)],
        )
        triggers = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)",
            _QUEUE_TRIGGERS,
        ).fetchall()
        for name in _QUEUE_TRIGGERS:
            conn.execute(f"DROP TRIGGER {name}")
    position = 0
    for batch, blobs in zip(chunks, _signed(chunks, jobs), strict=True):
        articles, claims, rows, signatures = [], [], [], []
        for doc, blob in zip(batch, blobs, strict=True):
            art_id = position + 1
            raw = page(doc.id, raw_kb) if keeps_page(position, len(docs), kept) else None
            articles.append([art_id, *article_values(doc, raw)])
            for claim in mention_claims(by_doc.get(doc.id, [])):
                key = claim["claim_key"]
                if key not in claim_ids:
                    claim_ids[key] = len(claim_ids) + 1
                    offerer, recipient = display_names(key)
                    claims.append((claim_ids[key], key, kind_of_key(key), offerer, recipient))
                mention_id += 1
                rows.append(
                    (
                        mention_id,
                        claim_ids[key],
                        art_id,
                        doc.source,
                        claim["start"],
                        claim["amount_usd"],
                        claim["amount_text"],
                        claim["stance"],
                        "en",
                        doc.published_at,
                        doc.fetched_at,
                        "",
                    )
                )
            signatures.append((art_id, blob))
            position += 1
        with db.atomic():
            conn.executemany(
                "INSERT INTO articles (id, url, canonical_url, source, published_at, fetched_at, "
                "language, text, content_hash, original_url, raw_html) "
                "VALUES (?, ?, ?, ?, ?, ?, 'en', ?, ?, ?, ?)",
                articles,
            )
            conn.executemany(
                "INSERT INTO claims (id, claim_key, kind, offerer, recipient) VALUES (?, ?, ?, ?, ?)",
                claims,
            )
            conn.executemany(
                f"INSERT INTO mentions ({_MENTION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)", signatures
            )
    with db.atomic():
        # The store path queues each article twice (its row, then its signature) and each
        # mention once, in that order: the same rows with the same seq.
        conn.execute(
            "INSERT INTO rollup_dirty_articles (article_id) "
            "SELECT a.id FROM articles a, (SELECT 1 AS n UNION ALL SELECT 2) ORDER BY a.id, n"
        )
        conn.execute(
            "INSERT INTO rollup_dirty_claims (claim_id) SELECT claim_id FROM mentions ORDER BY id"
        )
        for (sql,) in triggers:
            conn.execute(sql)
        conn.execute("UPDATE rollup_state SET pending = 1")
    db.close()
    return {"articles": position, "claims": len(claim_ids), "mentions": mention_id}


def save_added(path: Path, docs: list[Doc], mentions: list[MentionRef]) -> None:
    """Keep the articles of the measured crawl beside the database, so `--db-phase add`
    stores them without generating the whole corpus again."""
    ids = {d.id for d in docs}
    mine = [m for m in mentions if m.article_id in ids]
    path.write_bytes(pickle.dumps((docs, mine), protocol=pickle.HIGHEST_PROTOCOL))


def load_added(path: Path) -> tuple[list[Doc], list[MentionRef]]:
    """The articles save_added kept."""
    return pickle.loads(path.read_bytes())  # noqa: S301 - our own file, written just before
