"""Time `helpsite check --site` on the example site and on synthetic sites.

    python benchmarks/bench_check.py [--sizes 500] [--runs 3]

Prints, per site, the pages checked and the median wall time of the check; the build
itself is not timed here.
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


def build(project: Path, site: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site)], check=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[500])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cases = [("example", REPO)]
        cases += [(f"{n} articles x 4", generate(Path(scratch) / f"site-{n}", n)) for n in args.sizes]
        for label, project in cases:
            site = Path(scratch) / f"built-{label.split()[0]}"
            build(project, site)
            pages = len(list(site.rglob("*.html")))
            seconds = time_check(project, site, args.runs)
            print(f"{label:>20}: {pages:5d} HTML pages, check --site median {seconds:6.2f} s "
                  f"({args.runs} runs)")


if __name__ == "__main__":
    main()
