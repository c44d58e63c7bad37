"""Hostile values in every field that reaches a page: no script runs, nothing is lost.

A help site is edited by many hands, so each payload below goes into the desk's name, its
facts, translated strings, list items, front-matter titles and descriptions, and is placed
in headings, paragraphs, list items, table cells and link texts. The site is built and
opened in Chromium: no dialog may open, no javascript: link or event handler may exist, no
inline script may be refused by the page's Content-Security-Policy, and every payload must
be shown as the text it is.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import http.server
import json
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from helpsite.errors import SourceError
from helpsite.pages.markup import Markdown, data_block
from helpsite.model.load import load_data

from conftest import write

PAYLOADS = [
    "![x](x){: onerror=alert(1) }",
    "[x](javascript:alert(2))",
    "<img src=x onerror=alert(3)>",
    "end <!--<script>alert(4)</script>",
    "</script><script>alert(5)</script>",
    '" onmouseover="alert(6)" x="',
    "*em* _em_ `code` {: #id .cls onclick=alert(7) }",
    '<a href="javascript:alert(8)">eight</a>',
    "[nine][n]\n\n[n]: javascript:alert(9)",
    "line\n\n# heading\n\n- item\n\n<script>alert(10)</script>",
    "&lt;script&gt;alert(11)&lt;/script&gt; &amp;",
    "<svg><a xlink:href=\"javascript:alert(12)\"><text>12</text></a></svg>",
    "javascript:alert(13)",
    "<iframe src=\"data:text/html,<script>alert(14)</script>\"></iframe>",
    "1. first\n2) second\n+ plus\n- minus\n= equals\n    indented",
    "\\[x\\](javascript:alert(16)) \\<b>",
    "<details open ontoggle=alert(17)>",
    "{{ 7 * 7 }} {% if true %}x{% endif %}",
]


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def _string(value: str) -> str:
    """A translated string that shows ``value`` (braces name values there)."""
    return _yaml(value.replace("{", "{{").replace("}", "}}"))


def hostile_project(root: Path, tiny: Path) -> Path:
    """The tiny site with every payload in every field a page shows."""
    project = root / "hostile"
    shutil.copytree(tiny, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n"))
    facts = "\n".join(f"  p{i}: {{text: {_yaml(p)}}}" for i, p in enumerate(PAYLOADS))
    items = ", ".join(f"i{i}" for i in range(len(PAYLOADS)))
    desk = project / "data" / "desks" / "desk.yaml"
    desk.write_text(desk.read_text().replace("name: Kleiner Desk", f"name: {_yaml(PAYLOADS[0])}")
                    + f"facts:\n{facts}\nlists:\n  all: [{items}]\n", encoding="utf-8")
    for lang in ("de", "da"):
        strings = project / "data" / "i18n" / f"{lang}.yaml"
        text = strings.read_text(encoding="utf-8")
        text = text.replace("    support: Support", f"    support: {_string(PAYLOADS[3])}")
        text = text.replace("  country: Land", f"  country: {_string(PAYLOADS[2])}")
        text += "lists:\n  desk:\n" + "".join(
            f"    i{i}: {_string(p)}\n" for i, p in enumerate(PAYLOADS))
        strings.write_text(text, encoding="utf-8")
    body = "\n".join(
        f"## {{{{ desk.fact.p{i} }}}}\n\nText {{{{ desk.fact.p{i} }}}} end.\n\n"
        f"- item {{{{ desk.fact.p{i} }}}}\n\n| a | b |\n| --- | --- |\n"
        f"| {{{{ desk.fact.p{i} }}}} | x |\n\n[{{{{ desk.fact.p{i} }}}}](https://example.org/)\n\n"
        f"{{{{ desk.fact.p{i} }}}}\n"
        for i in range(len(PAYLOADS)))
    for lang in ("de", "da"):
        write(project, f"docs/{lang}/index.md", f"""\
            ---
            desk: desk
            source_language: de
            title: {_yaml(PAYLOADS[2] + PAYLOADS[4])}
            description: {_yaml(PAYLOADS[5])}
            ---

            # {{{{ desk.name }}}}

            Zeiten: {{{{ desk.service.support.hours }}}} {{{{ desk.service.support.status }}}}

            {{{{ desk.service.support.lines }}}}

            {{{{ desk.list.all }}}}

            {{% if true %}}In a condition: {{{{ desk.fact.p1 }}}}{{% endif %}}

            """ + body.replace("\n", "\n            "))
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from conftest import TINY, REPO
    root = tmp_path_factory.mktemp("injection")
    tiny = root / "tiny"
    shutil.copytree(TINY, tiny)
    config = tiny / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(REPO / "hooks"))
                      .replace("OVERRIDES_DIR", str(REPO / "overrides")))
    project = hostile_project(root, tiny)
    site = project / "site"
    # Not strict: the payloads put different "values" into the two languages' prose.
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False))
    return site


def test_markdown_escape_leaves_no_markdown():
    assert Markdown.escape("![x](x){: onerror=1 }") == "&#33;&#91;x&#93;(x)&#123;: onerror=1 &#125;"
    assert Markdown.escape("# h") == "&#35; h" and Markdown.escape("1. x") == "1&#46; x"
    assert Markdown.escape("- x") == "&#45; x" and Markdown.escape("-0,00 €") == "-0,00 €"
    assert Markdown.escape("+45 7021 1813") == "+45 7021 1813"
    assert Markdown.escape("a\nb") == "a&#10;b"
    assert Markdown("<td>{}</td>").format("*x*") == "<td>&#42;x&#42;</td>"


def test_json_in_a_script_cannot_end_it_or_open_a_comment():
    text = data_block({"name": "</script><!--<script>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!--<script>&"}


@pytest.mark.parametrize("address", [
    "[m](javascript:alert(1))@oo.dk", "a@b.c<script>", "a b@c.dk", "\"x\"@y.dk",
    "a@b.dk\nx", "a@-b.dk", "javascript:alert(1)//@x.dk"])
def test_e_mail_addresses_that_are_not_addresses_are_refused(tmp_path, address):
    write(tmp_path, "data/desks/desk.yaml", f"name: D\ntimezone: Europe/Berlin\nemail: {_yaml(address)}\n")
    with pytest.raises(SourceError) as caught:
        load_data(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"data/desks/desk.yaml:3:8: {address!r} is not an e-mail address"]


class _Elements(HTMLParser):
    """Every element's attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in_script = tag == "script"

    def handle_data(self, data) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag) -> None:
        self._in_script = False


def test_every_payload_is_shown_as_text_and_nothing_runs_in_the_html(hostile_site):
    for page in (hostile_site / "index.html", hostile_site / "da" / "index.html"):
        text = page.read_text(encoding="utf-8")
        elements = _Elements()
        elements.feed(text)
        assert [a for a in elements.attributes if a[1].startswith("on")] == []
        assert [a for a in elements.attributes
                if a[1] in ("href", "src", "action") and
                re.match(r"\s*(javascript|data|vbscript):", a[2], re.I)] == []
        assert not any("alert(" in script and "ld+json" not in script
                       for script in elements.scripts if not script.lstrip().startswith("{"))
        shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        for payload in PAYLOADS[1:]:  # the first is the desk's name, mangled by the theme's title
            assert " ".join(payload.split()) in shown, payload


def _serve(directory: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


_AUDIT = """() => {
  const links = [...document.querySelectorAll('[href],[src],[action],[formaction]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')
              || e.getAttribute('formaction') || '')
    .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u));
  const handlers = [...document.querySelectorAll('*')]
    .flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name));
  return {links, handlers, violations: window.__violations,
          h1: document.querySelector('article h1') ? document.querySelector('article h1').innerText : null,
          text: document.body.innerText};
}"""
_WATCH = ("window.__violations = []; document.addEventListener('securitypolicyviolation', "
          "e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")


def _audit(browser, url: str, search: str | None = None) -> dict:
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(_WATCH)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    results = 0
    if search:  # search results are rendered from the index: the payloads are in it too
        page.locator("input.md-search__input").click()
        page.keyboard.type(search, delay=20)
        page.locator(".md-search-result__item").first.wait_for()
        results = page.locator(".md-search-result__item").count()
        for result in page.locator(".md-search-result__item").all()[:3]:
            result.hover()
    page.mouse.move(200, 200)
    for element in page.locator("details").all():
        element.evaluate("e => e.open = true")
    page.wait_for_timeout(200)
    result = page.evaluate(_AUDIT)
    page.close()
    return {**result, "dialogs": dialogs, "results": results}


def test_no_dialog_no_javascript_link_and_the_page_renders_in_chromium(browser, hostile_site):
    server = _serve(hostile_site)
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        for path, search in (("/", None), ("/da/", None), ("/", "Text"), ("/da/", "item")):
            found = _audit(browser, base + path, search)
            assert found["dialogs"] == [], (path, found["dialogs"])
            assert found["results"] > 0 if search else True
            assert found["links"] == [] and found["handlers"] == [], (path, found)
            assert found["violations"] == [], (path, found["violations"])
            assert found["h1"] == PAYLOADS[0]
            for payload in PAYLOADS:  # nothing lost: each is shown as written
                assert " ".join(payload.split()) in " ".join(found["text"].split()), payload
    finally:
        server.shutdown()


def test_every_html_file_allows_exactly_its_own_inline_scripts(example_site):
    pages = sorted(example_site.rglob("*.html"))
    assert any(page.name == "404.html" for page in pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        policy = html.unescape(policy)
        allowed = set(re.findall(r"'sha256-([^']+)'", policy))
        inline = re.findall(r"<script>(.*?)</script>", text, re.DOTALL)
        assert inline and allowed == {
            base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            for script in inline}, page


def test_the_example_site_runs_no_script_its_policy_refuses(browser, site_url):
    for path in ("/", "/it/onoffice/", "/da/oneoffice/", "/404.html"):
        found = _audit(browser, site_url + path)
        assert found["violations"] == [] and found["dialogs"] == [], (path, found["violations"])


@pytest.mark.parametrize("markdown, clue", [
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x](JaVa\tScRiPt:alert(1))", None),
    ("<script>alert(1)</script>", "<script"),
    ('<a href="data:text/html,x">x</a>', "data:"),
    ("![x](x){: onerror=alert(1) }", "onerror"),
    ('<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>', "<animate"),
    ('<a href="&#106;avascript&colon;alert(1)">x</a>', None),
    ('<img srcset="x.png 1x, javascript:alert(1) 2x">', None),
])
def test_script_in_a_writers_page_stops_the_build(tiny, caplog, markdown, clue):
    with (tiny / "mkdocs.yml").open("a") as config:
        config.write("markdown_extensions: [attr_list, md_in_html]\n")
    for lang in ("de", "da"):
        page = tiny / "docs" / lang / "index.md"
        page.write_text(page.read_text() + f"\nSee {markdown} here.\n")
    with pytest.raises(Abort) as caught:
        build(load_config(str(tiny / "mkdocs.yml"), site_dir=str(tiny / "site"), strict=False))
    assert "which is not allowed: " in caplog.text, caught.value
    if clue:
        assert "docs/de/index.md:14:" in caplog.text
