"""Word lists and small gazetteers used by the extractors and the resolver, kept as data."""
