"""Every string that reaches the theme is text: a sweep of hostile values, opened in chromium.

Outside the checked page body, Material writes what it is given as HTML: navigation and page
titles, titles made from file and folder names, its labels, the site's name and description,
search results. Each class below puts a payload into every slot it has (a different one per
slot, so one build covers them all), builds, opens every page in chromium and compares with a
control build of the same site without payloads: no dialog may open, no page may navigate
away, no link may be a javascript: URL, and no element or attribute may appear that the
control lacks. A build that refuses a payload with an error naming its file is a pass too.
The preview (`helpsite serve`) is swept as well: its menus name pages it has not built yet.
"""

from __future__ import annotations

import itertools
import logging
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from playwright.sync_api import Error as PlaywrightError

from conftest import REPO, TINY, serve, write
from test_serve import fetch_until, free_port

PAYLOADS = [
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
    '<meta http-equiv=refresh content="0;url=https://example.com">',
    "{{ 7*7 }}",
    "</title><script>alert(5)</script>",
    "'\"",
    "`<b>x</b>` <b>y</b>",
    "<!--><script>alert(6)</script>",
]
# The ones a file or folder name can carry (no "/").
NAMES = [payload for payload in PAYLOADS if "/" not in payload] + ['"><svg onload=alert(7)>']
CLASSES = ("i18n", "front matter", "file names", "folder names")
LANGUAGES = ("de", "da")
# Keys the tiny site's strings lack that the theme and the status page show.
_MORE_STRINGS = {
    "theme": {"dark_mode": "Dunkel", "light_mode": "Hell", "permalink": "Link"},
    "status": {key: key for key in ("language", "missing", "outdated", "inconsistent",
                                    "ignored", "none")},
    "page": {"untranslated": "Noch nicht übersetzt, auf {source_language}."},
}


def _yaml(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


def _config(site_names: dict[str, tuple[str, str]]) -> str:
    languages = [{"locale": lang, "name": lang, "default": lang == "de", "build": True,
                  "site_name": name, "site_description": description}
                 for lang, (name, description) in site_names.items()]
    return _yaml({
        "site_name": "Tiny",
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "font": False,
                  "palette": [
                      {"media": "(prefers-color-scheme: light)", "scheme": "default",
                       "toggle": {"icon": "material/weather-night", "name": "Dark"}},
                      {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
                       "toggle": {"icon": "material/weather-sunny", "name": "Light"}}]},
        "plugins": ["search", {"i18n": {"docs_structure": "folder",
                                        "fallback_to_default": False,
                                        "reconfigure_search": False,
                                        "languages": languages}}],
        "hooks": [str(REPO / "hooks" / "helpsite_mkdocs.py")],
        "not_in_nav": "*/status.md\n",
        "markdown_extensions": ["attr_list", "md_in_html", "tables",
                                {"toc": {"permalink": True}}],
    })


def _page(meta: dict, body: str) -> str:
    return f"---\n{_yaml(meta)}---\n\n{body}\n\nsweepword\n"


def sweep_project(root: Path, sweep: str | None) -> Path:
    """The tiny site with pages in topics, a status page and the theme's labels; ``sweep``
    names the class that carries payloads (None: the control, with plain values)."""
    project = root / (sweep or "control").replace(" ", "-")
    (project / "data").mkdir(parents=True)
    (project / "data" / "desks").mkdir()
    (project / "data" / "desks" / "desk.yaml").write_text(
        (TINY / "data" / "desks" / "desk.yaml").read_text() + "languages: [de, da]\n")
    # As long as a payload, and as unbreakable: the theme gives a title that it cuts short
    # a tooltip (span@title).
    plain = (f"plain_value_{n:02}_of_the_control_as_long_as_the_longest_payload"
             for n in itertools.count())
    # Each slot the next payload: every one in several slots of each class.
    payloads = itertools.cycle(PAYLOADS)
    strings = itertools.cycle(PAYLOADS) if sweep == "i18n" else plain
    site_names = {}
    for lang in LANGUAGES:
        tree = yaml.safe_load((TINY / "data" / "i18n" / f"{lang}.yaml").read_text()) | _MORE_STRINGS

        def fill(node):  # each string keeps its {names} and gets a payload
            return ({key: fill(value) for key, value in node.items()} if isinstance(node, dict)
                    else f"{node} {next(strings)}")
        write(project, f"data/i18n/{lang}.yaml", _yaml(fill(tree)))
        site_names[lang] = (next(strings), next(strings))
    (project / "mkdocs.yml").write_text(_config(site_names))
    front = payloads if sweep == "front matter" else plain
    # Pages named by their files and folders: in the control and their own class only.
    files = {None: [f"page {n}" for n in range(len(NAMES))], "file names": NAMES}.get(sweep, [])
    folders = {None: ["folder 0", "folder 1"], "folder names": NAMES[:2]}.get(sweep, [])
    for lang in LANGUAGES:
        source = {"source_language": "de"}
        write(project, f"docs/{lang}/index.md", _page(
            {"desk": "desk", **source, "title": next(front), "description": next(front)},
            "# {{ desk.name }}\n\n{{ desk.service.support.hours }}\n\n"
            "{{ desk.service.support.lines }}\n\n{{ articles }}"))
        write(project, f"docs/{lang}/artikel.md", _page(
            {**source, "title": next(front), "description": next(front),
             **({"untranslated": True} if lang == "da" else {})}, "# Artikel\n\n## Abschnitt"))
        write(project, f"docs/{lang}/ohne.md", _page(source, "# Ohne Titel"))
        write(project, f"docs/{lang}/thema/index.md", _page(
            {"title": next(front), "description": next(front)}, "# Thema"))
        write(project, f"docs/{lang}/thema/seite.md", _page(
            {**source, "title": next(front)}, "# Seite"))
        # A topic named by its first heading, written as inline code.
        heading = next(front) if sweep == "front matter" else "plain"
        write(project, f"docs/{lang}/code/index.md", _page({}, f"# `{heading}`"))
        write(project, f"docs/{lang}/code/seite.md", _page(source, "# Code"))
        write(project, f"docs/{lang}/status.md", _page(
            {"search": {"exclude": True}}, "# Status\n\n{{ translation_status }}"))
        # Titles from file and folder names: no front-matter title, no heading.
        for name in files:
            write(project, f"docs/{lang}/{name}.md", _page(source, "Text."))
        for name in folders:
            write(project, f"docs/{lang}/{name}/index.md", _page({}, "Text."))
            write(project, f"docs/{lang}/{name}/{name}.md", _page(source, "Text."))
    return project


class Refused(Exception):
    """The build stopped, saying where."""


def build_site(project: Path) -> Path:
    site = project.parent / f"{project.name}-site"
    # Not strict: translations of sources that change with the payloads are outdated.
    try:
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False))
    except (Abort, PluginError, OSError) as error:
        raise Refused(str(error)) from error
    return site


_NAMES = """() => {
  const names = new Set();
  for (const e of document.querySelectorAll('*')) {
    names.add(e.localName);
    for (const a of e.attributes) names.add(e.localName + '@' + a.name);
  }
  const links = [...document.querySelectorAll('[href],[src],[action],[formaction]')]
    .map(e => ['href', 'src', 'action', 'formaction'].map(n => e.getAttribute(n) || '').join(' '))
    .filter(u => /(^|\\s)\\s*(javascript|vbscript|data):/i.test(u));
  return {names: [...names], links};
}"""


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as URL paths (percent-encoded as the server expects)."""
    return sorted("/" + quote(page.relative_to(site).as_posix().removesuffix("index.html"))
                  for page in site.rglob("*.html"))


def visit(browser, base: str, visits: list[tuple[str, str | None]]) -> dict:
    """Each (path, search) of the site at ``base``, ``search`` typed into the theme's search:
    the dialogs that opened, the navigations away (stopped before they leave), javascript:
    links, and the names of the elements and attributes in the pages."""
    found = {"pages": 0, "names": set(), "dialogs": [], "navigations": [], "links": []}
    page = browser.new_page()
    opened = [""]  # the page being opened

    def away(route):  # a navigation off the site is answered "no content": the page stays
        if route.request.is_navigation_request():
            found["navigations"].append((opened[0], route.request.url))
            return route.fulfill(status=204)
        return route.abort()  # nothing else leaves the machine

    page.on("dialog", lambda dialog: (found["dialogs"].append((opened[0], dialog.message)),
                                      dialog.dismiss()))
    page.on("framenavigated", lambda frame: found["navigations"].append((opened[0], frame.url))
            if frame == page.main_frame and frame.url != opened[0] else None)
    page.route(re.compile(f"^(?!{re.escape(base)}/)"), away)
    for path, search in visits:
        opened[0] = base + path
        page.goto(opened[0], wait_until="domcontentloaded")  # the theme's scripts ran
        if search:  # the results are made from the search index
            page.locator("input.md-search__input").click()
            page.keyboard.type(search)
            page.locator(".md-search-result__item").first.wait_for(timeout=5000)
        page.wait_for_timeout(50)  # a refresh of 0 seconds starts after the load
        try:
            names = page.evaluate(_NAMES)
        except PlaywrightError:  # the page went away while it was read
            names = {"names": [], "links": []}
        found["pages"] += 1
        found["names"] |= set(names["names"])
        found["links"] += [(path, link) for link in names["links"]]
    page.close()
    return found


def visit_site(browser, site: Path) -> dict:
    """Every page of a built site, and a search on each language's home page."""
    homes = [("/" if lang == LANGUAGES[0] else f"/{lang}/", "sweepword") for lang in LANGUAGES]
    for base in serve(site):
        return visit(browser, base, [(path, None) for path in site_pages(site)] + homes)


@pytest.fixture(scope="module")
def control(tmp_path_factory, browser) -> set[str]:
    site = build_site(sweep_project(tmp_path_factory.mktemp("boundary"), None))
    return visit_site(browser, site)["names"]


# Where a refusal must point: at the payload's own file (a list of articles that names
# it, at 1:1, is not where the writer can fix it).
WHERE = {"i18n": re.compile(r"data/i18n/\w+\.yaml:\d+:\d+|mkdocs\.yml"),
         "front matter": re.compile(r"docs/\w+/\S+\.md:[2-9]:\d+"),
         "file names": re.compile("|".join(re.escape(name) for name in NAMES)),
         "folder names": re.compile("|".join(re.escape(name) for name in NAMES))}


def located(kind: str, records: list[logging.LogRecord]) -> bool:
    """Whether the build's errors each name the file (and line) that holds the payload."""
    problems = [line for record in records if record.levelno >= logging.ERROR
                for line in record.getMessage().splitlines() if _PROBLEM.match(line)]
    return bool(problems) and all(WHERE[kind].search(problem) for problem in problems)


_PROBLEM = re.compile(r"\S.*:\d+(:\d+)?: ")


def sweep(browser, root: Path, kind: str, control: set[str]) -> dict:
    """One class's sweep: the build refused (with its message), or what its pages did."""
    try:
        site = build_site(sweep_project(root, kind))
    except Refused as refusal:
        return {"refused": str(refusal)}
    found = visit_site(browser, site)
    return {"refused": None, "pages": found["pages"], "dialogs": found["dialogs"],
            "navigations": found["navigations"], "links": found["links"],
            "unwritten": sorted(found["names"] - control)}


@pytest.mark.slow  # a build and a chromium visit of every page per class: CI runs it
@pytest.mark.parametrize("kind", CLASSES)
def test_no_payload_runs_navigates_or_adds_markup(browser, control, tmp_path, kind, caplog):
    found = sweep(browser, tmp_path, kind, control)
    if found["refused"] is not None:  # a refusal must say where the payload is
        assert located(kind, caplog.records), caplog.text
        return
    assert found["pages"] > 10
    assert found["dialogs"] == [] and found["navigations"] == [] and found["links"] == [], found
    assert found["unwritten"] == [], found["unwritten"]


@pytest.mark.slow  # a preview server and chromium: CI runs it
def test_the_preview_names_unbuilt_pages_as_text(browser, control, tmp_path):
    """`helpsite serve` builds the page asked for first; its menu names the other pages,
    built or not, and their topics by their front matter's titles: as text."""
    project = sweep_project(tmp_path, "front matter")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "helpsite.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        assert "sweepword" in fetch_until(base + "/da/ohne/", "sweepword", 120)
        found = visit(browser, base, [("/da/ohne/", None)])
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert found["dialogs"] == [] and found["navigations"] == [] and found["links"] == [], found
    # Beyond the control's, only the preview's banner (partials/helpsite-notices.html) may
    # show: the translations are unconfirmed.
    banner = {"aside", "aside@class", "aside@role", "aside@aria-labelledby", "p", "p@id",
              "strong", "ul", "li", "code"}
    assert sorted(found["names"] - control - banner) == []


@pytest.mark.parametrize("meta, markdown_text, fallback, shown", [
    ({"title": "<b>x</b>"}, "# y", "z", "&lt;b&gt;x&lt;/b&gt;"),
    ({}, "intro\n\n# `<b>x</b>` *em* & co {#id}", "z", "&lt;b&gt;x&lt;/b&gt; em &amp; co"),
    ({}, "# <script>alert(1)</script>", "z", "alert(1)"),
    ({}, "no heading", '"><svg onload=alert(7)>', "&#34;&gt;&lt;svg onload=alert(7)&gt;"),
    ({}, "no heading", None, None),
])
def test_a_title_is_text_as_typed_or_as_its_heading_shows_it(meta, markdown_text, fallback,
                                                             shown):
    from helpsite.pages.contents import shown_title
    assert shown_title(meta, markdown_text, fallback) == shown


def test_the_list_of_articles_links_titles_and_file_names_as_text():
    from types import SimpleNamespace
    from helpsite.pages.contents import article_list
    pages = {"de/javascript:x.md": SimpleNamespace(meta={"title": "<b>*x*</b>"}, body=""),
             "de/a_b.md": SimpleNamespace(meta={}, body="# `<i>`")}
    headings = {path: page.body for path, page in pages.items()}
    assert article_list(pages, ["a_b.md", "javascript:x.md"], "de", headings.get) == (
        "- [&lt;i&gt;](a_b.md)\n"
        "- [&lt;b&gt;&#42;x&#42;&lt;/b&gt;](javascript%3Ax.md)")
