"""The validated model: desks, lines, policies, strings and the per-language context."""
