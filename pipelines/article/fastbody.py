"""trafilatura's fast, precision-first body extraction with one tree copy instead of three.

`bare_extraction(tree, fast=True, favor_precision=True, include_comments=False)` copies the
page three times: to spare the caller's tree (needed: metadata, links and page flags read it
afterwards), again before cleaning, and once more as a backup of the cleaned tree. With these
options nothing reads the second and third: the backup feeds only the readability/jusText
comparison (off in fast mode), the forum-comment reroute (comments off) and the recall retry
(balanced focus only), and the pruned raw tree is read after cleaning by the same three plus
the baseline rescue (not in precision focus). So this runs trafilatura's own stages, in its
order (`trafilatura.core.trafilatura_sequence` and `bare_extraction`), on one copy: the same
text for 1-3 ms less a page. tests/test_lean_crawl.py holds it equal to bare_extraction on
every corpus page; `trafilatura>=2` internals, so an upgrade is checked by that test.
"""

from __future__ import annotations

from copy import copy

from lxml.etree import strip_tags
from lxml.html import HtmlElement
from trafilatura.core import _forum_thread_page
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import DEFAULT_CONFIG, Extractor
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import (
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
)

from pipelines.article import matchers

# Every extraction in this process, ours and trafilatura's own (the full-mode retry), prunes
# with the matchers: the same elements at a third of the XPaths' cost (article/matchers.py).
matchers.install()


def fast_precision_text(tree: HtmlElement, url: str, include_tables: bool = True) -> str | None:
    """The text of bare_extraction(tree, url=url, fast=True, favor_precision=True,
    include_comments=False, include_tables=include_tables); the tree is left as it was."""
    options = Extractor(
        config=DEFAULT_CONFIG,
        output_format="python",
        fast=True,
        precision=True,
        comments=False,
        tables=include_tables,
        url=url,
    )
    try:
        work = copy(tree)
        is_forum = _forum_thread_page(work)
        work = prune_unwanted_nodes(work, RAW_TREE_PRUNE_XPATH)
        work = prune_unwanted_nodes(work, REMOVE_COMMENTS_AND_LISTS_XPATH)
        cleaned = convert_tags(tree_cleaning(work, options), options, url)
        if not is_forum:
            cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
        postbody, text = extract_content(cleaned, options)
        if options.max_tree_size and len(postbody) > options.max_tree_size:
            strip_tags(postbody, "hi")
            if len(postbody) > options.max_tree_size:
                return None
        # bare_extraction's size check, with no comments (their length is 0).
        if len(text) < options.min_output_size and 0 < options.min_output_comm_size:
            return None
    except (TypeError, ValueError):  # what bare_extraction turns into "no document"
        return None
    return xmltotxt(postbody, options.formatting)
