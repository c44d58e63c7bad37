"""Hostile and broken input, counted: what each kind does to the loader, the renderer, the
command line and a published site, and the worst time 1 MB of input costs.

    .venv/bin/python benchmarks/hostile_inputs.py [--timeout 60]

Runs against whichever helpsite the interpreter imports, so the same script measures two
checkouts (e.g. before and after a change: run it with each checkout's .venv). Each case
runs in a forked child with a time limit and 2 GB of memory. Outcomes: "ok" (accepted),
"located" (a file:line:col problem or a one-line error with exit 2), "traceback", "crash"
(the child died of a signal, e.g. SIGSEGV), "timeout". A case
expected to be refused that comes back "ok" is a wrong acceptance; "lost" counts published
sites or pages that a failed run changed.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import helpsite

REPO = Path(helpsite.__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "tiny"
DESK = (TINY / "data" / "desks" / "desk.yaml").read_text(encoding="utf-8")
PAGE = (TINY / "docs" / "de" / "index.md").read_text(encoding="utf-8")
FEES = ("fees:\n  pay:\n    currency: EUR\n    services: [support]\n    charges:\n"
        "      - {kind: block, block: 5 minutes, price: 1.00}\n")


def _run(function, timeout: float):
    """(outcome, detail, seconds, CPU seconds) of ``function()`` in a forked child; the CPU
    time (the child's and its children's, such as a build) is what load disturbs least."""
    read, write = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # /dev/zero must not OOM the box
        try:
            result = ("ok", str(function())[:200])
        except SystemExit as exit_:
            result = ("ok" if not exit_.code else "located", f"exit {exit_.code}")
        except BaseException as error:  # noqa: BLE001 - the point is to classify it
            located = type(error).__name__ in ("SourceError", "PageProblem")
            result = ("located" if located else "traceback",
                      f"{type(error).__name__}: {str(error)[:160]}"
                      + ("" if located else " @ " + traceback.format_tb(error.__traceback__)[-1]
                         .strip().splitlines()[0][:120]))
        os.write(write, pickle.dumps(result))
        os._exit(0)
    os.close(write)
    deadline = start + timeout
    while time.monotonic() < deadline:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.02)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        return "timeout", f">{timeout:.0f} s", timeout, timeout
    seconds, cpu = time.monotonic() - start, usage.ru_utime + usage.ru_stime
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    if os.WIFSIGNALED(status):
        return "crash", f"signal {os.WTERMSIG(status)}", seconds, cpu
    outcome, detail = pickle.loads(data) if data else ("traceback", "child died")
    return outcome, detail, seconds, cpu


def _project(folder: Path, desk: str | bytes = DESK, page: str | None = None,
             extra: dict[str, str | bytes] | None = None) -> Path:
    shutil.copytree(TINY, folder, dirs_exist_ok=True)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(REPO / "hooks"))
                      .replace("OVERRIDES_DIR", str(REPO / "overrides")))
    files = {"data/desks/desk.yaml": desk, **({"docs/de/index.md": page, "docs/da/index.md": page}
                                             if page is not None else {}), **(extra or {})}
    for relative, content in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (folder / relative).write_bytes(content)
        else:
            (folder / relative).write_text(content, encoding="utf-8")
    return folder


def _load(**kwargs):
    from helpsite.site.project import load_project
    with tempfile.TemporaryDirectory() as folder:
        project = load_project(_project(Path(folder), **kwargs))
        return f"{len(project.rendered)} pages"


def _data(desk: str | bytes):
    return lambda: _load(desk=desk)


def _page(body: str):
    front = "---\ndesk: desk\nsource_language: de\n---\n\n"
    return lambda: _load(page=front + body)


def _strings(text: str):
    def run():
        from helpsite.model.strings import load_strings
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "data" / "i18n").mkdir(parents=True)
            (Path(folder) / "data" / "i18n" / "de.yaml").write_text(text, encoding="utf-8")
            return load_strings(Path(folder)).keys()
    return run


def _desk(old: str, new: str) -> str:
    assert old in DESK + FEES, old
    return (DESK + FEES).replace(old, new)


LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))

# (category, name, expect "accept" or "reject", function)
CASES = [
    ("yaml", "!!bool yes", "reject", _data(DESK + "access:\n  presets: [{period: 1 hour, default: true}]\n"
                                           "  data_export_default: !!bool yes\n  overview_covers: 6 months\n")),
    ("yaml", "!!float 1e3 price", "reject", _data(_desk("price: 1.00", "price: !!float 1e3"))),
    ("yaml", "!!float NaN price", "reject", _data(_desk("price: 1.00", "price: !!float NaN"))),
    ("yaml", "billion laughs", "reject", _data(DESK + LAUGHS)),
    ("yaml", "self-referencing alias", "reject", _data(DESK + "x: &a [*a]\n")),
    ("yaml", "nesting 1000 deep", "reject", _data(DESK + "x: " + "[" * 1000 + "]" * 1000 + "\n")),
    ("yaml", "non-UTF-8 byte", "reject", _data(DESK.encode().replace(b"Kleiner", b"Kl\xe9iner"))),
    ("yaml", "NUL", "reject", _data(DESK.encode().replace(b"Kleiner", b"Kl\x00iner"))),
    ("yaml", "BOM + CRLF", "accept", _data(b"\xef\xbb\xbf" + DESK.encode().replace(b"\n", b"\r\n"))),
    ("yaml", ".yml file", "reject", lambda: _load(extra={"data/desks/other.yml": DESK})),
    ("model", "time zone localtime", "reject", _data(_desk("Europe/Copenhagen", "localtime"))),
    ("model", "time zone Factory", "reject", _data(_desk("Europe/Copenhagen", "Factory"))),
    ("model", "currency XXX", "reject", _data(_desk("currency: EUR", "currency: XXX"))),
    ("model", "currency XAU", "reject", _data(_desk("currency: EUR", "currency: XAU"))),
    ("model", "currency DEM", "reject", _data(_desk("currency: EUR", "currency: DEM"))),
    ("model", "currency JPY", "accept", _data(_desk("currency: EUR", "currency: JPY"))),
    ("model", "hours: []", "reject", _data(_desk(
        '    hours:\n      - {days: mon-thu, from: "08:00", to: "16:00"}\n'
        '      - {days: fri, from: "08:00", to: "15:00"}', "    hours: []"))),
    ("model", "price 1e26", "reject", _data(_desk("price: 1.00", "price: 100000000000000000000000000"))),
    ("model", "block of 0 minutes", "reject", _data(_desk("block: 5 minutes", "block: 0 minutes"))),
    ("model", "block of 1 month", "reject", _data(_desk("block: 5 minutes", "block: 1 month"))),
    ("model", "country ZZ", "reject", _data(_desk("countries: [DK]", "countries: [ZZ]"))),
    ("model", "country EU", "reject", _data(_desk("countries: [DK]", "countries: [EU]"))),
    ("model", "country twice", "reject", _data(_desk("countries: [DK]", "countries: [DK, DK]"))),
    ("model", "e-mail [m](javascript:)", "reject", _data(_desk(
        "email: help@example.org", "email: '[m](javascript:alert(1))@oo.dk'"))),
    ("model", "phone with ext. 5", "reject", _data(_desk('"+45 7021 1813"', '"+45 7021 1813 ext. 5"'))),
    ("model", "40-digit count", "reject", _data(DESK + "facts:\n  n: {count: " + "9" * 40 + "}\n")),
    ("strings", "dotted key", "reject", _strings('a:\n  b: "x"\n"a.b": "y"\n')),
    ("strings", "{price:>200000000}", "reject", _strings('a: "{price:>200000000}"\n')),
    ("strings", "lone {", "reject", _strings('a: "a { b"\n')),
    ("page", "{{ 'a' * 10**9 }}", "reject", _page("{{ 'a' * 10**9 }}")),
    ("page", "{{ 10**(10**7) }}", "reject", _page("{{ 10**(10**7) }}")),
    ("page", "{{ 1/0 }}", "reject", _page("{{ 1/0 }}")),
    ("page", "{% include %}", "reject", _page("{% include 'x' %}")),
    ("page", "{% import %}", "reject", _page("{% import 'x' as y %}")),
    ("page", "recursive macro", "reject", _page("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}")),
    ("page", "{{ desk }}", "reject", _page("{{ desk }}")),
    ("page", "unclosed {{", "reject", _page("Text {{ desk.name\n")),
    ("page", "60 KB of '{{ '", "reject", _page("{{ " * 20_000)),
    ("page", "placeholder in a code block", "accept", _page("```\n{{ desk.nothing }}\n```\n")),
    ("page", "BOM before front matter", "accept", lambda: _load(
        page="\ufeff---\ndesk: desk\nsource_language: de\n---\n\n# {{ desk.name }}\n")),
    ("page", "unclosed front matter", "reject", lambda: _load(
        page="---\ndesk: desk\n\n# {{ desk.name }}\n")),
    ("cli", "fee --minutes ''", "reject", ("fee", "onoffice-emergency", "--minutes", "", "--root", "REPO")),
    ("cli", "fee --minutes 1e308", "reject", ("fee", "onoffice-emergency", "--minutes", "1e308", "--root", "REPO")),
    ("cli", "fee --at 0001-01-01T00:00", "reject",
     ("fee", "onoffice-emergency", "--minutes", "5", "--at", "0001-01-01T00:00", "--root", "REPO")),
    ("cli", "compare with language xx", "reject", ("compare", "de=A", "xx=B")),
    ("cli", "check --site on an empty folder", "reject", ("check", "--site", "EMPTY", "--root", "EMPTY")),
    ("cli", "confirm a path outside docs/", "reject", ("confirm", "--root", "ROOT", "/etc/passwd")),
]


def _with_fee_project(arguments: tuple[str, ...]):
    """CLI cases run in a tiny project with a fee policy, two pages and an empty folder."""
    def run():
        folder = Path(tempfile.mkdtemp())
        _project(folder / "p", desk=DESK + FEES)
        (folder / "empty").mkdir()
        (folder / "A").write_text("22:00")
        (folder / "B").write_text("23:00")
        os.chdir(folder)
        argv = [str(folder / "p") if a == "ROOT" else str(REPO) if a == "REPO" else str(folder / "empty") if a == "EMPTY"
                else f"{a[:3]}{folder / a[3:]}" if a in ("de=A", "xx=B") else a for a in arguments]
        from helpsite.cli.main import main
        code = main(argv)
        if code == 2:
            raise SystemExit(2)
        return f"exit {code}"
    return run


def _confirm_damage(page_text: str):
    """confirm on a page: "lost" if the page was changed into something that no longer loads."""
    def run():
        from helpsite.cli.main import main
        from helpsite.site.project import load_project
        folder = _project(Path(tempfile.mkdtemp()))
        page = folder / "docs" / "da" / "index.md"
        page.write_bytes(page_text.encode())
        code = main(["confirm", "--root", str(folder), str(page)])
        written = page.read_bytes()
        if code == 2 and written == page_text.encode():
            raise SystemExit(2)  # refused, nothing changed
        if written != page_text.encode():
            if b"\r\n" in page_text.encode() and b"\r\n" not in written:
                raise RuntimeError("LOST: CRLF line ends rewritten to LF")
            load_project(folder)  # raises if confirm broke the page
        return "unchanged or valid"
    return run


DA = (TINY / "docs" / "da" / "index.md").read_text(encoding="utf-8")
FLOW = "---\n{desk: desk, source_language: de, translated_from: '000000000000'}\n---\n" + DA.split("---\n", 2)[2]


def _mkdocs(project: Path, site: Path, *options: str) -> int:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *options, "-f",
                           str(project / "mkdocs.yml"), "-d", str(site)], capture_output=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}).returncode


def _snapshot(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _publish(break_it, *options: str):
    """A good build, then a broken one: "lost" if the published site changed."""
    def run():
        folder = Path(tempfile.mkdtemp())
        project, site = _project(folder / "p"), folder / "site"
        if _mkdocs(project, site) != 0:
            raise RuntimeError("the first build failed")
        before = _snapshot(site)
        break_it(project)
        code = _mkdocs(project, site, *options)
        if code == 0:  # accepted (a wrong acceptance where the case should fail)
            return "exit 0" + (", /etc/hostname published" if (site / "de" / "host.txt").exists()
                               or (site / "host.txt").exists() else "")
        if _snapshot(site) != before:
            raise RuntimeError(f"LOST: exit {code}, the published site changed")
        raise SystemExit(2)
    return run


def _drift(project: Path) -> None:
    page = project / "docs" / "da" / "index.md"
    page.write_text(page.read_text().replace("Åbent:", "Åbent fra kl. 22.00:"))


def _broken_link(project: Path) -> None:
    for lang in ("de", "da"):
        page = project / "docs" / lang / "index.md"
        page.write_text(page.read_text() + "\n[more](missing.md)\n")
    from helpsite.cli.main import main
    main(["confirm", "--root", str(project), str(project / "docs" / "da" / "index.md")])


def _symlink(project: Path) -> None:
    (project / "docs" / "de" / "host.txt").symlink_to("/etc/hostname")


CASES += [
    ("publish", "strict build, drift", "reject", _publish(_drift)),
    ("publish", "strict -q build, drift", "reject", _publish(_drift, "-q")),
    ("publish", "strict build, broken link", "reject", _publish(_broken_link)),
    ("publish", "symlink to /etc/hostname", "reject", _publish(_symlink)),
    ("tools", "confirm flow-style front matter", "reject", _confirm_damage(FLOW)),
    ("tools", "confirm CRLF page", "accept", _confirm_damage(DA.replace("\n", "\r\n"))),
]

def _changed(change, run):
    """A tiny project changed by ``change(folder)``, then ``run(folder)``."""
    def case():
        folder = _project(Path(tempfile.mkdtemp()) / "p")
        change(folder)
        return run(folder)
    return case


def _loads(folder: Path) -> str:
    from helpsite.site.project import load_project
    return f"{len(load_project(folder).rendered)} pages"


def _cli(*arguments: str):
    """helpsite ARGUMENTS in the project; exit 2 is a refusal, a traceback escapes."""
    def run(folder: Path) -> str:
        from helpsite.cli.main import main
        code = main([str(folder) if a == "ROOT" else a.replace("ROOT/", f"{folder}/")
                     for a in arguments])
        if code == 2:
            raise SystemExit(2)
        return f"exit {code}"
    return run


def _built(folder: Path) -> str:
    """A build: exit 0 is acceptance; a traceback in its output is one."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(folder / "mkdocs.yml"),
                             "-d", str(folder.parent / "site")], capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if "Traceback" in result.stderr:
        raise RuntimeError(result.stderr.strip().splitlines()[-1][:160])
    if result.returncode:
        raise SystemExit(2)
    return "exit 0"


def _served(folder: Path) -> str:
    """helpsite serve's start: the first page built, then stopped. A problem the preview
    told the writer (and served on) counts as refused."""
    import logging

    import helpsite_serve
    told: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: told.append(record.getMessage())
    logging.getLogger("helpsite.site.preview").addHandler(handler)
    site = helpsite_serve.PreviewSite(str(folder / "mkdocs.yml"), tempfile.mkdtemp(), None)
    site.start()
    site.stop()
    if told:
        raise SystemExit(2)
    return "started"


def _serve_at(address: str):
    def run(folder: Path) -> str:
        import helpsite_serve
        code = helpsite_serve.main(["-f", str(folder / "mkdocs.yml"), "-a", address])
        if code == 2:
            raise SystemExit(2)
        return f"exit {code}"
    return run


def _write(relative: str, text: str):
    return lambda folder: (folder / relative).write_text(text, encoding="utf-8")


def _docs_elsewhere(folder: Path) -> None:
    shutil.copytree(folder / "docs", folder.parent / "elsewhere")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text() + "docs_dir: ../elsewhere\n")


def _no_pages(folder: Path) -> None:
    shutil.rmtree(folder / "docs")
    (folder / "docs").mkdir()


def _site_with(make):
    """``check --site`` on a built site of one page made by ``make(path)``."""
    def change(folder: Path) -> None:
        (folder / "site").mkdir()
        (folder / "site" / "index.html").write_text(
            '<html lang="de"><head><meta name="helpsite:source-language" content="de"></head>'
            "<body><p>22:00</p></body></html>")
        (folder / "site" / "it").mkdir()
        make(folder / "site" / "it" / "index.html")
    return change


HOURS = "".join(f'      - {{days: mon, from: "{h // 60:02}:{h % 60:02}", to: "{h // 60:02}:{h % 60 + 1:02}"}}\n'
                for h in range(0, 24 * 60, 2))  # 720 windows a day of the week
WINDOWS = "".join(HOURS.replace("days: mon", f"days: {day}")
                  for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))  # 5,040
PHONES = "".join(f"+45 7021 {1000 + n}, " for n in range(6_500))  # 90 KB, one paragraph
NESTED = "[" * 50_000 + "]" * 50_000

CASES += [
    ("bounds", "desk: 50,000 nested [", "reject", _data(DESK + "x: " + NESTED + "\n")),
    ("bounds", "front matter: 50,000 nested [", "reject", lambda: _load(
        page="---\ndesk: desk\nsource_language: de\nx: " + NESTED + "\n---\n\nText\n")),
    ("bounds", "strings: 50,000 nested [", "reject", _strings("a: " + NESTED + "\n")),
    ("bounds", "5,000-digit count", "reject", _data(DESK + "facts:\n  n: {count: " + "9" * 5000 + "}\n")),
    ("bounds", "folder data/desks/x.yaml", "reject", _changed(
        lambda f: (f / "data" / "desks" / "x.yaml").mkdir(), _loads)),
    ("bounds", "link loop data/desks/x.yaml", "reject", _changed(
        lambda f: (f / "data" / "desks" / "x.yaml").symlink_to("x.yaml"), _loads)),
    ("bounds", "FIFO data/desks/x.yaml", "reject", _changed(
        lambda f: os.mkfifo(f / "data" / "desks" / "x.yaml"), _loads)),
    ("bounds", "FIFO data/i18n/de.yaml", "reject", _changed(
        lambda f: (f / "data" / "i18n" / "de.yaml").unlink() or os.mkfifo(f / "data" / "i18n" / "de.yaml"),
        _loads)),
    ("bounds", "FIFO docs/de/x.md", "reject", _changed(
        lambda f: os.mkfifo(f / "docs" / "de" / "x.md"), _loads)),
    ("bounds", "check: docs_dir ../elsewhere", "reject", _changed(_docs_elsewhere, _cli("check", "--root", "ROOT"))),
    ("bounds", "build: docs_dir ../elsewhere", "reject", _changed(_docs_elsewhere, _built)),
    ("bounds", "serve: a link out of docs/", "reject", _changed(
        lambda f: (f / "docs" / "de" / "host.txt").symlink_to("/etc/hostname"), _served)),
    ("bounds", "check --site: a page -> /dev/zero", "reject", _changed(
        _site_with(lambda page: page.symlink_to("/dev/zero")), _cli("check", "--site", "ROOT/site", "--root", "ROOT"))),
    ("bounds", "check --site: a FIFO page", "reject", _changed(
        _site_with(os.mkfifo), _cli("check", "--site", "ROOT/site", "--root", "ROOT"))),
    ("bounds", "compare /dev/zero", "reject", _changed(
        _write("b.md", "22:00"), _cli("compare", "de=/dev/zero", "it=ROOT/b.md"))),
    ("bounds", "compare a FIFO", "reject", _changed(
        lambda f: os.mkfifo(f / "a.md"), _cli("compare", "de=ROOT/a.md", "it=ROOT/a.md"))),
    ("bounds", "export /dev/null", "reject", _changed(lambda f: None, _cli("export", "--root", "ROOT", "/dev/null"))),
    ("bounds", "serve -a 127.0.0.1:99999", "reject", _changed(lambda f: None, _serve_at("127.0.0.1:99999"))),
    ("bounds", "check: 5,040 hour windows", "reject", _changed(_write(
        "data/desks/desk.yaml", DESK.replace('      - {days: mon-thu, from: "08:00", to: "16:00"}\n'
                                             '      - {days: fri, from: "08:00", to: "15:00"}\n', WINDOWS)),
        _cli("check", "--root", "ROOT"))),
    ("bounds", "check: 90 KB paragraph of phones", "reject", _changed(
        lambda f: [_write(f"docs/{lang}/index.md", "---\ndesk: desk\nsource_language: de\n---\n\n" + PHONES)(f)
                   for lang in ("de", "da")], _cli("check", "--root", "ROOT"))),
    ("bounds", "check: no pages", "reject", _changed(_no_pages, _cli("check", "--root", "ROOT"))),
]


MEGABYTE = 1_000_000
SIZED = {
    "compare: 1 MB line of digits": lambda folder: _compare(folder, "1" * MEGABYTE),
    "compare: 1 MB of '{{ '": lambda folder: _compare(folder, "{{ " * (MEGABYTE // 3)),
    "compare: 1 MB e-mail-like word": lambda folder: _compare(folder, "a" * MEGABYTE + "@"),
    "check --site: 1 MB page": lambda folder: _check(folder, ("22:00 " + "1" * 40 + " ") * (MEGABYTE // 47)),
    "build: 1 MB page body": lambda folder: _build(folder, ("Text 22:00 " * 9 + "\n\n") * (MEGABYTE // 101)),
    "build: 60 KB of '{{ '": lambda folder: _build(folder, "{{ " * 20_000),
    "check: 1 MB page body": lambda folder: _check_sources(folder, ("Text 22:00 " * 9 + "\n\n") * (MEGABYTE // 101)),
    "check: 1 MB of placeholders": lambda folder: _check_sources(folder, PLACEHOLDERS),
    "build: 1 MB of placeholders": lambda folder: _build(folder, PLACEHOLDERS),
    "check: 1 MB paragraph of digits": lambda folder: _check_sources(folder, "1 " * (MEGABYTE // 2)),
    "fee: 1 MB --minutes": lambda folder: _with_fee_project(
        ("fee", "onoffice-emergency", "--minutes", "1" * MEGABYTE, "--root", "REPO"))(),
    "fee: 1 MB --duration": lambda folder: _with_fee_project(
        ("fee", "onoffice-emergency", "--duration", "1" * MEGABYTE + ":00", "--root", "REPO"))(),
}
PLACEHOLDERS = "{{ desk.name }} " * (MEGABYTE // 16)


def _check_sources(folder: Path, body: str) -> str:
    """helpsite check on a project whose home page, in both languages, has ``body``."""
    page = "---\ndesk: desk\nsource_language: de\n---\n\n" + body
    project = _project(folder / "p", page=page)
    from helpsite.cli.main import main
    return str(main(["check", "--root", str(project)]))


def _compare(folder: Path, text: str) -> str:
    (folder / "a.md").write_text(text)
    (folder / "b.md").write_text(text[::-1])
    from helpsite.cli.main import main
    return str(main(["compare", f"de={folder / 'a.md'}", f"it={folder / 'b.md'}"]))


def _check(folder: Path, text: str) -> str:
    (folder / "it").mkdir()
    (folder / "index.html").write_text('<html lang="de"><head><meta name="helpsite:source-language" '
                                       f'content="de"></head><body><p>{text}</p></body></html>')
    (folder / "it" / "index.html").write_text(
        '<html lang="it"><head><meta name="helpsite:source-language" content="de"><link '
        f'rel="alternate" href="../" hreflang="de"></head><body><p>{text[::-1]}</p></body></html>')
    from helpsite.cli.main import main
    return str(main(["check", "--site", str(folder), "--root", str(folder)]))


def _build(folder: Path, body: str) -> str:
    page = "---\ndesk: desk\nsource_language: de\n---\n\n" + body
    project = _project(folder / "p", page=page)
    return str(_mkdocs(project, folder / "site", "--no-strict"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--no-sizes", action="store_true", help="skip the 1 MB timings")
    parser.add_argument("--only", metavar="CATEGORY",
                        help="run this category's cases alone (none: the 1 MB timings only)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    table: dict[str, Counter] = {}
    for category, name, expect, function in CASES:
        if args.only and category != args.only:
            continue
        if isinstance(function, tuple):
            function = _with_fee_project(function)
        outcome, detail, seconds, _ = _run(function, args.timeout)
        lost = "LOST" in detail
        wrong = expect == "reject" and outcome == "ok"
        row = table.setdefault(category, Counter())
        row.update(tried=1, traceback=outcome == "traceback" and not lost, timeout=outcome == "timeout",
                   crash=outcome == "crash",
                   wrong=wrong or (expect == "accept" and outcome != "ok" and not lost), lost=lost)
        mark = "LOST" if lost else "WRONG" if wrong else outcome.upper()
        print(f"{category:8} {name:34} {mark:9} {seconds:6.2f}s  {detail[:110]}")
    print("\ncategory  tried  tracebacks  crashes  timeouts  wrong  lost")
    for category, row in table.items():
        print(f"{category:8} {row['tried']:6} {row['traceback']:11} {row['crash']:8} "
              f"{row['timeout']:9} {row['wrong']:6} {row['lost']:5}")
    print("\n1 MB of input (worst times):")
    for name, function in ({} if args.no_sizes else SIZED).items():
        folder = Path(tempfile.mkdtemp())
        outcome, detail, seconds, cpu = _run(lambda: function(folder), args.timeout)
        print(f"  {name:34} {seconds:7.2f} s  CPU {cpu:6.2f} s  {outcome} {detail[:70]}")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
