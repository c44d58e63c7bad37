"""What the generator costs: build time, hook overhead, memory, check time, reload time.

    python benchmarks/bench_build.py [--sizes 50 200 500] [--runs 3] [--per-topic 25]
                                     [--build-only]

Prints medians of --runs runs:
  - the example site built with the hooks, against the same site built with the hooks
    switched off from the Markdown they produce (the ratio is the hooks' overhead);
  - build time and peak memory (RSS) for synthetic sites of N articles x the example's
    languages, in topics of --per-topic articles (0: all in one folder);
  - `helpsite check --site` on each of them, and its share of the build time;
  - the time from saving a YAML file to the reloaded page under `mkdocs serve`.
--build-only measures the synthetic sites' builds with the hooks alone.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_serve import Server, edit_seconds, yaml_change
from synthetic import REPO, generate

LANGUAGES = len([folder for folder in (REPO / "docs").iterdir() if folder.is_dir()])

sys.path.insert(0, str(REPO / "hooks"))

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
if result.returncode:
    sys.exit(result.stdout + result.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def measure(command: list[str], runs: int) -> tuple[float, float, float]:
    """Median seconds, peak RSS (MiB) and median CPU seconds of ``command``, each run in a
    fresh process. CPU time stays meaningful on a machine that other work shares."""
    seconds, peaks, cpu = [], [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True,
                             text=True, env=ENV)
        if out.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{out.stdout}{out.stderr}")
        elapsed, rss, used = out.stdout.split()
        seconds.append(float(elapsed))
        peaks.append(int(rss) / 1024)
        cpu.append(float(used))
    return statistics.median(seconds), max(peaks), statistics.median(cpu)


def mkdocs_build(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
            "-d", str(site)]


def plain_copy(project: Path, target: Path) -> Path:
    """The same site from the Markdown the hooks produce, with the hooks switched off."""
    from helpsite.site.project import load_project

    loaded = load_project(project)
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("site", ".site.*", ".venv", ".git"))
    for relative, markdown in loaded.rendered.items():
        page = loaded.pages[relative]
        # Keep the front matter: MkDocs reads it whether or not the hooks run.
        front_matter = page.text[:len(page.text) - len(page.body)]
        (target / "docs" / relative).write_text(front_matter + markdown, encoding="utf-8")
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config),
                                       encoding="utf-8")
    return target


def reload_seconds(project: Path, runs: int) -> float:
    server = Server(project)
    try:
        server.wait_for("18:00", server.started, "onoffice/")
        return edit_seconds(server, project / "data" / "desks" / "onoffice.yaml", "onoffice/",
                            runs, yaml_change)
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200, 500])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--per-topic", type=int, default=25)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        example = scratch / "example"
        shutil.copytree(REPO, example, ignore=shutil.ignore_patterns("site", ".site.*", ".venv", ".git", "__pycache__"))
        if not args.build_only:
            hooked, _, hooked_cpu = measure(mkdocs_build(example, scratch / "s1"), args.runs)
            plain, _, plain_cpu = measure(
                mkdocs_build(plain_copy(example, scratch / "plain"), scratch / "s2"), args.runs)
            print(f"example site: with hooks {hooked:.2f} s, hooks off {plain:.2f} s, "
                  f"overhead {100 * (hooked / plain - 1):+.1f} % (CPU "
                  f"{100 * (hooked_cpu / plain_cpu - 1):+.1f} %)")
        for size in args.sizes:
            project = generate(scratch / f"synthetic-{size}", size, args.per_topic)
            site = scratch / f"site-{size}"
            seconds, rss, cpu = measure(mkdocs_build(project, site), args.runs)
            pages = len(list(site.rglob("*.html")))
            line = (f"{size:4d} articles x {LANGUAGES} ({pages:5d} pages): build {seconds:7.2f} s "
                    f"({1000 * seconds / pages:5.1f} ms/page; CPU {1000 * cpu / pages:5.1f} "
                    f"ms/page), peak {rss:5.0f} MiB")
            if args.build_only:
                print(line)
                continue
            plain_seconds, _, plain_cpu = measure(mkdocs_build(
                plain_copy(project, scratch / f"plain-{size}"), scratch / f"plain-site-{size}"),
                args.runs)
            check, _, _ = measure([sys.executable, "-m", "helpsite.cli", "check", "--root",
                                   str(project), "--site", str(site)], args.runs)
            print(f"{line}, hooks off {plain_seconds:7.2f} s "
                  f"(overhead {100 * (seconds / plain_seconds - 1):+5.1f} %; CPU "
                  f"{100 * (cpu / plain_cpu - 1):+5.1f} %), "
                  f"check --site {check:5.2f} s = {100 * check / seconds:4.1f} % of build")
        if not args.build_only:
            print(f"save YAML -> reloaded page under mkdocs serve: "
                  f"{reload_seconds(example, args.runs):.2f} s")


if __name__ == "__main__":
    main()
