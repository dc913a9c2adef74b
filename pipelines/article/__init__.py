"""HTML to a cleaned Article, without Scrapy: build.py (`extract_article`) runs trafilatura, then
the repost cleaning (repost, markers, disclaimers, original) and the metadata the store keeps
(encoding, parse, pageinfo, metadata, byline, title, language, pageflags)."""
