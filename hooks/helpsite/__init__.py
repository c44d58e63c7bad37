"""helpsite: support facts kept once in YAML, rendered into multilingual help pages.

The package is plain Python with no MkDocs imports; the MkDocs hooks beside it are thin
adapters, so the core outlives the theme it is published with.
"""
