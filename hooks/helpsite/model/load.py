"""Loading the desk files: each is read, checked for characters a reader cannot see,
validated against the model, and its references between services, conditions and bands
checked; every problem is reported as ``data/FILE.yaml:LINE:COL: what is wrong``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from helpsite.errors import Problem, SourceError
from helpsite.model.model import Desk, SiteData
from helpsite.model.wording import schema_problems
from helpsite.sources.hidden import is_hidden, name as character_name, visible
from helpsite.sources.yamlsource import SourceDocument, load_yaml


def _reference_problems(document: SourceDocument, desk: Desk) -> list[Problem]:
    problems = []

    def require_service(service_id: str, key_path: tuple) -> None:
        if service_id not in desk.services:
            known = ", ".join(sorted(desk.services)) or "none"
            problems.append(document.problem(
                key_path, f"service {service_id!r} is not defined (services: {known})"))

    for i, line in enumerate(desk.lines):
        for j, service_id in enumerate(line.services):
            require_service(service_id, ("lines", i, "services", j))
    for policy_id, policy in desk.fees.items():
        for j, service_id in enumerate(policy.services):
            require_service(service_id, ("fees", policy_id, "services", j))
        if policy.office_hours is not None:
            require_service(policy.office_hours, ("fees", policy_id, "office_hours"))
        for key_path, when in policy.whens():
            for name in when.conditions:
                if name not in policy.conditions:
                    problems.append(document.problem(
                        ("fees", policy_id, *key_path, name),
                        f"condition {name!r} is not declared; add it to 'conditions:' "
                        f"(declared: {', '.join(policy.conditions) or 'none'})"))
            if when.band is not None and when.band not in policy.bands:
                problems.append(document.problem(
                    ("fees", policy_id, *key_path, "band"),
                    f"band {when.band!r} is not defined (bands: "
                    f"{', '.join(policy.bands) or 'none'})"))
        for j, example in enumerate(policy.examples):
            for k, name in enumerate(example.conditions):
                if name not in policy.conditions:
                    problems.append(document.problem(
                        ("fees", policy_id, "examples", j, "conditions", k),
                        f"condition {name!r} is not declared in 'conditions:'"))
        needs_office_hours = any(when.office_hours for _, when in policy.whens())
        if needs_office_hours and policy.office_hours is None:
            problems.append(document.problem(
                ("fees", policy_id),
                "a charge depends on office hours, so the policy needs 'office_hours: SERVICE'"))
    return problems


def _hidden_problems(document: SourceDocument, value: Any = None, key_path: tuple = ()) -> list[Problem]:
    """Every text in a desk file with a character readers cannot see or that shows another
    value (see hidden.py): a phone number, an address, a price, a name are shown as written."""
    value = document.data if not key_path and value is None else value
    if isinstance(value, dict):
        return [problem for key, item in value.items()
                for problem in _hidden_problems(document, item, (*key_path, key))]
    if isinstance(value, (list, tuple)):
        return [problem for index, item in enumerate(value)
                for problem in _hidden_problems(document, item, (*key_path, index))]
    if not isinstance(value, str):
        return []
    hidden = next((index for index, character in enumerate(value) if is_hidden(character)), None)
    if hidden is None:
        return []
    return [document.problem(key_path, (
        f"{character_name(value[hidden])} at character {hidden + 1} of {visible(value)!r}: a character "
        "readers cannot see, or that shows another value; delete it and type the value again"))]


def load_desk(file: Path, display_path: str) -> tuple[Desk, SourceDocument]:
    document = load_yaml(file, display_path)
    problems = _hidden_problems(document)
    if problems:
        raise SourceError(problems)
    try:
        desk = Desk.model_validate(document.data)
    except ValidationError as error:
        raise SourceError(schema_problems(document, error))
    problems = _reference_problems(document, desk)
    if problems:
        raise SourceError(problems)
    return desk, document


def load_data(root: Path) -> SiteData:
    """Load every ``data/desks/*.yaml`` below ``root``; report all problems at once."""
    desks: dict[str, Desk] = {}
    documents: dict[str, SourceDocument] = {}
    problems: list[Problem] = []
    files = sorted((root / "data" / "desks").glob("*.yaml"))
    for stray in sorted((root / "data").rglob("*.yml")):  # would be left out without a word
        problems.append(Problem(stray.relative_to(root).as_posix(), 1, 1,
                                "data files end in .yaml; rename this one"))
    if not files:
        raise SourceError([*problems, Problem("data/desks", 1, 1, "no desk files (*.yaml) found")])
    for file in files:
        display_path = file.relative_to(root).as_posix()
        try:
            desk, document = load_desk(file, display_path)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        desks[file.stem] = desk
        documents[file.stem] = document
    if problems:
        raise SourceError(problems)
    return SiteData(desks, documents)
