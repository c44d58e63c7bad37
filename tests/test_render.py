"""Page rendering: placeholders, and pages that use Jinja statements."""

from __future__ import annotations

import pytest

from helpsite.errors import SourceError
from helpsite.model.load import load_data
from helpsite.model.context import Context
from helpsite.pages.render import PageProblem, render_body
from helpsite.sources.pagefile import split_page
from helpsite.model.strings import load_strings

from conftest import REPO

DATA, STRINGS = load_data(REPO), load_strings(REPO)


def render(text: str, lang: str = "de") -> str:
    return render_body(split_page(text, "docs/de/x.md"), DATA, Context(STRINGS, lang))


def test_placeholders_and_statements_give_the_same_text():
    plain = "---\ndesk: oneoffice\n---\nZeiten: {{ desk.service.support.hours }}.\n"
    with_statement = ("---\ndesk: oneoffice\n---\n{% if desk.name %}Zeiten: "
                      "{{ desk.service.support.hours }}.{% endif %}\n")
    expected = "Zeiten: Montag–Donnerstag 08:00–16:00 Uhr und Freitag 08:00–15:00 Uhr.\n"
    assert render(plain).replace("\u00a0", " ") == expected
    assert render(with_statement).replace("\u00a0", " ") == expected


@pytest.mark.parametrize("text, line", [
    ("---\ndesk: oneoffice\n---\n\nA\n{{ desk.nam }}\n", 6),
    ("---\ndesk: oneoffice\n---\n\n{% if true %}\nA\n{{ desk.nam }}\n{% endif %}\n", 7),
])
def test_an_unknown_placeholder_names_its_line_either_way(text, line):
    with pytest.raises(PageProblem) as caught:
        render(text)
    assert str(caught.value).startswith(f"docs/de/x.md:{line}:1: placeholder names nothing:")


def test_a_placeholder_with_a_syntax_error_names_its_line():
    with pytest.raises(PageProblem) as caught:
        render("Text\n\n{{ desk..name }}\n")
    assert str(caught.value).startswith("docs/de/x.md:3:1: ")


@pytest.mark.parametrize("text", [
    "---\ndesk: oneoffice\n---\nTitel\n\nDer Dienst von {{ foo bar desk.name }} hilft.\n",
    "---\ndesk: oneoffice\n---\nTitel\n\nDer Dienst von {{ foo bar desk.name }}{% if true %}.{% endif %}\n",
])
def test_a_placeholder_that_cannot_be_read_says_where_and_what_to_write(text):
    with pytest.raises(PageProblem) as caught:
        render(text)
    # "Der Dienst von " is 15 characters: the placeholder starts in column 16.
    assert str(caught.value).startswith(
        "docs/de/x.md:6:16: this placeholder cannot be read (expected token 'end of print "
        "statement', got 'bar'); write a name and its parts joined by dots, e.g. {{ desk.name }}")


def test_an_unclosed_if_says_how_to_close_it():
    with pytest.raises(PageProblem) as caught:
        render("Text\n{% if true %}x\n\n")
    assert str(caught.value) == "docs/de/x.md:2:1: an {% if %} is not closed; end it with {% endif %}"


# --- limits: a page cannot run long, write a huge file or reach outside its values ------------


@pytest.mark.parametrize("body, message", [
    ("{{ 'a' * 10**9 }}", "repeating text that often is not allowed on a page"),
    ("{{ 10**(10**7) }}", "a power that large is not allowed on a page"),
    ("{{ 1/0 }}", "placeholder cannot be worked out: division by zero"),
    ("{{ '%999999999d' % 1 }}", "'%' formatting is not allowed on a page"),
    ("{{ '{:>999999999}'.format(1) }}", "calls are not allowed in placeholders"),
    ("{{ desk.name.center(999999999) }}", "calls are not allowed in placeholders"),
    ("{{ desk.name | indent(999999999) }}", "filter arguments above 100 are not allowed"),
    ("{{ desk.name | center(99) }}", "No filter named 'center'"),
    ("{% include 'x.md' %}", "{% include %} is not allowed in pages (only {% if %})"),
    ("{% import 'x' as y %}", "{% import %} is not allowed in pages"),
    ("{% extends 'base.html' %}", "{% extends %} is not allowed in pages"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{% macro %} is not allowed in pages"),
    ("{% for i in range(10**5) %}{% for j in range(10**5) %}x{% endfor %}{% endfor %}",
     "{% for %} is not allowed in pages"),
    ("{% set a = 'x' %}{{ a }}", "{% assign %} is not allowed in pages"),
    ("{{ desk.service.support.status ~ desk.name }}", "'~' is not allowed in placeholders"),
    ("{{ desk }}", "this names desk, not a value to show; name one of its parts: access, answer_box, email"),
    ("{{ desk.service }}", "this names every service; name one of them: on-call, support"),
    ("{{ desk.__class__ }}", "access to attribute '__class__' of 'DeskView' object is unsafe"),
    ("{{ desk.name ", "this placeholder is not closed; end it with }}"),
    # Not read on into the next placeholder ("expected name or number").
    ("{{ desk.name\n\n{{ desk.email }}", "this placeholder is not closed; end it with }}"),
    ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "placeholder is nested too deeply"),
])
def test_placeholders_that_would_run_long_or_reach_out_are_located_errors(body, message):
    with pytest.raises(PageProblem) as caught:
        render(f"---\ndesk: oneoffice\n---\n\nText\n{body}\n")
    assert str(caught.value).startswith("docs/de/x.md:6:1: ") and message in str(caught.value)


def test_sixty_kilobytes_of_opening_braces_is_one_quick_error():
    with pytest.raises(PageProblem) as caught:
        render("{{ " * 20_000)
    assert str(caught.value) == "docs/de/x.md:1:1: this placeholder is not closed; end it with }}"


def test_placeholders_in_code_are_shown_as_written():
    text = ("---\ndesk: oneoffice\n---\nName `{{ desk.name }}` is {{ desk.name }}.\n\n"
            "```markdown\n{{ desk.nothing }}\n{% if x %}\n```\n\n~~~\n{{ x }}\n~~~\n")
    assert render(text) == ("Name `{{ desk.name }}` is OneOffice.\n\n"
                            "```markdown\n{{ desk.nothing }}\n{% if x %}\n```\n\n~~~\n{{ x }}\n~~~\n")
    # A stray backtick pairs with none in another paragraph: the placeholder between is filled.
    assert render("---\ndesk: oneoffice\n---\na ` b\n\n{{ desk.name }}\n\nc ` d\n") == (
        "a ` b\n\nOneOffice\n\nc ` d\n")
    with_statement = "{% if true %}{{ desk.name }}{% endif %} ``{{ x }}``\n"
    assert render("---\ndesk: oneoffice\n---\n" + with_statement) == "OneOffice ``{{ x }}``\n"


def test_values_cannot_make_markdown():
    assert render("{{ '[x](javascript:alert(1))' }} {{ '![i](x){: onerror=alert(1) }' }}") == (
        "&#91;x&#93;(javascript:alert(1)) &#33;&#91;i&#93;(x)&#123;: onerror=alert(1) &#125;")


def test_an_unclosed_front_matter_is_named_as_such():
    with pytest.raises(SourceError) as caught:
        split_page("---\ndesk: x\n\n# Title\n", "docs/de/x.md")
    assert str(caught.value) == ("docs/de/x.md:1:1: the front matter is not closed: end it "
                                 "with a line '---'")
