"""The memory built from per-claim tallies is the memory log_memory builds from the whole log."""

from __future__ import annotations

import random
from unittest import mock

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claims.context import logtally, memory
from claims.context.logtally import (
    ClaimTally,
    MentionRow,
    place,
    tallied_memory,
    tally,
    window_of,
)
from claims.context.memory import LoggedClaim, log_memory
from db.connect import ClaimwatchDatabase, memory_db

KEYS = [
    "meta->person-a",
    "meta->person-a:4y",
    "openai->person-a",
    "acme->person-b",
    "meta->person-b:acquisition",
    "?->person-a",
    "meta->?@1e9",
    "meta->ai-talent",
    "openai->person-c:counter",
]
DATES = [None, "2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z", "2025-06-03T00:00:00Z"]


def _log(seed: int, n: int) -> tuple[list[MentionRow], dict[int, tuple[str, str | None]]]:
    rng = random.Random(seed)
    claims = {
        i: (key, rng.choice([None, "Person A", "Person B", ""])) for i, key in enumerate(KEYS)
    }
    rows = [
        MentionRow(
            mention_id=m,
            claim_id=rng.randrange(len(KEYS)),
            amount_usd=rng.choice([None, 1e9, 2e9, 1.5e8]),
            stance=rng.choice([None, "reported", "asserted", "denied"]),
            inferred=rng.random() < 0.2,
            at=rng.choice(DATES),
        )
        for m in rng.sample(range(10 * n + 1), n)
    ]
    return rows, claims


def _compare(rows: list[MentionRow], claims: dict[int, tuple[str, str | None]]) -> None:
    ordered = sorted(rows, key=lambda r: place(r.at, r.mention_id))
    logged = [
        LoggedClaim(
            claims[r.claim_id][0], claims[r.claim_id][1], r.amount_usd, r.stance, r.inferred
        )
        for r in ordered
    ]
    try:
        expected = log_memory(logged)
    except TypeError:
        # ClaimMemory.freeze cannot order an unlisted offerer (None) beside a listed one at
        # the same figure and recipient; the tallies can (None first).
        assume(False)
    tallies = [
        ClaimTally(claims[t.claim_id][0], claims[t.claim_id][1], t) for t in tally(reversed(rows))
    ]
    newest_first = sorted(rows, key=lambda r: place(r.at, r.mention_id), reverse=True)
    got = tallied_memory(tallies, lambda claims, size: window_of(newest_first, claims, size))
    assert got.by_value == expected.by_value
    assert got.names == expected.names
    # Counter order decides ties of most_common: it must be the same too.
    assert {k: list(v.items()) for k, v in got.offerers.items()} == {
        k: list(v.items()) for k, v in expected.offerers.items()
    }


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 60), st.sampled_from([3, 10, 200_000]))
def test_tallied_memory_is_the_log_memory(seed: int, n: int, window: int) -> None:
    rows, claims = _log(seed, n)
    with (
        mock.patch.object(memory, "MAX_REMEMBERED", window),
        mock.patch.object(logtally, "MAX_REMEMBERED", window),
    ):
        _compare(rows, claims)


def _stored(
    rows: list[MentionRow], claims: dict[int, tuple[str, str | None]]
) -> ClaimwatchDatabase:
    """A database holding the mentions: a date as published_at or, undated, as fetched_at;
    not inferred as NULL or ''."""
    db = memory_db()
    db.execute("INSERT INTO sources (slug, name, kind) VALUES ('s', 'S', 'outlet')")
    db.execute(
        "INSERT INTO articles (id, url, canonical_url, source, fetched_at) "
        "VALUES (1, 'u', 'u', 's', 'x')"
    )
    for claim_id, (key, recipient) in claims.items():
        db.execute(
            "INSERT INTO claims (id, claim_key, recipient) VALUES (?, ?, ?)",
            [claim_id, key, recipient],
        )
    for r in rows:
        db.execute(
            "INSERT INTO mentions (id, claim_id, article_id, source, quote_start, amount_usd, "
            "stance, inferred, published_at, fetched_at) VALUES (?, ?, 1, 's', ?, ?, ?, ?, ?, ?)",
            [
                r.mention_id,
                r.claim_id,
                r.mention_id,
                r.amount_usd,
                r.stance,
                "offerer" if r.inferred else ("" if r.mention_id % 2 else None),
                r.at if r.mention_id % 3 else None,
                None if r.mention_id % 3 else r.at,
            ],
        )
    return db


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 60), st.integers(1, 70))
def test_the_window_read_through_the_index_is_the_log_read_backwards(
    seed: int, n: int, size: int
) -> None:
    from db import context

    rows, claims = _log(seed, n)
    db = _stored(rows, claims)
    wanted = sorted(claims)[::2]
    newest_first = sorted(rows, key=lambda r: place(r.at, r.mention_id), reverse=True)
    db.conn.commit()
    assert sorted(context.log_window(db, wanted, size), key=repr) == sorted(
        window_of(newest_first, wanted, size), key=repr
    )
    # a read only: a transaction left open would swallow the roll-up's commits
    assert not db.conn.in_transaction


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 60), st.booleans())
def test_the_tallies_counted_in_sql_are_the_tallies(seed: int, n: int, every: bool) -> None:
    from db import context

    rows, claims = _log(seed, n)
    db = _stored(rows, claims)
    wanted = None if every else sorted(claims)[1::2]
    kept = [r for r in rows if wanted is None or r.claim_id in wanted]
    with db.atomic():
        context.recount_tallies(db, wanted)
    got = db.execute(
        "SELECT claim_id, amount_usd, stated, learned, first_at, first_id FROM claim_log"
    ).fetchall()
    assert sorted(got, key=repr) == sorted(map(tuple, tally(kept)), key=repr)
