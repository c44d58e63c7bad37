"""One zensical-i18n project from `helpsite export`'s languages (used by .ci/zensical):

    python .ci/zensical_project.py ROOT EXPORT PROJECT

PROJECT/docs/LANG/ is EXPORT/LANG/docs/; PROJECT/mkdocs.yml is the default language's
exported configuration with mkdocs.yml's languages under zensical-i18n (folder structure,
each language's site name and description), which makes the language selector itself.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from helpsite.site.export import language_configs, read_config

_LANGUAGE_KEYS = ("locale", "name", "default", "build", "site_name", "site_description")


def main(root: Path, export: Path, project: Path) -> None:
    languages = language_configs(read_config(root))
    default = next(locale for locale, entry in languages.items() if entry.get("default"))
    config = yaml.safe_load((export / default / "mkdocs.yml").read_text(encoding="utf-8"))
    for locale in languages:
        shutil.copytree(export / locale / "docs", project / "docs" / locale)
    shutil.copytree(export / default / "overrides", project / "overrides")
    config["extra"].pop("alternate", None)
    config["plugins"] = [*config["plugins"], {"i18n": {
        "docs_structure": "folder", "fallback_to_default": False,
        "languages": [{key: entry[key] for key in _LANGUAGE_KEYS if key in entry}
                      for entry in languages.values()]}}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True,
                                                       sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main(*map(Path, sys.argv[1:4]))
