"""Copy grouping: near duplicates, names-original and canonical links, group ids, signatures."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from claims.spread import minhash
from claims.spread.copies import (
    CANONICAL,
    EXCERPT,
    NAMES_ORIGINAL,
    NEAR_DUPLICATE,
    CopyIndex,
    Doc,
    group_copies,
    normalize_url,
    signature,
)

TOPIC = (
    "meta openai murati offer billion talent researchers lab superintelligence package "
    "compensation zuckerberg thinking machines startup recruit engineers stock years "
    "report sources familiar deal declined accepted rejected pay hiring spree"
).split()
FILLER = [f"w{i}" for i in range(3000)]
DISCLAIMER = (
    "Disclaimer: this article was republished from a partner site with permission. Nothing here "
    "is investment advice, and the views expressed belong to the original author alone."
)


def paragraphs(seed: int, count: int = 5, words: int = 80) -> list[str]:
    """Deterministic pseudo-article paragraphs mixing topic words and filler."""
    rng = random.Random(seed)
    vocab = TOPIC * 40 + FILLER
    return [" ".join(rng.choice(vocab) for _ in range(words)) + "." for _ in range(count)]


def doc(
    doc_id: int,
    text: str,
    url: str | None = None,
    *,
    canonical: str | None = None,
    original: str | None = None,
    published: str | None = "2025-06-01T10:00:00Z",
    fetched: str = "2025-06-02T00:00:00Z",
) -> Doc:
    """A Doc with sensible defaults."""
    url = url or f"https://site{doc_id}.example/news/{doc_id}"
    return Doc(doc_id, f"site{doc_id}", url, canonical or url, original, text, published, fetched)


def article(seed: int) -> str:
    """A 400-word, five-paragraph article."""
    return "\n\n".join(paragraphs(seed))


def test_repost_with_disclaimer_groups_with_original() -> None:
    original = article(1)
    docs = [doc(1, original), doc(2, original + "\n\n" + DISCLAIMER)]
    index = CopyIndex()
    index.extend(docs)
    assert index.group_of(2) == index.group_of(1)
    assert [(e.doc_id, e.other_id, e.reason) for e in index.edges] == [(2, 1, NEAR_DUPLICATE)]
    assert index.edges[0].similarity is not None and index.edges[0].similarity > 0.8


def test_paragraph_dropped_copy_groups() -> None:
    paras = paragraphs(2)
    copy = paras[:2] + paras[3:] + [DISCLAIMER]
    mapping = group_copies([doc(1, "\n\n".join(paras)), doc(2, "\n\n".join(copy))])
    assert mapping[1] == mapping[2]


def test_same_story_in_other_words_does_not_group() -> None:
    quote = "we are not for sale said the startup in a statement on tuesday evening"
    a, b = paragraphs(3), paragraphs(4)
    a[1] += " " + quote
    b[2] += " " + quote
    # A rewrite lifting two of five paragraphs (quotes, a press release) is still not a copy.
    rewrite = paragraphs(5)
    rewrite[2:4] = a[2:4]
    texts = ["\n\n".join(p) for p in (a, b, rewrite)]
    mapping = group_copies([doc(i, t) for i, t in enumerate(texts, 1)])
    assert len(set(mapping.values())) == 3


def test_names_original_with_url_variants_in_either_order() -> None:
    assert normalize_url("http://WWW.Example.com:80/a/b/?utm_source=x#frag") == (
        "https://example.com/a/b"
    )
    original = doc(1, article(6), "https://example.com/a/b")
    repost = doc(2, article(7), original="http://WWW.Example.com/a/b/#comments")
    for order in ([original, repost], [repost, original]):
        index = CopyIndex()
        for d in order:
            index.add(d)
        assert index.group_of(2) == index.group_of(1) == 1
        assert [(e.doc_id, e.other_id, e.reason) for e in index.edges] == [(2, 1, NAMES_ORIGINAL)]


def test_naming_the_original_also_set_as_canonical_reads_names_original() -> None:
    original = doc(1, article(20), "https://origin.example/story")
    repost = doc(2, article(21), canonical=original.url, original=original.url)
    for order in ([original, repost], [repost, original]):
        index = CopyIndex()
        index.extend(order)
        assert index.group_of(2) == 1
        assert index.copy_rows()[0].reason == NAMES_ORIGINAL
    alone = CopyIndex()
    alone.add(repost)
    assert alone.edges == [] and alone.group_of(2) == 2


def test_canonical_link_groups_but_site_root_canonical_does_not() -> None:
    index = CopyIndex()
    index.add(doc(1, article(8), "https://origin.example/story"))
    index.add(doc(2, article(9), canonical="https://origin.example/story/"))
    index.add(doc(3, article(10), "https://blog.example/p/1", canonical="https://blog.example/"))
    index.add(doc(4, article(11), "https://blog.example/p/2", canonical="https://blog.example/"))
    assert index.group_of(2) == 1
    assert index.edges[0].reason == CANONICAL
    assert index.group_of(3) == 3 and index.group_of(4) == 4


def test_transitive_grouping_and_earliest_doc_is_group_id() -> None:
    text = article(12)
    first = doc(1, text, published="2025-06-03T09:00:00+02:00")
    repost = doc(2, text + " " + DISCLAIMER, published="2025-06-03T08:30:00Z")
    # Names doc 2 as its original, shares no text with doc 1: grouped with 1 only through 2.
    third = doc(3, article(13), original=repost.url, published=None, fetched="2025-06-03T06:00Z")
    index = CopyIndex()
    assert index.add(first) == 1
    assert index.add(repost) == 1  # 07:00Z beats 08:30Z
    assert index.add(third) == 3  # no published_at: fetched_at 06:00Z is earliest
    assert index.groups(min_size=2) == {3: [3, 1, 2]}
    rows = {row.article_id: row for row in index.copy_rows()}
    assert rows[3].group_id == 3 and rows[3].reason == NAMES_ORIGINAL and rows[3].other_id == 2
    assert rows[2].reason == NEAR_DUPLICATE and rows[2].other_id == 1


def test_cjk_repost_groups_and_other_cjk_article_does_not() -> None:
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    rng = random.Random(14)
    story = "".join(rng.choice(chars) for _ in range(400))
    other = "".join(rng.choice(chars) for _ in range(400))
    assert minhash.tokens("Meta向Mira Murati提供10亿美元")[:4] == ["meta", "向", "mira", "murati"]
    docs = [
        doc(1, story),
        doc(2, story + "。本文转载自合作网站，仅供参考，不构成投资建议。"),
        doc(3, other),
    ]
    mapping = group_copies(docs)
    assert mapping[2] == mapping[1] != mapping[3]


def test_thai_and_devanagari_are_tokenised_without_losing_marks() -> None:
    assert minhash.tokens("ภาษาไทย") == list("ภาษาไทย")
    assert minhash.tokens("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]


@pytest.mark.parametrize("text", ["", "   ", "Subscribe now", "Please enable JavaScript."])
def test_empty_and_short_texts_do_not_crash_or_group(text: str) -> None:
    index = CopyIndex()
    index.extend([doc(1, text), doc(2, text), doc(3, article(15))])
    index.add(doc(4, text))
    assert len(set(index.mapping().values())) == 4
    assert index.signature_of(1) == minhash.MAGIC_V2 == signature(doc(5, text))


def test_signatures_round_trip_and_match_incremental_and_batch() -> None:
    base = article(16)
    docs = [doc(1, base), doc(2, base + " " + DISCLAIMER), doc(3, article(17)), doc(4, "short")]
    batch = CopyIndex()
    batch.extend(docs)
    stored = {d.id: batch.signature_of(d.id) for d in docs}
    assert stored[1] == signature(docs[0])
    reloaded = CopyIndex()
    for d in docs:
        reloaded.add_signature(replace(d, text=""), stored[d.id])
    assert reloaded.mapping() == batch.mapping() == group_copies(docs)
    bulk = CopyIndex()
    blobs: list[bytes | None] = [stored[d.id] for d in docs]
    blobs[1] = None  # never stored: computed from the text
    bulk.extend([replace(d, text="") if d.id != 2 else d for d in docs], blobs)
    assert bulk.mapping() == batch.mapping() and bulk.edges == batch.edges
    with pytest.raises(ValueError):
        CopyIndex().extend(docs, [stored[1]])
    assert reloaded.add(docs[0]) == batch.group_of(1)  # re-adding is a no-op
    with pytest.raises(ValueError):
        reloaded.add_signature(doc(9, ""), b"not a signature")


def test_signature_is_stable_across_processes() -> None:
    text = article(18)
    code = (
        "import sys; from claims.spread.copies import Doc, signature; "
        "sys.stdout.write(signature(Doc(1, 's', 'u', 'u', None, sys.stdin.read(), None, 'f')).hex())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(Path(__file__).parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert bytes.fromhex(out) == signature(doc(1, text))


def test_syndicated_story_keeps_one_edge_per_copy() -> None:
    text = article(19)
    index = CopyIndex()
    index.extend(doc(i, text + f" Syndicated by outlet {i}.") for i in range(1, 31))
    assert set(index.mapping().values()) == {1}
    assert len(index.edges) == 29 and {e.reason for e in index.edges} == {NEAR_DUPLICATE}
    assert len(index.copy_rows()) == 30


READ_MORE = "Read the full story on the original site. Follow us for more market updates daily."


def teaser(text: str, share: float = 1 / 3) -> str:
    """An aggregator post: the first share of a text verbatim, then a read-more line."""
    words = text.split(" ")
    return " ".join(words[: int(len(words) * share)]) + "...\n\n" + READ_MORE


def test_excerpt_repost_groups_with_original_in_either_order() -> None:
    original = article(30)
    excerpt = teaser(original)
    sigs, _ = minhash.signature_matrix([original, excerpt])
    # Far below the near-duplicate threshold: only containment can tell.
    assert minhash.similarity(sigs[0], sigs[1:])[0] < 0.45
    for order in ([doc(1, original), doc(2, excerpt)], [doc(2, excerpt), doc(1, original)]):
        index = CopyIndex()
        index.extend(order)
        assert index.group_of(2) == index.group_of(1) == 1
        [edge] = index.edges
        assert edge.reason == EXCERPT and {edge.doc_id, edge.other_id} == {1, 2}
        assert edge.similarity is not None and edge.similarity >= 0.8


def test_articles_sharing_a_quoted_sentence_or_two_do_not_group() -> None:
    quote = (
        "We remain fully committed to our mission and are not considering any offer at this "
        "time, the company said in a statement released to reporters on Tuesday evening."
    )
    second = "Investors should expect further announcements about the roadmap before year end."
    a, b, c = paragraphs(31), paragraphs(32), paragraphs(33, count=2, words=30)
    a[1] += " " + quote + " " + second
    b[3] = quote + " " + second + " " + b[3]
    # Even a short item that is a third quote is not an excerpt of either article.
    c[0] += " " + quote
    index = CopyIndex()
    index.extend([doc(1, "\n\n".join(a)), doc(2, "\n\n".join(b)), doc(3, "\n\n".join(c))])
    assert index.edges == [] and len(set(index.mapping().values())) == 3


def test_cjk_excerpt_groups_with_original() -> None:
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    rng = random.Random(34)
    story = "".join(rng.choice(chars) for _ in range(600))
    other = "".join(rng.choice(chars) for _ in range(600))
    excerpt = story[:200] + "……阅读全文请访问原网站。关注我们获取更多快讯。"
    mapping = group_copies([doc(1, story), doc(2, excerpt), doc(3, other)])
    assert mapping[2] == mapping[1] != mapping[3]


def test_reload_from_stored_signatures_links_new_excerpts_to_old_originals() -> None:
    old_original, new_original = article(35), article(36)
    old_excerpt = teaser(new_original)
    first = CopyIndex()
    first.extend([doc(1, old_original), doc(2, old_excerpt), doc(3, article(37))])
    stored = {i: first.signature_of(i) for i in (1, 2, 3)}
    assert stored[1] == signature(doc(1, old_original))
    assert all(blob.startswith(minhash.MAGIC_V2) for blob in stored.values())
    later = CopyIndex()
    later.extend([doc(i, "") for i in (1, 2, 3)], [stored[i] for i in (1, 2, 3)])
    later.add(doc(4, teaser(old_original, 0.4)))  # a new excerpt of an old original
    later.add(doc(5, new_original))  # the original of an old excerpt, crawled late
    assert later.group_of(4) == later.group_of(1) == 1
    assert later.group_of(2) == later.group_of(5) != later.group_of(3)
    assert {e.reason for e in later.edges} == {EXCERPT}


def test_version_1_blobs_still_load_and_are_upgraded_from_text() -> None:
    original = article(38)
    v1 = minhash.encode(minhash.signature_matrix([original])[0][0])
    assert v1.startswith(minhash.MAGIC) and minhash.decode_full(v1)[1] is None
    textless = CopyIndex()
    textless.extend([doc(1, "")], [v1])
    textless.add(doc(2, teaser(original)))
    # Without text there are no fingerprints to match, and the blob stays version 1.
    assert textless.group_of(2) == 2 and textless.signature_of(1) == v1
    upgraded = CopyIndex()
    upgraded.extend([doc(1, original)], [v1])
    upgraded.add(doc(2, teaser(original)))
    assert upgraded.group_of(2) == 1
    assert upgraded.signature_of(1) == signature(doc(1, original))
    with pytest.raises(ValueError):
        minhash.decode(minhash.MAGIC_V2 + b"\x00" * 10)
