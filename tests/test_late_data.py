"""A build keeps the pages' data blocks out of Markdown (pages.render.LateData) and puts
them into the finished HTML: every page of the example comes out as it did with the data
in place, and a token is filled only where a data block holds it."""

from __future__ import annotations

import re

import markdown
import pytest

from conftest import REPO
from helpsite.pages.render import LateData
from helpsite.site.project import SiteState, load_project


def html(text: str) -> str:
    """As the example's mkdocs.yml has Markdown convert a page."""
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "toc"],
                             extension_configs={"toc": {"permalink": True}})


@pytest.fixture(scope="module")
def both():
    state = SiteState(REPO, late=LateData())
    state.refresh()
    return load_project(REPO), state.project(), state


def test_every_page_is_the_same_with_its_data_filled_in_after_markdown(both):
    in_place, late, state = both
    assert late.rendered.keys() == in_place.rendered.keys()
    deferred = 0
    for name, text in in_place.rendered.items():
        assert state.filled(html(late.rendered[name])) == html(text), name
        deferred += late.rendered[name].count("helpsite-data-")
    # The example's desk pages hold answer boxes, statuses and calculators: all deferred.
    assert deferred >= 3 * 6
    assert '<script type="application/json">{' not in "".join(late.rendered.values())


def test_the_data_is_out_of_the_markdown(both):
    in_place, late, _ = both
    page = "de/onoffice.md"
    tokens = re.findall(r"helpsite-data-[0-9a-f]{32}", late.rendered[page])
    assert tokens and len(late.rendered[page]) < len(in_place.rendered[page]) - 1000


def test_a_token_is_filled_only_as_a_data_block():
    late = LateData()
    token = late.put('{"a":1}')
    block = f'<script type="application/json">{token}</script>'
    assert late.fill(f"<p>{token}</p>{block}") == \
        f'<p>{token}</p><script type="application/json">{{"a":1}}</script>'
    unknown = '<script type="application/json">helpsite-data-' + "0" * 32 + "</script>"
    assert late.fill(unknown) == unknown
    # The same data, the same token in the next build: the page cache keys on the Markdown.
    assert LateData().put('{"a":1}') == token
