"""What the page cache (HELPSITE_PAGE_CACHE) saves a CI build after one desk edit.

    python benchmarks/bench_pagecache.py [--articles 1000] [--per-topic 25]

On a synthetic site (benchmarks/synthetic.py) of N articles x the example's languages, each
build a fresh `mkdocs build --strict` process:
  1. without the cache (today's CI build);
  2. with an empty cache (what the first CI run pays to fill it);
  3. after one desk edit (onOffice's support closes at 17:30, not 18:00), with the cache
     the previous build left, as the next CI run would;
  4. the edited site without the cache, which 3 must equal byte for byte.
Prints each build's CPU (user + system) and wall seconds, the pages converted and taken
from the cache, and the load average (1 min) when it started: on a shared machine compare
CPU, not wall time.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import generate

MEASURE = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
if result.returncode:
    sys.exit(result.stdout + result.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime)
print(result.stdout + result.stderr)
"""
REPORT = re.compile(r"page cache \S+: (\d+) page\(s\) taken from it, (\d+) converted")


def build(project: Path, site: Path, cache: Path | None) -> tuple[float, float, str]:
    """CPU seconds, wall seconds and the cache's report of one build."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("HELPSITE_PAGE_CACHE", None)
    if cache is not None:
        env["HELPSITE_PAGE_CACHE"] = str(cache)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "mkdocs",
                          "build", "--strict", "-d", str(site)],
                         cwd=project, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(f"build failed:\n{out.stdout}{out.stderr}")
    cpu, _, log = out.stdout.partition("\n")
    found = REPORT.search(log)
    return float(cpu), wall, (f"{found[2]} converted, {found[1]} from the cache"
                              if found else "no cache")


def same(left: Path, right: Path) -> bool:
    """Every file of both sites, byte for byte."""
    compared = filecmp.dircmp(left.resolve(), right.resolve())
    pending = [compared]
    while pending:
        current = pending.pop()
        if current.left_only or current.right_only or filecmp.cmpfiles(
                current.left, current.right, current.common_files, shallow=False)[1:] != ([], []):
            return False
        pending.extend(current.subdirs.values())
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-topic", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpsite-pagecache-") as tmp:
        project = generate(Path(tmp, "site"), args.articles, args.per_topic)
        pages = sum(1 for _ in (project / "docs").rglob("*.md"))
        cache = Path(tmp, "cache")
        print(f"{args.articles} articles, {pages} pages")
        rows = []

        def run(what: str, site: str, with_cache: bool) -> None:
            load = os.getloadavg()[0]
            cpu, wall, report = build(project, Path(tmp, site), cache if with_cache else None)
            rows.append((what, cpu, wall, report, load))
            print(f"  {what:<34} CPU {cpu:7.1f} s  wall {wall:7.1f} s  {report:<34} "
                  f"load {load:.1f}", flush=True)

        run("clean build, no cache", "clean", False)
        run("clean build, empty cache", "cold", True)
        desk = project / "data/desks/onoffice.yaml"
        desk.write_text(desk.read_text(encoding="utf-8").replace(
            '{days: mon-fri, from: "09:00", to: "18:00"}',
            '{days: mon-fri, from: "09:00", to: "17:30"}', 1), encoding="utf-8")
        run("one desk edited, warm cache", "warm", True)
        run("one desk edited, no cache", "edited", False)
        print("  warm build = clean build of the edited site, byte for byte:",
              same(Path(tmp, "warm"), Path(tmp, "edited")))
        entries = sum(path.stat().st_size for path in cache.rglob("*") if path.is_file())
        print(f"  cache: {entries / 2**20:.0f} MiB; warm/clean CPU "
              f"{rows[2][1] / rows[0][1]:.2f}")


if __name__ == "__main__":
    main()
