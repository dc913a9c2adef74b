"""A spider loader that builds one NewsSpider subclass per entry of the source registry."""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from crawler.sources.registry import load_sources
from crawler.spiders.news import spider_class


class RegistrySpiderLoader(SpiderLoader):
    """Scrapy's loader plus one spider per registry entry (CLAIMWATCH_SOURCES or the bundled file).

    Generating the classes here rather than at module import lets
    `scrapy crawl SLUG -s CLAIMWATCH_SOURCES=other.toml` see the other file's sources.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        for source in load_sources(settings.get("CLAIMWATCH_SOURCES") or None):
            self._found[source.slug].append(("crawler.sources.registry", source.class_name))
            self._spiders[source.slug] = spider_class(source)
        self._check_name_duplicates()
