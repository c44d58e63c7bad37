"""Page rendering: placeholders, and pages that use Jinja statements."""

from __future__ import annotations

import pytest

from helpsite.model import load_data
from helpsite.render import Context, PageProblem, render_body, split_page
from helpsite.strings import load_strings

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
