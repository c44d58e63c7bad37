"""A sitemap over the protocol's limits (50,000 URLs, 50 MB a file) becomes a sitemap index
and one sitemap per language, split further where a language alone is over; a small one
stays the theme's, byte for byte. Worked out by hand at tiny limits."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from helpsite.site.sitemaps import SITEMAP, Limits, SitemapError, sitemap_files

URL = "https://example.org/help/"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">')
TAIL = "\n</urlset>\n"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entry(path: str) -> str:
    """One page's entry as overrides/sitemap.xml writes it (one alternate, for brevity)."""
    return (f"\n  <url>\n    <loc>{URL}{path}</loc>\n    <xhtml:link rel=\"alternate\" "
            f"hreflang=\"x-default\" href=\"{URL}\"/>\n  </url>")


# de (the default, at the root): 3 pages; it: 2; en: 1, in the build's order.
DE = [entry("aa-a/"), entry("bb-b/"), entry("cc-c/")]
IT = [entry("it/a/"), entry("it/b/")]
EN = [entry("en/a/")]
SITE = HEAD + "".join(DE + IT + EN) + TAIL
LANGUAGES = ["de", "it", "en"]


def index(*names: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"\n  <sitemap>\n    <loc>{URL}{name}</loc>\n  </sitemap>" for name in names)
            + "\n</sitemapindex>\n")


def split_two_per_file() -> dict[str, str]:
    """The site's files when a sitemap holds at most two entries: German split in two."""
    return {
        SITEMAP: index("sitemap-de-1.xml", "sitemap-de-2.xml", "sitemap-it.xml",
                       "sitemap-en.xml"),
        "sitemap-de-1.xml": HEAD + DE[0] + DE[1] + TAIL,
        "sitemap-de-2.xml": HEAD + DE[2] + TAIL,
        "sitemap-it.xml": HEAD + IT[0] + IT[1] + TAIL,
        "sitemap-en.xml": HEAD + EN[0] + TAIL}


def test_a_sitemap_within_the_limits_is_the_themes_byte_for_byte():
    assert sitemap_files(SITE, URL, LANGUAGES, "de", Limits(urls=6, bytes=len(SITE))) == {
        SITEMAP: SITE}


def test_over_the_urls_limit_an_index_and_a_sitemap_per_language_split_where_over():
    files = sitemap_files(SITE, URL, LANGUAGES, "de", Limits(urls=2, bytes=10**6))
    assert files == split_two_per_file()
    for text in files.values():  # each well-formed XML of the protocol's namespace
        root = ElementTree.fromstring(text.encode("utf-8"))
        assert root.tag in (f"{NS}urlset", f"{NS}sitemapindex")


def test_over_the_bytes_limit_each_file_holds_as_many_entries_as_fit():
    # Every entry here is the same length: a file of two entries is exactly the limit.
    assert len({len(item) for item in DE + IT + EN}) == 1
    limit = len(HEAD + DE[0] + DE[1] + TAIL)
    files = sitemap_files(SITE, URL, LANGUAGES, "de", Limits(urls=50, bytes=limit))
    assert files == split_two_per_file()
    assert max(len(text.encode("utf-8")) for text in files.values()) == limit


def test_an_address_with_characters_xml_escapes_stays_escaped_in_the_index():
    url = "https://example.org/a&b/"
    text = HEAD + entry("x/").replace(URL, url) + entry("it/").replace(URL, url) + TAIL
    files = sitemap_files(text, url, ["de", "it"], "de", Limits(urls=1, bytes=10**6))
    assert "<loc>https://example.org/a&amp;b/sitemap-de.xml</loc>" in files[SITEMAP]
    ElementTree.fromstring(files[SITEMAP].encode("utf-8"))


def test_an_entry_alone_over_the_bytes_limit_is_one_line():
    with pytest.raises(SitemapError, match=r"^one sitemap entry is \d+ bytes, over the limit "
                                           r"of 300 for a file$"):
        sitemap_files(SITE, URL, LANGUAGES, "de", Limits(urls=50, bytes=300))


def test_a_sitemap_the_theme_did_not_write_is_refused_when_it_must_be_split():
    with pytest.raises(SitemapError, match="not a sitemap this theme wrote"):
        sitemap_files(SITE.replace("</url>\n  <url>", "</url><!-- --><url>", 1), URL,
                      LANGUAGES, "de", Limits(urls=1, bytes=10**6))
