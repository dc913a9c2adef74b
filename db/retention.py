"""Retention: dropping stored pages once they are old, keeping everything read from them."""

from __future__ import annotations

from sqlite_utils import Database


def prune_raw_batch(db: Database, cutoff: str, after_id: int, limit: int) -> tuple[int, int, int]:
    """Drop the stored page of up to `limit` articles fetched before cutoff, by id after
    after_id, in one transaction; returns (pages dropped, their bytes, last id looked at).

    Only raw_html goes: text, mentions, signatures, hashes and validators stay, so copies are
    still found and a re-fetch of an unchanged page is still recognised by its html_hash.
    """
    with db.atomic():
        rows = db.execute(
            "SELECT id, raw_html IS NOT NULL AND fetched_at < ?, length(raw_html) FROM articles "
            "WHERE id > ? ORDER BY id LIMIT ?",
            [cutoff, after_id, limit],
        ).fetchall()
        due = [(art_id, size or 0) for art_id, old, size in rows if old]
        db.conn.executemany(
            "UPDATE articles SET raw_html = NULL WHERE id = ?", [(art_id,) for art_id, _ in due]
        )
    return len(due), sum(size for _, size in due), (rows[-1][0] if rows else after_id)


def raw_bytes(db: Database) -> tuple[int, int]:
    """(articles with a stored page, bytes of stored pages)."""
    count, size = db.execute(
        "SELECT COUNT(raw_html), COALESCE(SUM(length(raw_html)), 0) FROM articles"
    ).fetchone()
    return int(count), int(size)


def vacuum(db: Database) -> None:
    """Rewrite the file without its free pages (needs as much free disk as the file)."""
    db.execute("VACUUM")
