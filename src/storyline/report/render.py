"""Report stage: render an export dict as one self-contained, offline HTML file.

The page makes no network request: the stylesheet and script are package data inlined into the
page, and a Content-Security-Policy admits only those two blocks (by hash), so even markup that
slipped through escaping could neither run nor load anything. Article text is untrusted and is
only ever rendered through Jinja2 autoescaping; nothing here builds HTML by string concatenation.
"""
from __future__ import annotations

import base64
import hashlib
import pathlib
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jinja2

from storyline import vocab
from storyline.report import sections
from storyline.report.index import ReportIndex

TEMPLATE = "report.html"
STYLESHEET = "report.css"
SCRIPT = "report.js"
DEFAULT_TITLE = "Storyline report"


# The actor network is drawn by the web app's script, inlined after the report's own.
NETWORK_SCRIPT = ("storyline.web", "static/network.js")


def _asset(name: str, package: str = "storyline.report") -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(lambda name: _asset(name))
    # Autoescape everything, whatever the template name: the article text is hostile until proven not.
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.ChainableUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _meta(export: Mapping[str, Any]) -> dict[str, str]:
    meta = export.get("meta")
    if not isinstance(meta, Mapping):
        return {}
    return {k: str(meta[k]) for k in ("generated", "storyline_version", "model") if meta.get(k)}


def build_context(export: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the template shows, computed from the export in a fixed order."""
    idx = ReportIndex(export)
    sections.collect_spans(idx)
    idx.highlight()
    facts = sections.facts(idx)
    stories = sections.stories(idx)
    actors = sections.actors(idx)
    return {
        "title": stories[0]["label"] if len(stories) == 1 else DEFAULT_TITLE,
        "meta": _meta(export),
        "counts": sections.counts(idx),
        "document_rows": sections.document_rows(idx),
        "stories": stories,
        "attention": [f for f in facts if f["status"] in vocab.ATTENTION_STATUSES],
        "facts": facts,
        "actors": actors,
        "network": sections.network(idx, actors),
        "relations": sections.relations(idx),
        "quotes": sections.quotes(idx),
        "quantities": sections.quantities(idx),
        "timeline": sections.timeline(idx),
        "documents": sections.documents(idx),
        "failures": sections.failures(idx),
    }


def render_report(export: Mapping[str, Any]) -> str:
    """The report for ``export`` (the contract JSON as a dict) as one HTML string."""
    css = vocab.stylesheet() + _asset(STYLESHEET)
    js = _asset(SCRIPT) + "\n" + _asset(NETWORK_SCRIPT[1], NETWORK_SCRIPT[0])
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
    template = _environment().get_template(TEMPLATE)
    return template.render(css=css, js=js, csp=csp, **build_context(export))


def write_report(export: Mapping[str, Any], path: pathlib.Path) -> None:
    """Render ``export`` and write it to ``path`` as UTF-8."""
    pathlib.Path(path).write_text(render_report(export), encoding="utf-8")
