"""The sitemap within the sitemap protocol's limits (sitemaps.org/protocol.html): one file
lists at most 50,000 URLs and is at most 50 MB (52,428,800 bytes) uncompressed, and a
sitemap index lists such files. A site whose sitemap fits keeps the one ``sitemap.xml`` the
theme writes (overrides/sitemap.xml), byte for byte. A larger one gets a sitemap index as
``sitemap.xml`` (where search engines and robots.txt look) and one file per language,
``sitemap-LANG.xml``, split into ``sitemap-LANG-1.xml``, ``-2`` ... where a language alone
is over a limit. Each part is the theme's sitemap with a share of its ``<url>`` entries, in
the same order; every part sits at the site's root, so it may list any of the site's pages
(a sitemap lists only addresses at or below its own folder)."""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

SITEMAP = "sitemap.xml"
_ENTRY = re.compile(r"\n[ \t]*<url>.*?</url>", re.DOTALL)
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "sitemap_theme"),
                                autoescape=True, keep_trailing_newline=True)


class SitemapError(Exception):
    """A sitemap this theme did not write, or an entry alone over the limits."""


@dataclass(frozen=True)
class Limits:
    urls: int = 50_000
    bytes: int = 52_428_800


LIMITS = Limits()  # the protocol's: what a one-process build splits at


def split(text: str) -> tuple[str, list[str], str]:
    """A sitemap as the theme writes it: (the head up to ``<urlset ...>``, each ``<url>``
    entry with the line break before it, the end from the line break before ``</urlset>``)."""
    start, end = text.find(">", text.find("<urlset")) + 1, text.rfind("</urlset>")
    if start <= 0 or end < start:
        raise SitemapError("not a sitemap this theme wrote (no <urlset>)")
    end = max(text.rfind("\n", start, end), start)
    entries = _ENTRY.findall(text, start, end)
    if "".join(entries) != text[start:end]:
        raise SitemapError("not a sitemap this theme wrote (text between its <url> entries)")
    return text[:start], entries, text[end:]


def sitemap_files(text: str, site_url: str, languages: list[str], default: str,
                  limits: Limits) -> dict[str, str]:
    """The files the site's sitemap ``text`` becomes, by name: itself if it is within the
    limits, else an index and its parts. ``languages``: the site's, each under LANG/ but
    the ``default``, which is at the root."""
    if len(text.encode("utf-8")) <= limits.bytes and text.count("<url>") <= limits.urls:
        return {SITEMAP: text}
    head, entries, tail = split(text)
    by_language: dict[str, list[str]] = {}
    for entry in entries:
        by_language.setdefault(_language(entry, site_url, languages, default), []).append(entry)
    files = {}
    for language, own in by_language.items():
        chunks = _chunks(own, len(head.encode("utf-8")) + len(tail.encode("utf-8")), limits)
        for number, chunk in enumerate(chunks, 1):
            name = f"sitemap-{language}-{number}.xml" if len(chunks) > 1 else f"sitemap-{language}.xml"
            files[name] = head + "".join(chunk) + tail
    # An index may list 50,000 sitemaps: 2.5 billion pages, so one index is enough.
    index = _TEMPLATES.get_template("sitemapindex.xml").render(
        locations=[site_url + name for name in files])
    return {SITEMAP: index, **files}


def write(site: Path, files: dict[str, str], mtime: int) -> None:
    """The sitemap's files into the site; ``sitemap.xml.gz`` beside ``sitemap.xml``, as
    MkDocs writes it, stamped ``mtime``."""
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
    gz = site / (SITEMAP + ".gz")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=str(gz), mode="wb", mtime=mtime) as stream:
        stream.write(files[SITEMAP].encode("utf-8"))
    gz.write_bytes(buffer.getvalue())


def gzip_mtime(file: Path) -> int:
    """MkDocs stamps sitemap.xml.gz with its pages' date: a rewrite keeps the stamp."""
    with file.open("rb") as stream:
        return int.from_bytes(stream.read(8)[4:8], "little")


def within_limits(site: Path, site_url: str, languages: list[str], default: str) -> None:
    """After a one-process build: the theme's one sitemap, split as the merge splits it."""
    if not (site / SITEMAP).is_file():  # a theme without one
        return
    text = (site / SITEMAP).read_text(encoding="utf-8")
    files = sitemap_files(text, site_url, languages, default, LIMITS)
    if len(files) > 1:
        write(site, files, gzip_mtime(site / (SITEMAP + ".gz")))


def _language(entry: str, site_url: str, languages: list[str], default: str) -> str:
    """The language of a page's entry: the first folder of its address under the site's."""
    loc = _LOC.search(entry)
    folder = loc[1].removeprefix(site_url).split("/", 1)[0] if loc else ""
    return folder if folder in languages and folder != default else default


def _chunks(entries: list[str], frame: int, limits: Limits) -> list[list[str]]:
    """``entries`` in order, as few to a file as the limits allow; ``frame``: the bytes of
    a file's head and end."""
    chunks: list[list[str]] = [[]]
    size = frame
    for entry in entries:
        length = len(entry.encode("utf-8"))
        if frame + length > limits.bytes:
            raise SitemapError(f"one sitemap entry is {length} bytes, over the limit of "
                               f"{limits.bytes} for a file")
        if len(chunks[-1]) == limits.urls or size + length > limits.bytes:
            chunks.append([])
            size = frame
        chunks[-1].append(entry)
        size += length
    return chunks
