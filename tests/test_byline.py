"""The byline search gives trafilatura's extract_author result, page for page."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from trafilatura.metadata import extract_author
from trafilatura.utils import load_html

from pipelines.article.byline import find_byline
from pipelines.article.encoding import decode_html


def _tree(body: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><head><title>t</title></head><body>{body}</body></html>")


@pytest.mark.parametrize(
    "body",
    [
        "<p class='byline'>By Priya Raman</p>",
        "<div class='post-author-name'>Lena Fischer</div>",
        "<span itemprop='author'><a rel='author'>Jo Park</a></span>",
        # pruned: a byline inside the comments, a date inside the byline
        "<div id='comments'><span class='author'>A reader</span></div><p>No byline.</p>",
        "<div class='byline'>By Sam Ode <time>2 July 2025</time> in Paris</div>",
        "<div class='byline'><figure>img</figure>Sam Ode</div><div class='writer'>Ann Lee</div>",
        "<div class='writer'>x</div><div class='Byline'>Carla Mendes and Tom Wu</div>",
        "<h4 id='zuozhe'>作者：李明</h4>",
        "<div class='sidebar'><a class='author'>Nobody</a></div><p>Nothing</p>",
        "<author>Ruth Ames</author>",
        "<p>No byline markup at all.</p>",
    ],
)
def test_same_as_trafilatura_on_made_up_markup(body: str) -> None:
    assert find_byline(_tree(body)) == extract_author(_tree(body))


def test_same_as_trafilatura_on_every_corpus_page(corpus_pages: list[bytes]) -> None:
    pages = corpus_pages
    found = 0
    for raw in pages:
        tree = load_html(decode_html(raw))
        expected = extract_author(tree)
        assert find_byline(tree) == expected
        found += expected is not None
    assert len(pages) >= 160 and found >= 40  # the corpus exercises the search
