"""The package as users get it: a wheel, installed (not editable) into a new environment,
builds the example site from a copy outside the repository.

Nothing is downloaded: the wheel is built with the setuptools of the test environment
(``--no-build-isolation --no-index``) from a copy of what the wheel is made of, and the new
environment finds the pinned dependencies where the test environment has them (a path
after its own site-packages, so the installed helpsite comes first and the repository's
``hooks/helpsite/`` is on no path at all).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def _run(*command, cwd: Path) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([str(part) for part in command], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new environment with helpsite installed from its wheel: its python."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / part, source / part)
    shutil.copytree(REPO / "hooks", source / "hooks",
                    ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    built = _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                 "--no-build-isolation", "--no-index", "--wheel-dir", work / "dist", source,
                 cwd=work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("helpsite-*.whl")
    environment = work / "env"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site_packages = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                              cwd=work).stdout.strip())
    (site_packages / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    put = _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
               "--no-deps", "--no-index", wheel, cwd=work)
    assert put.returncode == 0, put.stderr
    return python


def test_the_installed_package_is_the_wheels(installed):
    found = _run(installed, "-c", "import helpsite, helpsite_serve; print(helpsite.__file__)",
                 cwd=installed.parent)
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(installed.parent.parent)


def test_the_example_site_builds_from_a_copy_outside_the_repository(installed, tmp_path):
    project = tmp_path / "example"
    for part in ("data", "docs", "overrides"):
        shutil.copytree(REPO / part, project / part)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "hooks").mkdir()
    shutil.copy(REPO / "hooks" / "helpsite_mkdocs.py", project / "hooks")  # the adapter alone
    result = _run(installed, "-m", "mkdocs", "build", "--strict", "--site-dir", "site",
                  cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    languages = sorted(folder.name for folder in (REPO / "docs").iterdir())
    pages = [Path(language if language != "de" else "", page.with_suffix("").name, "index.html")
             if page.stem != "index" else Path(language if language != "de" else "", "index.html")
             for language in languages for page in (REPO / "docs" / language).glob("*.md")]
    assert len(pages) == 30 and [page for page in pages if not (site / page).is_file()] == []
    # The views' markup and the page scripts come from the installed package.
    assert 'class="helpsite-answer' in (site / "onoffice" / "index.html").read_text()
    assert (site / "assets" / "helpsite-fees.js").is_file()
