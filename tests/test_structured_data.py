"""JSON-LD on the pages and the published facts.json, against the data and schema.org shapes."""

from __future__ import annotations

import json
import re
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

LANGUAGES = ["de", "it", "es", "da"]
DAYS = Literal["https://schema.org/Monday", "https://schema.org/Tuesday",
               "https://schema.org/Wednesday", "https://schema.org/Thursday",
               "https://schema.org/Friday", "https://schema.org/Saturday",
               "https://schema.org/Sunday"]


# The schema.org shapes we emit: types and property names, nothing else allowed.
class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class OpeningHoursSpecification(Shape):
    type: Literal["OpeningHoursSpecification"] = Field(alias="@type")
    dayOfWeek: list[DAYS] = Field(min_length=1)
    opens: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    closes: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")


class ContactPoint(Shape):
    type: Literal["ContactPoint"] = Field(alias="@type")
    contactType: str
    telephone: str | None = Field(default=None, pattern=r"^\+[1-9]\d{6,14}$")
    email: str | None = None
    areaServed: list[str] | None = None
    availableLanguage: list[str] | None = None
    hoursAvailable: list[OpeningHoursSpecification]


class Organization(Shape):
    context: Literal["https://schema.org"] = Field(alias="@context")
    type: Literal["Organization"] = Field(alias="@type")
    name: str
    email: str | None = None
    contactPoint: list[ContactPoint] = Field(min_length=1)


class Answer(Shape):
    type: Literal["Answer"] = Field(alias="@type")
    text: str = Field(min_length=1)


class Question(Shape):
    type: Literal["Question"] = Field(alias="@type")
    name: str
    acceptedAnswer: Answer


class FAQPage(Shape):
    context: Literal["https://schema.org"] = Field(alias="@context")
    type: Literal["FAQPage"] = Field(alias="@type")
    mainEntity: list[Question] = Field(min_length=1)


def json_ld(site, lang: str, article: str) -> dict[str, dict]:
    page = (site / ("" if lang == "de" else lang) / article / "index.html").read_text(encoding="utf-8")
    documents = [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)]
    return {document["@type"]: document for document in documents}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("article", ["onoffice", "oneoffice", "contabilita"])
def test_organization_json_ld_has_the_emitted_shape(example_site, lang, article):
    Organization.model_validate(json_ld(example_site, lang, article)["Organization"])


@pytest.mark.parametrize("lang, email, phones", [
    ("de", "support@onOffice.com", {"+4924144686122", "+431361985760", "+4924144686112", "+41315112792"}),
    ("it", "assistenzaclienti@onOffice.com", {"+4924144686122", "+431361985760", "+4924144686112", "+41315112792"}),
    ("es", "contacto@onoffice.es", {"+4924144686122", "+431361985760", "+4924144686112", "+41315112792", "+34936073620"}),
    ("da", "support@onOffice.com", {"+4924144686122", "+431361985760", "+4924144686112", "+41315112792"}),
])
def test_onoffice_contact_points_equal_the_data(example_site, lang, email, phones):
    organization = json_ld(example_site, lang, "onoffice")["Organization"]
    points = organization["contactPoint"]
    assert organization["name"] == "onOffice" and organization["email"] == email
    assert {point["telephone"] for point in points} == phones
    night = [p for p in points if p["telephone"] == "+4924144686112"
             and p["hoursAvailable"][0]["opens"] == "22:00"]
    assert night == [{
        "@type": "ContactPoint", "contactType": "emergency", "telephone": "+4924144686112",
        "email": email, "areaServed": ["DE"], "availableLanguage": ["de", "it", "es"],
        "hoursAvailable": [{"@type": "OpeningHoursSpecification",
                            "dayOfWeek": [f"https://schema.org/{day}" for day in (
                                "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                "Saturday", "Sunday")],
                            "opens": "22:00", "closes": "07:30"}]}]
    direct = [p for p in points if p["telephone"] == "+4924144686122"]
    assert [(p["contactType"], p["areaServed"], p["hoursAvailable"][0]["opens"],
             p["hoursAvailable"][0]["closes"], len(p["hoursAvailable"][0]["dayOfWeek"]))
            for p in direct] == [("customer support", ["DE", "CH"], "09:00", "18:00", 5)]


def test_on_call_is_around_the_clock_and_booking_has_no_phone(example_site):
    points = json_ld(example_site, "da", "oneoffice")["Organization"]["contactPoint"]
    on_call = [p for p in points if p["contactType"] == "emergency"]
    assert [(h["opens"], h["closes"], len(h["dayOfWeek"])) for p in on_call
            for h in p["hoursAvailable"]] == [("00:00", "23:59", 7)]
    [booking] = json_ld(example_site, "it", "contabilita")["Organization"]["contactPoint"]
    assert "telephone" not in booking and booking["email"] == "contabilitaincloud@teamsystem.com"
    assert [(h["opens"], h["closes"]) for h in booking["hoursAvailable"]] == [
        ("08:30", "17:30"), ("08:30", "12:00")]


@pytest.mark.parametrize("lang, first_question", [
    ("de", "Wie erreiche ich den Support im Chat?"),
    ("it", "Come contatto l'assistenza in chat?"),
    ("es", "¿Cómo contacto con el soporte por chat?"),
    ("da", "Hvordan skriver jeg til supporten i chatten?"),
])
def test_faq_page_from_the_question_headings(example_site, lang, first_question):
    faq = FAQPage.model_validate(json_ld(example_site, lang, "onoffice")["FAQPage"])
    assert len(faq.mainEntity) == 7
    assert faq.mainEntity[0].name == first_question
    assert "21" in faq.mainEntity[0].acceptedAnswer.text
    assert "FAQPage" not in json_ld(example_site, lang, "oneoffice")


@pytest.mark.parametrize("lang, emergency_answer", [
    ("de", "Land Telefonnummer Jetzt Deutschland +49 241 44686-112 Österreich"),
    ("es", "País Número de teléfono Ahora Alemania +49 241 44686-112 Austria"),
])
def test_faq_answers_are_the_text_a_reader_sees(example_site, lang, emergency_answer):
    # Not the open-now script's data blocks, the calculator's form or the headings' ¶.
    faq = FAQPage.model_validate(json_ld(example_site, lang, "onoffice")["FAQPage"])
    answers = [question.acceptedAnswer.text for question in faq.mainEntity]
    assert answers[4].startswith(emergency_answer)
    assert not [answer for answer in answers if "{" in answer or "¶" in answer]


def test_facts_json_holds_every_desk(example_site):
    facts = json.loads((example_site / "facts.json").read_text(encoding="utf-8"))["desks"]
    assert sorted(facts) == ["contabilita", "oneoffice", "onoffice"]
    onoffice = facts["onoffice"]
    assert onoffice["services"]["night-emergency"]["hours"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "from": "22:00", "to": "07:30"}]
    assert onoffice["lines"][1]["number"] == {
        "display": "+49 241 44686-112", "e164": "+4924144686112", "region": "DE"}
    assert onoffice["fees"]["onoffice-emergency"]["charges"][0] == {
        "kind": "block", "block": 300, "price": "5.95", "when": {}}
    assert [preset.get("default", False) for preset in onoffice["access"]["presets"]] == [
        True] + [False] * 7
    assert facts["oneoffice"]["fees"]["oneoffice-on-call"]["vat"] == {"rate": "25", "label": "moms"}
