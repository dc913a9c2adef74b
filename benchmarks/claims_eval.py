"""Score the claim engine on a labelled JSONL file (default: ../shared/claims/dev.jsonl).

Scoring follows shared/claims/README.md: detection P/R/F1 (positive = at least one claim whose
stance is not "denied"), offerer/recipient/amount accuracy on true positives, pairwise
claim_key matching over true-positive pairs, and denial accuracy. Five input modes are scored:

  store     what the database holds after a crawl and its roll-up: article mode, then the
            pages with a vague claim ("his pay could top $200 million") read again with a
            memory of the claims every page states outright (claims.context.memory)
  isolated  every row alone, as the README's unit of scoring
  article   rows from the same page (url) fed as one article, claims mapped back to rows
  pipeline  article mode plus a ClaimMemory shared across pages in file order, learning as
            it goes (one pass: an early page cannot use what a later one states)
  stream    every row alone, in file order, through one ClaimStream (recent rows as context
            plus a memory of the run) and without URLs: what `claimwatch analyze` does

Field matching: words are compared accent- and case-free; generic words (staff, researchers,
top, AI...) do not count. A label made only of generic words ("recruits", "top AI
researchers") matches an engine value sharing any of its words. Fields are scored on each
row's first non-denied claim; throughput is measured in CPU time (best of three runs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "claims" / "dev.jsonl"

GENERIC = frozenset(
    """a an the of and or from at in to for with like its his her their top leading key best
    senior core ai staff staffer staffers researcher researchers employee employees engineer
    engineers developer developers team members member talent talents expert experts scientist
    scientists people hires recruits former rivals rival lab labs inc company startup startups
    group retention some several other others etc more than plus blue chip brilliant minds""".split()
)


def words(text: str | None) -> set[str]:
    """Accent-free lower-case words; Latin and non-Latin runs are split apart."""
    if not text:
        return set()
    norm = unicodedata.normalize("NFKD", text)
    norm = "".join(c for c in norm if not unicodedata.combining(c)).lower()
    return set(re.findall(r"[a-z0-9]+|[^\W\da-z_]+", norm))


def field_match(label: str | None, predicted: str | None) -> bool:
    """README rule: share a distinctive word with the label or one of its alternatives."""
    if not label or not predicted:
        return False
    got = words(predicted)
    for alt in re.split(r"\s*/\s*|\s*;\s*", label):
        want = words(alt)
        distinctive = want - GENERIC or want
        if distinctive & got:
            return True
    return False


@dataclass
class Row:
    """One labelled input and what the engine returned for it."""

    data: dict
    claims: list = field(default_factory=list)

    @property
    def primary(self):  # noqa: ANN201 - a Claim or None
        """The first asserting claim, which is what detection and the fields are scored on.

        README rule: a `denied` claim asserts nothing; on a denial row a `questioned` one
        does not either ("the figures were distorted" is no assertion of the offer).
        """
        unasserted = {"denied", "questioned"} if self.is_denial else {"denied"}
        return next((c for c in self.claims if c.stance not in unasserted), None)

    @property
    def is_denial(self) -> bool:
        """A row labelled as a denial of some claim."""
        return self.data.get("category") == "denial"

    def denial_found(self) -> bool:
        """README rule: the engine denies (or, for a partial denial, questions) the right claim."""
        ok = {"denied", "questioned"} if self.data.get("stance") == "questioned" else {"denied"}
        return any(
            c.stance in ok
            and field_match(self.data.get("offerer"), c.offerer)
            and field_match(self.data.get("recipient"), c.recipient)
            for c in self.claims
        )


def load(path: Path) -> list[dict]:
    """Read the JSONL file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def half_of(row: dict) -> str:
    """'A' or 'B': a fixed split of the rows by site, so every row of one site is on one side.

    Tune looking at one half's errors only and report the other as held out.
    """
    site = (row.get("site") or "").lower().encode("utf-8")
    return "AB"[hashlib.sha1(site).digest()[0] % 2]


MODES = ("store", "pipeline", "stream", "article", "isolated")


def _pages(rows: list[dict]) -> list[tuple[list[int], str, list[tuple[int, int]]]]:
    """Rows grouped by page (url): row indexes, the page text, each row's span in it."""
    pages: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        pages[r.get("url") or f"row-{i}"].append(i)
    out = []
    for idx in pages.values():
        parts, spans, pos = [], [], 0
        for i in idx:
            text = rows[i]["text"].replace("\n", " ")
            parts.append(text)
            spans.append((pos, pos + len(text)))
            pos += len(text) + 1
        out.append((idx, "\n".join(parts), spans))
    return out


def run(rows: list[dict], mode: str) -> list[Row]:
    """Run the engine on the rows in one of the five modes."""
    from claims import ClaimMemory, ClaimStream, find_claims

    out = [Row(r) for r in rows]
    if mode == "isolated":
        for row in out:
            row.claims = find_claims(row.data["text"], row.data.get("language"))
        return out
    if mode == "stream":
        # `claimwatch analyze` with a blank line between pages: a new document per page, the
        # run's memory kept
        stream = ClaimStream()
        page = None
        for row in out:
            if row.data.get("url") != page:
                stream.reset()
                page = row.data.get("url")
            row.claims = stream.feed(row.data["text"], row.data.get("language"))
        return out
    memory = ClaimMemory() if mode == "pipeline" else None
    pages = _pages(rows)

    def read(idx: list[int], text: str, spans: list[tuple[int, int]], mem: object) -> None:
        claims = find_claims(text, rows[idx[0]].get("language"), memory=mem)  # type: ignore[arg-type]
        for i, (a, b) in zip(idx, spans, strict=True):
            out[i].claims = [c for c in claims if a <= c.start < b]

    for idx, text, spans in pages:
        read(idx, text, spans, memory)
    if mode == "store":
        _through_the_database(rows, pages, out)
    return out


def _through_the_database(
    rows: list[dict], pages: list[tuple[list[int], str, list[tuple[int, int]]]], out: list[Row]
) -> None:
    """Store each page as an article with its claims, roll up, and read the mentions back.

    This is the crawl's own path (db.mentions, then claimwatch.tasks.rollup, which reads
    vague articles again in the claim log's context, claimwatch.tasks.reread_in_context); the
    offerer and recipient scored are those of the claim each mention is filed under.
    """
    import tempfile
    from types import SimpleNamespace

    from claims import find_claims
    from claimwatch.tasks import rollup
    from db import open_db
    from db.articles import upsert_article
    from db.mentions import replace_mentions

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "store.db")
        row_spans: dict[int, dict[int, tuple[int, int]]] = {}  # article -> row -> span
        for n, (idx, text, spans) in enumerate(pages):
            lang = rows[idx[0]].get("language")
            article = {
                "url": f"http://127.0.0.1/page/{n}",
                "canonical_url": f"http://127.0.0.1/page/{n}",
                "source": rows[idx[0]].get("site") or f"site{n}",
                "published_at": f"2025-07-01T00:{n // 60:02d}:{n % 60:02d}Z",
                "fetched_at": "2025-09-01T00:00:00Z",
                "language": lang,
                "text": text,
                "content_hash": str(n),
            }
            with db.atomic():
                _, art_id = upsert_article(db, article)
                found = [c.to_dict() for c in find_claims(text, lang)]
                replace_mentions(db, article, art_id, found)
            row_spans[art_id] = dict(zip(idx, spans, strict=True))
        rollup(db)
        stored = db.execute(
            "SELECT m.article_id, m.quote_start, c.claim_key, c.offerer, c.recipient, "
            "m.amount_usd, m.stance, m.outcome, m.inferred "
            "FROM mentions m JOIN claims c ON c.id = m.claim_id "
            "ORDER BY m.article_id, m.quote_start, m.id"
        ).fetchall()
        db.close()
    for by_row in row_spans.values():
        for i in by_row:
            out[i].claims = []
    for art, start, key, offerer, recipient, amount, stance, outcome, inferred in stored:
        for i, (a, b) in row_spans[art].items():
            if a <= start < b:
                out[i].claims.append(
                    SimpleNamespace(
                        claim_key=key,
                        offerer=offerer,
                        recipient=recipient,
                        amount_usd=amount,
                        stance=stance,
                        outcome=outcome,
                        start=start,
                        inferred=inferred.split(",") if inferred else [],
                    )
                )


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(rows: list[Row]) -> dict:
    """All README metrics for a list of rows."""
    tp = fp = fn = 0
    off = rec = amt = amt_n = 0
    tps: list[Row] = []
    den_ok = den_n = 0
    for row in rows:
        gold = bool(row.data.get("is_offer_claim"))
        pred = row.primary is not None
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
        if gold and pred:
            tps.append(row)
            c = row.primary
            off += field_match(row.data.get("offerer"), c.offerer)
            rec += field_match(row.data.get("recipient"), c.recipient)
            if row.data.get("amount_usd") is not None:
                amt_n += 1
                want = float(row.data["amount_usd"])
                amt += c.amount_usd is not None and abs(c.amount_usd - want) <= 0.02 * want
        if row.is_denial:
            den_n += 1
            den_ok += row.denial_found()
    ptp = pfp = pfn = 0
    for i in range(len(tps)):
        for j in range(i + 1, len(tps)):
            same_gold = tps[i].data.get("claim_key") == tps[j].data.get("claim_key")
            same_pred = tps[i].primary.claim_key == tps[j].primary.claim_key
            ptp += same_gold and same_pred
            pfp += same_pred and not same_gold
            pfn += same_gold and not same_pred
    n = len(tps)
    return {
        "detection": prf(tp, fp, fn),
        "counts": (tp, fp, fn),
        "tp": n,
        "offerer": off / n if n else 0.0,
        "recipient": rec / n if n else 0.0,
        "amount": amt / amt_n if amt_n else 0.0,
        "amount_n": amt_n,
        "matching": prf(ptp, pfp, pfn),
        "pairs": (ptp, pfp, pfn),
        "denials": den_ok / den_n if den_n else 0.0,
        "denial_n": den_n,
    }


def show(name: str, s: dict) -> None:
    """Print one block of metrics."""
    p, r, f = s["detection"]
    mp, mr, mf = s["matching"]
    print(f"{name}")
    print(f"  detection  P={p:.3f} R={r:.3f} F1={f:.3f}   (tp/fp/fn={s['counts']})")
    print(
        f"  fields     offerer={s['offerer']:.3f} recipient={s['recipient']:.3f} "
        f"amount={s['amount']:.3f} (on {s['tp']} TPs, {s['amount_n']} with a figure)"
    )
    print(f"  matching   P={mp:.3f} R={mr:.3f} F1={mf:.3f}   (pairs tp/fp/fn={s['pairs']})")
    print(f"  denials    {s['denials']:.3f} (of {s['denial_n']})")


def per_language(rows: list[Row], mode: str) -> None:
    """Per-language detection and field accuracy."""
    by: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by[row.data.get("language") or "?"].append(row)
    print(f"per language ({mode} mode)")
    print("  lang   n   det-P  det-R  det-F1  offerer recipient amount  match-F1 denials")
    for lang, rs in sorted(by.items(), key=lambda kv: -len(kv[1])):
        s = score(rs)
        p, r, f = s["detection"]
        has_pos = sum(s["counts"]) > 0
        det = f"{p:5.2f}  {r:5.2f}  {f:5.2f}" if has_pos else "  -      -      -  "
        fields = f"{s['offerer']:5.2f}   {s['recipient']:5.2f}" if s["tp"] else "  -       - "
        den = f"{s['denials']:.2f}" if s["denial_n"] else "  - "
        amount = f"{s['amount']:.2f}" if s["amount_n"] else "  - "
        match = f"{s['matching'][2]:.2f}" if sum(s["pairs"]) else "  - "
        print(f"  {lang:4} {len(rs):4}  {det}   {fields}   {amount:>5}   {match:>5}   {den:>5}")


def errors(rows: list[Row]) -> None:
    """Print every row the engine gets wrong on some scored field."""
    for i, row in enumerate(rows):
        d, c = row.data, row.primary
        gold = bool(d.get("is_offer_claim"))
        problems = []
        if gold != (c is not None):
            problems.append("DETECTION")
        if gold and c is not None:
            if not field_match(d.get("offerer"), c.offerer):
                problems.append("offerer")
            if not field_match(d.get("recipient"), c.recipient):
                problems.append("recipient")
            want = d.get("amount_usd")
            if want is not None and (
                c.amount_usd is None or abs(c.amount_usd - want) > 0.02 * want
            ):
                problems.append("amount")
        if row.is_denial and not row.denial_found():
            problems.append("DENIAL")
        if problems:
            print(f"[{i}] {d['language']} {','.join(problems)}: {d['text'][:150]}")
            print(
                f"     gold: {d.get('offerer')} -> {d.get('recipient')} "
                f"{d.get('amount_usd')} key={d.get('claim_key')}"
            )
            for x in row.claims:
                print(
                    f"     got:  {x.offerer} -> {x.recipient} {x.amount_usd} "
                    f"[{x.stance}/{x.outcome}] key={x.claim_key} inferred={x.inferred}"
                )


def startup_seconds(repeats: int = 3) -> float:
    """Import time of the engine in a fresh interpreter, data files included (best of runs)."""
    code = "import time; t = time.perf_counter(); import claims; print(time.perf_counter() - t)"
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()))
    return min(times)


def throughput(rows: list[dict], seconds: float = 1.0, repeats: int = 3) -> tuple[float, float]:
    """Inputs and split sentences per CPU second on one core, after start-up (best of runs).

    CPU time (not wall time) is measured so that other processes on a shared machine do not
    count against the engine.
    """
    from claims import find_claims, split_sentences

    texts = [(r["text"], r.get("language")) for r in rows]
    n_sent = sum(len(split_sentences(t)) for t, _ in texts)
    for t, lang in texts:  # warm caches
        find_claims(t, lang)
    best = 0.0
    for _ in range(repeats):
        loops, start = 0, time.process_time()
        while time.process_time() - start < seconds:
            for t, lang in texts:
                find_claims(t, lang)
            loops += 1
        best = max(best, loops / (time.process_time() - start))
    return best * len(texts), best * n_sent


def cli_throughput(rows: list[dict], copies: int = 40) -> float:
    """Sentences per second through `claimwatch analyze` itself (stream mode, JSON in and out,
    one process), start-up subtracted (timed on one line per language, so that the taggers
    loaded on a language's first sentence count as start-up); CPU time of the child."""
    from claims import split_sentences

    lines = "".join(
        json.dumps({"text": r["text"], "language": r.get("language")}) + "\n" for r in rows
    )
    n_sent = sum(len(split_sentences(r["text"])) for r in rows) * copies
    cmd = [sys.executable, "-m", "claimwatch", "analyze"]

    def child_cpu(data: str) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, input=data, cwd=REPO, capture_output=True, text=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    # Start-up includes the Chinese, Japanese and Korean taggers, which load on the first
    # sentence in their language (seconds each): one line per language pays for them.
    firsts = {r.get("language"): r for r in rows}
    warm = "".join(
        json.dumps({"text": r["text"], "language": r.get("language")}) + "\n"
        for r in firsts.values()
    )
    startup = min(child_cpu(warm) for _ in range(2))
    busy = min(child_cpu(lines * copies + warm) for _ in range(2))
    return n_sent / max(busy - startup, 1e-9)


def main() -> int:
    """Entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled JSONL file")
    ap.add_argument("--errors", action="store_true", help="list mis-scored rows (store)")
    ap.add_argument("--mode", choices=MODES, default="store", help="mode used for --errors")
    ap.add_argument(
        "--languages",
        choices=("all", *MODES),
        default="store",
        help="mode(s) whose per-language table is printed",
    )
    ap.add_argument("--half", choices=("A", "B"), help="only this half of the rows (split by site)")
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput measurement")
    ap.add_argument(
        "--modes",
        default=",".join(MODES),
        help="comma-separated modes to run (default: all five); a quick loop uses --modes store",
    )
    ap.add_argument(
        "--no-people",
        action="store_true",
        help="empty the gazetteer's people list: how well are names no list holds found?",
    )
    args = ap.parse_args()
    modes = tuple(m for m in args.modes.split(",") if m)
    if unknown := [m for m in modes if m not in MODES]:
        ap.error(f"unknown mode(s) {', '.join(unknown)}; choose from {', '.join(MODES)}")
    if not args.data.is_file():
        print(
            f"claims_eval: data file not found: {args.data}\n"
            "Pass --data PATH to a labelled JSONL file (see shared/claims/README.md).",
            file=sys.stderr,
        )
        return 2
    data = load(args.data)
    if args.half:
        data = [row for row in data if half_of(row) == args.half]
    startup = startup_seconds()
    if args.no_people:
        from claims.engine import entities

        entities.use(people=False)
    results = {mode: run(data, mode) for mode in modes}
    print(
        f"claims_eval on {args.data}{f' half {args.half}' if args.half else ''} ({len(data)} rows)\n"
    )
    for mode in modes:
        show(f"[{mode}]", score(results[mode]))
        print()
    for mode in modes if args.languages == "all" else (args.languages,):
        if mode not in results:
            continue
        per_language(results[mode], mode)
        print()
    if not args.no_speed:
        per_input, per_sentence = throughput(data)
        print(
            f"throughput  {per_input:,.0f} inputs/s, {per_sentence:,.0f} sentences/s "
            "(find_claims, one core, CPU time, after start-up)"
        )
        print(
            f"            {cli_throughput(data):,.0f} sentences/s through `claimwatch analyze` "
            "(stream mode, JSON lines in and out, start-up subtracted)"
        )
    print(f"start-up    {startup:.3f} s (import claims, data files loaded and compiled)")
    if args.errors:
        print()
        errors(results[args.mode] if args.mode in results else run(data, args.mode))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
