"""What every view needs: the language it renders in, its strings, and a memo."""

from __future__ import annotations

from typing import Any

from helpsite.model.strings import Noun, Strings


class PlaceholderError(Exception):
    """A placeholder names something that does not exist."""


class Context:
    """Rendering in one language. ``memo`` keeps markup that many pages repeat (a desk's
    line statuses, a fee's examples) for the life of the context."""

    def __init__(self, strings: Strings, language: str, late: Any = None,
                 desks: dict[str, dict] | None = None):
        self.strings, self.language = strings, language
        self.memo: dict[tuple, Any] = {}
        # A build's pages.render.LateData: data blocks join the page after Markdown.
        self.late = late
        # What each desk's facts make in this language (``per_desk``), by desk id: the
        # preview's state keeps it while other desks change (site.project.SiteState).
        self.desks = {} if desks is None else desks

    def remembered(self, key: tuple, make) -> Any:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def per_desk(self, desk_id: str, key: tuple, make) -> Any:
        """As ``remembered``, for values made from one desk's facts and the strings alone
        (a compiled timeline): saving another desk does not make them again."""
        memo = self.desks.setdefault(desk_id, {})
        if key not in memo:
            memo[key] = make()
        return memo[key]

    def text(self, key: str, count=None, **values: str) -> str:
        """The string ``key``; of one with forms, the form for ``count`` or for the gender
        of the noun (``noun``) among ``values``."""
        return self.strings.format(self.language, key, count, **values)

    def noun(self, key: str) -> Noun:
        """A string naming a thing, with its gender for the sentences that agree with it."""
        return self.strings.noun(self.language, key)
