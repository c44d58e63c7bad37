"""Publishing under faults: a build killed at any step of publishing, a full disk, a folder
it may not write. After each, the site is the previous one byte for byte or the new one
complete, and the next build, failed or not, still has the previous site to keep."""

from __future__ import annotations

import errno
import os
import shutil
import types
from pathlib import Path

import pytest

from helpsite.site import publish
from helpsite.site.publish import StagedSite

from test_publish import _cli_build, _edit, _mkdocs, _snapshot, published  # noqa: F401

def _dying(function, step: int, calls: list):
    """``function``, but the process dies (os._exit, as under SIGKILL: no cleanup runs) at
    ``step``: step 2k-1 just before the k-th change publishing makes, 2k just after it."""
    def call(*args, **kwargs):
        calls.append(function.__name__)
        if step == 2 * len(calls) - 1:
            os._exit(9)
        result = function(*args, **kwargs)
        if step == 2 * len(calls):
            os._exit(9)
        return result
    return call


def _publish(site: Path, text: str, step: int = 0) -> int:
    """Publish a two-page build into ``site`` in a child process killed at ``step`` (none
    at 0): its exit status."""
    child = os.fork()
    if child == 0:  # the child never returns into pytest
        status = 1
        try:
            calls: list = []
            staged = publish.StagedSite(site)
            for page in ("index.html", "da/index.html"):
                (staged.staging / page).parent.mkdir(exist_ok=True)
                (staged.staging / page).write_text(text)
            publish.os = types.SimpleNamespace(**{**vars(os), **{
                name: _dying(getattr(os, name), step, calls)
                for name in ("rename", "replace", "symlink")}})
            publish.shutil = types.SimpleNamespace(
                **{**vars(shutil), "rmtree": _dying(shutil.rmtree, step, calls)})
            if hasattr(publish, "_exchange"):
                publish._exchange = _dying(publish._exchange, step, calls)
            staged.publish()
            status = 0
        finally:
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])


def _site(site: Path) -> dict[str, bytes]:
    return _snapshot(site) if site.exists() else {}


def _complete(text: str) -> dict[str, bytes]:
    return {"index.html": text.encode(), "da/index.html": text.encode()}


@pytest.fixture(params=["link", "folder", "user link"])
def old_site(request, tmp_path) -> Path:
    """A published site in each layout: our link (two builds already), a real folder (as
    published before builds were kept), a link the user made to a folder elsewhere."""
    site = tmp_path / "project" / "site"
    if request.param == "link":
        for text in ("older", "old"):
            assert _publish(site, text) == 0
        return site
    target = tmp_path / "www" / "help" if request.param == "user link" else site
    (target / "da").mkdir(parents=True)
    (target / "index.html").write_text("old")
    (target / "da" / "index.html").write_text("old")
    if request.param == "user link":
        site.parent.mkdir()
        site.symlink_to(target)
    return site


def test_killed_at_every_step_of_publishing_the_site_is_old_or_new_and_never_missing(old_site):
    outcomes = []
    for step in range(1, 12):  # publishing makes at most 5 changes
        before = _site(old_site)
        assert before == _complete("old") or before == _complete("new"), step
        assert _publish(old_site, "new", step) in (0, 9), step
        after = _site(old_site)
        assert after in (before, _complete("new")), step
        # The next build fails: the site stays as the kill left it.
        StagedSite(old_site).discard()
        assert _site(old_site) == after, step
        outcomes.append(after == before)
        if after == _complete("new"):  # published: start the next step from the old site
            assert _publish(old_site, "old") == 0
    assert outcomes[0] and not outcomes[-1]  # killed before the swap, and after it
    # and the one after succeeds; the build it replaced is kept, nothing else.
    builds = old_site.resolve().parent
    assert _publish(old_site, "newest") == 0
    assert _site(old_site) == _complete("newest")
    assert len(list(builds.iterdir())) == 2
    assert old_site.is_symlink() or old_site.parent.joinpath("site").is_symlink()


def test_a_site_link_the_user_made_stays_and_its_target_is_published(published, tmp_path):
    project, site, before = published
    deployed = tmp_path / "www" / "help"
    deployed.parent.mkdir()
    site.rename(deployed) if not site.is_symlink() else deployed.symlink_to(site.resolve())
    user_link = project / "site"
    user_link.symlink_to(deployed)
    _edit(project / "data" / "desks" / "desk.yaml", "Kleiner Desk", "Großer Desk")
    assert _cli_build(project, user_link) == 0
    assert os.readlink(user_link) == str(deployed)  # the user's link is left as it was
    assert "Großer Desk" in (deployed / "index.html").read_text(encoding="utf-8")
    assert not (project / ".site.builds").exists()


def test_a_failed_dirty_build_leaves_the_site_unchanged(published):
    project, site, before = published
    _edit(project / "docs" / "da" / "index.md", "{{ desk.email }}", "[x](missing.md)")
    assert _cli_build(project, site, "--dirty") == 1
    assert _snapshot(site) == before


def test_a_dirty_build_rewrites_what_changed_and_keeps_the_rest(published):
    project, site, before = published
    _edit(project / "docs" / "da" / "index.md", "Åbent:", "Åbent (i dag):")
    result = _mkdocs("build", "--dirty", "--no-strict", "-f", str(project / "mkdocs.yml"),
                     "-d", str(site))
    assert result.exit_code == 0, result.output
    after = _snapshot(site)
    assert after.keys() == before.keys() and "Åbent (i dag):" in after["da/index.html"].decode()
    assert after["index.html"] == before["index.html"]


def _beside(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site.parent)) for pattern in ("*", ".*/*")
                  for path in site.parent.glob(pattern))


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "page.html")


def _read_only(*args, **kwargs):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS), "site")


@pytest.mark.parametrize("where, fault, says", [
    ("mkdocs.utils.write_file", _no_space, "No space left on device; {site} was not changed; "
                                           "free some space and build again"),
    ("helpsite.site.publish.tempfile.mkdtemp", _read_only, "Read-only file system; {site} was not "
                                                      "changed; make it writable"),
    ("helpsite.site.publish.os.symlink", _no_space, "No space left on device; {site} was not changed"),
])
def test_disk_full_or_read_only_is_one_line_exit_2_and_the_site_unchanged(
        published, monkeypatch, where, fault, says):
    project, site, before = published
    beside = _beside(site)
    monkeypatch.setattr(where, fault)
    result = _mkdocs("build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.exit_code == 2 and result.exception.__class__ is SystemExit
    [line] = result.output.splitlines()
    assert line.startswith("Error: helpsite: cannot write ") and "Traceback" not in result.output
    assert says.format(site=site) in line
    assert _snapshot(site) == before
    assert _beside(site) == beside  # nothing left behind
