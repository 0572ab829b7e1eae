"""Clean stage: RawArticle -> CleanDocument | Failure (boilerplate, repair, metadata, language,
near-duplicates)."""
from storyline.clean.article import clean_article, clean_articles
from storyline.clean.dedup import mark_duplicates

__all__ = ["clean_article", "clean_articles", "mark_duplicates"]
