"""What surrounds the facts, in a real browser on a phone (360x740) and a laptop (1280x800):
no failing request, values never broken across lines, keyboard focus only where it can be
seen, silent status marks, the calculator's bill, print, and the desk's languages.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import slow_after, sweep

LANGUAGES = ["de", "it", "es", "da"]
ARTICLES = ["onoffice/", "oneoffice/", "contabilita/"]
PAGES = ["", *ARTICLES, "translation-status/"]
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1280, "height": 800}}
# Friday 18:00 in Berlin: onOffice's support has just closed ("geschlossen"), the long
# status texts are showing.
FRIDAY_EVENING = dt.datetime(2026, 11, 27, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def url(site_url: str, lang: str, page: str) -> str:
    return f"{site_url}{'' if lang == 'de' else '/' + lang}/{page}"


@pytest.fixture(scope="module", params=slow_after(1, list(VIEWPORTS)))
def screen(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    yield request.param, context
    context.close()


@sweep("lang", LANGUAGES)
def test_no_request_fails_on_any_page(screen, site_url, lang):
    _, context = screen
    page = context.new_page()
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(
        (response.status, response.url)))
    # A request still running when the test moves to the next page is aborted; not a failure.
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and
            failed.append((request.failure, request.url)))
    for path in PAGES:
        page.goto(url(site_url, lang, path), wait_until="networkidle")
    page.close()
    assert failed == []


# Each run of text between ordinary spaces inside the tables and status lines ("17,85 €"
# is one, joined by a no-break space) must lie on one line.
BROKEN_WORDS = """() => {
  const broken = [];
  const scope = document.querySelectorAll(
    "article table, article .helpsite-open-now, article form.helpsite-fee, article .helpsite-answer");
  for (const root of scope) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^ \\n\\t]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@sweep("lang", LANGUAGES)
def test_values_and_words_never_break_inside(screen, site_url, lang):
    _, context = screen
    page = context.new_page()
    page.clock.set_fixed_time(FRIDAY_EVENING)
    broken = {}
    for article in ARTICLES:
        page.goto(url(site_url, lang, article))
        for form in page.locator("form.helpsite-fee").all():  # a bill, or what is missing
            form.locator("input[name=duration]").fill("12")
            form.locator("output > *, .helpsite-fee-error:not(:empty)").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
        if found := page.evaluate(BROKEN_WORDS):
            broken[article] = found
    page.close()
    assert broken == {}


def tab_stops(page, count: int) -> list[dict]:
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("""() => {
          const element = document.activeElement;
          return {html: element.outerHTML.slice(0, 80),
                  inDrawer: !!element.closest(".md-sidebar--primary"),
                  visible: element.checkVisibility({visibilityProperty: true})};
        }"""))
    return stops


@sweep("lang", LANGUAGES)
def test_keyboard_focus_never_lands_on_something_hidden(screen, site_url, lang):
    name, context = screen
    page = context.new_page()
    page.goto(url(site_url, lang, "onoffice/"))
    stops = tab_stops(page, 30)
    assert [stop["html"] for stop in stops if not stop["visible"]] == []
    if name == "phone":  # the navigation is a closed drawer
        assert [stop["html"] for stop in stops if stop["inDrawer"]] == []
    page.close()


def test_the_opened_drawer_takes_the_focus_on_a_phone(browser, site_url):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(url(site_url, "de", "onoffice/"))
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator(".md-sidebar--primary a").first.wait_for()
    stops = tab_stops(page, 12)
    page.close()
    assert any(stop["inDrawer"] and stop["visible"] for stop in stops)


@sweep("lang", LANGUAGES)
def test_status_marks_are_seen_but_not_read_aloud(browser, site_url, lang):
    page = browser.new_page()
    page.clock.set_fixed_time(FRIDAY_EVENING)
    page.goto(url(site_url, lang, "onoffice/"))
    status = page.locator("article .helpsite-open-now").first
    status.wait_for()
    mark = status.evaluate("element => getComputedStyle(element, '::before').content")
    tree = page.locator("article").aria_snapshot()
    page.close()
    assert "○" in mark or "●" in mark
    assert "○" not in tree and "●" not in tree


@sweep("lang", LANGUAGES)
def test_calculator_bill_looks_like_the_tables_and_stands_apart(screen, site_url, lang):
    _, context = screen
    page = context.new_page()
    page.goto(url(site_url, lang, "onoffice/"))
    page.locator("form.helpsite-fee input[name=duration]").fill("12")
    bill = page.locator("form.helpsite-fee output table")
    bill.wait_for()
    examples = page.locator("table.helpsite-fee-examples")
    style = "element => getComputedStyle(element).fontSize"
    gap = page.locator("form.helpsite-fee").bounding_box()["y"] - (
        examples.bounding_box()["y"] + examples.bounding_box()["height"])
    font_size = float(page.evaluate("getComputedStyle(document.body).fontSize")[:-2])
    assert bill.evaluate(style) == examples.evaluate(style)
    assert bill.locator("td").first.evaluate(style) == examples.locator("td").first.evaluate(style)
    assert gap >= font_size  # at least a line apart
    page.close()


def test_calculator_fields_are_in_the_pages_font_and_large_enough_to_tap(browser, site_url):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(url(site_url, "da", "onoffice/"))
    fields = page.locator("form.helpsite-fee input:not([type=checkbox]), form.helpsite-fee select")
    body = page.evaluate("getComputedStyle(document.querySelector('article')).fontSize")
    sizes = fields.evaluate_all("els => els.map(e => [getComputedStyle(e).fontSize, "
                                "e.getBoundingClientRect().height])")
    page.close()
    assert len(sizes) >= 2  # the call's length, calling from
    assert all(size == body and height >= 44 for size, height in sizes)


@sweep("lang", LANGUAGES)
def test_print_leaves_out_the_calculator_and_the_status_of_the_moment(browser, site_url, lang):
    page = browser.new_page()
    page.clock.set_fixed_time(FRIDAY_EVENING)
    page.goto(url(site_url, lang, "onoffice/"))
    page.locator("article .helpsite-open-now").first.wait_for()
    page.emulate_media(media="print")
    assert page.locator("form.helpsite-fee").is_hidden()
    assert all(element.is_hidden() for element in page.locator(
        "article .helpsite-now, article .helpsite-open-now").all())
    assert page.locator("table.helpsite-lines a[href^='tel:']").first.is_visible()
    page.close()


DESK_LANGUAGES = {  # onOffice answers in de, it, es; OneOffice in da; Contabilità in it
    ("de", "onoffice/"): "Der Support antwortet auf Deutsch, Italienisch und Spanisch.",
    ("it", "onoffice/"): "L'assistenza risponde in tedesco, italiano e spagnolo.",
    ("es", "onoffice/"): "El soporte atiende en alemán, italiano y español.",
    ("da", "onoffice/"): "Supporten svarer på tysk, italiensk og spansk.",
    ("de", "oneoffice/"): "Der Support antwortet auf Dänisch.",
    ("da", "oneoffice/"): "Supporten svarer på dansk.",
    ("es", "contabilita/"): "El soporte atiende en italiano.",
    ("it", "contabilita/"): "L'assistenza risponde in italiano.",
}


@sweep("lang, article", DESK_LANGUAGES)
def test_the_desks_languages_are_said_on_the_first_screen(screen, site_url, lang, article):
    _, context = screen
    page = context.new_page()
    page.goto(url(site_url, lang, article))
    line = page.locator("article .helpsite-desk-languages")
    text, box = line.inner_text(), line.bounding_box()
    page.close()
    assert text == DESK_LANGUAGES[(lang, article)]
    assert box["y"] + box["height"] <= page.viewport_size["height"]
