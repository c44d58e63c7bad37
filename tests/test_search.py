"""Search terms and per-language indexes (hooks/helpsite/pages/search.py), values worked out by hand."""

from __future__ import annotations

from decimal import Decimal

from helpsite.pages.search import amount_terms, language_indexes, page_terms, phone_terms, time_terms
from helpsite.sources.blocks import parse


def test_a_phone_number_in_every_form_and_from_every_position():
    terms = phone_terms("+4924144686112")
    # international, with the 00 prefix, national with the trunk 0; then every tail of 3+
    for typed in ["4924144686112", "004924144686112", "024144686112", "24144686112",
                  "44686112", "6112", "112"]:
        assert typed in terms
    assert "12" not in terms and "2" not in terms
    # Denmark has no trunk prefix: the national form is the tail of the international one.
    assert "70211813" in phone_terms("+4570211813")


def test_amounts_with_either_decimal_mark_and_grouping():
    assert amount_terms(Decimal("5.95")) == ["5,95", "5.95", "5,95", "5.95"]
    assert set(amount_terms(Decimal("1250"))) == {
        "1250,00", "1250.00", "1.250,00", "1,250.00", "1250", "1.250", "1,250"}


def test_times_with_and_without_the_leading_zero():
    assert time_terms("07:30") == ["07:30", "07.30", "0730", "07h30", "7:30", "7.30", "730", "7h30"]


def test_page_terms_read_table_cells_apart():
    html = ("<table><tr><td>Deutschland</td><td><a href='tel:+4924144686112'>"
            "+49 241 44686-112</a></td></tr><tr><td>Österreich</td><td>5,95&nbsp;€</td>"
            "</tr></table><script>{\"price\": \"+49 30 1234567\"}</script>")
    terms = page_terms(parse(html), "de")[""].split()
    assert "024144686112" in terms and "5.95" in terms
    assert not [term for term in terms if "301234567" in term]  # script text is not page text


def test_each_section_has_its_own_values():
    html = ("<h1 id=\"hilfe\">Hilfe</h1><p>Täglich 07:30–22:00 Uhr.</p>"
            "<h2 id=\"notfall\">Notfall<a class=\"headerlink\" href=\"#notfall\">¶</a></h2>"
            "<p>+49 241 44686-112</p><h3 id=\"kosten\">Kosten</h3><p>5,95 € je Block</p>")
    terms = {anchor: value.split() for anchor, value in page_terms(parse(html), "de").items()}
    assert "44686112" in terms["#notfall"] and "5,95" not in terms["#notfall"]
    assert "5,95" in terms["#kosten"] and "44686112" not in terms["#kosten"]
    assert terms[""] == ["07:30", "07.30", "0730", "07h30", "7:30", "7.30", "730", "7h30",
                         "22:00", "22.00", "2200", "22h00"]  # the title's section is the page's


def test_page_terms_read_the_page_as_a_browser_does():
    # Items and paragraphs whose end tags HTML leaves out: a browser shows each as a block
    # (html.parser, which waited for the end tags, read none of them).
    html = "<ul><li>+49 241 44686-112<li>5,95 €</ul><p>Bis 22:00 Uhr<p>Ab 07:30 Uhr"
    terms = page_terms(parse(html), "de")[""].split()
    assert {"44686112", "5.95", "22h00", "7:30"} <= set(terms)


def test_the_content_check_and_the_search_terms_read_one_parse():
    from helpsite.site import safety

    document = parse("<p>+49 241 44686-112</p>\n<!--><script>alert(1)</script>")
    refused = [finding.what for finding in safety.content_findings(document)]
    assert refused == ["a <script>"]
    assert "44686112" in page_terms(document, "de")[""].split()
    # Reading the terms leaves the tree as the check judged it.
    assert [finding.what for finding in safety.content_findings(document)] == refused


def test_one_index_per_language_addressed_from_its_root():
    entries = [{"location": "", "title": "Hilfe", "text": ""},
               {"location": "onoffice/", "title": "onOffice", "text": ""},
               {"location": "es/onoffice/", "title": "onOffice", "text": ""},
               {"location": "es/onoffice/#coste", "title": "Coste", "text": ""},
               {"location": "xx/", "title": "xx", "text": ""}]
    indexes = language_indexes({"separator": "[\\s]+"}, entries, ["de", "es", "xx"], "de",
                               {"es/onoffice/": "44686", "onoffice/": ""}, ["de", "es"])
    assert indexes["es/"]["docs"] == [
        {"location": "onoffice/", "title": "onOffice", "text": "", "values": "44686"},
        {"location": "onoffice/#coste", "title": "Coste", "text": ""}]
    assert [doc["location"] for doc in indexes[""]["docs"]] == ["", "onoffice/"]
    assert indexes["es/"]["config"] == {"separator": "[\\s]+", "lang": ["es"]}
    assert indexes["xx/"]["config"]["lang"] == ["de"]  # lunr cannot read xx
