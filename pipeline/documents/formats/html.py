"""The main text of a saved web page: trafilatura (boilerplate and navigation removed), the
page's title and date from its meta tags (lxml)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.documents.errors import DocumentError
from pipeline.documents.formats import DateHint, Extracted
from pipeline.documents.formats.text import clean_line

# Site furniture that sits inside articles, removed before extraction: elements whose class
# or id contains one of these (share-buttons, social-share, related-posts, ad-slot, ...)
PRUNE_NAMES = (
    "read-more", "readmore", "related-", "share-", "-share", "sharing", "sharedaddy", "social-",
    "advert", "ad-slot", "adsbygoogle", "newsletter", "subscribe", "cookie", "breadcrumb",
    "comments", "post-navigation", "author-box",
)  # fmt: skip
PRUNE_XPATH = [
    "//*["
    + " or ".join(f"contains(@class, '{n}') or contains(@id, '{n}')" for n in PRUNE_NAMES)
    + "]"
]
# Whole lines that are labels or links to elsewhere, wherever a page puts them. "Share" only
# alone or as "Share this/on ...": "Share of non-fossil energy ..." is text.
BOILERPLATE_LINE = re.compile(
    r"^(?:(?:read more|also read|read also|related(?: articles| stories| posts| news)?|"
    r"see also|more on this)\s*:.{0,160}|read more|advertisement|sponsored|"
    r"share(?: this(?: article| page| story)?)?:?|share on \w+|print(?: this page)?|"
    r"click here\b.{0,120})$",
    re.IGNORECASE,
)
DATE_META = [
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
    ("name", "dc.date"),
    ("name", "dcterms.date"),
    ("name", "dcterms.created"),
    ("name", "citation_publication_date"),
    ("name", "pubdate"),
    ("itemprop", "datepublished"),
]


def read_html(markup: str, path: Path | str) -> Extracted:
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DocumentError(path, f"not an HTML page ({exc})") from exc
    text = trafilatura.extract(
        markup,
        output_format="txt",
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        prune_xpath=PRUNE_XPATH,
    )
    lines: list[str] = []
    for raw in (text or "").split("\n"):
        line = clean_line(raw)
        if not line or re.fullmatch(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?", line):
            continue
        if line.startswith("|") and line.endswith("|"):
            line = "\t".join(cell.strip() for cell in line.strip("|").split("|"))
        if BOILERPLATE_LINE.match(line):
            continue
        lines.append(line)
    prose = sum(len(line) for line in lines if len(line.split()) >= 8)
    if prose < 150:
        raise DocumentError(
            path,
            "no main text: the page holds only navigation, links and other site furniture "
            "(an index, search or error page?)",
        )
    metadata = trafilatura.extract_metadata(tree)
    h1 = next(
        (clean_line(h.text_content()) for h in tree.iter("h1") if h.text_content().strip()), None
    )
    title = metadata.title if metadata and metadata.title else None
    source = "html og:title/<title> (trafilatura)" if title else None
    if not title and h1:
        title, source = h1, "html h1"
    heading = h1 or title
    if heading and (not lines or _key(lines[0]) != _key(heading)):
        lines.insert(0, heading)  # the page's title leads its text, as it does when printed
    return Extracted(
        text="\n".join(lines),
        format="html",
        title_hint=title,
        date_hint=_html_date(tree),
        title_source=source,
    )


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _html_date(tree) -> DateHint | None:  # lxml.html.HtmlElement
    for attr, name in DATE_META:
        for meta in tree.iter("meta"):
            if (meta.get(attr) or "").lower() == name and (meta.get("content") or "").strip():
                return DateHint(meta.get("content").strip(), f"html meta {name}")
    import json

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("datePublished"):
                return DateHint(str(item["datePublished"]), "html json-ld datePublished")
    for time in tree.iter("time"):
        if time.get("datetime"):
            return DateHint(time.get("datetime"), "html <time datetime>")
    return None
