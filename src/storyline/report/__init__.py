"""Report stage: one self-contained offline HTML file built from the export dict."""
from storyline.report.render import render_report, write_report

__all__ = ["render_report", "write_report"]
