"""The bundled example site, built with `mkdocs build --strict` semantics and read page by page.

The expected values are written out by hand from the source pages, not computed by the code
under test, so a formatting or data slip shows up here.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import normalise_spaces

LANGUAGES = ["de", "it", "es", "da"]
SITE_LANGUAGES = [*LANGUAGES, "en", "fr"]  # English and French pages: written, checked, built
ARTICLES = ["onoffice", "oneoffice", "contabilita"]

# Facts every language must show, in that language's own format.
FACTS = {
    "onoffice": {
        "de": ["Montag–Freitag 09:00–18:00 Uhr", "täglich 07:30–22:00 Uhr", "2 Stunden",
               "täglich 22:00–07:30 Uhr", "10 Stunden", "5,95 €", "5 Minuten", "21 Tage",
               "6 Monate", "aus Deutschland, Österreich und der Schweiz", "ausgeschaltet"],
        "it": ["lunedì–venerdì 09:00–18:00", "tutti i giorni 07:30–22:00", "2 ore",
               "tutti i giorni 22:00–07:30", "10 ore", "5,95 €", "5 minuti", "21 giorni",
               "6 mesi", "dalla Germania, dall'Austria e dalla Svizzera", "disattivato"],
        "es": ["lunes–viernes 9:00–18:00", "todos los días 7:30–22:00", "2 horas",
               "todos los días 22:00–7:30", "10 horas", "5,95 €", "5 minutos", "21 días",
               "6 meses", "desde Alemania, Austria y Suiza", "desactivado"],
        "da": ["mandag–fredag 09.00–18.00", "alle dage 07.30–22.00", "2 timer",
               "alle dage 22.00–07.30", "10 timer", "5,95 €", "5 minutter", "21 dage",
               "6 måneder", "fra Tyskland, Østrig og Schweiz", "slået fra"],
    },
    "oneoffice": {
        "de": ["Montag–Donnerstag 08:00–16:00 Uhr und Freitag 08:00–15:00 Uhr", "1,5 Minuten",
               "1 Stunde", "1.000,00 DKK", "100 %", "15 Minuten", "25 %", "rund um die Uhr"],
        "it": ["lunedì–giovedì 08:00–16:00 e venerdì 08:00–15:00", "1,5 minuti", "1 ora",
               "1.000,00 DKK", "100%", "15 minuti", "25%", "24 ore su 24"],
        "es": ["lunes–jueves 8:00–16:00 y viernes 8:00–15:00", "1,5 minutos", "1 hora",
               "1.000,00 DKK", "100 %", "15 minutos", "25 %", "las 24 horas del día"],
        "da": ["mandag–torsdag 08.00–16.00 og fredag 08.00–15.00", "1,5 minut", "1 time",
               "1.000,00 kr.", "100 %", "15 minutter", "25 %", "døgnet rundt"],
    },
    "contabilita": {
        "de": ["Montag–Donnerstag 08:30–17:30 Uhr und Freitag 08:30–12:00 Uhr", "ADVANCED",
               "Assistenza telefonica"],
        "it": ["lunedì–giovedì 08:30–17:30 e venerdì 08:30–12:00", "ADVANCED",
               "Assistenza telefonica"],
        "es": ["lunes–jueves 8:30–17:30 y viernes 8:30–12:00", "ADVANCED",
               "Assistenza telefonica"],
        "da": ["mandag–torsdag 08.30–17.30 og fredag 08.30–12.00", "ADVANCED",
               "Assistenza telefonica"],
    },
}

ONOFFICE_LINES = {"tel:+4924144686122", "tel:+431361985760", "tel:+4924144686112",
                  "tel:+41315112792"}
TEL_LINKS = {
    "onoffice": {lang: ONOFFICE_LINES for lang in LANGUAGES} | {
        "es": ONOFFICE_LINES | {"tel:+34936073620"}},
    "oneoffice": {lang: {"tel:+4570211813"} for lang in LANGUAGES},
    "contabilita": {lang: set() for lang in LANGUAGES},
}
MAILTO = {
    "onoffice": {"de": "support@onOffice.com", "da": "support@onOffice.com",
                 "it": "assistenzaclienti@onOffice.com", "es": "contacto@onoffice.es"},
    "oneoffice": {lang: "support@oo.dk" for lang in LANGUAGES},
    "contabilita": {lang: "contabilitaincloud@teamsystem.com" for lang in LANGUAGES},
}
PRESETS = {
    "de": ["1 Stunde (Voreinstellung)", "2 Stunden", "4 Stunden", "Heute", "1 Woche",
           "2 Wochen", "1 Monat", "Dauerhaft"],
    "it": ["1 ora (predefinito)", "2 ore", "4 ore", "Oggi", "1 settimana", "2 settimane",
           "1 mese", "Permanente"],
    "es": ["1 hora (predeterminado)", "2 horas", "4 horas", "Hoy", "1 semana", "2 semanas",
           "1 mes", "Permanente"],
    "da": ["1 time (standard)", "2 timer", "4 timer", "I dag", "1 uge", "2 uger", "1 måned",
           "Permanent"],
}
LIST_LENGTHS = {"oneoffice": 7, "contabilita": 2 + 3 + 3 + 4 + 6}


@pytest.fixture
def site(example_site) -> Path:
    return example_site


def page_path(site: Path, language: str, article: str | None) -> Path:
    prefix = site if language == "de" else site / language
    return prefix / article / "index.html" if article else prefix / "index.html"


def article_html(site: Path, language: str, article: str) -> str:
    text = page_path(site, language, article).read_text(encoding="utf-8")
    return text[text.index('<article'):text.index('</article>')]


def visible_text(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", " ", fragment)
    return normalise_spaces(re.sub(r"\s+", " ", html.unescape(text)))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", ARTICLES + [None])
def test_every_page_exists_with_its_language(site, language, article):
    page = page_path(site, language, article).read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", ARTICLES)
def test_every_fact_is_on_every_language_page(site, language, article):
    text = visible_text(article_html(site, language, article))
    missing = [fact for fact in FACTS[article][language] if fact not in text]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", ARTICLES)
def test_phone_and_mail_links(site, language, article):
    fragment = article_html(site, language, article)
    assert set(re.findall(r'href="(tel:[^"]+)"', fragment)) == TEL_LINKS[article][language]
    address = MAILTO[article][language]
    assert set(re.findall(r'href="mailto:([^"]+)"', fragment)) == {address}
    assert f">{address}</a>" in fragment


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_are_shown_as_the_writer_wrote_them(site, language):
    fragment = article_html(site, language, "onoffice")
    assert '<a href="tel:+4924144686112">+49 241 44686-112</a>' in fragment
    assert '<a href="tel:+431361985760">+43 (1) 3619857-60</a>' in fragment


@pytest.mark.parametrize("language", LANGUAGES)
def test_access_presets_in_order_with_the_default_marked(site, language):
    fragment = article_html(site, language, "onoffice")
    items = [visible_text(item).strip() for item in re.findall(r"<li>(.*?)</li>", fragment, re.S)]
    start = items.index(PRESETS[language][0])
    assert items[start:start + 8] == PRESETS[language]
    assert re.search(r"<strong>[^<]+</strong> \(", fragment)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", ["oneoffice", "contabilita"])
def test_lists_have_the_same_length_everywhere(site, language, article):
    fragment = article_html(site, language, article)
    # Bullet lists from data; the booking steps are an ordered list written in the page.
    bullets = sum(len(re.findall(r"<li>", ul)) for ul in re.findall(r"<ul>(.*?)</ul>", fragment, re.S))
    fee_terms = 5 if article == "oneoffice" else 0
    assert bullets == LIST_LENGTHS[article] + fee_terms


def test_spanish_page_keeps_the_night_start_at_22(site):
    text = visible_text(article_html(site, "es", "onoffice"))
    assert "22:00–7:30" in text and "10:00–7:30" not in text


def test_no_third_party_requests_in_the_html(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page


SITE_URL = "https://example.org/help/"


def sitemap(site: Path) -> dict[str, dict[str, str]]:
    """<loc> -> {hreflang: href} from sitemap.xml."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return {loc: dict((lang, href) for lang, href in re.findall(
                r'<xhtml:link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"/>', body))
            for loc, body in re.findall(r"<url>\s*<loc>([^<]+)</loc>(.*?)</url>", text, re.DOTALL)}


def test_sitemap_lists_every_customer_page_with_absolute_hreflang_and_x_default(site):
    entries = sitemap(site)
    expected_pages = {f"{SITE_URL}{'' if lang == 'de' else lang + '/'}{article}"
                      for lang in SITE_LANGUAGES for article in ["", "onoffice/", "oneoffice/",
                                                                 "contabilita/"]}
    assert set(entries) == expected_pages  # the writers' status pages are not listed
    assert entries[f"{SITE_URL}es/onoffice/"] == {
        "de": f"{SITE_URL}onoffice/", "it": f"{SITE_URL}it/onoffice/",
        "es": f"{SITE_URL}es/onoffice/", "da": f"{SITE_URL}da/onoffice/",
        "en": f"{SITE_URL}en/onoffice/", "fr": f"{SITE_URL}fr/onoffice/",
        "x-default": f"{SITE_URL}onoffice/"}
    for loc, alternates in entries.items():
        assert alternates["x-default"] == alternates["de"]
        assert loc in alternates.values()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", [*ARTICLES, None])
def test_no_alternate_links_in_the_head(site, language, article):
    # The theme's script requests LINK/sitemap.xml for every <link rel="alternate">, which
    # 404s; the translations are in sitemap.xml and in the language selector.
    text = page_path(site, language, article).read_text(encoding="utf-8")
    head = text.split("</head>")[0]
    assert 'rel="alternate"' not in head
    links = dict((lang, href) for href, lang in re.findall(
        r'<a href="([^"]+)" hreflang="([a-z]{2})" class="md-select__link">', text))
    assert sorted(links) == sorted(SITE_LANGUAGES)
    for lang, href in links.items():
        # static-i18n links the home pages by the path of site_url (/help/).
        base = site if href.startswith("/") else page_path(site, language, article).parent
        target = (base / href.removeprefix("/help/")).resolve() / "index.html"
        assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_writers_pages_are_noindex_and_customers_pages_are_not(site, language):
    status = page_path(site, language, "translation-status").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in status
    for article in [*ARTICLES, None]:
        assert "noindex" not in page_path(site, language, article).read_text(encoding="utf-8")


@pytest.mark.parametrize("language, title", [
    ("de", "Hilfe und Kontakt"), ("it", "Aiuto e contatti"), ("es", "Ayuda y contacto"),
    ("da", "Hjælp og kontakt")])
def test_home_page_title_is_the_sites_name_once(site, language, title):
    text = page_path(site, language, None).read_text(encoding="utf-8")
    assert re.search(r"<title>(.*?)</title>", text)[1] == title


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_index_per_language(site, language):
    root = site if language == "de" else site / language
    index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [language]
    locations = [entry["location"] for entry in index["docs"]]
    assert {"", "onoffice/", "oneoffice/", "contabilita/"} <= set(locations)
    # Addressed from the language's root, no other language's pages, no writers' page.
    assert not [loc for loc in locations if loc.split("/")[0] in LANGUAGES]
    assert not [loc for loc in locations if "translation-status" in loc]
    values = " ".join(entry.get("values", "") for entry in index["docs"]
                      if entry["location"].startswith("onoffice/")).split()
    # +49 241 44686-112 typed in other groupings, and 5,95 EUR with either decimal mark.
    for typed in ["4924144686112", "004924144686112", "024144686112", "44686112", "5,95",
                  "5.95", "22:00", "7:30"]:
        assert typed in values


THEME_LABELS = {  # the colour-scheme toggles and the headings' link, in each language
    "de": ("Dunkelmodus", "Hellmodus", "Link zu diesem Abschnitt"),
    "it": ("Modalità scura", "Modalità chiara", "Link a questa sezione"),
    "es": ("Modo oscuro", "Modo claro", "Enlace a esta sección"),
    "da": ("Mørk tilstand", "Lys tilstand", "Link til dette afsnit"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_themes_own_labels_are_in_the_pages_language(site, language):
    dark, light, permalink = THEME_LABELS[language]
    text = html.unescape(page_path(site, language, "onoffice").read_text(encoding="utf-8"))
    assert f'aria-label="{dark}"' in text and f'aria-label="{light}"' in text
    assert f'title="{permalink}"' in text
    for english in ("Dark mode", "Light mode", "Permanent link", "Made with"):
        assert english not in text


def test_the_sites_404_page_is_in_the_default_language(site):
    text = (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in text and "<title>Hilfe und Kontakt</title>" in text
    assert not list(site.glob("*/404.html"))
