"""Scrapy item pipelines in ITEM_PIPELINES order: validate, extract, dedupe, claims, store.

Each is thin over one function; the CPU-heavy work runs in worker/, over article/."""
