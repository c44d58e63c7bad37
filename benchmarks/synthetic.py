"""Generate a synthetic help site of N articles x the example's languages.

Each article is one of the example's articles (cycled), so every page exercises the same
placeholders, tables, fee examples and calculators as the real site. With --per-topic N the
articles are grouped into folders (topics) of N, as a large help site would be: the
navigation then shows the topics and the open page's topic only (mkdocs.yml:
navigation.prune).

    python benchmarks/synthetic.py OUT_DIR --articles 500 [--per-topic 25]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = ["onoffice.md", "oneoffice.md", "contabilita.md"]


def article_path(number: int, per_topic: int = 0) -> str:
    """Where article ``number`` lives in a language's folder: "topic-03/article-0051.md"."""
    name = f"article-{number:04d}.md"
    return f"topic-{number // per_topic:02d}/{name}" if per_topic else name


def generate(target: Path, articles: int, per_topic: int = 0, repo: Path = REPO) -> Path:
    """``repo``: the checkout whose hooks, data and pages are copied (another for a benchmark
    of an earlier version)."""
    if target.exists():
        shutil.rmtree(target)
    for part in ("data", "overrides", "hooks"):
        shutil.copytree(repo / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(repo / "mkdocs.yml", target / "mkdocs.yml")
    for language_dir in sorted((repo / "docs").iterdir()):
        out = target / "docs" / language_dir.name
        out.mkdir(parents=True)
        shutil.copy(language_dir / "translation-status.md", out / "translation-status.md")
        # The home page lists the articles ({{ articles }}), whatever their names.
        shutil.copy(language_dir / "index.md", out / "index.md")
        for number in range(articles):
            article = out / article_path(number, per_topic)
            article.parent.mkdir(exist_ok=True)
            # A verbatim copy keeps each translation's recorded source version valid.
            shutil.copy(language_dir / TEMPLATES[number % len(TEMPLATES)], article)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--per-topic", type=int, default=0, help="articles per folder (0: flat)")
    args = parser.parse_args()
    generate(args.target, args.articles, args.per_topic)
    print(f"{args.target}: {args.articles} articles")


if __name__ == "__main__":
    main()
