"""The rows a crawl stores for one synthetic article, shared by both database builders.

`scale_db.store` writes them one article at a time through the store path's functions;
`scale_build.build` writes the same rows in bulk. Everything here is deterministic (no
`hash()`, no `os.urandom`), so the two builds can be compared row for row.
"""

from __future__ import annotations

from hashlib import blake2b
from typing import Any

import numpy as np

from claims.engine.keys import figure_bucket
from claims.spread.copies import Doc
from claims.spread.rollup import MentionRef


def mention_key(ref: MentionRef) -> str:
    """The claim key a mention is stored under; a tenth are vague, as real crawls find them
    ("his pay could top $200 million"), so the roll-up reads them again in the log's context."""
    story = ref.claim_key.removeprefix("claim-")
    if ref.mention_id % 20 == 0:
        return f"?->person{story}"
    if ref.mention_id % 20 == 1 and ref.amount_usd:
        return f"meta->?@{figure_bucket(ref.amount_usd)}"
    return f"meta->person{story}"


def page(doc_id: int, kb: int) -> bytes:
    """The stored page, modelled: kb KB of incompressible bytes (zstd keeps 0.19 of a real
    236 KB page), the same for the same article in any process."""
    return np.random.default_rng(doc_id).bytes(kb * 1024)


def article_values(doc: Doc, raw: bytes | None) -> list[Any]:
    """The articles row of one document, in scale_db.COLUMNS order."""
    return [
        doc.url,
        # canonical_url is unique: a repost naming its original's as canonical gets a
        # fragment, which URL comparison drops
        f"{doc.canonical_url}#{doc.id}",
        doc.source,
        doc.published_at,
        doc.fetched_at,
        doc.text,
        blake2b(doc.text.encode(), digest_size=16).hexdigest(),
        doc.original_url,
        raw,
    ]


def mention_claims(refs: list[MentionRef]) -> list[dict[str, Any]]:
    """An article's mentions as the claim dicts the store pipeline hands replace_mentions."""
    return [
        {
            "claim_key": mention_key(ref),
            "stance": ref.stance,
            "amount_usd": ref.amount_usd,
            "amount_text": ref.amount_text,
            "start": n,
        }
        for n, ref in enumerate(refs)
    ]


def keeps_page(position: int, count: int, kept: int | None) -> bool:
    """Whether the article at this position of a build of count articles still has its page:
    all of them (kept None) or the newest `kept`, as a nightly prune leaves them."""
    return kept is None or position >= count - kept
