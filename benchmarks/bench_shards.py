"""The site built in one process against the same site built one language per process
(shards) and merged, and against plain Material on the same pages.

    python benchmarks/bench_shards.py [--sizes 500 1000 2000] [--per-topic 25]
                                      [--shards LL ...] [--no-plain]

For each size (N articles x the example's languages) prints, each from a fresh process:
  - the one-process build (`mkdocs build`): wall, CPU, peak memory (RSS);
  - each language's shard (`helpsite build --language`, built one after another, as each
    would run on a runner of its own): wall, CPU, peak memory; the slowest shard;
  - the merge (`helpsite merge`, which also runs check --site): wall, CPU, peak memory;
  - plain Material (MkDocs, Material and static-i18n, no hooks) on the Markdown the hooks
    produce: wall, CPU, peak memory;
with the load average beside each: on a machine shared with other work, CPU time is the
figure to compare. --shards LL ...: only these languages' shards (no merge), for sizes
too slow to build every shard of on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench_build import measure, mkdocs_build, plain_copy
from synthetic import REPO, generate

LANGUAGES = [folder.name for folder in sorted((REPO / "docs").iterdir()) if folder.is_dir()]


def load() -> str:
    return "load {:.1f}".format(os.getloadavg()[0])


def line(label: str, pages: int, figures: tuple[float, float, float]) -> str:
    seconds, peak, cpu = figures
    return (f"  {label:<22} wall {seconds:8.1f} s  CPU {cpu:8.1f} s ({1000 * cpu / pages:5.1f} ms"
            f"/page)  peak {peak:7.0f} MiB  ({load()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--per-topic", type=int, default=25)
    parser.add_argument("--shards", nargs="+", metavar="LL", help="only these shards, no merge")
    parser.add_argument("--no-plain", action="store_true", help="leave out plain Material")
    args = parser.parse_args()
    languages = args.shards or LANGUAGES
    helpsite = str(Path(sys.executable).parent / "helpsite")
    with tempfile.TemporaryDirectory(prefix="bench_shards_") as scratch_name:
        scratch = Path(scratch_name)
        for size in args.sizes:
            project = generate(scratch / f"site-{size}", size, args.per_topic)
            pages = sum(1 for _ in (project / "docs").rglob("*.md"))
            per_language = pages // len(LANGUAGES)
            print(f"{size} articles x {len(LANGUAGES)} languages: {pages} pages ({load()})",
                  flush=True)
            print(line("one process", pages,
                       measure(mkdocs_build(project, scratch / f"one-{size}"), 1)), flush=True)
            shards = {}
            for language in languages:
                shards[language] = measure(
                    [sys.executable, "-m", "helpsite_shard", language, "-f",
                     str(project / "mkdocs.yml"), "-d", str(scratch / f"shards-{size}" / language)],
                    1)
                print(line(f"shard {language}", per_language, shards[language]), flush=True)
            slowest = max(shards, key=lambda language: shards[language][0])
            print(line(f"slowest shard ({slowest})", per_language, shards[slowest]))
            print(f"  peak memory per shard: {max(peak for _, peak, _ in shards.values()):.0f} "
                  f"MiB at most", flush=True)
            if languages == LANGUAGES:
                print(line("merge (+ check --site)", pages, measure(
                    [helpsite, "merge", *(str(scratch / f"shards-{size}" / language)
                                          for language in LANGUAGES),
                     "--out", str(scratch / f"merged-{size}"), "--root", str(project)], 1)),
                    flush=True)
            if not args.no_plain:
                plain = plain_copy(project, scratch / f"plain-{size}")
                print(line("plain Material", pages,
                           measure(mkdocs_build(plain, scratch / f"plain-site-{size}"), 1)),
                      flush=True)


if __name__ == "__main__":
    main()
