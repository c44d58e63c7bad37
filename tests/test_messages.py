"""Writers' messages: each names file:line:col, says what is wrong and what to do next."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import TINY, write
from test_translations import GUIDE


def test_a_listed_article_missing_in_a_language_is_named_with_what_to_do(tmp_path):
    # The preview renders a home page while a new article exists in one language only;
    # it logged "docs/da/index.md:7:1: 'da/guide.md'" and nothing else.
    from helpsite.contents import article_list
    from helpsite.context import PlaceholderError
    from helpsite.project import load_project

    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    write(root, "docs/de/guide.md", GUIDE)
    write(root, "docs/da/guide.md", GUIDE)
    project = load_project(root)
    del project.pages["da/guide.md"]
    with pytest.raises(PlaceholderError, match=re.escape(
            "the list of articles needs docs/da/guide.md, which does not exist yet; add it "
            "with: helpsite new page guide (a copy to translate in da)")):
        article_list(project, "da")
