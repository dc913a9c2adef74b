"""Ground truth of the sample web: every article page, its role and what it reposts."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sampleweb.server import SampleWeb
from sampleweb.sites import render

LEDGER_ORIGINAL = "{{url:sample_ledger}}/2025/08/21/meta-billion-offer-mira-murati-said-no"

ROLES = (
    "original",  # first publication of the Murati story
    "near_copy",  # same language, near-verbatim
    "translation",  # faithful translation of the original
    "rewrite",  # same claim, independent wording
    "figure_drift",  # same claim with a different amount
    "denial",  # disputes the claim
    "rumor",  # a new, unconfirmed offer claim
    "unrelated",  # look-alike business news, no talent offer
    "real_page",  # real third-party page, canonical on the real domain
    "private",  # under /private/, disallowed by robots.txt, never to be fetched
)


@dataclass(frozen=True)
class Entry:
    """One article page; `repost_of` and `offer_usd` use the story's claim, when it has one."""

    slug: str
    path: str
    language: str
    published: str
    role: str
    repost_of: str | None = None  # URL template ({{url:SLUG}}/...) or a real URL
    offer_usd: int | None = None
    pasted_twice: bool = False
    untrusted_markup: bool = False


CATALOG: tuple[Entry, ...] = (
    Entry("sample_ledger", "/2025/08/21/meta-billion-offer-mira-murati-said-no", "en",
          "2025-08-21T14:00:00Z", "original", offer_usd=1_000_000_000),
    Entry("sample_ledger", "/2025/08/18/helix-compute-raises-600-million", "en",
          "2025-08-18T09:30:00Z", "unrelated"),
    Entry("sample_ledger", "/2025/08/19/tidepool-to-acquire-northwind-wallet", "en",
          "2025-08-19T15:10:00Z", "unrelated"),
    Entry("sample_gate", "/post/status/12650187", "en", "2025-08-21T17:45:00Z", "near_copy",
          repost_of=LEDGER_ORIGINAL, offer_usd=1_000_000_000),
    Entry("sample_gate", "/fr/post/status/12661402", "fr", "2025-08-22T14:20:00Z", "translation",
          repost_of=LEDGER_ORIGINAL, offer_usd=1_000_000_000, pasted_twice=True),
    Entry("sample_panews", "/zh/articles/2508221120", "zh", "2025-08-22T03:20:00Z", "translation",
          repost_of=LEDGER_ORIGINAL, offer_usd=1_000_000_000),
    Entry("sample_panews", "/zh/articles/2508200815", "zh", "2025-08-20T08:15:00Z", "unrelated"),
    Entry("sample_cripto_es", "/noticias/2025/08/22/meta-ofrecio-mil-millones-a-mira-murati", "es",
          "2025-08-22T11:00:00Z", "rewrite", offer_usd=1_000_000_000),
    Entry("sample_cripto_es", "/noticias/2025/08/20/banco-meridiano-custodia-bitcoin", "es",
          "2025-08-20T09:00:00Z", "unrelated"),
    Entry("sample_coinwire", "/news/meta-offered-mira-murati-1-5-billion-thinking-machines-48213",
          "en", "2025-08-22T15:30:00Z", "figure_drift", offer_usd=1_500_000_000),
    Entry("sample_coinwire", "/news/bitcoin-miner-hashline-ai-hosting-deal-48102", "en",
          "2025-08-18T12:00:00Z", "unrelated"),
    Entry("sample_daily", "/tech/2025/08/23/meta-denies-offering-mira-murati-1-billion", "en",
          "2025-08-23T13:00:00Z", "denial", offer_usd=1_000_000_000),
    Entry("sample_daily", "/tech/2025/08/20/corvid-semiconductor-record-quarter", "en",
          "2025-08-20T10:00:00Z", "unrelated"),
    Entry("sample_daily", "/private/tech/2025/08/24/murati-offer-followup-draft", "en",
          "2025-08-24T08:00:00Z", "private"),
    Entry("sample_square", "/square/post/28100123", "en", "2025-08-22T02:05:00Z", "near_copy",
          repost_of=LEDGER_ORIGINAL, offer_usd=1_000_000_000),
    Entry("sample_square", "/square/post/28100456", "en", "2025-08-22T06:40:00Z", "rumor",
          offer_usd=1_000_000_000, untrusted_markup=True),
    Entry("sample_square", "/private/post/28100999", "en", "2025-08-22T07:00:00Z", "private"),
    Entry("sample_wire", "/story/1001-strava-ai-leaderboard-cheats.html", "en",
          "2025-08-15T08:00:00Z", "real_page",
          repost_of="https://techcrunch.com/2024/05/16/strava-taps-ai-to-weed-out-leaderboard-cheats-unveils-family-plan-dark-mode-and-more/"),
    Entry("sample_wire", "/story/1002-aeon-bank-president-dismissed.html", "ja",
          "2025-08-16T08:00:00Z", "real_page",
          repost_of="https://www.nikkei.com/article/DGXZQOUB148MY0U5A110C2000000/"),
    Entry("sample_wire", "/story/1003-paritarias-alimentacion-inflacion.html", "es",
          "2025-08-17T08:00:00Z", "real_page",
          repost_of="https://www.ambito.com/politica/paritarias/al-rojo-gremios-la-alimentacion-marcan-inflacion-53-abril-y-amenazan-paro-n5431248"),
    # The news.cn page has no canonical link, so nothing marks it as a repost.
    Entry("sample_wire", "/story/1004-shortage-drugs-supply.html", "zh",
          "2025-08-18T08:00:00Z", "real_page"),
    Entry("sample_wire", "/story/1005-eurostat-poland-unemployment.html", "pl",
          "2025-08-19T08:00:00Z", "real_page",
          repost_of="https://dorzeczy.pl/ekonomia/183131/eurostat-polska-z-najnizszym-bezrobociem-w-calej-ue.html"),
)  # fmt: skip


def resolve(template: str, web: SampleWeb) -> str:
    """Turn a `{{url:SLUG}}/path` template into an absolute URL on the running sample web."""
    return render(template.encode(), "x.html", web.base_urls()).decode()


def catalog(web: SampleWeb) -> list[dict[str, object]]:
    """The catalog with absolute `url` and `repost_of` for a running sample web."""
    rows = []
    for entry in CATALOG:
        row: dict[str, object] = asdict(entry)
        row["url"] = web.url(entry.slug, entry.path)
        row["repost_of"] = resolve(entry.repost_of, web) if entry.repost_of else None
        rows.append(row)
    return rows
