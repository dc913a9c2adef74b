"""Scale benchmark: copy grouping and claim roll-up on synthetic news at 10k-100k articles.

With --db-sizes, the same corpus stored in a database file instead: the persistent
incremental roll-up against the full rebuild, file size per article, and retention
(benchmarks/scale_db.py).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.context.memory import LoggedClaim, log_memory  # noqa: E402
from claims.engine.entities import get  # noqa: E402
from claims.engine.keys import figure_bucket  # noqa: E402
from claims.spread.copies import CopyIndex, Doc, group_copies  # noqa: E402
from claims.spread.rollup import MentionRef, rollup  # noqa: E402

VOCAB = 4000
SYLLABLES = "ka to ri mon el sa ve lun dor pi qua ne os tra bel in ur zo ma che fi".split()
STANCES = ["asserted", "reported", "questioned", "denied"]
DISCLAIMERS = [
    "This article originally appeared on a partner site and is republished here with "
    "permission. The views expressed are the author's own.",
    "Disclaimer: nothing in this article constitutes financial or investment advice. Always do "
    "your own research before making any investment decision, and consult a licensed adviser.",
    "Republished under a content syndication agreement. The publisher may receive compensation "
    "for some links in this story. Read our editorial policy for details.",
    "Editor's note: this story has been updated with additional reporting.",
]
# What an aggregator appends to a teaser: shared by thousands of posts, i.e. boilerplate.
READ_MORE = [
    "Read the full article on the original site.",
    "Click through to read more. Not investment advice; do your own research before trading.",
    "This is an excerpt. Follow us for more breaking crypto and AI news, every day of the week.",
]
EXCERPTS = 0.2  # share of reposts that are teasers: the first 30-40 % of the text verbatim
BASE = datetime(2025, 6, 1, tzinfo=UTC)


@dataclass
class Corpus:
    """Synthetic articles, their mentions, the true copy group of each and teaser -> original."""

    docs: list[Doc]
    mentions: list[MentionRef]
    truth: dict[int, int]
    excerpts: dict[int, int]


def _iso(moment: datetime) -> str:
    """ISO-8601 UTC text."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _url_variant(url: str, rng: np.random.Generator) -> str:
    """How a repost spells its original's URL: scheme, case, slash, fragment, tracking."""
    return [
        url,
        url.replace("https://", "http://"),
        url + "/",
        url.replace("https://site", "https://SITE", 1),
        url + "#comments",
        url + "?utm_source=feed",
    ][rng.integers(6)]


def make_corpus(n: int, seed: int) -> Corpus:
    """n articles, ~30 % reposts: a fifth are teasers, the rest with a disclaimer appended
    and/or a paragraph dropped."""
    rng = np.random.default_rng(seed)
    words = sorted({"".join(rng.choice(SYLLABLES, rng.integers(1, 4))) for _ in range(VOCAB * 2)})
    vocab = np.array(words[:VOCAB], dtype=object)
    weights = 1 / np.arange(1, len(vocab) + 1)
    cdf = np.cumsum(weights / weights.sum())
    stories = max(1, n // 25)
    quotes = [
        [" ".join(vocab[np.searchsorted(cdf, rng.random(20))]) for _ in range(2)]
        for _ in range(stories)
    ]
    amounts = [float(rng.choice([1e8, 2.5e8, 1e9, 1.5e9, 2e9])) for _ in range(stories)]
    docs: list[Doc] = []
    paragraphs: list[list[str]] = []
    mentions: list[MentionRef] = []
    truth: dict[int, int] = {}
    by_doc: dict[int, list[MentionRef]] = {}
    told: dict[int, int] = {}
    trimmed = [False] * n
    excerpts: dict[int, int] = {}
    for i in range(n):
        moment = BASE + timedelta(minutes=int(i * 3 + rng.integers(0, 600)))
        source = f"site{rng.integers(200)}"
        url = f"https://{source}.example/news/{i}"
        if i > 10 and rng.random() < 0.3:
            src = int(rng.integers(i))
            src = excerpts.get(src, src)  # a teaser is not reposted; its original is
            trimmed[i] = trimmed[src]
            paras = list(paragraphs[src])
            kind = rng.random()
            if rng.random() < EXCERPTS:
                words = "\n\n".join(paras).split(" ")
                cut = int(len(words) * rng.uniform(0.3, 0.4))
                paras = [" ".join(words[:cut]) + "...", READ_MORE[rng.integers(len(READ_MORE))]]
                excerpts[i] = src
            # At most one paragraph dropped per chain of reposts, or copies stop being copies.
            elif kind < 0.55 and not trimmed[src]:
                paras.pop(int(rng.integers(len(paras))))
                trimmed[i] = True
            if kind > 0.35 and i not in excerpts:
                paras.append(DISCLAIMERS[rng.integers(len(DISCLAIMERS))])
            original = docs[src]
            named = _url_variant(original.url, rng) if rng.random() < 0.4 else None
            canonical = original.url if rng.random() < 0.1 else url
            truth[i] = truth[src]
            moment = max(moment, BASE + timedelta(minutes=3 * src + 700))
            for ref in by_doc.get(src, ()):
                by_doc.setdefault(i, []).append(replace(ref, article_id=i))
        else:
            story = int(rng.integers(stories))
            lengths = rng.integers(60, 100, 5)
            picks = np.searchsorted(cdf, rng.random(int(lengths.sum())))
            cuts = np.cumsum(lengths)[:-1]
            paras = [" ".join(vocab[part]) for part in np.split(picks, cuts)]
            paras[1] += " " + quotes[story][rng.integers(2)]
            # Hard negatives: an independent article that lifts two paragraphs (quotes, a press
            # release) from an earlier one on the same story; Jaccard about 0.25, not a copy.
            earlier = told.get(story)
            if earlier is not None and rng.random() < 0.15:
                paras[2:4] = paragraphs[earlier][2:4]
            told[story] = i
            named, canonical, truth[i] = None, url, i
            for _ in range(1 + int(rng.random() < 0.2)):
                variant = amounts[story] * float(rng.choice([1, 1, 1, 1.5, 0.5]))
                amount = None if rng.random() < 0.1 else variant
                stance = STANCES[int(np.searchsorted([0.45, 0.85, 0.95], rng.random()))]
                ref = MentionRef(
                    0,
                    f"claim-{story}",
                    i,
                    source,
                    amount,
                    None if amount is None else f"${amount:,.0f}",
                    stance,
                    None,
                    "",
                )
                by_doc.setdefault(i, []).append(ref)
        published = None if rng.random() < 0.12 else _iso(moment)
        fetched = _iso(moment + timedelta(hours=int(rng.integers(1, 12))))
        paragraphs.append(paras)
        docs.append(Doc(i, source, url, canonical, named, "\n\n".join(paras), published, fetched))
        for ref in by_doc.get(i, ()):
            mentions.append(
                replace(
                    ref,
                    mention_id=len(mentions),
                    source=source,
                    published_at=published,
                    fetched_at=fetched,
                )
            )
    return Corpus(docs, mentions, truth, excerpts)


def mixups(predicted: Mapping[int, int], truth: Mapping[int, int]) -> tuple[int, int]:
    """(predicted groups holding several true groups, true groups split over several)."""
    spans: dict[int, set[int]] = {}
    splits: dict[int, set[int]] = {}
    for doc_id, group in truth.items():
        spans.setdefault(predicted[doc_id], set()).add(group)
        splits.setdefault(group, set()).add(predicted[doc_id])
    return sum(len(s) > 1 for s in spans.values()), sum(len(s) > 1 for s in splits.values())


def pair_scores(predicted: Mapping[int, int], truth: Mapping[int, int]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping against the true groups."""

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter((predicted[d], truth[d]) for d in truth))
    found, real = pairs(Counter(predicted[d] for d in truth)), pairs(Counter(truth.values()))
    return (both / found if found else 1.0), (both / real if real else 1.0)


def excerpt_recall(predicted: Mapping[int, int], excerpts: Mapping[int, int]) -> float:
    """Share of teasers grouped with the article they excerpt."""
    found = sum(predicted[e] == predicted[src] for e, src in excerpts.items())
    return found / len(excerpts) if excerpts else 1.0


def _rss_mb() -> float:
    """Current resident set size in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _timed(step: Callable[[], object]) -> tuple[object, float, float]:
    """Result, wall seconds and CPU seconds of one call (CPU time is immune to other load)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - start, time.process_time() - cpu


def log_context(mentions: list[MentionRef]) -> int:
    """The roll-up's claim-log step (claimwatch.tasks.reread_in_context) without the texts:
    the memory of the claims stated outright, and one look-up per vague mention (a tenth of
    them: no offerer, or no named recipient). Re-reading a vague article's text costs the same
    at any log size. Returns how many vague mentions the log resolves."""
    logged = []
    for ref in mentions:
        story = ref.claim_key.removeprefix("claim-")
        kind = ref.mention_id % 20
        if kind == 0:
            key = f"?->person-{story}"
        elif kind == 1 and ref.amount_usd:
            key = f"meta->?@{figure_bucket(ref.amount_usd)}"
        else:
            key = f"meta->person-{story}"
        logged.append(LoggedClaim(key, f"Person {story}", ref.amount_usd, ref.stance, False))
    memory = log_memory(logged)
    meta = get("meta")
    resolved = 0
    for claim in logged:
        if claim.claim_key.startswith("?->"):
            resolved += memory.offerer_for(claim.claim_key[3:]) is not None
        elif "@" in claim.claim_key:
            figure = claim.amount_usd
            resolved += memory.recipient_for(meta, figure, figure) is not None
    return resolved


def measure(n: int, seed: int, trace: bool) -> dict[str, float]:
    """One size, meant to run in a fresh process so ru_maxrss is this size's peak."""
    started = time.perf_counter()
    corpus = make_corpus(n, seed)
    out: dict[str, float] = {
        "n": n,
        "generate_s": time.perf_counter() - started,
        "rss_before_mb": _rss_mb(),
    }
    groups, out["group_s"], group_cpu = _timed(lambda: group_copies(corpus.docs))
    resolved, out["context_s"], context_cpu = _timed(lambda: log_context(corpus.mentions))
    out["context_resolved"] = resolved
    summaries, out["rollup_s"], rollup_cpu = _timed(lambda: rollup(corpus.mentions, groups))
    out["total_s"] = out["group_s"] + out["context_s"] + out["rollup_s"]
    out["cpu_s"] = group_cpu + context_cpu + rollup_cpu
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["precision"], out["recall"] = pair_scores(groups, corpus.truth)
    out["merged"], out["split"] = mixups(groups, corpus.truth)
    out["copy_groups"] = sum(c > 1 for c in Counter(corpus.truth.values()).values())
    out["excerpts"] = len(corpus.excerpts)
    out["excerpt_recall"] = excerpt_recall(groups, corpus.excerpts)

    expected = {s.claim_key: s.independent_sources for s in rollup(corpus.mentions, corpus.truth)}
    out["claims"] = len(summaries)
    out["claims_exact"] = sum(s.independent_sources == expected[s.claim_key] for s in summaries)

    index = CopyIndex()
    index.extend(corpus.docs)
    stored = [index.signature_of(d.id) for d in corpus.docs]
    bare = [replace(d, original_url=None, canonical_url=d.url, text="") for d in corpus.docs]

    def reload(docs: list[Doc]) -> dict[int, int]:
        again = CopyIndex()
        again.extend(docs, stored)
        return again.mapping()

    out["reload_s"] = _timed(lambda: reload(corpus.docs))[1]
    content_only = reload(bare)
    out["nd_precision"], out["nd_recall"] = pair_scores(content_only, corpus.truth)
    out["nd_excerpt_recall"] = excerpt_recall(content_only, corpus.excerpts)
    if trace:
        tracemalloc.start()
        rollup(corpus.mentions, group_copies(corpus.docs))
        out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return out


def added_path(path: Path) -> Path:
    """Where the build keeps the articles of the measured crawl."""
    return path.with_suffix(".added.pickle")


def db_phase(args: argparse.Namespace) -> dict[str, float]:
    """One phase of the database benchmark (benchmarks/scale_db.py), in this process."""
    from benchmarks import scale_db

    path = Path(args.db_dir) / f"scale_{args.db_size}.db"
    n, add = args.db_size, args.add
    if args.db_phase == "build":
        from benchmarks import scale_build

        started = time.perf_counter()
        corpus = make_corpus(n + add, args.seed)
        generated = time.perf_counter() - started
        path.unlink(missing_ok=True)
        scale_build.save_added(added_path(path), corpus.docs[n:], corpus.mentions)
        kept = None if args.pages_days is None else round(n * args.pages_days / 365)
        docs = corpus.docs[:n]
        if args.builder == "store":
            scale_db.store(path, docs, corpus.mentions, args.raw_kb, args.step, kept)
            counts: dict[str, float] = {}
        else:
            counts = scale_build.build(
                path, docs, corpus.mentions, args.raw_kb, kept=kept, jobs=args.jobs
            )
        return {
            "s": time.perf_counter() - started,
            "generate_s": generated,
            "cpu_s": time.process_time(),
            "peak_mb": scale_db.peak_mb(),
            "pages_kept": n if kept is None else kept,
            **counts,
        }
    if args.db_phase == "add":
        from benchmarks import scale_build

        started = time.perf_counter()
        if added_path(path).exists():
            docs, mentions = scale_build.load_added(added_path(path))
        else:
            corpus = make_corpus(n + add, args.seed)
            docs, mentions = corpus.docs[n:], corpus.mentions
        scale_db.store(path, docs, mentions, args.raw_kb, args.step)
        return {"s": time.perf_counter() - started, "peak_mb": scale_db.peak_mb()}
    if args.db_phase == "prune":
        return scale_db.prune_all(path)
    if args.db_phase == "queries":
        return scale_db.query_times(path)
    out = scale_db.timed_rollup(path, full=args.db_phase == "full", parts=args.parts)
    out["file_mb"] = scale_db.file_mb(path)
    return out


def run_db(args: argparse.Namespace) -> None:
    """Per size: build, full roll-up, one crawl of --add articles, incremental roll-up, the
    canned queries, prune."""
    rows = []
    for size in (int(s) for s in args.db_sizes.split(",")):
        got: dict[str, dict[str, float]] = {}
        for phase in ("build", "full", "add", "incremental", "queries", "prune"):
            cmd = [sys.executable, __file__, "--db-phase", phase, "--db-size", str(size)]
            cmd += ["--db-dir", args.db_dir, "--add", str(args.add), "--seed", str(args.seed)]
            cmd += ["--raw-kb", str(args.raw_kb), "--step", str(args.step)]
            cmd += ["--builder", args.builder, "--jobs", str(args.jobs)]
            cmd += [] if args.pages_days is None else ["--pages-days", str(args.pages_days)]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True)
            got[phase] = json.loads(done.stdout.splitlines()[-1])
        full, inc, prune = got["full"], got["incremental"], got["prune"]
        per = (size + args.add) * 1024
        print(
            f"{size:>8} articles: build {got['build']['s']:.0f}s | full roll-up {full['s']:.1f}s"
            f" ({full['cpu_s']:.1f}s CPU, peak {full['peak_mb']:.0f} MB)"
            f" | +{args.add} articles: incremental {inc['s']:.2f}s ({inc['cpu_s']:.2f}s CPU,"
            f" peak {inc['peak_mb']:.0f} MB, {inc['regrouped']:.0f} regrouped,"
            f" {inc['claims']:.0f} claims) = x{inc['s'] / full['s']:.4f} of full time,"
            f" x{inc['peak_mb'] / full['peak_mb']:.2f} of its peak"
            f" | file {prune['before_mb']:.0f} MB ({prune['before_mb'] * 2**20 / per:.1f} KB an"
            f" article, {prune['raw_mb'] * 2**20 / per:.1f} KB of it the stored page); pruned and"
            f" vacuumed {prune['after_mb']:.0f} MB ({prune['after_mb'] * 2**20 / per:.1f} KB an"
            f" article; prune {prune['prune_s']:.1f}s, VACUUM {prune['vacuum_s']:.1f}s)",
            flush=True,
        )
        times = got["queries"]
        print(
            f"{size:>8} articles, page times (ms, Datasette's client): "
            + ", ".join(
                f"{k} {v:.0f}"
                for k, v in times.items()
                if k not in ("fts hits", "peak_mb") and isinstance(v, float)
            )
            + f"; plans with a full scan: {times['full scans'] or 'none'}"
            + f" (the name searched is in {times['fts hits']:.0f} articles)",
            flush=True,
        )
        rows.append((size, full, inc))
    for (n0, f0, i0), (n1, f1, i1) in zip(rows, rows[1:], strict=False):
        print(
            f"{n0} -> {n1}: size x{n1 / n0:.1f}, full roll-up x{f1['s'] / f0['s']:.2f}, "
            f"incremental x{i1['s'] / i0['s']:.2f} (peak RSS x{i1['peak_mb'] / i0['peak_mb']:.2f})"
        )


def main() -> None:
    """Run each size in its own subprocess and print times, memory, growth and P/R."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--db-sizes",
        help="instead: database benchmark at these sizes (e.g. 50000,100000,1000000): full "
        "roll-up, incremental roll-up after --add articles, file size, prune",
    )
    parser.add_argument("--db-dir", default="/tmp", help="where the database files go")
    parser.add_argument("--add", type=int, default=1000, help="articles of the measured crawl")
    parser.add_argument("--raw-kb", type=int, default=45, help="stored page KB per article")
    parser.add_argument("--step", type=int, default=10_000, help="articles per build transaction")
    parser.add_argument(
        "--builder",
        choices=("bulk", "store"),
        default="bulk",
        help="build the database in bulk (benchmarks/scale_build.py) or through the store path",
    )
    parser.add_argument(
        "--pages-days",
        type=float,
        help="the database is a year of crawling pruned nightly (`claimwatch prune "
        "--raw-older-than Nd`): only the newest N days of articles keep a stored page",
    )
    parser.add_argument("--jobs", type=int, default=2, help="processes signing the bulk build")
    parser.add_argument("--parts", action="store_true", help="time the roll-up's parts (CPU)")
    parser.add_argument("--db-phase", help=argparse.SUPPRESS)
    parser.add_argument("--db-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.db_phase:
        print(json.dumps(db_phase(args)))
        return
    if args.db_sizes:
        run_db(args)
        return
    if args.child:
        print(json.dumps(measure(args.child, args.seed, args.tracemalloc)))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--child", str(size), "--seed", str(args.seed)]
        cmd += ["--tracemalloc"] if args.tracemalloc else []
        rows.append(
            json.loads(
                subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[
                    -1
                ]
            )
        )
        r = rows[-1]
        print(
            f"{r['n']:>7} articles: group {r['group_s']:.2f}s + log context "
            f"{r['context_s']:.2f}s + rollup {r['rollup_s']:.2f}s"
            f" = {r['total_s']:.2f}s wall ({r['cpu_s']:.2f}s CPU) | peak RSS {r['peak_rss_mb']:.0f} MB"
            f" (corpus alone {r['rss_before_mb']:.0f} MB)"
            + (f", traced peak {r['traced_peak_mb']:.0f} MB" if "traced_peak_mb" in r else "")
            + f" | pairwise P {r['precision']:.4f} R {r['recall']:.4f}"
            f" ({r['copy_groups']} true copy groups: {r['merged']} wrongly merged,"
            f" {r['split']} split; {r['excerpts']} teasers, {r['excerpt_recall']:.4f} grouped)"
            f" | content-only P {r['nd_precision']:.4f} R {r['nd_recall']:.4f}"
            f" (teasers {r['nd_excerpt_recall']:.4f})"
            f" | reload from signatures {r['reload_s']:.2f}s"
            f" | independent_sources exact {r['claims_exact']}/{r['claims']}"
            f" | generate {r['generate_s']:.1f}s",
            flush=True,
        )
    for prev, cur in zip(rows, rows[1:], strict=False):
        print(
            f"{prev['n']} -> {cur['n']}: size x{cur['n'] / prev['n']:.1f}, "
            f"wall x{cur['total_s'] / prev['total_s']:.2f}, "
            f"CPU x{cur['cpu_s'] / prev['cpu_s']:.2f}, "
            f"peak RSS x{cur['peak_rss_mb'] / prev['peak_rss_mb']:.2f}"
        )


if __name__ == "__main__":
    main()
