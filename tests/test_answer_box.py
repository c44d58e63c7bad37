"""The answer box at the top of the desk articles, in a real browser at fixed clock times:
for the caller's country, the number to call now, its status and its price, inside the
first screen on a phone and a laptop. Expected texts are worked out by hand from
data/desks/*.yaml and data/i18n/*.yaml.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

import pagescript
from conftest import REPO, normalise_spaces, sweep
from helpsite.pages.answerbox import AnswerBox
from helpsite.model.context import Context
from helpsite.model.load import load_data
from helpsite.pages.serviceview import span
from helpsite.model.strings import load_strings
from statuses import HOTLINE, NIGHT, PRICE

BERLIN, COPENHAGEN = ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/Copenhagen")
LANGUAGES = ["de", "it", "es", "da"]
DATA, STRINGS = load_data(REPO), load_strings(REPO)
VIEWPORTS = [(360, 740), (1280, 800)]

SUPPORT_LINE, EMERGENCY_DE, AUSTRIA, EMERGENCY_CH = (
    "+49 241 446 86 122", "+49 241 44686-112", "+43 (1) 3619857-60", "+41 31 511 27 92")
SUPPORT_OPEN = {"de": "Support: jetzt geöffnet, bis 18:00 Uhr",
                "it": "Assistenza: disponibile ora, fino alle 18:00",
                "es": "Soporte: disponible ahora, hasta las 18:00",
                "da": "Support: åben nu, indtil kl. 18.00"}
SUPPORT_MONDAY = {"de": "Support: geschlossen, öffnet am Montag um 09:00 Uhr",
                  "it": "Assistenza: non disponibile, riapre lunedì alle 09:00",
                  "es": "Soporte: no disponible, vuelve a atender el lunes a las 9:00",
                  "da": "Support: lukket, åbner mandag kl. 09.00"}

SUNDAY_2310 = dt.datetime(2026, 11, 29, 23, 10, tzinfo=BERLIN)
FRIDAY_1759 = dt.datetime(2026, 11, 27, 17, 59, tzinfo=BERLIN)
FRIDAY_1800 = dt.datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)


def expected_onoffice(lang: str, moment: dt.datetime, country: str) -> list[tuple[str, str]]:
    """(number, status) rows, the one to call now first. The emergency number: 44686-112
    from Germany, the Austrian line (which also takes support), the Swiss line; support:
    446 86 122 from Germany and Switzerland."""
    emergency = {"DE": EMERGENCY_DE, "AT": AUSTRIA, "CH": EMERGENCY_CH}[country]
    support = AUSTRIA if country == "AT" else SUPPORT_LINE
    if moment == SUNDAY_2310:  # the night service answers; support opens Monday
        return [(emergency, NIGHT[lang] + PRICE[lang]), (support, SUPPORT_MONDAY[lang])]
    if moment == FRIDAY_1759:  # both answer: support first, as the desk lists it
        return [(support, SUPPORT_OPEN[lang]), (emergency, HOTLINE[lang] + PRICE[lang])]
    return [(emergency, HOTLINE[lang] + PRICE[lang]), (support, SUPPORT_MONDAY[lang])]


# Friday 15:00 in Copenhagen: support has closed for the weekend, so the on-call service
# answers on the same number, outside office hours: the start fee for calls that are not
# critical, the agreed hourly rate with 100 % on top, Danish VAT.
ON_CALL = {
    "de": "Bereitschaft: jetzt erreichbar, rund um die Uhr. Kosten: 1.000,00 DKK Startgebühr "
          "für Anrufe, die nicht betriebskritisch sind, außerhalb der Bürozeiten; Arbeitszeit "
          "zum Stundensatz Ihrer Vereinbarung, abgerechnet je angefangene 15 Minuten; 100 % "
          "Aufschlag auf den Stundensatz, wenn die Arbeit außerhalb der Bürozeiten beginnt; "
          "plus 25 % dänische Mehrwertsteuer (moms)",
    "it": "Reperibilità: disponibile 24 ore su 24. Costo: 1.000,00 DKK di diritto di chiamata "
          "per le chiamate non critiche fuori dall'orario d'ufficio; lavoro alla tariffa "
          "oraria del vostro contratto, fatturato per ogni 15 minuti o frazione; "
          "maggiorazione del 100% sulla tariffa oraria se il lavoro inizia fuori dall'orario "
          "d'ufficio; più IVA danese (moms) al 25%",
    "es": "Guardia: disponible las 24 horas del día. Coste: 1.000,00 DKK de tarifa de "
          "inicio por llamadas no críticas fuera del horario de oficina; trabajo a la tarifa "
          "por hora de su contrato, facturado por cada 15 minutos o fracción; "
          "recargo del 100 % sobre la tarifa por hora si el trabajo empieza fuera del horario "
          "de oficina; más el 25 % de IVA danés (moms)",
    "da": "Vagttelefon: kan kontaktes nu, døgnet rundt. Pris: 1.000,00 kr. i starttillæg "
          "for opkald, der ikke er driftskritiske, uden for normal arbejdstid; arbejde til "
          "timeprisen i jeres aftale, afregnet pr. påbegyndte 15 minutter; 100 % tillæg på "
          "timeprisen, når arbejdet begynder uden for normal arbejdstid; plus 25 % moms"}
SUPPORT_MONDAY_DK = {"de": "Support: geschlossen, öffnet am Montag um 08:00 Uhr",
                     "it": "Assistenza: non disponibile, riapre lunedì alle 08:00",
                     "es": "Soporte: no disponible, vuelve a atender el lunes a las 8:00",
                     "da": "Support: lukket, åbner mandag kl. 08.00"}


def url(site_url: str, lang: str, article: str) -> str:
    return f"{site_url}{'' if lang == 'de' else '/' + lang}/{article}/"


def shown_rows(page) -> list[tuple[str, str]]:
    rows = page.locator(".helpsite-answer-country:visible li")
    return [(normalise_spaces(row.locator("a").inner_text()),
             normalise_spaces(row.locator(".helpsite-answer-status").inner_text()))
            for row in rows.all()]


def first_row_on_screen(page, height: int) -> bool:
    """The first row's number, and the first line of its status (whether it answers now),
    on the first screen; the price terms that follow may run below it."""
    row = page.locator(".helpsite-answer-country:visible li").first
    number = row.locator("a").bounding_box()
    status = row.locator(".helpsite-answer-status").bounding_box()
    line = 26  # one line of the status: 16 px type, Material's line height of 1.6
    return (number is not None and status is not None and number["y"] >= 0
            and number["y"] + number["height"] <= height and status["y"] + line <= height)


@sweep("lang", LANGUAGES)
@sweep("viewport", VIEWPORTS, ids=["phone", "laptop"])
def test_number_status_and_price_for_dach_callers(browser, site_url, lang, viewport):
    context = browser.new_context(viewport=dict(zip(("width", "height"), viewport)),
                                  timezone_id="America/New_York")
    page = context.new_page()
    seen, expected = [], []
    for moment in (SUNDAY_2310, FRIDAY_1759, FRIDAY_1800):
        page.clock.set_fixed_time(moment)
        page.goto(url(site_url, lang, "onoffice"))
        for country in ("DE", "AT", "CH"):
            page.locator(".helpsite-answer select").select_option(country)
            seen.append((moment.isoformat(), country, shown_rows(page),
                         first_row_on_screen(page, viewport[1])))
            expected.append((moment.isoformat(), country,
                             [(number, normalise_spaces(text)) for number, text
                              in expected_onoffice(lang, moment, country)], True))
    context.close()
    assert seen == expected


@sweep("lang", LANGUAGES)
@sweep("viewport", VIEWPORTS, ids=["phone", "laptop"])
def test_danish_caller_on_friday_afternoon(browser, site_url, lang, viewport):
    context = browser.new_context(viewport=dict(zip(("width", "height"), viewport)))
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2026, 11, 27, 15, 0, tzinfo=COPENHAGEN))
    page.goto(url(site_url, lang, "oneoffice"))
    assert page.locator(".helpsite-answer select").input_value() == "DK"  # the only country
    assert shown_rows(page) == [("+45 7021 1813", normalise_spaces(ON_CALL[lang])),
                                ("+45 7021 1813", normalise_spaces(SUPPORT_MONDAY_DK[lang]))]
    assert first_row_on_screen(page, viewport[1])
    context.close()


@pytest.mark.parametrize("lang, country", [  # Italian and Danish repeat the German case
    ("de", "DE"), pytest.param("it", "DE", marks=pytest.mark.slow), ("es", "ES"),
    pytest.param("da", "DE", marks=pytest.mark.slow)])
def test_country_defaults_from_the_language_and_is_remembered(browser, site_url, lang, country):
    """Spain has a number on the Spanish page; Italy and Denmark have none at onOffice, so
    the desk's first country stands in."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url(site_url, lang, "onoffice"))
    select = page.locator(".helpsite-answer select")
    assert select.input_value() == country
    select.select_option("AT")
    page.goto(url(site_url, lang, "onoffice"))
    assert page.locator(".helpsite-answer select").input_value() == "AT"
    context.close()


def test_without_javascript_the_numbers_are_listed_by_country(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(site_url, "de", "onoffice"))
    text = normalise_spaces(page.locator(".helpsite-answer").inner_text())
    context.close()
    assert [line for line in text.splitlines() if line.strip()] == [
        "Jetzt anrufen",
        "Uhrzeiten: Mitteleuropäische Zeit",
        "Deutschland",
        "+49 241 446 86 122 Support",
        "+49 241 44686-112 Notfallhotline und Notfall-Support in der Nacht",
        "Schweiz",
        "+49 241 446 86 122 Support",
        "+41 31 511 27 92 Notfallhotline und Notfall-Support in der Nacht",
        "Österreich",
        "+43 (1) 3619857-60 Support",
        "+43 (1) 3619857-60 Notfallhotline und Notfall-Support in der Nacht",
        # Issue 20, item 6: the Austrian number is free for support, charged for emergencies
        # (the fee onoffice-emergency covers calls from AT to those two services only).
        "Dieselbe Nummer: Support ohne Gebühr, Notfallhotline und Notfall-Support in der Nacht "
        "gebührenpflichtig."]


def test_beyond_the_compiled_horizon_the_status_is_unknown(browser, site_url):
    """The tests build on 2026-11-22 (conftest): the timelines end on 5 December 2027."""
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 12, 6, 12, 0, tzinfo=BERLIN))
    page.goto(url(site_url, "de", "onoffice"))
    box = page.locator(".helpsite-answer")
    assert box.locator(".helpsite-answer-unknown").is_visible()
    assert box.locator(".helpsite-answer-status:visible").count() == 0
    assert normalise_spaces(box.locator(".helpsite-answer-country:visible").inner_text()).split(
        "\n") == ["+49 241 446 86 122", "Support",
                  "+49 241 44686-112", "Notfallhotline und Notfall-Support in der Nacht"]
    assert page.locator(".helpsite-open-now:visible").count() == 0
    context.close()


# Item 2 of issue 12: each line's status speaks of its own table's service.
def test_each_tables_status_speaks_of_its_own_service(browser, site_url):
    page = browser.new_page()
    austria = "tr:has(a[href='tel:+431361985760']) .helpsite-open-now"
    support_table, emergency_table = (page.locator("table.helpsite-lines").nth(0),
                                      page.locator("table.helpsite-lines").nth(1))
    page.clock.set_fixed_time(FRIDAY_1759)
    page.goto(url(site_url, "de", "onoffice"))
    at_1759 = (support_table.locator(austria).inner_text(),
               emergency_table.locator(austria).inner_text())
    page.clock.set_fixed_time(FRIDAY_1800)
    page.goto(url(site_url, "de", "onoffice"))
    at_1800 = (support_table.locator(austria).inner_text(),
               emergency_table.locator(austria).inner_text())
    page.close()
    assert [normalise_spaces(text) for text in at_1759] == [
        SUPPORT_OPEN["de"], normalise_spaces(HOTLINE["de"] + PRICE["de"])]
    assert [normalise_spaces(text) for text in at_1800] == [
        SUPPORT_MONDAY["de"], normalise_spaces(HOTLINE["de"] + PRICE["de"])]


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(data=st.data(), lang=st.sampled_from(LANGUAGES),
       desk_country=st.sampled_from([("onoffice", "DE"), ("onoffice", "AT"), ("onoffice", "CH"),
                                     ("oneoffice", "DK")]))
def test_script_finds_the_state_python_states(data, lang, desk_country):
    """The answer box's compiled timeline, looked up by the page's script (node) at
    generated instants, gives what the Python rule gives there."""
    desk_id, country = desk_country
    today = dt.date(2026, 11, 22)
    box = AnswerBox(Context(STRINGS, lang), desk_id, DATA.desks[desk_id], today)
    first, last, start, end = span(today)
    rule = box.rule(country, first, last)
    minutes = data.draw(st.lists(st.integers(int(start.timestamp()) // 60,
                                             int(end.timestamp()) // 60 - 1),
                                 min_size=30, max_size=30))
    instants = [dt.datetime.fromtimestamp(minute * 60, dt.timezone.utc) for minute in minutes]
    seen = pagescript.run([{"kind": "step", "timeline": "t", "now": minute * 60000}
                           for minute in minutes], timelines={"t": box.timeline(country)})
    assert seen == [rule.words(rule.facts(instant)) for instant in instants]


def test_the_price_beside_a_status_is_what_holds_then_and_from_there():
    from helpsite.pages.feeterms import PriceNow

    first, last, _, _ = span(dt.date(2026, 11, 22))
    on_call = PriceNow(Context(STRINGS, "de"), DATA.desks["oneoffice"], first, last)
    monday_10 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=COPENHAGEN)  # inside office hours
    assert normalise_spaces(on_call.text("on-call", ("DK",), monday_10)) == (
        "Arbeitszeit zum Stundensatz Ihrer Vereinbarung, abgerechnet je angefangene 15 Minuten; "
        "Aufgaben unter 15 Minuten während der Bürozeiten sind im Betriebsvertrag enthalten; "
        "plus 25 % dänische Mehrwertsteuer (moms)")
    assert on_call.text("support", ("DK",), monday_10) is None  # no fee covers support
    emergency = PriceNow(Context(STRINGS, "de"), DATA.desks["onoffice"], first, last)
    assert emergency.text("emergency-hotline", ("ES",), FRIDAY_1759) is None  # not covered
    # Where the caller's country is not known, the terms say which calls they cover.
    assert normalise_spaces(emergency.text("emergency-hotline", (), FRIDAY_1759)) == (
        "5,95 € für jeden angefangenen Block von 5 Minuten; gilt für Anrufe aus Deutschland, "
        "Österreich und der Schweiz")


def test_printed_box_lists_numbers_without_a_status(browser, site_url):
    page = browser.new_page()
    page.clock.set_fixed_time(FRIDAY_1759)
    page.goto(url(site_url, "de", "onoffice"))
    page.emulate_media(media="print")
    box = page.locator(".helpsite-answer")
    assert box.locator(".helpsite-answer-status:visible").count() == 0
    assert box.locator(".helpsite-answer-name:visible").all_inner_texts() == ["Deutschland"]
    assert [normalise_spaces(row.inner_text()) for row in box.locator("li:visible").all()] == [
        "+49 241 446 86 122 Support",
        "+49 241 44686-112 Notfallhotline und Notfall-Support in der Nacht"]
    page.close()


# Issue 20, item 2: a desk with no number (booking by in-app chat or e-mail) has a box too.
CONTABILITA = {"en": ("Write now", "Phone support: open now, until 5:30 PM",
                      "Phone support: closed, opens Monday at 8:30 AM", "Times: Central European Time"),
               "de": ("Jetzt schreiben", "Telefonsupport: jetzt geöffnet, bis 17:30 Uhr",
                      "Telefonsupport: geschlossen, öffnet am Montag um 08:30 Uhr",
                      "Uhrzeiten: Mitteleuropäische Zeit")}


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_desk_without_a_number_shows_its_email_and_whether_it_answers(browser, site_url, lang):
    """Contabilità books phone support Monday-Thursday 08:30-17:30, Friday 08:30-12:00, Rome
    time: Thursday 26 November 2026 at 10:00 it answers until 17:30; Friday at 12:00 it has
    closed until Monday 08:30. The box names the desk's clock (CLDR's generic zone name)."""
    heading, open_now, closed, clock = CONTABILITA[lang]
    rome = ZoneInfo("Europe/Rome")
    page = browser.new_page(viewport={"width": 360, "height": 740})
    seen = []
    for moment in (dt.datetime(2026, 11, 26, 10, 0, tzinfo=rome),
                   dt.datetime(2026, 11, 27, 12, 0, tzinfo=rome)):
        page.clock.set_fixed_time(moment)
        page.goto(url(site_url, lang, "contabilita"))
        box = page.locator(".helpsite-answer")
        seen.append(normalise_spaces(box.locator(".helpsite-answer-status").inner_text()))
    assert box.locator("#helpsite-answer-heading").inner_text() == heading
    assert box.locator("select").count() == 0  # no country to pick
    assert box.locator("a").get_attribute("href") == "mailto:contabilitaincloud@teamsystem.com"
    assert normalise_spaces(box.locator(".helpsite-answer-clock").inner_text()).splitlines()[0] == clock
    assert seen == [open_now, closed]
    assert first_row_on_screen(page, 740)
    page.close()


# Issue 20, item 3: beside the desk's clock, the visitor's own where it differs.
@pytest.mark.parametrize(("zone", "moment", "said"), [
    # Monday 23 November 2026, 10:00 UTC: 11:00 in Berlin, 05:00 in New York.
    ("America/New_York", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc),
     "It is 11:00 AM there, 5:00 AM your time."),
    ("Europe/Berlin", dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc),
     "It is 11:00 AM there."),
    # Berlin has just gone to summer time (28 March 2027, 01:00 UTC); New York did on the 14th.
    ("America/New_York", dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.timezone.utc),
     "It is 3:30 AM there, 9:30 PM your time."),
    ("Asia/Tokyo", dt.datetime(2027, 3, 28, 0, 59, tzinfo=dt.timezone.utc),
     "It is 1:59 AM there, 9:59 AM your time.")])
def test_the_box_says_the_time_there_and_the_visitors_own(browser, site_url, zone, moment, said):
    context = browser.new_context(timezone_id=zone, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(url(site_url, "en", "onoffice"))
    time = page.locator(".helpsite-answer-time")
    assert normalise_spaces(time.inner_text()) == said
    box = time.bounding_box()
    assert box["y"] + box["height"] <= 740  # in the first screen
    context.close()


# Issue 20, item 6: without scripts the theme's closed language menu stuck out 21 px.
@pytest.mark.parametrize("lang", ["de", "it", "es", "da", "en", "fr"])
def test_without_javascript_nothing_scrolls_sideways_on_a_phone(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    widths = {}
    for article in ("onoffice", "oneoffice", "contabilita"):
        page.goto(url(site_url, lang, article))
        widths[article] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert widths == {"onoffice": 360, "oneoffice": 360, "contabilita": 360}
