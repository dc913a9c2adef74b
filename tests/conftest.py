"""Shared fixtures: the ../shared corpora (skipped when absent) and temporary databases."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# redis_server, redis_server_factory, redis_tls_files: a real redis-server for the cluster tests.
pytest_plugins = ["redis_server"]


def shared_path(*parts: str) -> Path:
    """Return a path inside ../shared, skipping the calling test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not present beside the checkout")
    return path


@pytest.fixture
def shared() -> type:
    """Give tests the shared_path helper as a fixture."""
    return shared_path


@pytest.fixture(scope="session")
def corpus_pages() -> list[bytes]:
    """The extraction fixtures and every page of the two article corpora, as bytes."""
    pages = [p.read_bytes() for p in sorted((REPO / "tests/fixtures/extract").glob("*.html"))]
    for corpus in ("article-extraction-benchmark", "news-pages"):
        pages += [
            gzip.decompress(p.read_bytes())
            for p in sorted(shared_path("corpora", corpus).rglob("*.html.gz"))
        ]
    return pages
