"""The allow-list policy and the browser-conformant judge of pages (issue 17).

The policy lists exactly the inline scripts Material's templates write, hashed from those
templates; the judge reads HTML as chromium does, so a form that Python's html.parser read
as a comment, CDATA or style text (and a browser ran as a script) is seen as what it is.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import re
from pathlib import Path

import pytest

from helpsite.site import safety

MATERIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "javascripts"


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _scripts_of(partial: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", (MATERIAL / partial).read_text(), re.DOTALL)


def test_the_policy_of_a_built_page_lists_the_themes_three_scripts_and_nothing_else(
        example_site):
    text = (example_site / "it" / "onoffice" / "index.html").read_text(encoding="utf-8")
    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    # Worked out from Material's templates by hand: base.html's scope is mkdocs.yml's
    # extra.scope ("/"); palette.html as it is; content.html's second script (its first
    # needs the content.tabs.link feature, which mkdocs.yml does not turn on).
    [base] = _scripts_of("base.html")
    base = base.replace("{{ config.extra.scope | d(base_url) }}", "/")
    [palette] = _scripts_of("palette.html")
    content = _scripts_of("content.html")[1]
    assert html.unescape(policy) == (
        f"default-src 'self'; script-src 'self' {_sha256(base)} {_sha256(palette)} "
        f"{_sha256(content)}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'")
    # The same policy for a header, once per build (README: No script but the site's own).
    assert (example_site / "_headers").read_text(encoding="utf-8") == (
        f"/*\n  Content-Security-Policy: {html.unescape(policy)}; frame-ancestors 'none'\n")


def test_the_live_reload_script_is_listed_from_mkdocs_template_with_the_servers_values():
    from mkdocs import livereload

    import helpsite_serve

    class Server:
        pass

    server = Server()
    helpsite_serve._list_live_reload(server)
    page = (b"<meta content=\"script-src &#39;self&#39; &#39;helpsite-live-reload&#39;\">"
            b"<p>x</p></body></html>")
    served = server._inject_js_into_html(page, 7).decode()
    [script] = re.findall(r"<script>(.*?)</script>", served, re.DOTALL)
    assert script.startswith(livereload._SCRIPT_TEMPLATE_STR.split("${epoch}")[0])
    assert "livereload(7, " in script
    assert served.startswith(f"<meta content=\"script-src &#39;self&#39; {_sha256(script)}\"><p>x")
    assert served.endswith("</script></body></html>")


# -- the judge reads HTML as chromium does -------------------------------------------------

PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]
# The four forms html.parser misread (issue 17), and their neighbours.
FORMS = [
    "<!--><script>alert(1)</script>", "<!--->x<img src=x onerror=alert(1)>",
    "<![CDATA[ x ><script>alert(1)</script>", "<svg><style><script>alert(1)</script>",
    "<!--!><img src=x onerror=alert(1)>-->", "<!-- --!><img src=x onerror=alert(1)>",
    "<!-- x --!><img src=x onerror=alert(1)>-->", "<!-- unterminated <img src=x onerror=1>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template><p>after",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><!--</style><img title=\"--><img src=x onerror=1>\">",
    "<select><style><img src=x onerror=alert(1)></style></select>",
    "<select><img src=x onerror=alert(1)></select>", "<textarea><img src=x onerror=1></textarea>",
    "<script>x</script ><img src=x onerror=1>", "<script>x</script\t\n><img src=x onerror=1>",
    "<script>x</scrip t><img src=x onerror=1></script>", "<script>x</SCRIPT/><img src=x onerror=1>",
    "<title><img src=x onerror=1></title>", "<style></style ><img src=x onerror=1>",
    "<svg><![CDATA[</svg><img src=x onerror=1>]]>", "<math><![CDATA[x]]><img src=x onerror=1>",
    "<xmp><img src=x onerror=1></xmp>", "<noembed><img src=x onerror=1></noembed>",
    "<iframe><img src=x onerror=1></iframe>", "<plaintext><img src=x onerror=1>",
    "<svg><foreignObject><img src=x onerror=1></foreignObject></svg>",
    "<table><img src=x onerror=1><tr><td>x", "<? <img src=x onerror=1> ?>",
    "</ <img src=x onerror=1>>", "<img/src=x/onerror=alert(1)>", '<img """><script>x</script>">',
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<p><svg><desc><img src=x onerror=1></desc></svg>", "<body onload=alert(1)><p>x",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<a href=x><table><a href=y><img src=x onerror=1>",
]
OPENERS = ["<svg>", "<math>", "<select>", "<table>", "<noscript>", "<!--", "<![CDATA[",
           "<style>", "<textarea>", "<template>", "<title>", "<svg><style>", "<math><mi>"]
CLOSERS = ["", "-->", "--!>", "]]>", "</style>", "</noscript>", "</select>"]
MIXES = [opener + closer + payload for opener, closer, payload
         in itertools.product(OPENERS, CLOSERS, PAYLOADS)]

_IN_CHROMIUM = """() => [...document.querySelectorAll('*')].map(
    element => [element.localName.toLowerCase(),
                [...element.attributes].map(a => a.name.toLowerCase())])"""


def _as_parsed(markup: str) -> list[list]:
    return [[node.tag.lower(), [name.lower() for name in node.attributes]]
            for node in safety.parse(markup).root.traverse() if not node.tag.startswith("-")]


@pytest.fixture(scope="module")
def chromium_page(browser):
    page = browser.new_page(java_script_enabled=True)
    yield page
    page.close()


def test_the_judge_sees_the_elements_and_attributes_chromium_builds(chromium_page):
    differences = []
    for markup in FORMS + MIXES:
        chromium_page.set_content(markup)
        seen = chromium_page.evaluate(_IN_CHROMIUM)
        if seen != _as_parsed(markup):
            differences.append((markup, seen, _as_parsed(markup)))
    assert differences == [], f"{len(differences)} of {len(FORMS + MIXES)}: {differences[:3]}"


@pytest.mark.parametrize("markup", FORMS[:4])
def test_the_four_forms_html_parser_misread_are_refused_in_a_page(markup):
    whats = [finding.what for finding in safety.content_findings(safety.parse(markup))]
    assert any("<script>" in what or "event handler" in what for what in whats), whats


@pytest.mark.parametrize("markup, what", [
    ('<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">', "a refresh"),
    ("<!--><meta http-equiv=refresh content=0;url=//elsewhere.example>", "a refresh"),
    ('<base href="https://elsewhere.example/">', "a <base> element"),
    ('<iframe src="https://example.org"></iframe>', "a <iframe> element"),
    ('<object data="x.pdf"></object>', "a <object> element"),
    ('<embed src="x.swf">', "a <embed> element"),
    ('<form action="https://elsewhere.example/login"><input name=p></form>',
     "a form sent to another site (action=)"),
    ('<form><button formaction="//elsewhere.example/">x</button></form>',
     "a form sent to another site (formaction=)"),
    ('<a href="vbscript:msgbox(1)">x</a>', "a vbscript: URL (href=)"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "a data: URL (src=)"),
    ('<a title="x" href=" &#x6A;ava&#x09;script:alert(1)">x</a>', "a javascript: URL (href=)"),
    ("<details ontoggle=alert(1) open>x</details>", "an event handler (ontoggle=)"),
    ('<p style="position:fixed">x</p>', "a style= attribute on <p>"),
    ("<marquee>x</marquee>", "a <marquee> element, which is not among"),
])
def test_what_a_page_may_not_carry_is_named(markup, what):
    assert any(finding.what.startswith(what) for finding in safety.content_findings(safety.parse(markup))), \
        [finding.what for finding in safety.content_findings(safety.parse(markup))]


def test_what_markdown_and_the_partials_write_is_allowed():
    markup = """<h2 id="x">Hours <a class="headerlink" href="#x" title="Permanent link">¶</a></h2>
    <p>Call <a href="tel:+4924144686112">+49 241</a> or <a href="mailto:a@b.example">mail</a>,
    <a href="../other/">see</a>, <abbr title="x">X</abbr> <kbd>Ctrl</kbd><br></p>
    <table><thead><tr><th style="text-align: left;">Day</th></tr></thead>
    <tbody><tr><td style="text-align: left;" hidden>Mo</td></tr></tbody></table>
    <details open><summary>More</summary><div class="x" lang="de"><span>y</span></div></details>
    <img src="../img/x.png" alt="x" width="10" height="10">
    <form class="helpsite-fees" data-policy="x" hidden><fieldset><legend>x</legend>
    <label for="a">A</label><input id="a" name="a" inputmode="decimal" aria-describedby="h">
    <select id="s" name="s"><option value="1">1</option></select><output aria-live="polite">
    </output></fieldset></form><script type="application/json">{"a": 1}</script>"""
    assert safety.content_findings(safety.parse(markup)) == []


def test_a_page_finding_is_placed_at_the_source_that_has_its_text():
    finding = safety.page_findings('<p><script>steal()</script>', "/", safety.Allowed(
        frozenset(), frozenset()))[0]
    sources = [("docs/de/a.md", "# A\n"), ("data/i18n/de.yaml", "x:\n  y: '<script>steal()'\n")]
    assert str(safety.problem(finding, sources, "docs/de/a.md", "the page /")) == (
        "data/i18n/de.yaml:2:7: the page / would publish an inline <script> the build did not "
        "write, which is not allowed: remove it")


def test_a_script_file_counts_only_if_the_build_emitted_it():
    allowed = safety.Allowed(frozenset(), frozenset({"/help/assets/javascripts/bundle.js"}))
    page = ('<script src="../../assets/javascripts/bundle.js"></script>'
            '<script src="../assets/javascripts/bundle.js"></script>'
            '<script type="application/json">{"x": "<\\/script>"}</script>')
    assert [finding.what for finding in safety.page_findings(page, "/help/de/a/", allowed)] == [
        "a script the build did not write (../assets/javascripts/bundle.js)"]


# -- helpsite check and helpsite export say what the build says ----------------------------


@pytest.mark.parametrize("name, text", [
    ("docs/de/index.md", "\n<!--><script>alert(1)</script>\n"),
    ("docs/da/index.md", '\n<a href=" javascript:alert(1)">x</a>\n'),
    ("docs/de/page.html", "<script>alert(1)</script>\n"),
])
def test_check_and_export_refuse_what_the_build_refuses_with_the_same_line(
        tiny, tmp_path, caplog, capsys, name, text):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from helpsite.cli.main import main

    with (tiny / name).open("a", encoding="utf-8") as file:
        file.write(text)
    with pytest.raises(Abort):
        build(load_config(str(tiny / "mkdocs.yml"), site_dir=str(tmp_path / "site"),
                          strict=False))
    [built] = [line for line in caplog.text.splitlines() if line.startswith(name + ":")]
    capsys.readouterr()
    assert main(["check", "--root", str(tiny)]) == 2
    assert built in capsys.readouterr().err.splitlines()
    assert main(["export", str(tmp_path / "out"), "--root", str(tiny)]) == 2
    assert built in capsys.readouterr().err.splitlines()
    assert not (tmp_path / "out").exists()
