"""helpsite: support facts kept once in YAML, rendered into multilingual help pages.

The package is plain Python with no MkDocs imports; the MkDocs hooks beside it are thin
adapters, so the core outlives the theme it is published with. Its layers, bottom first:
sources (reading and writing files), model (validated data and strings), rules (hours,
fees, formats), drift (values read back out of prose), pages (what a page shows), site
(a whole project: checks, build, preview, publishing) and cli.
"""
