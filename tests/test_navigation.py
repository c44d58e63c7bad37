"""The navigation of a site whose articles are grouped into topics (folders of docs/LANG/):
each page lists the topics and its own topic's articles only (navigation.prune), so that a
build's time per page does not grow with the number of articles; a customer on a phone
still reaches every article from the menu, and each topic is named in the page's language.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, serve, sweep, write

# Each topic's index.md names it; its articles are plain pages of their own.
TOPICS = {
    "accounts": {"de": "Konten", "it": "Account", "es": "Cuentas", "da": "Konti",
                 "en": "Accounts", "fr": "Comptes"},
    "printing": {"de": "Drucken", "it": "Stampa", "es": "Impresión", "da": "Udskrivning",
                 "en": "Printing", "fr": "Impression"},
}
ARTICLES = ["first", "second", "third"]
LANGUAGES = list(TOPICS["accounts"])


@pytest.fixture(scope="module")
def grouped_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("grouped") / "project"
    for part in ("data", "docs", "hooks", "overrides"):
        shutil.copytree(REPO / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for topic, titles in TOPICS.items():
        for lang, title in titles.items():
            write(project, f"docs/{lang}/{topic}/index.md", f"# {title}\n\nOverview.\n")
            for article in ARTICLES:
                write(project, f"docs/{lang}/{topic}/{article}.md",
                      f"# {topic} {article} {lang}\n\nText.\n")
    site = project.parent / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


@pytest.fixture(scope="module")
def grouped_url(grouped_site) -> str:
    yield from serve(grouped_site)


def test_topics_are_named_in_each_language_and_only_the_open_ones_articles_listed(grouped_site):
    for lang in ("de", "it", "fr"):
        root = grouped_site / ("" if lang == "de" else lang)
        page = (root / "accounts" / "second" / "index.html").read_text(encoding="utf-8")
        primary = page[page.index('class="md-nav md-nav--primary"'):
                       page.index("md-sidebar--secondary")]
        for topic, titles in TOPICS.items():
            assert titles[lang] in primary, (lang, topic)
        # The open topic's articles are listed; the other topic is one link to its first page.
        assert all(f"accounts {article} {lang}" in primary for article in ARTICLES)
        assert not any(f"printing {article} {lang}" in primary for article in ARTICLES)
        assert 'href="../../printing/"' in primary


@sweep("viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 800}])
def test_every_article_can_be_reached_from_the_menu(browser, grouped_url, viewport):
    """From the home page, following only the links the open menu shows, a customer reaches
    every page of the language."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    seen, queue = set(), [f"{grouped_url}/it/"]
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        page.goto(current)
        menu = page.locator('label.md-header__button[for="__drawer"]')
        if menu.is_visible():  # the phone's menu button
            menu.click()
        for link in page.locator("nav.md-nav--primary a.md-nav__link").all():
            if link.is_visible():
                queue.append(urljoin(current, link.get_attribute("href")))
    context.close()
    assert {f"{grouped_url}/it/{topic}/{article}/" for topic in TOPICS
            for article in ARTICLES} <= seen
