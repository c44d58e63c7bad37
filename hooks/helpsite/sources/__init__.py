"""Reading and writing the project's files: bounded YAML with positions, all-or-nothing writes, invisible characters."""
