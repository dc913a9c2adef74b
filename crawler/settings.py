"""Scrapy settings. Our own keys are CLAIMWATCH_*, each overridable from the environment."""

from __future__ import annotations

import os

BOT_NAME = "claimwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# Spiders are generated from the source registry named by CLAIMWATCH_SOURCES, so that
# `scrapy crawl SLUG -s CLAIMWATCH_SOURCES=other.toml` sees the other file's sources.
SPIDER_LOADER_CLASS = "crawler.spiderloader.RegistrySpiderLoader"

CLAIMWATCH_DB = os.environ.get("CLAIMWATCH_DB", "data/claimwatch.db")
CLAIMWATCH_SOURCES = os.environ.get("CLAIMWATCH_SOURCES", "")
CLAIMWATCH_TRIGGER = os.environ.get("CLAIMWATCH_TRIGGER", "manual")
CLAIMWATCH_CONTACT_URL = os.environ.get(
    "CLAIMWATCH_CONTACT_URL", "https://github.com/claimwatch/claimwatch"
)
# Re-send conditional GETs for every known article even when its feed says nothing changed.
CLAIMWATCH_REVISIT = False
# Extraction and claim finding run in a process pool of this many workers (0 = in-process).
CLAIMWATCH_WORKERS = int(os.environ.get("CLAIMWATCH_WORKERS", os.cpu_count() or 1))
# Entries kept from one feed or sitemap fetch, and pages (articles and child sitemaps) fetched
# per source and run; a source's `max_pages` overrides the latter.
CLAIMWATCH_MAX_FEED_ENTRIES = int(os.environ.get("CLAIMWATCH_MAX_FEED_ENTRIES", 5000))
CLAIMWATCH_MAX_PAGES_PER_SOURCE = int(os.environ.get("CLAIMWATCH_MAX_PAGES_PER_SOURCE", 20000))
# Longest Retry-After (seconds) waited for on a 429/503; a longer one gives the request up.
CLAIMWATCH_RETRY_AFTER_MAX = float(os.environ.get("CLAIMWATCH_RETRY_AFTER_MAX", 120))
# Real news pages carry a few thousand tags and a few hundred attributes on their busiest tag.
# Far beyond that the HTML parser and the extractor take minutes (both are quadratic in
# places), so such a page is refused before extraction (pipelines/validate.py).
CLAIMWATCH_MAX_TAGS = int(os.environ.get("CLAIMWATCH_MAX_TAGS", 40_000))
CLAIMWATCH_MAX_ATTRIBUTES = int(os.environ.get("CLAIMWATCH_MAX_ATTRIBUTES", 5_000))
# Worker seconds one page may take (extraction plus claims) before it is given up as a timeout.
CLAIMWATCH_PAGE_TIME_LIMIT = float(os.environ.get("CLAIMWATCH_PAGE_TIME_LIMIT", 60))
CLAIMWATCH_PROGRESS_INTERVAL = 10.0

# Sources with `render = true` (crawler/render/): their listings and articles are loaded by a
# headless Chromium through scrapy-playwright; every other source keeps the plain downloader
# and no browser starts. Debian's chromium is used as is, so nothing is downloaded at run time.
CLAIMWATCH_BROWSER = os.environ.get("CLAIMWATCH_BROWSER", "/usr/bin/chromium")
# Contexts and pages open at once: each page is a renderer process of 50-200 MB.
CLAIMWATCH_RENDER_MAX_CONTEXTS = int(os.environ.get("CLAIMWATCH_RENDER_MAX_CONTEXTS", 1))
CLAIMWATCH_RENDER_MAX_PAGES = int(os.environ.get("CLAIMWATCH_RENDER_MAX_PAGES", 4))
# Seconds for the navigation (up to DOMContentLoaded), then for the content to appear (the
# source's render_wait selector, else network idle; past it the DOM is taken as it is), and a
# hard bound on the whole page, which also ends a page whose script never yields.
CLAIMWATCH_RENDER_NAV_TIMEOUT = float(os.environ.get("CLAIMWATCH_RENDER_NAV_TIMEOUT", 20))
CLAIMWATCH_RENDER_WAIT = float(os.environ.get("CLAIMWATCH_RENDER_WAIT", 5))
CLAIMWATCH_RENDER_TIMEOUT = float(os.environ.get("CLAIMWATCH_RENDER_TIMEOUT", 45))
# Resident memory of the browser (driver and every Chromium process) past which the pages in
# flight fail and the browser restarts; the crawl goes on.
CLAIMWATCH_RENDER_MEMORY_MB = int(os.environ.get("CLAIMWATCH_RENDER_MEMORY_MB", 1536))
CLAIMWATCH_RENDER_MEMORY_INTERVAL = 1.0
# Chromium keeps the last --disable-features: this list repeats Playwright's own (1.65) and
# adds ProcessPerSiteUpToMainFrameThreshold, which puts pages of one site in one renderer,
# where a page whose script never yields would stall all the others.
CLAIMWATCH_BROWSER_DISABLED_FEATURES = [
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "Translate",
    "AutofillServerCommunication",
    "ProcessPerSiteUpToMainFrameThreshold",
]
# Without the background-networking flags Chromium dials Google's services on its own.
CLAIMWATCH_BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--disable-features=" + ",".join(CLAIMWATCH_BROWSER_DISABLED_FEATURES),
    "--dns-prefetch-disable",
    "--no-pings",
]
CLAIMWATCH_STORE_BATCH = 50
# Cluster mode: the Redis URL a crawl reads known pages from and sends its records to instead
# of opening CLAIMWATCH_DB, the job and run it belongs to and the folder of the spool files
# kept while Redis is unreachable. Only the worker's crawl process sets them (never the
# environment: a host running a worker still crawls locally by default).
CLAIMWATCH_REDIS = ""
CLAIMWATCH_JOB = ""
CLAIMWATCH_RUN = ""
CLAIMWATCH_SPOOL_DIR = "data/spool"

USER_AGENT = f"claimwatch/0.1 (+{CLAIMWATCH_CONTACT_URL})"
ROBOTSTXT_OBEY = True

# Politeness: a few requests per site at a time, paced by AutoThrottle from observed latency.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for every callback's output; an article page yields one
# item, so the default 100 is a hundred tasks of pure overhead per page on the reactor thread.
# Items of different pages still run in parallel, bounded by SCRAPER_SLOT_MAX_ACTIVE_SIZE.
CONCURRENT_ITEMS = 4
# Bytes of responses in the pipelines before Scrapy stops handing over more: the backpressure
# that bounds memory. It must leave a few pages queued per extraction worker, or they idle.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = max(5_000_000, CLAIMWATCH_WORKERS * 2_000_000)
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Limits that keep a hostile or broken site from hanging or bloating a crawl.
# DOWNLOAD_TIMEOUT bounds a whole download (a server dripping bytes included), and
# DOWNLOAD_MAXSIZE the body both on the wire and after gzip/deflate/br/zstd decoding
# (HttpCompressionMiddleware stops decompressing past it).
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DEPTH_LIMIT = 4
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
# Only http(s) has a handler, so no link or redirect can reach file:, data:, ftp: or s3: even
# past ScopeMiddleware.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
# Backstop for a run that still does not end; it closes as "interrupted" and resumes next time.
CLOSESPIDER_TIMEOUT = int(os.environ.get("CLAIMWATCH_RUN_TIMEOUT", 4 * 3600))
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control HTTP server would open a port per crawl; nothing here uses it.
REMOTE_CONTROL_ENABLED = False

HTTPERROR_ALLOWED_CODES = [304]

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ScopeMiddleware": 50,
    # Above RetryMiddleware (550), so its process_response runs first and can wait or give up.
    "crawler.middlewares.RetryAfterMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.QuickMetaRefreshMiddleware": 580,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.extract.ExtractPipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.claims.ClaimsPipeline": 400,
    "pipelines.store.StorePipeline": 900,
}
EXTENSIONS = {
    "crawler.extensions.RunLog": 100,
    "crawler.extensions.Progress": 200,
    "crawler.extensions.FailureLog": 300,
}

LOG_LEVEL = os.environ.get("CLAIMWATCH_LOG_LEVEL", "INFO")
LOG_FORMATTER = "crawler.errors.ItemLogFormatter"
if LOG_LEVEL.upper() != "DEBUG":
    # Scrapy prints eleven library versions at start; users read progress, bug reports use DEBUG.
    LOG_VERSIONS: list[str] = []
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Pipelines await work done in a process pool; that needs the asyncio reactor.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
