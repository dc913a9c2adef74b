"""Copy groups kept up to date from what changed: the copy-group half of tasks.rollup.

Groups are the connected components of claims.spread.groups.link_between over all articles.
A link depends only on its two articles, so a change can only add or remove links that touch
a changed article. The incremental pass therefore re-evaluates:

* every link of a changed article (new, edited or deleted: db.lsh queues them);
* every link inside the old groups of changed articles, which may split;
* for unchanged articles a changed one now links to, the link their row names (their row's
  link may change, and only to one of their links to a changed article);

and treats any other group a changed article reaches as one block: none of its links changed,
so it is still connected. `full=True` evaluates every article's links, which is the same
computation with every article changed; tests/test_rollup_incremental.py checks both agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from claims.spread.compare import time_key
from claims.spread.copies import CopyRow
from claims.spread.excerpts import MIN_SHARED
from claims.spread.groups import Components, Entry, Link, best_link, entries, link_between
from claimwatch.fullregroup import regroup_all
from db import copies, lsh

_CHUNK = 1000


@dataclass
class Regrouped:
    """What one regrouping touched: articles whose group changed (or that changed)."""

    changed: set[int] = field(default_factory=set)
    signed: int = 0
    articles: int = 0


def regroup(db: Database, full: bool, by_article: bool = False) -> Regrouped:
    """Bring article_copies and the persistent index up to date (caller's transaction).

    full=True rebuilds in bulk (claimwatch.fullregroup); by_article=True rebuilds article by
    article below instead, the same computation kept as the bulk path's test oracle.
    """
    if full and not by_article:
        ids, signed = regroup_all(db)
        return Regrouped(set(ids), signed, len(ids))
    if full:
        lsh.clear_index(db)
        dirty = lsh.all_article_ids(db)
        alive = set(dirty)
    else:
        dirty = lsh.dirty_articles(db)
        alive = lsh.existing(db, dirty)
    old = copies.groups_of(db, dirty) if not full else {}
    lsh.unindex(db, dirty)
    out = Regrouped(articles=len(alive))
    # Entries of changed articles are kept for the look-ups below; a full rebuild reads them
    # again instead, as it changes every article.
    cache: dict[int, Entry] | None = None if full else {}
    out.signed = _index(db, sorted(alive), cache)
    # Old groups of changed articles may split: every member is re-evaluated.
    affected = copies.members_of(db, sorted(set(old.values()))) if old else {}
    recompute = alive | lsh.existing(db, sorted(set(affected) - alive))
    links = _links_of(db, sorted(recompute), cache)
    reached = {end for link in links for end in (link.a, link.b)} - recompute
    # Groups reached only through a changed article's new link keep all their links.
    blocks = copies.members_of(db, sorted(set(copies.groups_of(db, sorted(reached)).values())))
    links |= _kept_links(db, sorted(reached), set(dirty), cache)
    nodes = recompute | reached | set(blocks)
    when = _when(db, nodes | {end for link in links for end in (link.a, link.b)})
    components = Components()
    for node in nodes:
        components.add(node)
    for link in links:
        components.union(link.a, link.b)
    by_block: dict[int, list[int]] = defaultdict(list)
    for art_id, group in blocks.items():
        by_block[group].append(art_id)
    for members in by_block.values():
        for art_id in members[1:]:
            components.union(members[0], art_id)
    new = components.groups(when)
    own: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        own[link.a].append(link)
        own[link.b].append(link)
    before = {**blocks, **copies.groups_of(db, sorted(recompute | reached))} if not full else {}
    rows, alone, renamed = [], [], []
    for art_id in sorted(nodes):
        group, size = new[art_id]
        group = group if size > 1 else art_id
        if group != before.get(art_id, art_id):
            out.changed.add(art_id)
        if art_id in recompute or art_id in reached:
            if size > 1:
                rows.append(CopyRow(art_id, group, *best_link(art_id, own[art_id], when)))
            else:
                alone.append(art_id)
        elif group != before.get(art_id, art_id):
            renamed.append((group, art_id))
    gone = sorted((set(dirty) - alive) | (set(affected) - recompute))
    out.changed |= set(dirty)
    if full:
        copies.replace_copies(db, rows)
    else:
        copies.write_groups(db, rows, alone + gone, renamed)
    return out


def _index(db: Database, ids: Sequence[int], cache: dict[int, Entry] | None) -> int:
    """Sign what lacks a current signature and add articles to the persistent index; returns
    how many signature blobs were (re)written."""
    signed = 0
    for i in range(0, len(ids), _CHUNK):
        pairs = lsh.docs(db, ids[i : i + _CHUNK])
        found, blobs = entries(pairs)
        upgraded = [
            (doc.id, new) for (doc, old), new in zip(pairs, blobs, strict=True) if old != new
        ]
        copies.store_signatures(db, upgraded)
        signed += len(upgraded)
        lsh.index(db, found)
        if cache is not None:
            cache.update((entry.id, entry) for entry in found)
    return signed


def _entries(db: Database, ids: Sequence[int], cache: dict[int, Entry] | None) -> list[Entry]:
    """Entries of indexed articles, from the cache where it holds them."""
    cached = [cache[i] for i in ids if i in cache] if cache else []
    missing = [i for i in ids if not cache or i not in cache]
    for start in range(0, len(missing), _CHUNK):
        found, _ = entries(lsh.docs(db, missing[start : start + _CHUNK]))
        cached += found
        if cache is not None:
            cache.update((entry.id, entry) for entry in found)
    return cached


def _links_of(db: Database, ids: Sequence[int], cache: dict[int, Entry] | None) -> set[Link]:
    """Every link touching the given articles (they and their candidates are indexed)."""
    links: set[Link] = set()
    for i in range(0, len(ids), _CHUNK):
        batch = _entries(db, ids[i : i + _CHUNK], cache)
        pairs = lsh.candidates(db, batch, MIN_SHARED)
        known = {entry.id: entry for entry in batch}
        others = sorted({b for _, b in pairs} - set(known))
        known.update((entry.id, entry) for entry in _entries(db, others, cache))
        for a, b in pairs:
            if a in known and b in known:
                link = link_between(known[a], known[b])
                if link is not None:
                    links.add(link)
    return links


def _kept_links(
    db: Database, ids: Sequence[int], dirty: set[int], cache: dict[int, Entry] | None
) -> set[Link]:
    """The link each unchanged article's row names, where it still holds.

    An unchanged article keeps every link to an unchanged one, so the best of its links is
    the one its row names or one to a changed article (those were all found from the changed
    side): its row needs that one link, not all of them. Where the row named a changed
    article, every link is looked up again."""
    named = copies.links_of(db, list(ids))
    again = sorted(i for i in ids if named.get(i) in dirty)
    pairs = [(i, other) for i, other in named.items() if other not in dirty]
    known = {e.id: e for e in _entries(db, sorted({x for pair in pairs for x in pair}), cache)}
    links: set[Link] = set()
    for a, b in pairs:
        link = link_between(known[a], known[b]) if a in known and b in known else None
        if link is None:
            again.append(a)  # not expected: both unchanged; looked up in full to be safe
        else:
            links.add(link)
    return links | _links_of(db, sorted(set(again)), cache)


def _when(db: Database, ids: Iterable[int]) -> dict[int, float]:
    """time_key of articles, for naming groups and ordering links."""
    return {
        art_id: time_key(published, fetched)[0]
        for art_id, (published, fetched) in lsh.times(db, sorted(ids)).items()
    }
