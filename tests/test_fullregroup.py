"""The bulk full rebuild (claimwatch.fullregroup) gives the tables of the article-by-article
rebuild (claimwatch.regroup with by_article=True), table by table, on varied databases."""

from __future__ import annotations

import random
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rollup_incremental import TABLES, World, clone, snapshot, story

from claims.spread import groups, pairs
from claims.spread.copies import Doc
from claims.spread.urlkeys import url_keys
from claimwatch import regroup, tasks
from db import bulkindex, copies, summaries


def by_article(db, full: bool) -> regroup.Regrouped:
    return regroup.regroup(db, full, by_article=True)


def both(world: World) -> None:
    """Full rebuilds of two copies, bulk and article by article: the same tables and counts."""
    old, new = clone(world.db), clone(world.db)
    with mock.patch.object(tasks, "regroup", by_article):
        expected = tasks.rollup(old, full=True)
    got = tasks.rollup(new, full=True)
    assert got == expected
    assert snapshot(new) == snapshot(old)


def build(ops: list[tuple[str, int]]) -> World:
    """A database of reposts, teasers, URL-linked copies and edits, part rolled up."""
    world = World()
    for op, seed in ops:
        rng = random.Random(seed)
        ids = sorted(world.texts)
        pick = rng.choice(ids) if ids else None
        if world.store_kind(op, seed, rng, pick):
            continue  # a new article: rolled up with the next "rollup" operation or at the end
        if op == "edit":
            world.edit(pick, world.texts[rng.choice(ids)] + " more", rng)
        elif op == "delete":
            world.delete(pick)
        else:
            tasks.rollup(world.db)
    return world


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["new", "new", "repost", "repost", "teaser", "names", "canonical", "edit", "delete"]
            + ["rollup"]
        ),
        st.integers(0, 10_000),
    ),
    min_size=2,
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_bulk_full_rebuild_equals_the_article_by_article_one(ops: list[tuple[str, int]]) -> None:
    both(build(ops))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_boilerplate_fingerprints_counted_apart_lose_no_link(ops: list[tuple[str, int]]) -> None:
    # Every fingerprint held twice is boilerplate: pairs are found through the per-article
    # boilerplate counts, and pairs of mostly-boilerplate articles through those fingerprints.
    with mock.patch.object(pairs, "COMMON", 1):
        both(build(ops))


@pytest.mark.parametrize(
    "module, name",
    [
        (bulkindex, "write_index"),
        (bulkindex, "write_keys"),
        (copies, "store_signatures"),
        (copies, "replace_copies"),
        (summaries, "refresh"),
    ],
)
def test_a_bulk_rebuild_killed_mid_way_leaves_the_old_tables(module, name) -> None:
    world = build([("new", 1), ("repost", 2), ("teaser", 3), ("names", 4), ("rollup", 0)])
    world.store(story(11), random.Random(5))  # version-1 or no signature: signed again
    world.store(story(12), random.Random(6))
    kept = tuple(t for t in TABLES if t != "claim_log")
    before = snapshot(world.db, kept)
    with (
        mock.patch.object(module, name, side_effect=RuntimeError("killed")),
        pytest.raises(RuntimeError),
    ):
        tasks.rollup(world.db, full=True)
    assert snapshot(world.db, kept) == before
    tasks.rollup(world.db)
    both(world)


URLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.builds(
        lambda scheme, www, host, port, path, query, frag: (
            f"{scheme}://{www}{host}{port}{path}{query}{frag}"
        ),
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        st.sampled_from(["", "www.", "WWW."]),
        st.from_regex(r"[a-zA-Z0-9.\-]{0,12}", fullmatch=True),
        st.sampled_from(["", ":80", ":443", ":8080", ":x"]),
        st.from_regex(r"(/[a-zA-Z0-9._~%!$&'()*+,;=:@ \-]{0,8}){0,3}/?", fullmatch=True),
        st.sampled_from(["", "?", "?a=1", "?utm_source=x", "?a=1&UTM_x=2&b", "?q=/x?y"]),
        st.sampled_from(["", "#", "#frag", "#a?b"]),
    ),
)


@settings(max_examples=500, deadline=None)
@given(URLS, URLS, URLS)
def test_fast_url_keys_equal_the_link_rules(url, canonical, original) -> None:
    doc = Doc(1, "s", url, canonical, original, "", None, "2025-01-01T00:00:00Z")
    own, named = groups._url_keys(doc)
    fast_own, fast_named = url_keys(url, canonical, original)
    assert (frozenset(fast_own), fast_named) == (own, named)
