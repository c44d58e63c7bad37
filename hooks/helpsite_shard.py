"""`helpsite build --language LANG`'s MkDocs side: one language of the site, built as
`mkdocs build --strict` builds them all, into a shard folder published the same way.

    python -m helpsite_shard LANG [-f mkdocs.yml] [-d OUT]
"""

from __future__ import annotations

import argparse
import sys

from click import ClickException
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpsite_serve import _helpsite_hooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpsite build --language")
    parser.add_argument("language")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-d", "--site-dir", required=True)
    args = parser.parse_args(argv)
    try:  # as MkDocs' own `build` command: its errors as one line, its exit codes
        config = load_config(config_file=args.config_file, site_dir=args.site_dir, strict=True)
        languages = [lang.locale for lang in config.plugins["i18n"].config.languages]
        if args.language not in languages:
            print(f"helpsite build: the site has no language {args.language!r} "
                  f"(mkdocs.yml builds {', '.join(languages)})", file=sys.stderr)
            return 2
        config.plugins.on_startup(command="build", dirty=False)
        _helpsite_hooks(config).shard = args.language
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
