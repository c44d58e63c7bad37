"""`helpsite build --language LANG`'s MkDocs side: one language of the site, built as
`mkdocs build --strict` builds them all, into a shard folder published the same way.

    python -m helpsite_shard LANG [-f mkdocs.yml] -d OUT [--checks FILE]

With ``--checks FILE`` (``helpsite build --checks FILE``: the sources checked across
languages once) the shard reads only its language's pages and its source languages'.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from click import ClickException
from mkdocs.__main__ import State
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpsite.site.project import docs_folder
from helpsite.site.shards import ShardError, read_checks
from helpsite_serve import _helpsite_hooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpsite build --language")
    parser.add_argument("language")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-d", "--site-dir", required=True)
    parser.add_argument("--checks", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    # As `mkdocs build` shows them: the one line that says why a build stopped, warnings.
    logs = State(level=logging.WARNING)  # noqa: F841 (its handler lives as long as it)
    try:  # as MkDocs' own `build` command: its errors as one line, its exit codes
        config = load_config(config_file=args.config_file, site_dir=args.site_dir, strict=True)
        languages = [lang.locale for lang in config.plugins["i18n"].config.languages]
        if args.language not in languages:
            print(f"helpsite build: the site has no language {args.language!r} "
                  f"(mkdocs.yml builds {', '.join(languages)})", file=sys.stderr)
            return 2
        status = None
        if args.checks is not None:
            config_file = Path(config.config_file_path)
            try:
                status = read_checks(args.checks, config_file.parent, docs_folder(config_file))
            except ShardError as error:
                print(f"helpsite build: {error}; {args.site_dir} was not changed",
                      file=sys.stderr)
                return 2
        config.plugins.on_startup(command="build", dirty=False)
        hooks = _helpsite_hooks(config)
        hooks.shard, hooks.status = args.language, status
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except ClickException as error:
        error.show()
        return error.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
