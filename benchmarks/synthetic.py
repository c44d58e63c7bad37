"""Generate a synthetic help site of N articles x the example's languages.

Each article is one of the example's articles (cycled), so every page exercises the same
placeholders, tables, fee examples and calculators as the real site.

    python benchmarks/synthetic.py OUT_DIR --articles 500
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = ["onoffice.md", "oneoffice.md", "contabilita.md"]


def generate(target: Path, articles: int) -> Path:
    if target.exists():
        shutil.rmtree(target)
    for part in ("data", "overrides", "hooks"):
        shutil.copytree(REPO / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for language_dir in sorted((REPO / "docs").iterdir()):
        out = target / "docs" / language_dir.name
        out.mkdir(parents=True)
        shutil.copy(language_dir / "translation-status.md", out / "translation-status.md")
        # The home page links to the example's articles; the first copies stand in for them.
        home = (language_dir / "index.md").read_text(encoding="utf-8")
        for number, template in enumerate(TEMPLATES):
            home = home.replace(f"]({template})", f"](article-{number:04d}.md)")
        (out / "index.md").write_text(home, encoding="utf-8")
        for number in range(articles):
            # A verbatim copy keeps each translation's recorded source version valid.
            shutil.copy(language_dir / TEMPLATES[number % len(TEMPLATES)],
                        out / f"article-{number:04d}.md")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    args = parser.parse_args()
    generate(args.target, args.articles)
    print(f"{args.target}: {args.articles} articles")


if __name__ == "__main__":
    main()
