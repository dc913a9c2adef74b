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
CLAIMWATCH_MAX_FEED_ENTRIES = 5000
CLAIMWATCH_MAX_PAGES_PER_SOURCE = 20000
CLAIMWATCH_PROGRESS_INTERVAL = 10.0
CLAIMWATCH_STORE_BATCH = 50

USER_AGENT = f"claimwatch/0.1 (+{CLAIMWATCH_CONTACT_URL})"
ROBOTSTXT_OBEY = True

# Politeness: a few requests per site at a time, paced by AutoThrottle from observed latency.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Limits that keep a hostile or broken site from hanging or bloating a crawl.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DEPTH_LIMIT = 4
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

HTTPERROR_ALLOWED_CODES = [304]

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ScopeMiddleware": 50,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.extract_stage.ExtractPipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.claims.ClaimsPipeline": 400,
    "pipelines.store.StorePipeline": 900,
}
EXTENSIONS = {
    "crawler.extensions.RunLog": 100,
    "crawler.extensions.Progress": 200,
}

LOG_LEVEL = os.environ.get("CLAIMWATCH_LOG_LEVEL", "INFO")
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Pipelines await work done in a process pool; that needs the asyncio reactor.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
CLAIMWATCH_ROLLUP_ON_CLOSE = True
