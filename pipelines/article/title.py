"""Strip the site name that <title>/og:title glue to a headline ("Headline | Site")."""

from __future__ import annotations

import re

from pipelines.article.original import host_of

# Separators a site name hangs on ("A | Site", "A - Site", "A：サイト", "A-新华网"); an ASCII
# colon is left out, as it splits headlines ("Akkutechnik: Hat …") far more often than sites.
_SEPARATOR_RE = re.compile(
    r"\s+[|｜\-–—·•»]\s+|\s*[|｜]\s*|：|(?<=[^\x00-\x7f])[-_](?=[^\x00-\x7f])"
)
_NON_WORD_RE = re.compile(r"[\W_]+")
_SPACE_RE = re.compile(r"\s+")
_GENERIC_HOST_LABELS = frozenset({"www", "m", "amp", "news", "com", "net", "org", "co"})
MIN_HEADING_SHARE = 0.5


def _key(text: str) -> str:
    return _NON_WORD_RE.sub("", text.casefold())


def _site_keys(site_name: str | None, url: str) -> list[str]:
    """Lower-cased identities of the site: its declared name and its host's labels."""
    keys = [_key(site_name)] if site_name else []
    keys += [_key(label) for label in host_of(url).split(".") if label not in _GENERIC_HOST_LABELS]
    return [key for key in keys if len(key) >= 2]


def _names_site(segment: str, site_keys: list[str]) -> bool:
    """True when a title segment is the site's name ("Golem.de", "NTV Haber", "新华网")."""
    key = _key(segment)
    if not key:
        return False
    return any(
        key == site or (min(len(key), len(site)) >= 3 and (site in key or key in site))
        for site in site_keys
    )


def clean_title(
    title: str | None, site_name: str | None, url: str, headings: list[str]
) -> str | None:
    """The headline without the site name; the page's <h1> when the title merely wraps it."""
    if not title:
        return None
    title = _SPACE_RE.sub(" ", title).strip()
    for heading in headings:
        heading = _SPACE_RE.sub(" ", heading).strip()
        if heading and heading != title and len(heading) >= MIN_HEADING_SHARE * len(title):
            if title.startswith(heading) or title.endswith(heading):
                return heading
    separators = list(_SEPARATOR_RE.finditer(title))
    if not separators:
        return title
    last, first = separators[-1], separators[0]
    head, tail = title[: last.start()], title[last.end() :]
    # A site name is shorter than the headline it trails or leads. A leading one must be the
    # declared name: "Bitcoin - Why miners sold" on bitcoin.com is a headline.
    if len(tail) < len(head) and _names_site(tail, _site_keys(site_name, url)):
        title = head
    elif site_name and len(title[: first.start()]) < len(title[first.end() :]):
        if _names_site(title[: first.start()], _site_keys(site_name, "")):
            title = title[first.end() :]
    return title.strip()
