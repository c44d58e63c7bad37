"""The site built in one process against the same site built one language per process
(shards) and merged, and against plain Material on the same pages.

    python benchmarks/bench_shards.py [--sizes 2000 1000 500] [--per-topic 25]
                                      [--shards LL ...] [--parts one checks shards merge plain]
                                      [--jobs N]

For each size (N articles x the example's languages) prints, each from a fresh process:
  - the one-process build (`mkdocs build`): wall, CPU, peak memory (RSS);
  - the sources checked across languages once (`helpsite build --checks`), what every
    shard then reads instead of every language's pages: wall, CPU, peak memory;
  - each language's shard (`helpsite build --language --checks`, built one after another,
    as each would run on a runner of its own, or --jobs N at a time): wall, CPU, peak memory, its size on disk and
    its search index's; the slowest shard;
  - the merge (`helpsite merge`, which also runs check --site): wall, CPU, peak memory, and
    the merged site's size;
  - plain Material (MkDocs, Material and static-i18n, no hooks) on the Markdown the hooks
    produce: wall, CPU, peak memory;
with the load average beside each: on a machine shared with other work, CPU time is the
figure to compare. --shards LL ...: only these languages' shards (no merge); --parts: only
these measurements (the merge needs every shard).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_build import measure, mkdocs_build, plain_copy
from synthetic import REPO, generate

PARTS = ["one", "checks", "shards", "merge", "plain"]
LANGUAGES = [folder.name for folder in sorted((REPO / "docs").iterdir()) if folder.is_dir()]


def load() -> str:
    return "load {:.1f}".format(os.getloadavg()[0])


def line(label: str, pages: int, figures: tuple[float, float, float]) -> str:
    seconds, peak, cpu = figures
    return (f"  {label:<22} wall {seconds:8.1f} s  CPU {cpu:8.1f} s ({1000 * cpu / pages:5.1f} ms"
            f"/page)  peak {peak:7.0f} MiB  ({load()})")


def size_mib(folder: Path) -> float:
    return sum(file.stat().st_size for file in folder.rglob("*") if file.is_file()) / 2**20


def zipped_mib(folder: Path) -> float:
    """As actions/upload-artifact stores a folder: a zip at zlib level 6."""
    with tempfile.TemporaryFile() as archive:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zipped:
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    zipped.write(file, file.relative_to(folder))
        return archive.tell() / 2**20


def index_figures(folder: Path, pages: int) -> str:
    """A language's search index: what a reader's browser downloads on the first search."""
    # (Not compressed: the synthetic articles repeat every few pages, which compresses far
    # better than real ones.)
    index = next(folder.rglob("search_index.json")).stat().st_size
    return f"search index {index / 2**20:.1f} MiB ({index / pages / 1024:.1f} KiB/page)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 1000, 500])
    parser.add_argument("--per-topic", type=int, default=25)
    parser.add_argument("--shards", nargs="+", metavar="LL", help="only these shards, no merge")
    parser.add_argument("--parts", nargs="+", default=PARTS, choices=PARTS)
    parser.add_argument("--jobs", type=int, default=1,
                        help="shards built at a time (each still measured on its own)")
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
            if "one" in args.parts:
                print(line("one process", pages,
                           measure(mkdocs_build(project, scratch / f"one-{size}"), 1)),
                      flush=True)
            checks = scratch / f"checks-{size}.json"
            if {"checks", "shards"} & set(args.parts):
                print(line("checks (once)", pages, measure(
                    [helpsite, "build", "--checks", str(checks), "--root", str(project)], 1)),
                    flush=True)
            folder = scratch / f"shards-{size}"
            if "shards" in args.parts:
                def shard(language: str) -> tuple[float, float, float]:
                    return measure(
                        [sys.executable, "-m", "helpsite_shard", language, "-f",
                         str(project / "mkdocs.yml"), "-d", str(folder / language),
                         "--checks", str(checks)], 1)

                with ThreadPoolExecutor(args.jobs) as pool:
                    shards = dict(zip(languages, pool.map(shard, languages)))
                for language in languages:
                    on_disk = size_mib(folder / language)
                    print(line(f"shard {language}", per_language, shards[language])
                          + f"  {on_disk:.0f} MiB on disk ({1024 * on_disk / per_language:.0f}"
                          f" KiB/page), zipped {zipped_mib(folder / language):.0f} MiB, "
                          + index_figures(folder / language, per_language), flush=True)
                slowest = max(shards, key=lambda language: shards[language][2])  # by CPU
                print(line(f"slowest shard ({slowest})", per_language, shards[slowest]))
                print(f"  peak memory per shard: {max(peak for _, peak, _ in shards.values()):.0f} "
                      f"MiB at most", flush=True)
            if "merge" in args.parts and languages == LANGUAGES:
                print(line("merge (+ check --site)", pages, measure(
                    [helpsite, "merge", *(str(folder / language) for language in LANGUAGES),
                     "--out", str(scratch / f"merged-{size}"), "--root", str(project),
                     "--size-limit", "0"], 1))
                    + f"  the site {size_mib(scratch / f'merged-{size}'):.0f} MiB "
                    f"({1024 * size_mib(scratch / f'merged-{size}') / pages:.0f} KiB/page)",
                    flush=True)
            if "plain" in args.parts:
                plain = plain_copy(project, scratch / f"plain-{size}")
                print(line("plain Material", pages,
                           measure(mkdocs_build(plain, scratch / f"plain-site-{size}"), 1)),
                      flush=True)
                shutil.rmtree(plain)
            for leftover in scratch.glob(f"*-{size}*"):  # disk for the next size
                if leftover.is_symlink() or leftover.is_file():
                    leftover.unlink()
                else:
                    shutil.rmtree(leftover)


if __name__ == "__main__":
    main()
