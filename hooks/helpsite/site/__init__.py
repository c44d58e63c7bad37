"""A whole project: loading, checks, preview, export, the safety judge and publishing."""
