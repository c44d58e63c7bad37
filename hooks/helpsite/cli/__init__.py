"""The helpsite command."""
