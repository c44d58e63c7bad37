"""The commands of ``helpsite``, one module per group; each adds its parsers with ``add``."""
