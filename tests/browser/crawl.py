"""Find the public pages reachable from the home page (same origin, bounded)."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import lxml.html

#: Upper bound of pages the crawl returns (keeps the suite within its time budget).
MAX_PAGES = 40
#: At most this many variants (query strings) of one path, e.g. pagination pages.
MAX_VARIANTS_PER_PATH = 2
SKIPPED_PREFIXES = ("/static/", "/api/")
SKIPPED_SUFFIXES = ("/uitloggen", "/logout")


@dataclass(frozen=True)
class PublicPage:
    """A page found by the crawl: its URL and whether its main content holds a form."""

    url: str
    has_form: bool


def _links(base: str, document: lxml.html.HtmlElement) -> list[str]:
    links = []
    for href in document.xpath("//a/@href"):
        url, _fragment = urldefrag(urljoin(base, href))
        links.append(url)
    return links


def crawl(root: str) -> list[PublicPage]:
    """Return same-origin pages reachable from root by following links, breadth first."""
    queue = deque([root + "/"])
    seen = set(queue)
    variants: Counter[str] = Counter()
    pages = []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        with urlopen(url, timeout=30) as response:  # noqa: S310 - local test server only
            body = response.read()
        document = lxml.html.fromstring(body)
        pages.append(PublicPage(url, bool(document.xpath("//main//form"))))
        for link in _links(url, document):
            parts = urlsplit(link)
            if not link.startswith(root) or parts.path.startswith(SKIPPED_PREFIXES):
                continue
            if parts.path.endswith(SKIPPED_SUFFIXES) or link in seen:
                continue
            if variants[parts.path] >= MAX_VARIANTS_PER_PATH:
                continue
            seen.add(link)
            variants[parts.path] += 1
            queue.append(link)
    return pages
