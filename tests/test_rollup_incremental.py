"""The incremental roll-up gives exactly the tables `claimwatch rollup --full` gives.

Random sequences of crawls (new articles, reposts, teasers, URL-linked copies), edits,
re-fetches, deletions, roll-ups and roll-ups killed mid-way; after every roll-up a copy of the
database is rebuilt from scratch and must match table for table.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.spread import minhash
from claims.spread.copies import Doc, signature
from claimwatch import tasks
from db import context, copies, lsh, summaries
from db.articles import upsert_article
from db.connect import ClaimwatchDatabase, memory_db
from db.copies import store_signature
from db.mentions import replace_mentions

TABLES = (
    "article_copies",
    "claims",
    "article_signatures",
    "copy_keys",
    "copy_index",
    "rollup_state",
    "rollup_dirty_articles",
    "rollup_dirty_claims",
    "articles",
    "mentions",
    "claim_log",
    "claim_figures",
    "claim_sources",
    "source_totals",
    "source_languages",
)
VOCAB = [f"w{i}" for i in range(400)] + "meta openai offer billion talent researchers".split()
DISCLAIMER = "Disclaimer: republished from a partner site with permission, not investment advice."
READ_MORE = "Read the full article on the original site for every detail of the story."
# Points inside the write transaction where a roll-up is made to die, besides the write of
# the copy groups (replace_copies in a full rebuild, write_groups in an incremental one).
KILL_POINTS = (
    "db.lsh.index",
    "db.copies.write_summaries",
    "db.summaries.refresh",
    "db.context.recount_tallies",
    "db.lsh.merge_recent",
    "db.lsh.clear_queues",
)


def story(seed: int) -> str:
    """A 200-word, four-paragraph article."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(VOCAB) for _ in range(50)) + "." for _ in range(4))


# The index's keys, wherever a roll-up left them (db.lsh: new ones wait in copy_keys_recent).
_READ = {"copy_keys": "SELECT * FROM copy_keys UNION ALL SELECT * FROM copy_keys_recent"}


def snapshot(db: ClaimwatchDatabase, tables: tuple[str, ...] = TABLES) -> dict[str, list]:
    """Every row of the tables, sorted."""
    return {
        t: sorted(map(tuple, db.execute(_READ.get(t, f"SELECT * FROM {t}")).fetchall()), key=repr)
        for t in tables
    }


def clone(db: ClaimwatchDatabase) -> ClaimwatchDatabase:
    """An in-memory copy of a database."""
    other = ClaimwatchDatabase(memory=True)
    db.conn.backup(other.conn)
    return other


class World:
    """A database and the articles a random sequence of operations has stored."""

    def __init__(self) -> None:
        self.db = memory_db()
        self.db.execute("INSERT INTO sources (slug, name, kind) VALUES ('s', 'S', 'outlet')")
        self.urls: dict[int, str] = {}
        self.texts: dict[int, str] = {}
        self.count = 0

    def store(
        self, text: str, rng: random.Random, original: str | None = None, same_as: str | None = None
    ) -> None:
        """A crawl storing one article with its mentions (and a version-1 signature, or none)."""
        self.count += 1
        url = f"https://site{self.count % 5}.example/news/{self.count}"
        canonical = url
        if same_as is not None:  # the same page under another spelling of its URL
            url = canonical = same_as.replace("https://", "http://") + "/"
        published = rng.choice(
            [None, "2025-06-01T10:00:00Z", f"2025-06-0{rng.randint(1, 9)}T00:00:00Z"]
        )
        fetched = f"2025-06-1{rng.randint(0, 9)}T00:00:00Z"
        row = {
            "url": url,
            "canonical_url": canonical,
            "source": "s",
            "fetched_at": fetched,
            "published_at": published,
            "text": text,
            "content_hash": str(hash(text)),
            "original_url": original,
        }
        with self.db.atomic():
            _, art_id = upsert_article(self.db, row)
            self._mentions(art_id, row, rng)
            doc = Doc(art_id, "s", url, canonical, original, text, published, fetched)
            blob = rng.choice([None, minhash.encode(minhash.decode(signature(doc)))])
            store_signature(self.db, art_id, blob)
            copies.mark_rollup_pending(self.db)
        self.urls[art_id], self.texts[art_id] = url, text

    def _mentions(self, art_id: int, row: dict, rng: random.Random) -> None:
        claims = [
            {
                # a vague claim now and then: the roll-up reads its article again in the
                # claim log's context (claimwatch.tasks.reread_in_context)
                "claim_key": rng.choice(
                    [f"meta->person{rng.randint(0, 4)}"] * 4 + ["?->person1", "meta->?@1e9"]
                ),
                "stance": rng.choice(["reported", "asserted", "denied"]),
                "amount_usd": rng.choice([None, 1e9, 2e9]),
                "start": n,
            }
            for n in range(rng.randint(0, 2))
        ]
        replace_mentions(self.db, row, art_id, claims)

    def edit(self, art_id: int, text: str, rng: random.Random) -> None:
        """A re-crawl that found new text (the crawl keeps the old signature until roll-up)."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE articles SET text = ?, content_hash = ? WHERE id = ?",
                [text, str(hash(text)), art_id],
            )
            store_signature(self.db, art_id, None)
            row = {"source": "s", "published_at": None, "fetched_at": "2025-06-20T00:00:00Z"}
            self._mentions(art_id, row, rng)
        self.texts[art_id] = text

    def refetch(self, art_id: int, day: int) -> None:
        """Same bytes fetched again later: only fetched_at moves."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE articles SET fetched_at = ? WHERE id = ?",
                [f"2025-07-{day:02d}T00:00:00Z", art_id],
            )

    def store_kind(self, op: str, seed: int, rng: random.Random, pick: int | None) -> bool:
        """Store a new article of the operation's kind (a story, a repost, a teaser, a copy
        linked by URL); False for any other operation."""
        if op == "new" or pick is None:
            self.store(story(seed % 7), rng)  # few stories: independent copies happen too
        elif op == "repost":
            self.store(self.texts[pick] + "\n\n" + DISCLAIMER, rng)
        elif op == "teaser":
            words = self.texts[pick].split(" ")
            self.store(" ".join(words[: len(words) * 2 // 5]) + "... " + READ_MORE, rng)
        elif op == "names":
            self.store(story(seed), rng, original=self.urls[pick])
        elif op == "canonical":
            self.store(story(seed + 1), rng, same_as=self.urls[pick])
        else:
            return False
        return True

    def delete(self, art_id: int) -> None:
        """An article removed with its mentions and signature."""
        with self.db.atomic():
            for table in ("mentions", "article_signatures", "article_context"):
                self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", [art_id])
            self.db.execute("DELETE FROM articles WHERE id = ?", [art_id])
        del self.urls[art_id], self.texts[art_id]


def check_full_matches(db: ClaimwatchDatabase) -> None:
    """A from-scratch rebuild of a copy gives the same tables as the incremental result."""
    rebuilt = clone(db)
    tasks.rollup(rebuilt, full=True)
    assert snapshot(rebuilt) == snapshot(db)


@contextmanager
def killed_at(point: str) -> Iterator[None]:
    """Make the roll-up die at a point inside its write transaction."""
    module, name = point.rsplit(".", 1)
    target = {"db.lsh": lsh, "db.copies": copies, "db.summaries": summaries, "db.context": context}[
        module
    ]
    with mock.patch.object(target, name, side_effect=RuntimeError("killed")):
        yield


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "new",
                "new",
                "repost",
                "teaser",
                "names",
                "canonical",
                "edit",
                "refetch",
                "delete",
                "rollup",
                "kill",
            ]
        ),
        st.integers(0, 10_000),
    ),
    min_size=3,
    max_size=16,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_incremental_rollup_equals_full_rebuild(ops: list[tuple[str, int]]) -> None:
    run(ops)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_boilerplate_fingerprints_left_out_of_the_count_lose_no_link(
    ops: list[tuple[str, int]],
) -> None:
    # Every fingerprint held twice counts as boilerplate: the look-up's shortcut is taken
    # all the time, and must still find every excerpt.
    with mock.patch.object(lsh, "COMMON", 1):
        run(ops)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_new_keys_merged_into_the_index_lose_no_link(ops: list[tuple[str, int]]) -> None:
    # copy_keys_recent merged into copy_keys at almost every roll-up, and killed doing it
    with mock.patch.object(lsh, "RECENT_MAX", 40):
        run(ops)


def run(ops: list[tuple[str, int]]) -> None:
    """Apply the operations, checking each roll-up against a full rebuild."""
    world = World()
    tasks.rollup(world.db)  # an empty database builds its index once
    for op, seed in ops:
        rng = random.Random(seed)
        ids = sorted(world.texts)
        pick = rng.choice(ids) if ids else None
        if world.store_kind(op, seed, rng, pick):
            continue  # a new article: rolled up with the next "rollup" operation or at the end
        if op == "edit":
            world.edit(
                pick, rng.choice([story(seed % 7), world.texts[rng.choice(ids)] + " more"]), rng
            )
        elif op == "refetch":
            world.refetch(pick, rng.randint(1, 28))
        elif op == "delete":
            world.delete(pick)
        elif op == "kill":
            # Vague articles are read again before the write transaction, each batch with its
            # marks in a transaction of its own; the claim log's tallies are counted (and
            # committed) there too, and counted again by the next roll-up. What must roll
            # back is the write transaction.
            tasks.reread_in_context(world.db)
            kept = tuple(t for t in TABLES if t != "claim_log")
            before = snapshot(world.db, kept)
            full = rng.random() < 0.2
            point = rng.choice(
                [*KILL_POINTS, "db.copies.replace_copies" if full else "db.copies.write_groups"]
            )
            try:
                with killed_at(point):
                    tasks.rollup(world.db, full=full)
            except RuntimeError:
                assert snapshot(world.db, kept) == before  # rolled back: nothing half-written
            # else nothing was due that reaches the point (an index with nothing to add)
        else:
            tasks.rollup(world.db)
            check_full_matches(world.db)
    tasks.rollup(world.db)
    assert not lsh.has_changes(world.db)
    check_full_matches(world.db)


def test_an_upgraded_database_builds_its_index_once() -> None:
    world = World()
    rng = random.Random(1)
    for seed in range(4):
        world.store(story(seed), rng)
    world.store(world.texts[1] + "\n\n" + DISCLAIMER, rng)
    # A database of the previous release: no index, no queues, a roll-up pending.
    world.db.executescript(
        "UPDATE rollup_state SET index_built = 0, pending = 1; DELETE FROM copy_keys; "
        "DELETE FROM copy_index; DELETE FROM rollup_dirty_articles; DELETE FROM rollup_dirty_claims;"
    )
    assert not lsh.index_built(world.db)
    first = tasks.rollup_if_pending(world.db)
    assert first is not None and first["full"] == 1 and first["articles"] == 5
    assert lsh.index_built(world.db)
    assert world.db.execute("SELECT COUNT(*) FROM copy_index").fetchone()[0] == 5
    assert (
        world.db.execute("SELECT COUNT(DISTINCT group_id) FROM article_copies").fetchone()[0] == 1
    )
    assert tasks.rollup_if_pending(world.db) is None  # nothing changed since
    world.store(story(9), rng)
    second = tasks.rollup_if_pending(world.db)
    assert second is not None and second["full"] == 0 and second["articles"] == 1
    check_full_matches(world.db)


def test_migration_adds_the_index_to_an_old_file(tmp_path) -> None:
    from db import open_db
    from db.migrations import migrations

    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    with old.atomic():
        migrations.apply(old, stop_before="m010_copy_index")
        old.execute("UPDATE rollup_state SET pending = 0")
    old.close()
    db = open_db(path)
    assert not lsh.index_built(db) and copies.rollup_pending(db)
    assert tasks.rollup_if_pending(db)["full"] == 1
    assert lsh.index_built(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO rollup_state (id, pending) VALUES (2, 0)")


def test_claims_queued_after_a_mark_are_known_only_without_another_commit(tmp_path) -> None:
    # The roll-up recounts only the claims its own rereads queued since it counted, unless
    # another process (a crawl, another roll-up emptying the queue) committed meanwhile.
    from db import open_db

    mine, other = open_db(tmp_path / "q.db"), open_db(tmp_path / "q.db")
    with mine.atomic():
        mine.execute("INSERT INTO rollup_dirty_claims (claim_id) VALUES (1)")
    mark = lsh.queue_mark(mine)
    with mine.atomic():
        mine.execute("INSERT INTO rollup_dirty_claims (claim_id) VALUES (2)")
    assert lsh.dirty_claims_after(mine, mark) == [2]
    with other.atomic():
        other.execute("DELETE FROM rollup_dirty_claims")
        other.execute("INSERT INTO rollup_dirty_claims (claim_id) VALUES (3)")
    assert lsh.dirty_claims_after(mine, mark) is None
