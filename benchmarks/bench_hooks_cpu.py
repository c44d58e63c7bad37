"""The hooks' CPU per page against plain MkDocs + Material + static-i18n on the same pages,
built interleaved in one run, optionally with an earlier checkout of helpsite beside them.

    python benchmarks/bench_hooks_cpu.py [--sizes 200 500] [--runs 2] [--per-topic 25]
                                         [--before CHECKOUT] [--together] [--profile DUMP]

For each size (N synthetic articles x the example's languages), each run builds, one after
the other in fresh processes: helpsite (this checkout), plain Material on the Markdown the
hooks produce (bench_build.plain_copy: no hooks), and with --before the same articles with
that checkout's hooks and its own .venv (e.g. a pristine copy of main). Prints each build's
CPU time (user + sys of the build and its children) per page with the load average at its
start, then the medians and the ratio helpsite / plain. CPU time, not wall time, is the
figure to compare on a machine shared with other work. --together starts a run's builds at
the same time, so that they share one load (on a machine other work keeps busy, a load that
changes between builds run one after the other moves their CPU times apart). --profile
builds helpsite once more per size under cProfile, writes the dump (DUMP-SIZE.prof; read it
with pstats or snakeviz) and prints each hook event's share of that build (cumulative: an
event's own work and what it calls; cProfile slows small calls more than large ones).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build import ENV, measure, mkdocs_build, plain_copy
from synthetic import generate


def build(python: str, project: Path, site: Path) -> list[str]:
    return [python, *mkdocs_build(project, site)[1:]]


def timed(command: list[str]) -> tuple[float, float]:
    """The load average as the build starts, and its CPU seconds."""
    load = os.getloadavg()[0]
    return load, measure(command, 1)[2]


# python -c PROFILE DUMP -m mkdocs ARGS: cProfile on CPU time, which other work on the
# machine does not stretch (python -m cProfile measures wall time).
PROFILE = """
import cProfile, runpy, sys, time
dump, sys.argv = sys.argv[1], ["mkdocs", *sys.argv[4:]]
profiler = cProfile.Profile(time.process_time)
try:
    profiler.runcall(runpy.run_module, "mkdocs", run_name="__main__")
except SystemExit as stop:
    if stop.code:
        raise
finally:
    profiler.dump_stats(dump)
"""


def profile(command: list[str], dump: Path) -> None:
    """``command`` (a build: PYTHON -m mkdocs ...) under cProfile into ``dump``; print the
    hook events' shares."""
    subprocess.run([command[0], "-c", PROFILE, str(dump), *command[1:]], check=True, env=ENV)
    stats = pstats.Stats(str(dump)).stats
    total = max(cumulative for _, _, _, cumulative, _ in stats.values())
    events = sorted(((cumulative, calls, name) for (file, _, name), (calls, _, _, cumulative, _)
                     in stats.items() if file.endswith("helpsite_mkdocs.py")
                     and name.startswith("on_")), reverse=True)
    print(f"  profile {dump}: {total:.1f} s of CPU under cProfile", flush=True)
    for cumulative, calls, name in events:
        print(f"    {name:<20} x{calls:<5} {cumulative:7.1f} s {100 * cumulative / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 500])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--per-topic", type=int, default=25)
    parser.add_argument("--before", type=Path, help="an earlier checkout with its own .venv")
    parser.add_argument("--together", action="store_true", help="a run's builds at once")
    parser.add_argument("--profile", type=Path, help="a cProfile dump of one helpsite build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_hooks_cpu_") as scratch_name:
        scratch = Path(scratch_name)
        for size in args.sizes:
            project = generate(scratch / f"site-{size}", size, args.per_topic)
            builds = {"helpsite": build(sys.executable, project, scratch / f"out-{size}"),
                      "plain Material": build(sys.executable, plain_copy(
                          project, scratch / f"plain-{size}"), scratch / f"plain-out-{size}")}
            if args.before:
                earlier = generate(scratch / f"before-{size}", size, args.per_topic,
                                   args.before)
                builds["helpsite before"] = build(str(args.before / ".venv/bin/python"),
                                                  earlier, scratch / f"before-out-{size}")
            pages = sum(1 for _ in (project / "docs").rglob("*.md"))
            print(f"{size} articles x 6 languages = {pages} pages", flush=True)
            cpu: dict[str, list[float]] = {name: [] for name in builds}
            for run in range(args.runs):
                with concurrent.futures.ThreadPoolExecutor(
                        len(builds) if args.together else 1) as pool:
                    started = {name: pool.submit(timed, command)
                               for name, command in builds.items()}
                    for name, result in started.items():
                        load, used = result.result()
                        cpu[name].append(used)
                        per_page = 1000 * used / pages
                        print(f"  run {run + 1} {name:<16} CPU {used:7.1f} s ({per_page:5.1f} "
                              f"ms/page)  load {load:4.1f}", flush=True)
            if args.profile:
                profile(builds["helpsite"], args.profile.with_name(
                    f"{args.profile.name}-{size}.prof"))
            median = {name: statistics.median(values) for name, values in cpu.items()}
            for name, used in median.items():
                ratio = used / median["plain Material"]
                print(f"  median {name:<16} {1000 * used / pages:5.1f} ms/page  "
                      f"x{ratio:.2f} plain", flush=True)


if __name__ == "__main__":
    main()
