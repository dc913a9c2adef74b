"""Score claimwatch's extract_article against bare trafilatura on the shared corpora.

Usage: python benchmarks/extraction.py [--data ../shared/corpora] [--limit N]
Exits 1 when claimwatch's mean token F1 on article-extraction-benchmark is below trafilatura's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipelines.article.build import (  # noqa: E402
    extract_article,
    trafilatura_baseline,
    trafilatura_configured,
)

DEFAULT_DATA = REPO.parent / "shared" / "corpora"
AEB = "article-extraction-benchmark"
NEWS = "news-pages"
# Words, with each CJK character a token of its own (those scripts have no spaces).
_TOKEN_RE = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+"
)
_SPACE_RE = re.compile(r"\s+")

Extractor = Callable[[str | bytes, str], str | None]


def tokens(text: str | None) -> Counter[str]:
    """Bag of lower-cased tokens, split on whitespace and punctuation."""
    return Counter(_TOKEN_RE.findall((text or "").lower()))


@dataclass
class Score:
    """Token overlap summed for micro figures and per-page P/R/F1 for macro ones."""

    pages: list[tuple[float, float, float]] = field(default_factory=list)
    overlap: int = 0
    predicted: int = 0
    expected: int = 0
    seconds: float = 0.0

    def add(self, prediction: str | None, truth: str) -> None:
        """Score one page."""
        got, want = tokens(prediction), tokens(truth)
        overlap = sum((got & want).values())
        n_got, n_want = sum(got.values()), sum(want.values())
        self.overlap, self.predicted, self.expected = (
            self.overlap + overlap,
            self.predicted + n_got,
            self.expected + n_want,
        )
        precision = overlap / n_got if n_got else float(not n_want)
        recall = overlap / n_want if n_want else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        self.pages.append((precision, recall, f1))

    def macro(self) -> tuple[float, float, float]:
        """Mean precision, recall and F1 over pages."""
        n = len(self.pages) or 1
        return tuple(sum(page[i] for page in self.pages) / n for i in range(3))  # type: ignore[return-value]

    def micro(self) -> tuple[float, float, float]:
        """Precision, recall and F1 over all tokens pooled."""
        p = self.overlap / self.predicted if self.predicted else 0.0
        r = self.overlap / self.expected if self.expected else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def claimwatch(html: str | bytes, url: str) -> str | None:
    """Body text from extract_article."""
    article = extract_article(html, url)
    return article.text if article else None


def trafilatura_default(html: str | bytes, url: str) -> str | None:
    """Body text from bare trafilatura.extract(html)."""
    return trafilatura_baseline(html)


# The acceptance check compares the first two; the third splits claimwatch's gain (and cost)
# between its trafilatura options and its own cleaning.
SYSTEMS: dict[str, Extractor] = {
    "claimwatch": claimwatch,
    "trafilatura": trafilatura_default,
    "traf+opts": trafilatura_configured,
}


def timed(extractor: Extractor, html: str | bytes, url: str) -> tuple[str | None, float]:
    """Run one extraction, returning its text and the seconds it took."""
    start = time.perf_counter()
    text = extractor(html, url)
    return text, time.perf_counter() - start


def warm_up(html: str | bytes, url: str) -> None:
    """Load lazy models once so the first timed page is not charged for them."""
    for extractor in SYSTEMS.values():
        extractor(html, url)
    extract_article("<html><body><p>" + "Warm-up text for language detection. " * 5, url)


def run_aeb(directory: Path, limit: int | None) -> dict[str, Score]:
    """Token P/R/F1 of both systems over article-extraction-benchmark."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    pages = {
        i: gzip.decompress((directory / "html" / f"{i}.html.gz").read_bytes()).decode() for i in ids
    }
    warm_up(pages[ids[0]], truth[ids[0]].get("url", ""))
    scores = {name: Score() for name in SYSTEMS}
    names = list(SYSTEMS)
    for index, page_id in enumerate(ids):
        url = truth[page_id].get("url") or f"https://example.invalid/{page_id}"
        # Systems take turns going first on a page, so none always pays for cold caches.
        for name in names[index % len(names) :] + names[: index % len(names)]:
            text, seconds = timed(SYSTEMS[name], pages[page_id], url)
            scores[name].add(text, truth[page_id]["articleBody"])
            scores[name].seconds += seconds
    return scores


def print_aeb(scores: dict[str, Score]) -> None:
    """Print the main table."""
    n = len(next(iter(scores.values())).pages)
    print(f"\narticle-extraction-benchmark: {n} pages, token-level bag-of-words P/R/F1")
    print(
        f"{'system':<12} {'P':>7} {'R':>7} {'F1':>7} | {'micro P':>7} {'micro R':>7} {'micro F1':>8} | ms/page"
    )
    for name, score in scores.items():
        (p, r, f), (mp, mr, mf) = score.macro(), score.micro()
        ms = 1000 * score.seconds / max(n, 1)
        print(f"{name:<12} {p:7.4f} {r:7.4f} {f:7.4f} | {mp:7.4f} {mr:7.4f} {mf:8.4f} | {ms:7.1f}")


def _norm(text: str | None) -> str:
    return _SPACE_RE.sub(" ", text or "").strip()


def _expected(page: dict, directory: Path) -> tuple[str | None, str | None, list[str], list[str]]:
    """(title, full text, must-contain snippets, must-not-contain snippets) for one page."""
    path = directory / page["expected_file"]
    if path.suffix == ".txt":
        meta = json.loads((directory / page["metadata_file"]).read_text(encoding="utf-8"))
        return meta.get("title"), path.read_text(encoding="utf-8"), [], []
    data = json.loads(path.read_text(encoding="utf-8"))
    if "body" in data:
        body = data["body"] or {}
        parts = list(body.get("summary", []))
        for section in body.get("sections", []):
            parts += section.get("headline", []) + section.get("paragraphs", [])
        return data.get("title"), "\n".join(parts), [], []
    entry = next(iter(data.values()))
    return entry.get("title") or None, None, entry.get("with", []), entry.get("without", [])


@dataclass
class NewsTally:
    """Counters for one system on news-pages (titles and languages only for claimwatch)."""

    titles: int = 0
    titles_ok: int = 0
    langs: int = 0
    langs_ok: int = 0
    pages: int = 0
    body: Score = field(default_factory=Score)
    with_ok: int = 0
    with_all: int = 0
    without_ok: int = 0
    without_all: int = 0

    def add_body(self, text: str, full: str | None, must: list[str], must_not: list[str]) -> None:
        """Score one extracted body against a full text and/or snippets."""
        self.pages += 1
        if full:
            self.body.add(text, full)
        self.with_all += len(must)
        self.with_ok += sum(_norm(snippet) in text for snippet in must)
        self.without_all += len(must_not)
        self.without_ok += sum(_norm(snippet) not in text for snippet in must_not)


def run_news(directory: Path, limit: int | None) -> dict[str, NewsTally]:
    """Title/language accuracy, body P/R and snippet checks on news-pages, per system."""
    index = json.loads((directory / "index.json").read_text(encoding="utf-8"))["pages"][:limit]
    tallies = {"claimwatch": NewsTally(), "trafilatura": NewsTally()}
    for page in index:
        html = gzip.decompress((directory / page["file"]).read_bytes())
        title, full, must, must_not = _expected(page, directory)
        article = extract_article(html, page["url"])
        ours = tallies["claimwatch"]
        ours.add_body(_norm(article.text if article else ""), full, must, must_not)
        ours.langs += 1
        ours.langs_ok += bool(article and article.language == page.get("language"))
        if title:
            ours.titles += 1
            ours.titles_ok += bool(article and _norm(article.title) == _norm(title))
        baseline = _norm(trafilatura_baseline(html))
        tallies["trafilatura"].add_body(baseline, full, must, must_not)
    return tallies


def pct(part: int, whole: int) -> str:
    """Format part/whole with its percentage; "n/a" when whole is 0."""
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "n/a"


def print_news(tallies: dict[str, NewsTally]) -> None:
    """Print the secondary table."""
    first = next(iter(tallies.values()))
    print(f"\nnews-pages: {first.pages} pages, {len(first.body.pages)} with a full expected text")
    print(
        f"{'system':<12} {'title exact':>13} {'language':>13} {'body P':>7} {'body R':>7}"
        f" {'snippets in':>13} {'boilerplate out':>15}"
    )
    for name, tally in tallies.items():
        precision, recall, _ = tally.body.macro()
        print(
            f"{name:<12} {pct(tally.titles_ok, tally.titles):>13}"
            f" {pct(tally.langs_ok, tally.langs):>13}"
            f" {precision:7.4f} {recall:7.4f} {pct(tally.with_ok, tally.with_all):>13}"
            f" {pct(tally.without_ok, tally.without_all):>15}"
        )


def _find(data: Path, name: str, marker: str) -> Path | None:
    """The corpus directory, whether --data is the corpora folder or the corpus itself."""
    for candidate in (data / name, data):
        if (candidate / marker).exists():
            return candidate
    return None


def main(argv: Iterable[str] | None = None) -> int:
    """Run the benchmark; 0 when claimwatch's F1 is at least trafilatura's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="corpora directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(list(argv) if argv is not None else None)
    aeb = _find(args.data, AEB, "ground-truth.json")
    if aeb is None:
        print(
            f"error: no {AEB}/ground-truth.json under {args.data} (pass --data DIR)",
            file=sys.stderr,
        )
        return 2
    scores = run_aeb(aeb, args.limit)
    print_aeb(scores)
    news = _find(args.data, NEWS, "index.json")
    if news is not None:
        print_news(run_news(news, args.limit))
    else:
        print(f"\n(news-pages not found under {args.data}: skipped)")
    ours, baseline = scores["claimwatch"].macro()[2], scores["trafilatura"].macro()[2]
    verdict = "OK" if ours >= baseline else "FAIL"
    print(f"\n{verdict}: claimwatch F1 {ours:.4f} vs trafilatura F1 {baseline:.4f}")
    return 0 if ours >= baseline else 1


if __name__ == "__main__":
    sys.exit(main())
