"""python -m helpsite.cli: the helpsite command."""

import sys

from helpsite.cli.main import main

sys.exit(main())
