"""storyline: reconstruct the story a pile of news articles tells, every fact cited to its sentence."""

__version__ = "0.1.0"
