"""What customers see, in a real browser: accessibility (axe-core), privacy, a phone screen."""

from __future__ import annotations

import importlib.resources
import struct
from urllib.parse import urlsplit

import pytest

from conftest import sweep

LANGUAGES = ["de", "it", "es", "da"]
PAGES = ["", "onoffice/", "oneoffice/", "contabilita/", "translation-status/"]
AXE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def url(site_url: str, lang: str, page: str) -> str:
    return f"{site_url}{'' if lang == 'de' else '/' + lang}/{page}"


@pytest.fixture(scope="module", params=["light", "dark"])
def palette_page(request, browser):
    # The pages' Content-Security-Policy refuses inline scripts such as axe's own.
    context = browser.new_context(color_scheme=request.param, bypass_csp=True)
    page = context.new_page()
    yield request.param, page
    context.close()


@sweep("lang", LANGUAGES)
def test_every_page_passes_axe_wcag2_a_and_aa(palette_page, site_url, lang):
    scheme, page = palette_page
    found = {}
    for path in PAGES:
        page.goto(url(site_url, lang, path))
        expected_scheme = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected_scheme
        page.add_script_tag(content=AXE)
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
        violations = [(v["id"], [node["target"] for node in v["nodes"]][:3])
                      for v in result["violations"]]
        if violations:
            found[path or "home"] = violations
    assert found == {}


@sweep("lang", LANGUAGES)
def test_no_request_leaves_the_sites_origin(browser, site_url, lang):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    origin = urlsplit(site_url).netloc
    for path in PAGES:
        page.goto(url(site_url, lang, path), wait_until="networkidle")
    context.close()
    foreign = [address for address in requested
               if urlsplit(address).scheme not in ("data", "blob")
               and urlsplit(address).netloc != origin]
    assert requested and foreign == []


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


@sweep("lang", LANGUAGES)
@sweep("article", ["onoffice/", "oneoffice/", "contabilita/"])
def test_phone_screen_needs_no_sideways_scrolling(browser, site_url, lang, article):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.goto(url(site_url, lang, article))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    width, _ = png_size(page.screenshot(full_page=True))
    assert width == 360
    for selector in ("table.helpsite-lines a[href^='tel:']", "article p"):
        if page.locator(selector).count():
            box = page.locator(selector).first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, selector
    context.close()


def test_phone_links_are_large_enough_to_tap(browser, site_url):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(url(site_url, "de", "onoffice/"))
    heights = [link.bounding_box()["height"]
               for link in page.locator("a[href^='tel:']:visible").all()]
    page.close()
    assert heights and min(heights) >= 44
