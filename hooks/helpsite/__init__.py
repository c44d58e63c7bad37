"""helpsite: support facts kept once in YAML, rendered into multilingual help pages.

The package is plain Python with no MkDocs imports; the MkDocs hooks beside it are thin
adapters, so the core outlives the theme it is published with.
"""

# The model and the charge kinds refer to each other; loading the model first resolves it
# whichever of them a caller imports.
from . import model  # noqa: E402,F401
