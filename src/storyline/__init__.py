"""storyline: reconstruct the story a pile of news articles tells, every fact cited to its sentence."""

__version__ = "0.1.0"


def __getattr__(name: str):  # lazy, so that `import storyline` stays cheap for the CLI
    if name == "open":
        from storyline.kb import open_kb

        return open_kb
    if name == "KnowledgeBase":
        from storyline.kb import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
