"""Arbitrary input to every entry point: the only outcomes allowed are a result or a located
error (``file:line:col: message`` on one line, exit 2), never a traceback; and values, whatever
they are, add no element or attribute to a page.

Bounded for CI. For a longer run: HELPSITE_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest
tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpsite.cli.main import main
from helpsite.drift.compare import compare
from helpsite.sources.blocks import blocks_for
from helpsite.errors import SourceError
from helpsite.model.load import load_data
from helpsite.model.context import Context
from helpsite.pages.render import PageProblem, render_body
from helpsite.sources.pagefile import split_page
from helpsite.model.strings import load_strings

from conftest import REPO, TINY

EXAMPLES = int(os.environ.get("HELPSITE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="HELPSITE_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
LOCATED = re.compile(r"[^\s:][^:\n]*:\d+:\d+: [^\n]+")

# Text a writer or an attacker might type: Markdown, HTML, YAML and Jinja punctuation.
PUNCTUATION = st.sampled_from(list("{}[]()<>!*_`#|:&;\"'\\%~=-+.,/\n\t ") + [
    "{{", "}}", "{%", "%}", "{:", "<!--", "-->", "</script>", "javascript:", "&#", "\r\n",
    "---", "![", "](", "&", "*a", "&a", "!!", "\ufeff", "\x00", "\u2028"])
HOSTILE = st.lists(st.one_of(PUNCTUATION, st.text(max_size=5)), max_size=30).map("".join)


def _located(problems) -> None:
    for problem in problems:
        assert LOCATED.fullmatch(str(problem)), str(problem)


DESK = (TINY / "data" / "desks" / "desk.yaml").read_text(encoding="utf-8")
FIELDS = ["Kleiner Desk", "Europe/Copenhagen", "help@example.org", "hjaelp@example.org",
          "support", "mon-thu", '"08:00"', '"16:00"', '"+45 7021 1813"', "[DK]", "[support]"]


@FUZZ
@given(field=st.sampled_from(FIELDS), value=HOSTILE, quoted=st.booleans())
def test_loader_gives_data_or_located_problems(field, value, quoted):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data" / "desks").mkdir(parents=True)
        text = DESK.replace(field, json.dumps(value) if quoted else value, 1)
        (root / "data" / "desks" / "desk.yaml").write_text(text, encoding="utf-8",
                                                           errors="surrogatepass")
        try:
            load_data(root)
        except SourceError as error:
            assert error.problems
            _located(error.problems)


@FUZZ
@given(content=st.binary(max_size=300))
def test_loader_reads_any_bytes(content):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data" / "desks").mkdir(parents=True)
        (root / "data" / "desks" / "desk.yaml").write_bytes(content)
        try:
            load_data(root)
        except SourceError as error:
            _located(error.problems)


DATA, STRINGS = load_data(REPO), load_strings(REPO)


@FUZZ
@given(body=HOSTILE)
def test_page_renderer_gives_markdown_or_a_located_problem(body):
    try:
        page = split_page("---\ndesk: oneoffice\n---\n" + body, "docs/de/x.md")
        result = render_body(page, DATA, Context(STRINGS, "de"))
    except (PageProblem, SourceError) as error:
        _located(getattr(error, "problems", None) or [error.problem])
    else:
        assert isinstance(result, str)


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        # Attribute names only: ids made from headings differ with the value, names do not.
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))


def _structure(html: str) -> list:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser.tags


PAGE = ("---\ndesk: onoffice\n---\n# {{ desk.fact.plan }}\n\nText {{ desk.fact.plan }}.\n\n"
        "- {{ desk.fact.plan }}\n\n| a | b |\n| --- | --- |\n| {{ desk.fact.plan }} | x |\n\n"
        "[{{ desk.fact.plan }}](https://example.org/)\n\n{{ desk.fact.plan }}\n\n"
        "{{ desk.service.support.lines }}\n")


def _page_html(value: str) -> str:
    desk = DATA.desks["onoffice"]
    facts = {**desk.facts, "plan": desk.facts[next(iter(desk.facts))].model_copy(
        update={"text": value, "duration": None, "count": None})}
    data = type(DATA)({**DATA.desks, "onoffice": desk.model_copy(update={"facts": facts})},
                      DATA.documents)
    body = render_body(split_page(PAGE, "docs/de/x.md"), data, Context(STRINGS, "de"))
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc"])


BENIGN = _structure(_page_html("plain"))


@FUZZ
@given(value=HOSTILE)
def test_a_value_adds_no_element_or_attribute_to_the_page(value):
    # An empty value may leave an element out; none may be added.
    assert Counter(_structure(_page_html(value))) - Counter(BENIGN) == Counter()


@FUZZ
@given(reference=HOSTILE, translation=HOSTILE, suffix=st.sampled_from([".md", ".html", ".txt"]))
def test_compare_gives_findings(reference, translation, suffix):
    findings = compare(blocks_for("a" + suffix, reference), "de",
                       blocks_for("b" + suffix, translation), "it")
    assert isinstance(findings, list)


@FUZZ
@given(source=HOSTILE, translated=HOSTILE, lang=st.sampled_from(["it", "da", "es"]))
def test_check_site_gives_findings_or_one_line(source, translated, lang, capsys):
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / lang).mkdir()
        (site / "index.html").write_text(
            '<html lang="de"><head><meta name="helpsite:source-language" content="de"></head>'
            f"<body><p>{source}</p></body></html>", encoding="utf-8", errors="surrogatepass")
        (site / lang / "index.html").write_text(
            f'<html lang="{lang}"><head><meta name="helpsite:source-language" content="de">'
            '<link rel="alternate" href="../" hreflang="de"></head>'
            f"<body><p>{translated}</p></body></html>", encoding="utf-8", errors="surrogatepass")
        assert main(["check", "--site", str(site), "--root", folder]) in (0, 1, 2)
    capsys.readouterr()


FEE_OPTION = st.sampled_from(["--length", "--minutes", "--duration", "--at", "--hourly-rate",
                              "--calling-from", "--lang"])


@FUZZ
@given(options=st.lists(st.tuples(FEE_OPTION, HOSTILE), max_size=3),
       policy=st.sampled_from(["onoffice-emergency", "oneoffice-on-call"]))
def test_fee_prices_a_call_or_says_why_not_in_one_line(options, policy, capsys):
    argv = ["fee", policy, "--root", str(REPO)]
    for option, value in options:
        argv += [f"{option}={value}"]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 2)
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and out == "", err


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("confirm")
    for part in ("data", "docs"):
        shutil.copytree(REPO / part, root / part)
    return root


@pytest.mark.slow  # each example loads the six-language example: CI runs it
@FUZZ
@given(front_matter=HOSTILE, crlf=st.booleans())
def test_confirm_records_the_version_or_changes_nothing(project_copy, front_matter, crlf, capsys):
    page = project_copy / "docs" / "it" / "onoffice.md"
    original = (REPO / "docs" / "it" / "onoffice.md").read_text(encoding="utf-8")
    end = original.index("\n---\n", 4)
    text = original[:end] + "\n" + front_matter.replace("---", "- - -") + original[end:]
    text = text.replace("\n", "\r\n") if crlf else text
    page.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    code = main(["confirm", "--root", str(project_copy), str(page)])
    capsys.readouterr()
    written = page.read_bytes()
    if code != 0:
        assert code == 2 and written == text.encode("utf-8", errors="surrogatepass")
    else:
        assert (b"\r\n" in written) == crlf
        assert main(["check", "--root", str(project_copy)]) in (0, 1)  # it still loads
        capsys.readouterr()
    page.write_text(original, encoding="utf-8")
