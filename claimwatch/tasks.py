"""What happens to stored articles after a crawl: the one roll-up and the one re-analysis.

Everything that starts a roll-up calls `rollup` here: `claimwatch crawl` once its crawlers have
all closed, the scheduler after its crawl processes, `claimwatch rollup` and `reanalyze`. The
crawl itself only stores articles and marks a roll-up as pending (db.copies), so a crawl that
dies before its roll-up leaves the work for the next one.

Claims are found by one function, claims.analyse_text: in the crawl's workers, in
`reanalyze_all`, and when `reread_in_context` reads vague articles again with a memory of the log.
"""

from __future__ import annotations

import logging

from sqlite_utils import Database

from claims import analyse_text
from claims.context.logtally import log_size, tallied_memory
from claims.context.memory import ClaimMemory, could_resolve, is_vague, log_memory
from claims.engine.keys import display_names
from claims.spread.rollup import rollup as spread_of_claims
from claimwatch.regroup import regroup
from db import context, copies, lsh
from db import summaries as tables
from db.articles import article_texts, article_texts_after
from db.mentions import delete_orphan_claims, replace_mentions

logger = logging.getLogger(__name__)

# The log must have grown by this share since an article was last read in context before
# that article is read again: the cost follows the log's growth, not its size.
REREAD_GROWTH = 0.10
_BATCH = 200


def rollup(db: Database, full: bool = False) -> dict[str, int]:
    """Resolve vague articles in the claim log's context, regroup the copies that changed and
    recompute the claims they touch; safe to run any time, idempotent.

    full=True (or a database whose copy index was never built) regroups every article and
    recomputes every claim; the result is the same tables as the incremental path's.
    """
    mark = lsh.queue_mark(db)
    seen = lsh.dirty_claims(db)
    reread = reread_in_context(db, seen)
    full = full or not lsh.index_built(db)
    lsh.tune(db)
    with db.atomic():  # one transaction: a roll-up killed mid-way leaves the old state
        regrouped = regroup(db, full)
        claim_ids = (
            copies.all_claim_ids(db)
            if full
            else sorted(
                set(lsh.dirty_claims(db)) | copies.claims_of_articles(db, sorted(regrouped.changed))
            )
        )
        copies.write_names(db, _names(db, claim_ids))
        refs = list(copies.mention_refs_of(db, claim_ids))
        groups = copies.groups_of(db, sorted({ref.article_id for ref in refs}))
        summaries = spread_of_claims(refs, groups)
        copies.write_summaries(db, claim_ids, summaries)
        tables.refresh(db, None if full else claim_ids)
        # Counted again in this transaction: reread_in_context's own rereads, or a crawl or
        # another roll-up meanwhile, may have changed them since it counted `seen`. With no
        # other connection's commit since `mark`, the changed ones are those queued after it.
        recount = None
        if not full:
            recount = lsh.dirty_claims_after(db, mark)
            recount = lsh.dirty_claims(db) if recount is None else recount
        refresh_tallies(db, recount)
        _keep_unread(db, set(lsh.dirty_claims(db)) - set(seen))
        lsh.merge_recent(db, 0 if full else None)
        lsh.clear_queues(db)
    return {
        "articles": regrouped.articles,
        "regrouped": len(regrouped.changed),
        "signed": regrouped.signed,
        "claims": len(summaries),
        "reread": reread,
        "full": int(full),
    }


def _names(db: Database, claim_ids: list[int]) -> list[tuple[str | None, str | None, str]]:
    """Claims whose parties should go by other names: listed parties by their listed names
    (the entity file may have changed), others as most of their mentions write them."""
    names = []
    usual = copies.usual_recipients_of(db, claim_ids)
    for claim_key, offerer, recipient in copies.claim_parties_of(db, claim_ids):
        listed = display_names(claim_key)
        # a party no list names goes by how most mentions write it, not by the first one
        named = (listed[0] or offerer, listed[1] or usual.get(claim_key) or recipient)
        if named != (offerer, recipient):
            names.append((*named, claim_key))
    return names


def rollup_if_pending(db: Database) -> dict[str, int] | None:
    """Roll up when articles changed since the last roll-up finished; None when none did."""
    pending = copies.rollup_pending(db) or lsh.has_changes(db)
    return rollup(db) if pending else None


def reanalyze_all(db: Database) -> dict[str, int]:
    """Replace every article's mentions with what the current engine finds, then roll up.

    Mentions are rebuilt from the stored text, so running it twice changes nothing.
    """
    articles = mentions = 0
    last_id = 0
    while rows := article_texts_after(db, last_id, _BATCH):
        with db.atomic():
            for art_id, source, language, published, fetched, text in rows:
                found = analyse_text(text, language)
                if found is None:
                    continue  # logged; the article keeps the mentions it had
                article = _article(source, language, published, fetched)
                mentions += replace_mentions(db, article, art_id, found)
                articles += 1
        last_id = rows[-1][0]
    delete_orphan_claims(db)
    summary = rollup(db, full=True)  # after an engine or entity-list change: every name too
    return {"articles": articles, "mentions": mentions, "claims": summary["claims"]}


def memory_of(db: Database) -> ClaimMemory:
    """The claim log of a database as a frozen memory (for `claimwatch analyze --db`)."""
    return log_memory(claim for _, claim in context.logged_claims(db))


def reread_in_context(db: Database, changed_claims: list[int] | None = None) -> int:
    """Read vague articles again in the log's context; returns how many changed.

    A crawl reads each article alone: "his pay could top $200 million" names nobody. Once other
    articles state who offered whom, the log says who "his" is. Claims left without mentions
    are deleted; the caller rolls up afterwards.

    The log is read through per-claim tallies (claim_log), refreshed here for the claims whose
    mentions changed since the last roll-up: what it costs follows the change, the claims and
    the memory's bounded window, not the number of mentions.
    """
    if changed_claims is None:
        changed_claims = lsh.dirty_claims(db)
    with db.atomic():
        refresh_tallies(db, changed_claims)
    vague = [claim for claim, key in context.claim_keys(db) if is_vague(key)]
    if not vague:
        return 0
    tallies = context.claim_tallies(db)
    size = log_size(tallies)
    if not size:
        # Nothing stated to fill them with: marked as read at size 0, they are due as soon as
        # the log states anything, and a later roll-up need not look at every vague mention.
        with db.atomic():
            context.mark_read(db, sorted(context.vague_due(db, vague, None, 0, REREAD_GROWTH)), 0)
        return 0
    due = context.vague_due(db, vague, changed_claims, size, REREAD_GROWTH)
    if not due:
        return 0
    memory = tallied_memory(tallies, lambda claims, size: context.log_window(db, claims, size))
    del tallies
    # Only articles with a vague claim the log could fill (a figure it knows, an offerer for
    # its recipient) are read again; the others are marked as read at this log size.
    hopeful = sorted(
        a for a, claims in due.items() if any(could_resolve(memory, *v) for v in claims)
    )
    with db.atomic():
        context.mark_read(db, sorted(set(due) - set(hopeful)), size)
    changed = 0
    for i in range(0, len(hopeful), _BATCH):
        batch = hopeful[i : i + _BATCH]
        with db.atomic():  # a batch's new mentions and its marks commit together
            changed += _reread(db, batch, memory)
            context.mark_read(db, batch, size)
    if changed:
        with db.atomic():
            # the claims whose mentions changed since the last roll-up, these rereads included
            context.delete_orphans_of(db, lsh.dirty_claims(db))
    logger.info(
        "claims: %d vague article(s) read again in the claim log's context (%d stated claims), "
        "%d resolved differently",
        len(hopeful),
        size,
        changed,
    )
    return changed


def _keep_unread(db: Database, late: set[int]) -> None:
    """Vague articles a crawl stored after reread_in_context looked (caller's transaction):
    marked as never read (log size -1), as the queue that would have found them is emptied."""
    keys = copies.claim_keys(db, sorted(late))
    vague = [claim for claim, key in keys.items() if is_vague(key)]
    if vague:
        context.mark_read(db, sorted(context.vague_due(db, vague, vague, -1, REREAD_GROWTH)), -1)


def refresh_tallies(db: Database, claim_ids: list[int] | None) -> None:
    """Recount the claim log's tallies of the given claims (None: of all; caller's
    transaction)."""
    if claim_ids is not None and not claim_ids:
        return
    context.recount_tallies(db, claim_ids)


def _reread(db: Database, batch: list[int], memory: ClaimMemory) -> int:
    """Read a batch of articles with the memory and replace the mentions that came out
    different (caller's transaction); returns how many did."""
    changed = 0
    for art_id, source, language, published, fetched, text in article_texts(db, batch):
        found = analyse_text(text, language, memory=memory)
        if found is None:
            continue  # a rule bug costs the context, not the stored mentions
        if sorted((c["claim_key"], c["start"]) for c in found) == context.found_keys(db, art_id):
            continue
        replace_mentions(db, _article(source, language, published, fetched), art_id, found)
        changed += 1
    return changed


def _article(
    source: str, language: str | None, published: str | None, fetched: str | None
) -> dict[str, str | None]:
    """The article fields replace_mentions copies onto each mention."""
    return {
        "source": source,
        "language": language,
        "published_at": published,
        "fetched_at": fetched,
    }
