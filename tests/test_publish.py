"""Publishing: the workflow file is well-formed and safe, and builds are reproducible."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner
from mkdocs import utils as mkdocs_utils
from mkdocs.__main__ import cli
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pydantic import BaseModel, ConfigDict, Field, RootModel

from helpsite.sources.yamlsource import load_yaml

from conftest import REPO, write

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


# The part of GitHub's workflow schema this file uses; unknown keys are typos.
class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Step(Strict):
    id: str | None = None
    name: str | None = None
    uses: str | None = None
    run: str | None = None
    with_: dict[str, str | int | bool] | None = Field(default=None, alias="with")
    env: dict[str, str] | None = None
    if_: str | None = Field(default=None, alias="if")


class Environment(Strict):
    name: str
    url: str | None = None


class Job(Strict):
    runs_on: str = Field(alias="runs-on")
    container: str | None = None
    needs: str | list[str] | None = None
    if_: str | None = Field(default=None, alias="if")
    permissions: dict[str, Literal["read", "write", "none"]] | None = None
    environment: Environment | None = None
    outputs: dict[str, str] | None = None
    strategy: dict[str, dict[str, str]] | None = None  # a matrix (tests/test_shards.py)
    steps: list[Step] = Field(min_length=1)


class Triggers(Strict):
    pull_request: None = None
    push: dict[Literal["branches"], list[str]]


class Workflow(Strict):
    name: str
    on: Triggers
    permissions: dict[str, Literal["read", "write", "none"]]
    concurrency: dict[str, str | bool]
    jobs: RootModel[dict[str, Job]]


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    # The strict loader keeps the key "on" a string (YAML 1.1 would read it as true).
    return Workflow.model_validate(load_yaml(WORKFLOW, "publish.yml").data)


def test_every_action_is_pinned_to_a_commit_with_its_release_named():
    uses = re.findall(r"uses: (\S+)(.*)", WORKFLOW.read_text())
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), action


def test_pull_requests_and_main_run_the_same_tests_as_ci(workflow):
    test_job = workflow.jobs.root["test"]
    assert test_job.container.startswith("python:3.11-") and "bookworm" in test_job.container
    runs = [step.run for step in test_job.steps if step.run]
    assert runs == ["bash .ci/run tests"]
    assert test_job.permissions is None and workflow.permissions == {"contents": "read"}
    ci = (REPO / ".ci" / "run").read_text()
    assert "mkdocs build --strict --site-dir site" in ci and "helpsite check --site site" in ci


def test_only_main_deploys_with_the_official_pages_actions(workflow):
    merge_job, deploy = workflow.jobs.root["merge"], workflow.jobs.root["deploy"]
    [upload] = [step for step in merge_job.steps if step.uses and "upload-pages-artifact" in step.uses]
    assert upload.if_ == ON_MAIN and upload.with_ == {"path": "site"}
    assert deploy.if_ == ON_MAIN and deploy.needs == "merge"
    assert deploy.permissions == {"pages": "write", "id-token": "write"}
    assert deploy.environment.name == "github-pages"
    assert [step.uses.split("@")[0] for step in deploy.steps] == [
        "actions/configure-pages", "actions/deploy-pages"]
    assert workflow.on.push == {"branches": ["main"]}


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path, example_site):
    """The first build is the session's, made in another process (a worker, or a run)."""
    site = tmp_path / "second"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site)))
    sites = [{path.relative_to(root).as_posix(): path.read_bytes()
              for path in sorted(root.rglob("*")) if path.is_file()}
             for root in (example_site, site)]
    assert sites[0].keys() == sites[1].keys() and len(sites[0]) > 50
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []
    assert b"2026-11-22" in sites[0]["sitemap.xml"]  # the build date is the epoch's (conftest)


# --- a failed build changes nothing --------------------------------------------------------


def _mkdocs(*argv: str):
    """The `mkdocs` command in this process (so a test can break things mid-build). It sets
    up MkDocs' loggers for a terminal (and to drop repeated messages); static-i18n swaps
    clean_directory during a build. Later tests get all of it back as it was."""
    loggers = [logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")]
    saved = [(log.propagate, log.level, list(log.handlers), list(log.filters)) for log in loggers]
    clean_directory = mkdocs_utils.clean_directory
    try:
        return CliRunner().invoke(cli, list(argv))
    finally:
        for log, (propagate, level, handlers, filters) in zip(loggers, saved):
            log.propagate, log.level, log.handlers[:], log.filters[:] = (
                propagate, level, handlers, filters)
        mkdocs_utils.clean_directory = clean_directory


def _cli_build(project: Path, site: Path, *options: str) -> int:
    """`mkdocs build --strict` as CI runs it."""
    return _mkdocs("build", "--strict", *options, "-f", str(project / "mkdocs.yml"),
                   "-d", str(site)).exit_code


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


@pytest.fixture
def published(tiny) -> tuple[Path, Path, dict]:
    site = tiny.parent / "published"
    assert _cli_build(tiny, site) == 0
    before = _snapshot(site)
    assert "index.html" in before and "da/index.html" in before
    return tiny, site, before


def _edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("quiet", [(), ("-q",)])
def test_drift_fails_the_strict_build_even_quiet_and_the_site_is_unchanged(published, quiet):
    project, site, before = published
    _edit(project / "docs" / "da" / "index.md", "Åbent:", "Åbent fra kl. 22.00:")
    assert _cli_build(project, site, *quiet) == 1
    assert _snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".published.")) == [
        ".published.builds", ".published.lock"]
    assert [p.resolve() for p in (site.parent / ".published.builds").iterdir()] == [site.resolve()]


@pytest.mark.parametrize("quiet", [(), ("-q",)])
def test_a_broken_link_fails_the_build_after_pages_are_written_and_the_site_is_unchanged(
        published, quiet):
    from helpsite.cli.main import main

    project, site, before = published
    for lang in ("de", "da"):
        _edit(project / "docs" / lang / "index.md", "{{ desk.email }}",
              "{{ desk.email }} [more](missing.md)")
    assert main(["confirm", "--root", str(project), str(project / "docs" / "da" / "index.md")]) == 0
    assert _cli_build(project, site, *quiet) == 1
    assert _snapshot(site) == before


def test_yaml_broken_while_the_build_runs_leaves_the_site_unchanged(published, monkeypatch):
    from mkdocs.commands import build as mkdocs_build

    project, site, before = published
    write_page = mkdocs_build._build_page

    def break_yaml_then_write(page, config, *args, **kwargs):
        desk = project / "data" / "desks" / "desk.yaml"
        desk.write_text(desk.read_text() + "name: [unclosed\n")
        return write_page(page, config, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", break_yaml_then_write)
    assert _cli_build(project, site) == 1
    assert _snapshot(site) == before


def test_a_successful_build_replaces_the_site(published):
    project, site, before = published
    _edit(project / "data" / "desks" / "desk.yaml", "Kleiner Desk", "Großer Desk")
    assert _cli_build(project, site) == 0
    after = _snapshot(site)
    assert b"Gro\xc3\x9fer Desk" in after["index.html"] and after.keys() == before.keys()
    assert oct(site.stat().st_mode & 0o777) != oct(0o700)


def test_one_build_at_a_time_per_folder(published):
    from helpsite.site.publish import StagedSite

    project, site, before = published
    other = StagedSite(site)  # another build is running
    try:
        assert _cli_build(project, site) == 1
    finally:
        other.discard()
    assert _snapshot(site) == before


@pytest.mark.parametrize("link, target", [
    ("docs/de/passwd.md", "/etc/passwd"), ("docs/de/etc", "/etc"), ("docs/de/host.txt", "/etc/hostname")])
def test_a_symbolic_link_out_of_the_project_is_refused(published, link, target):
    project, site, before = published
    (project / link).symlink_to(target)
    result = _mkdocs("build", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.exit_code == 1 and _snapshot(site) == before
    assert f"{link}:1:1: is a link to something outside the project" in result.output
    assert result.output.count("outside the project") == 1


# -- no script but the ones the build lists (issue 17) ---------------------------------


def _theme_with(project: Path, block: str) -> Path:
    """A copy of overrides/ with a main.html, as a project customises Material, that extends
    the package's helpsite.html and also writes ``block`` into every page's body."""
    overrides = project / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text('{% extends "helpsite.html" %}\n\n{% block announce %}' + block
                    + "{% endblock %}\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(str(REPO / "overrides"), str(overrides)))
    return main


@pytest.mark.parametrize("block, where, what", [
    ("<script>alert('theme')</script>", "overrides/main.html:", "an inline <script> the build "
     "did not write"),
    ('<script src="https://cdn.example/x.js"></script>', "overrides/main.html:",
     "a script the build did not write (https://cdn.example/x.js)"),
    ('<span onmouseover="alert(1)">x</span>', "overrides/main.html:",
     "an event handler (onmouseover=)"),
    ('<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">',
     "overrides/main.html:", "a refresh"),
])
def test_a_script_the_build_did_not_list_stops_it_and_the_site_is_unchanged(
        published, block, where, what):
    project, site, before = published
    main = _theme_with(project, block)
    line = main.read_text(encoding="utf-8").count("\n")  # the block is on the last line
    result = _mkdocs("build", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.exit_code == 1 and _snapshot(site) == before
    assert f"{where}{line}:" in result.output and what in result.output, result.output
    assert "the 404 page would publish" in result.output  # the first the build writes


def test_a_script_in_the_projects_stylesheet_stops_it_at_the_stylesheets_line(published):
    # Every page holds the stylesheet (a project's overrides/assets/helpsite.css wins over
    # the package's): text that closes the <style> reaches the page as markup.
    project, site, before = published
    _theme_with(project, "")
    stylesheet = project / "overrides" / "assets" / "helpsite.css"
    stylesheet.parent.mkdir()
    stylesheet.write_text(".a { color: red }\n.b{}</style><script>alert(1)</script>\n",
                          encoding="utf-8")
    result = _mkdocs("build", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.exit_code == 1 and _snapshot(site) == before
    assert "overrides/assets/helpsite.css:2:13: the 404 page would publish an inline <script> " \
        "the build did not write" in result.output, result.output


def test_a_script_listed_in_mkdocs_yml_from_elsewhere_stops_the_build(published):
    project, site, before = published
    with (project / "mkdocs.yml").open("a") as config:
        config.write("extra_javascript: [https://cdn.example/tracker.js]\n")
    result = _mkdocs("build", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.exit_code == 1 and _snapshot(site) == before
    assert "mkdocs.yml:" in result.output and "(https://cdn.example/tracker.js)" in result.output


@pytest.mark.parametrize("name", ["de/page.html", "de/x/evil.js", "da/logo.svg", "de/m.mjs",
                                  "de/doc.XHTML"])
def test_documents_and_scripts_under_docs_are_refused(published, name):
    project, site, before = published
    write(project, f"docs/{name}", "<script>alert(1)</script>\n")
    result = _mkdocs("build", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.exit_code == 1 and _snapshot(site) == before
    assert f"docs/{name}:1:1: a .{name.rsplit('.', 1)[1].lower()} file would be published" \
        in result.output
