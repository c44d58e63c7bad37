"""How many small changes to a module its tests fail to notice.

    python benchmarks/mutants.py MODULE.py [MODULE.py ...] --tests tests/test_a.py [...]
        [--per-module 40] [--seed 0] [--root .] [--timeout-factor 5] [--json FILE]
        [--retry FILE]

Each mutant is one AST-level change: an arithmetic operator swapped (+ -, * /, // /, % //),
a comparison swapped (< <=, > >=, == !=, in / not in, is / is not), `and`/`or` swapped, a
`not` dropped, an integer constant increased by one, True/False flipped. Sites are listed in
source order and --per-module of them sampled with a fixed seed, so a run is repeatable.

The project (without .git and .venv) is copied once into a temporary folder; each mutant is
written into that copy and the given test files run there with `-x -q` on one process
(`python -m pytest -o addopts=`, the copy's hooks/ first on PYTHONPATH), so the worktree is
never touched and can be edited meanwhile. A mutant is killed when the tests fail, or run
over --timeout-factor times the unmutated run. The unmutated (but unparsed) module must pass
first, else the run stops. Prints one line per module (mutants, killed, survived) and each
survivor with its line; --json writes the same. --retry FILE (an earlier --json) runs
only that run's survivors again, counting the others as killed: after tests were added
(the module unchanged, so the same seed samples the same mutants), the new figures.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SWAPS: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult,
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.And: ast.Or, ast.Or: ast.And,
}
SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
           ast.Mod: "%", ast.Pow: "**", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
           ast.Eq: "==", ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
           ast.IsNot: "is not", ast.And: "and", ast.Or: "or"}


@dataclass(frozen=True)
class Site:
    """One mutation: the ``index``-th node of ``ast.walk`` changed as ``what`` says."""

    index: int
    slot: int  # which operator of a comparison; 0 otherwise
    line: int
    what: str


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def _annotations(tree: ast.AST) -> set[int]:
    """Nodes inside type annotations (``Literal[...]``, ``int | None``): not code."""
    inside = set()
    for node in ast.walk(tree):
        parts = []
        if isinstance(node, ast.AnnAssign):
            parts.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts.append(node.returns)
            parts += [a.annotation for a in ast.walk(node.args) if isinstance(a, ast.arg)]
        for part in filter(None, parts):
            inside |= {id(n) for n in ast.walk(part)}
    return inside


def sites(source: str) -> list[Site]:
    tree = ast.parse(source)
    skip = _docstrings(tree) | _annotations(tree)
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.BinOp, ast.AugAssign, ast.BoolOp)) and type(node.op) in SWAPS:
            new = SWAPS[type(node.op)]
            found.append(Site(index, 0, line, f"{SYMBOLS[type(node.op)]} -> {SYMBOLS[new]}"))
        elif isinstance(node, ast.Compare):
            found += [Site(index, slot, line, f"{SYMBOLS[type(op)]} -> {SYMBOLS[SWAPS[type(op)]]}")
                      for slot, op in enumerate(node.ops)]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append(Site(index, 0, line, "not dropped"))
        elif isinstance(node, ast.Constant) and type(node.value) in (int, bool):
            new = (not node.value) if isinstance(node.value, bool) else node.value + 1
            found.append(Site(index, 0, line, f"{node.value!r} -> {new!r}"))
    return found


class _Mutate(ast.NodeTransformer):
    def __init__(self, site: Site, nodes: list[ast.AST]):
        self.target = nodes[site.index]
        self.site = site

    def visit(self, node):
        node = self.generic_visit(node)
        if node is not self.target:
            return node
        if isinstance(node, (ast.BinOp, ast.AugAssign, ast.BoolOp)):
            node.op = SWAPS[type(node.op)]()
        elif isinstance(node, ast.Compare):
            node.ops[self.site.slot] = SWAPS[type(node.ops[self.site.slot])]()
        elif isinstance(node, ast.UnaryOp):
            return node.operand
        elif isinstance(node.value, bool):
            node.value = not node.value
        else:
            node.value += 1
        return node


def mutated(source: str, site: Site | None) -> str:
    tree = ast.parse(source)
    if site is not None:
        tree = _Mutate(site, list(ast.walk(tree))).visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


SKIPPED = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules"}


def copy_project(root: Path, into: Path) -> None:
    """The project without caches, environments and the built site (root/site only: the
    package has a subpackage of that name)."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {name for name in names if name in SKIPPED
                or (name == "site" and Path(folder) == root)}

    shutil.copytree(root, into, ignore=ignore)


def run_tests(copy: Path, tests: list[str], timeout: float | None) -> tuple[bool, float]:
    """Whether the tests pass in the copy, and how long they took (False on a timeout)."""
    env = {**os.environ, "PYTHONPATH": str(copy / "hooks"), "PYTHONDONTWRITEBYTECODE": "1",
           "NO_MKDOCS_2_WARNING": "1"}
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-o", "addopts=", "-x", "-q", "-p", "no:cacheprovider",
             *tests], cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - started
    return done.returncode == 0, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", help="module files, relative to --root")
    parser.add_argument("--tests", nargs="+", required=True, help="test files, relative to --root")
    parser.add_argument("--per-module", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--timeout-factor", type=float, default=5.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--retry", type=Path)
    args = parser.parse_args(argv)
    # Stopped with kill: leave through the with-block, so the copy is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    root = args.root.resolve()
    earlier = {entry["module"]: [Site(**site) for site in entry["survivors"]]
               for entry in json.loads(args.retry.read_text())} if args.retry else {}
    report = []
    with tempfile.TemporaryDirectory(prefix="mutants-") as temp:
        copy = Path(temp) / "project"
        copy_project(root, copy)
        for module in args.modules:
            target, original = copy / module, (root / module).read_text(encoding="utf-8")
            all_sites = sites(original)
            sample = sorted(random.Random(args.seed).sample(
                all_sites, min(args.per_module, len(all_sites))), key=lambda s: (s.line, s.index))
            target.write_text(mutated(original, None), encoding="utf-8")
            passed, baseline = run_tests(copy, args.tests, None)
            if not passed:
                print(f"{module}: the tests fail on the unmutated module; stopped", file=sys.stderr)
                return 2
            survivors = []
            for number, site in enumerate(sample, 1):
                if args.retry and site not in earlier.get(module, ()):
                    continue
                target.write_text(mutated(original, site), encoding="utf-8")
                passed, _ = run_tests(copy, args.tests, max(30.0, args.timeout_factor * baseline))
                if passed:
                    survivors.append(site)
                print(f"  {module} {number}/{len(sample)} line {site.line}: {site.what}: "
                      f"{'SURVIVED' if passed else 'killed'}", file=sys.stderr, flush=True)
            target.write_text(original, encoding="utf-8")
            report.append({"module": module, "sites": len(all_sites), "mutants": len(sample),
                           "killed": len(sample) - len(survivors), "survived": len(survivors),
                           "survivors": [asdict(s) for s in survivors]})
    for entry in report:
        print(f"{entry['module']}: {entry['mutants']} of {entry['sites']} sites sampled, "
              f"{entry['killed']} killed, {entry['survived']} survived")
        for survivor in entry["survivors"]:
            print(f"  line {survivor['line']}: {survivor['what']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
