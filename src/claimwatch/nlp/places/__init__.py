"""Places: the gazetteer index (index), name folding (names), mention patterns (match), ranking (rank)."""
