"""Ingest stage: sources (files, folders, stdin, URLs, feeds, WARC) -> RawArticle | Failure."""
from storyline.ingest.dates import find_dates, parse_date
from storyline.ingest.fetch import Fetcher, FetchOptions
from storyline.ingest.files import iter_inputs, read_bytes, read_file

__all__ = ["iter_inputs", "read_file", "read_bytes", "parse_date", "find_dates", "Fetcher", "FetchOptions"]
