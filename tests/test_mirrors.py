"""Mirror hosts: a source's page copied on a mirror is the source's, grouped with the original."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from claims.spread.copies import NAMES_ORIGINAL, CopyIndex, Doc
from claims.spread.rollup import MentionRef, rollup
from crawler.items import ArticleItem
from crawler.sources.registry import Source, load_sources
from pipelines.dedupe import DedupePipeline, mirror_original, storage_key
from pipelines.validate import rejection

ORIGINAL = "https://www.gate.com/news/detail/ai-lab-offers-researcher-100-million-24100472"
COPY = "https://www.gate.ac/news/detail/ai-lab-offers-researcher-100-million-24100472"
PAGE = (
    b"<html><body><p>"
    + b"An AI lab offered a researcher $100 million. " * 20
    + b"</p></body></html>"
)


def gate() -> Source:
    return next(s for s in load_sources() if s.slug == "gate_news")


def text(seed: int) -> str:
    """A deterministic 400-word text; two seeds share too little to group as near duplicates."""
    rng = random.Random(seed)
    return " ".join(rng.choice([f"w{i}" for i in range(2000)]) for _ in range(400))


class _NoRows:
    """A database that holds no article: the dedupe pipeline's lookup finds nothing."""

    def execute(self, *_: Any) -> SimpleNamespace:
        return SimpleNamespace(fetchone=lambda: None)


def dedupe(url: str, article: dict[str, Any]) -> dict[str, Any]:
    """Run the dedupe pipeline on one extracted page of gate_news."""
    spider = SimpleNamespace(source=gate(), db=_NoRows())
    crawler = SimpleNamespace(spider=spider, stats=SimpleNamespace(inc_value=lambda *_: None))
    item = ArticleItem(url=url, source="gate_news", html=PAGE, fetched_at="", html_hash="")
    item.article = article
    return DedupePipeline(crawler).process_item(item).article or {}


def test_a_mirror_page_passes_validation_as_the_source_s() -> None:
    assert rejection(PAGE, COPY, gate()) is None
    assert rejection(PAGE, "https://gate.example/news/detail/24100472", gate()) == "offsite"


def test_a_mirror_page_keeps_its_url_and_names_the_original() -> None:
    # Its canonical link points at the original: stored under it, the copy would overwrite it.
    row = dedupe(COPY, {"text": "x", "canonical_url": ORIGINAL})
    assert row["canonical_url"] == COPY and row["original_url"] == ORIGINAL
    row = dedupe(COPY, {"text": "x", "canonical_url": COPY})
    assert row["original_url"] == ORIGINAL  # the same path on the source's own site
    # An original the page names itself (a repost) wins; the source's own pages name none.
    assert dedupe(COPY, {"text": "x", "original_url": "https://a.example/1"})["original_url"] == (
        "https://a.example/1"
    )
    assert not dedupe(ORIGINAL, {"text": "x", "canonical_url": ORIGINAL}).get("original_url")


def test_storage_key_and_original_for_the_source_s_own_pages_are_unchanged() -> None:
    source = gate()
    assert storage_key(ORIGINAL + "?utm_source=x", ORIGINAL, source) == ORIGINAL
    assert storage_key(ORIGINAL, COPY, source) == ORIGINAL  # never renamed into a mirror
    assert mirror_original(ORIGINAL, None, source) is None


def test_the_mirror_copy_groups_with_the_original_and_is_not_independent() -> None:
    original_url = dedupe(COPY, {"text": "x"})["original_url"]
    docs = [
        # The copy arrives first, and its text differs (a banner, a trimmed paragraph):
        # the URL link alone must group it.
        Doc(2, "gate_news", COPY, COPY, original_url, text(2), "2026-12-01T10:05:00Z", ""),
        Doc(1, "gate_news", ORIGINAL, ORIGINAL, None, text(1), "2026-12-01T10:00:00Z", ""),
        Doc(
            3,
            "us_decrypt",
            "https://decrypt.co/1/x",
            "https://decrypt.co/1/x",
            None,
            text(3),
            "2026-12-01T11:00:00Z",
            "",
        ),
    ]
    index = CopyIndex()
    index.extend(docs)
    groups = index.mapping()
    assert groups[1] == groups[2] == 1 and groups[3] == 3
    assert {(e.doc_id, e.other_id, e.reason) for e in index.edges} == {(2, 1, NAMES_ORIGINAL)}
    mentions = [
        MentionRef(
            i,
            "lab->researcher",
            doc.id,
            doc.source,
            1e8,
            "$100 million",
            "reported",
            "2026-12-01T10:00:00Z",
            "2026-12-01T12:00:00Z",
        )
        for i, doc in enumerate(docs, 1)
    ]
    (summary,) = rollup(mentions, groups)
    assert (summary.mentions, summary.sources, summary.independent_sources) == (3, 2, 2)
    assert summary.first_article_id == 1
