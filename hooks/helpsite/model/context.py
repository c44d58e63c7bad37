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
                 desks: dict[str, dict] | None = None, facts: dict[str, dict] | None = None):
        self.strings, self.language = strings, language
        self.memo: dict[tuple, Any] = {}
        # A build's pages.render.LateData: data blocks join the page after Markdown.
        self.late = late
        # What each desk's facts make in this language (``per_desk``), by desk id: the
        # preview's state keeps it while other desks change (site.project.SiteState).
        self.desks = {} if desks is None else desks
        # What each desk's facts make before any words (``every_language``), by desk id:
        # the state gives every language's context the same.
        self.facts = {} if facts is None else facts

    def remembered(self, key: tuple, make) -> Any:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def per_desk(self, desk_id: str, key: tuple, make) -> Any:
        """As ``remembered``, for values made from one desk's facts and the strings alone
        (a compiled timeline): saving another desk does not make them again."""
        return _kept(self.desks, desk_id, key, make)

    def every_language(self, desk_id: str, key: tuple, make) -> Any:
        """As ``per_desk``, for values made from one desk's facts alone, which every
        language words alike (a timeline's steps): a build makes them once."""
        return _kept(self.facts, desk_id, key, make)

    def text(self, key: str, count=None, **values: str) -> str:
        """The string ``key``; of one with forms, the form for ``count`` or for the gender
        of the noun (``noun``) among ``values``."""
        return self.strings.format(self.language, key, count, **values)

    def noun(self, key: str) -> Noun:
        """A string naming a thing, with its gender for the sentences that agree with it."""
        return self.strings.noun(self.language, key)


def _kept(memos: dict[str, dict], desk_id: str, key: tuple, make) -> Any:
    memo = memos.setdefault(desk_id, {})
    if key not in memo:
        memo[key] = make()
    return memo[key]
