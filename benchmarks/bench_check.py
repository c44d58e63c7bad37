"""Time `helpsite check --site` on the example site and on synthetic sites.

    python benchmarks/bench_check.py [--sizes 500] [--runs 3]
    python benchmarks/bench_check.py --hostile [--limit 60]

Prints, per site, the pages checked, the build's wall time, the median wall time of the
check and the check's share of the build (the issue's limit is 10 %). Synthetic articles
are grouped in topics of --per-topic, as bench_build.py does. With --hostile: the wall time of `helpsite compare` and of
`helpsite check --site` on each 1 MB hostile input of tests/hostile.py (a run is stopped
at --limit seconds).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import REPO, generate

sys.path.insert(0, str(REPO / "tests"))
import hostile  # noqa: E402


def build(project: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site)], check=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def time_check(project: Path, site: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "helpsite.cli", "check", "--root",
                                 str(project), "--site", str(site)], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"check failed:\n{result.stdout}{result.stderr}")
    return statistics.median(times)


def time_hostile(limit: float) -> None:
    command = [sys.executable, "-m", "helpsite.cli"]
    with tempfile.TemporaryDirectory() as scratch:
        for name, (reference, translation) in hostile.CASES.items():
            folder = Path(scratch) / name.replace(" ", "-").replace(",", "")
            folder.mkdir()
            (folder / "de.txt").write_text(reference, encoding="utf-8")
            (folder / "es.txt").write_text(translation, encoding="utf-8")
            site = hostile.write_site(folder / "site", reference, translation)
            figures = []
            for arguments in (["compare", f"de={folder / 'de.txt'}", f"es={folder / 'es.txt'}"],
                              ["check", "--root", str(folder), "--site", str(site)]):
                start = time.perf_counter()
                try:
                    subprocess.run(command + arguments, capture_output=True, timeout=limit)
                    figures.append(f"{time.perf_counter() - start:6.2f} s")
                except subprocess.TimeoutExpired:
                    figures.append(f">{limit:.0f} s (stopped)")
            print(f"{name:>24}: compare {figures[0]:>16}, check --site {figures[1]:>16}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[500])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--per-topic", type=int, default=25, help="articles per topic folder")
    parser.add_argument("--hostile", action="store_true", help="time the 1 MB hostile inputs")
    parser.add_argument("--limit", type=float, default=60, help="stop a hostile run after this")
    args = parser.parse_args()
    if args.hostile:
        return time_hostile(args.limit)
    with tempfile.TemporaryDirectory() as scratch:
        cases = [("example", REPO)]
        cases += [(f"{n} articles", generate(Path(scratch) / f"site-{n}", n, args.per_topic))
                  for n in args.sizes]
        for label, project in cases:
            site = Path(scratch) / f"built-{label.split()[0]}"
            built = build(project, site)
            pages = len(list(site.rglob("*.html")))
            seconds = time_check(project, site, args.runs)
            print(f"{label:>20}: {pages:5d} HTML pages, build {built:6.1f} s, check --site median "
                  f"{seconds:6.2f} s ({args.runs} runs), {100 * seconds / built:.1f} % of the build")


if __name__ == "__main__":
    main()
