"""Values read back out of prose, and the comparison of two texts' values."""
