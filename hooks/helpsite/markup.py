"""The views' HTML comes from Jinja macros in overrides/partials/, as Material keeps its own."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

PARTIALS = Path(__file__).resolve().parents[2] / "overrides" / "partials"
_ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(PARTIALS), autoescape=True,
                                  undefined=jinja2.StrictUndefined)


@functools.lru_cache(maxsize=None)
def macro(template: str, name: str):
    """A macro of ``overrides/partials/TEMPLATE``; calling it returns escaped markup."""
    return getattr(_ENVIRONMENT.get_template(template).module, name)


def data_block(value) -> Markup:
    """JSON for a <script type="application/json"> data block: no "</" can end it early."""
    return Markup(json.dumps(value, ensure_ascii=False, separators=(",", ":"))
                  .replace("</", "<\\/"))
