"""The package's layers, read from its own imports: no module imports itself round a loop,
each subpackage imports only from the layers below it, and the core knows nothing of MkDocs.

Imports are read with ``ast`` from the source (nothing is run), those inside functions
too: a late import is still a dependency.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from helpsite.pages.markup import THEME, theme_dirs

PACKAGE = Path(__file__).resolve().parent.parent / "hooks" / "helpsite"

# Bottom first. A module may import from its own layer and the layers before it; the
# package's own modules (errors.py) are the ground every layer stands on.
LAYERS = ("", "sources", "model", "rules", "drift", "pages", "site", "cli")


def _name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, package: Path) -> set[str]:
    """Every dotted name ``path`` imports, relative imports made absolute; ``from a import
    b`` gives ``a`` and ``a.b`` (b may be a module or a name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    name = _name(path, package)
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[:len(here) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def graph(package: Path) -> dict[str, set[str]]:
    """Each module of the package -> the package's modules it imports."""
    paths = {_name(path, package): path for path in sorted(package.rglob("*.py"))}
    return {name: (_imported(path, package) & set(paths)) - {name}
            for name, path in paths.items()}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS[1:] else ""


def cycle(modules: dict[str, set[str]]) -> list[str]:
    """One import loop, as the modules round it (the first again at the end); [] if none."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return path[path.index(module):] + [module]
        if module in done:
            return []
        for imported in sorted(modules[module]):
            if found := visit(imported, path + [module]):
                return found
        done.add(module)
        return []

    return next((found for module in sorted(modules) if (found := visit(module, []))), [])


def upward(modules: dict[str, set[str]]) -> list[str]:
    """Each import of a module from a layer above its own."""
    return [f"{module} ({layer(module) or 'root'}) imports {imported} ({layer(imported)})"
            for module, imported_modules in sorted(modules.items())
            for imported in sorted(imported_modules)
            if LAYERS.index(layer(imported)) > LAYERS.index(layer(module))]


MODULES = graph(PACKAGE)


def test_every_subpackage_is_a_layer():
    packages = {path.parent.relative_to(PACKAGE).parts[0] for path in PACKAGE.glob("*/__init__.py")}
    assert packages == set(LAYERS[1:])
    assert len(MODULES) > 30  # the package was read, not an empty folder


def test_no_import_cycle():
    assert cycle(MODULES) == []


def test_each_layer_imports_only_from_the_layers_below_it():
    assert upward(MODULES) == []


def test_importing_the_package_loads_no_layer():
    """``import helpsite`` runs nothing: no module needs another to be loaded first."""
    assert MODULES["helpsite"] == set()


def test_the_core_imports_no_mkdocs():
    importing = sorted(name for name, path in
                       ((_name(path, PACKAGE), path) for path in PACKAGE.rglob("*.py"))
                       if any(found == "mkdocs" or found.startswith("mkdocs.")
                              for found in _imported(path, PACKAGE)))
    assert importing == []


def test_the_readers_find_a_loop_and_an_upward_import(tmp_path):
    """The readers above on a made-up package: a relative import inside a function makes a
    loop with an absolute one, and the lower layer's import is the upward one."""
    package = tmp_path / "helpsite"
    for relative, text in {"__init__.py": "", "sources/__init__.py": "",
                           "sources/a.py": "def f():\n    from ..model import b\n",
                           "model/__init__.py": "", "model/b.py": "from helpsite.sources import a\n",
                           "model/c.py": "import helpsite.model.b\n"}.items():
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_text(text)
    modules = graph(package)
    assert modules["helpsite.model.c"] == {"helpsite.model.b"}
    assert cycle(modules) == ["helpsite.model.b", "helpsite.sources.a", "helpsite.model.b"]
    assert upward(modules) == ["helpsite.sources.a (sources) imports helpsite.model (model)",
                               "helpsite.sources.a (sources) imports helpsite.model.b (model)"]



def test_every_file_of_the_packages_data_is_declared_for_the_wheel():
    """A template or script the globs of pyproject.toml miss would be left out of a wheel
    (tests/test_install.py builds one): each data file matches a glob of its package."""
    declared = tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text())[
        "tool"]["setuptools"]["package-data"]
    data = [path for path in PACKAGE.rglob("*") if path.is_file()
            and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts]
    missed = [path.relative_to(PACKAGE).as_posix() for path in data
              if not any(path.relative_to(PACKAGE.parent.joinpath(*package.split("."))).match(glob)
                         for package, globs in declared.items()
                         if path.is_relative_to(PACKAGE.parent.joinpath(*package.split(".")))
                         for glob in globs)]
    assert len(data) > 10 and missed == []


def test_the_theme_layer_goes_between_a_projects_overrides_and_the_theme():
    dirs = ["/site/overrides", "/env/material/templates", "/env/mkdocs/templates"]
    layered = theme_dirs(dirs, "/env/material/templates")
    assert layered == ["/site/overrides", str(THEME), *dirs[1:]]
    assert theme_dirs(layered, "/env/material/templates") == layered  # once per language build

def module_map(package: Path = PACKAGE) -> str:
    """The map of the package, bottom layer first: module, lines, job (its docstring's first
    sentence) and the package's modules it imports."""
    modules = graph(package)
    rows = ["| module | lines | job | imports |", "|---|---:|---|---|"]
    for name in sorted(modules, key=lambda name: (LAYERS.index(layer(name)), name)):
        path = package.parent.joinpath(*name.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        text = path.read_text(encoding="utf-8")
        job = (ast.get_docstring(ast.parse(text)) or "").split("\n\n")[0].replace("\n", " ")
        imports = ", ".join(sorted(imported.removeprefix("helpsite.")
                                   for imported in modules[name]
                                   if not any(other.startswith(imported + ".")
                                              for other in modules[name])))
        job = job.split(". ")[0].split(": ")[0].rstrip(".").replace("|", "\\|")
        rows.append(f"| {name.removeprefix('helpsite.')} | {text.count(chr(10))} | "
                    f"{job if len(job) < 80 else job[:78] + '…'} | {imports} |")
    return "\n".join(rows)


if __name__ == "__main__":  # the map for a note: python tests/test_layers.py [PACKAGE]
    import sys
    print(module_map(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE))
