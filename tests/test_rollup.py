"""Claim roll-up: sources vs independent copy groups, first appearance, figures, denials."""

from __future__ import annotations

from claims.spread.rollup import MentionRef, rollup


def mention(
    mention_id: int,
    article_id: int,
    source: str,
    *,
    amount: float | None = 1e9,
    stance: str = "reported",
    published: str | None = "2025-06-02T00:00:00Z",
    fetched: str = "2025-06-03T00:00:00Z",
    claim: str = "meta->murati",
) -> MentionRef:
    """A MentionRef with sensible defaults."""
    text = None if amount is None else f"${amount:,.0f}"
    return MentionRef(
        mention_id, claim, article_id, source, amount, text, stance, published, fetched
    )


def test_copies_count_as_one_independent_source() -> None:
    mentions = [mention(1, 10, "wire"), mention(2, 11, "blog"), mention(3, 12, "paper")]
    groups = {10: 10, 11: 10, 12: 12}  # 11 reposts 10
    (summary,) = rollup(mentions, groups)
    assert (summary.mentions, summary.sources, summary.independent_sources) == (3, 3, 2)


def test_first_seen_uses_published_at_then_fetched_at() -> None:
    mentions = [
        mention(1, 10, "a", published="2025-06-02T12:00:00+02:00"),
        mention(2, 11, "b", published="2025-06-02T11:00:00Z"),
    ]
    (summary,) = rollup(mentions, {})
    assert (summary.first_seen_at, summary.first_seen_basis) == (
        "2025-06-02T12:00:00+02:00",
        "published_at",
    )
    assert summary.first_article_id == 10
    # An undated article fetched before the others were published was out first.
    mentions.append(mention(3, 12, "c", published=None, fetched="2025-06-02T09:30:00Z"))
    (summary,) = rollup(mentions, {})
    assert summary.first_seen_at == "2025-06-02T09:30:00Z"
    assert summary.first_seen_basis == "fetched_at" and summary.first_article_id == 12


def test_amounts_distinct_sorted_and_denials_apart() -> None:
    mentions = [
        mention(1, 10, "a", amount=1e9),
        mention(2, 11, "b", amount=1_000_000_000),
        mention(3, 12, "c", amount=1.5e9, stance="questioned"),
        mention(4, 13, "d", amount=None, stance="asserted"),
        mention(5, 14, "e", amount=2e8, stance="denied", published="2025-06-01T00:00:00Z"),
        mention(6, 14, "e", amount=None, stance="denied"),
    ]
    (summary,) = rollup(mentions, {})
    assert summary.amounts == [1e9, 1.5e9]
    assert summary.denials == 2 and summary.mentions == 6
    assert summary.sources == 4 and summary.independent_sources == 4
    assert summary.first_article_id == 10  # the earlier denial is not where the claim was made


def test_denied_only_claim_and_several_claims_in_input_order() -> None:
    mentions = [
        mention(1, 10, "a", claim="x", stance="denied"),
        mention(2, 11, "b", claim="y"),
        mention(3, 11, "b", claim="y"),
    ]
    x, y = rollup(mentions, {})
    assert (x.claim_key, x.sources, x.independent_sources, x.denials) == ("x", 0, 0, 1)
    assert x.first_article_id == 10 and x.first_seen_basis == "published_at"
    assert (y.claim_key, y.mentions, y.sources, y.independent_sources) == ("y", 2, 1, 1)
    assert rollup([], {}) == []
