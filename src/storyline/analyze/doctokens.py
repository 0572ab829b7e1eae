"""Analyze stage: a Doc's tokens of some coarse tags, picked without visiting every token.

Iterating a Doc builds a Python Token object per token; the extractors that look only at verbs
or proper nouns read the tag column in one call and build Tokens only for those."""
from __future__ import annotations

from collections.abc import Collection

import numpy
from spacy.attrs import IS_TITLE, POS
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Token


def indices_tagged(doc: Doc, tags: Collection[str]) -> list[int]:
    """Indices of the tokens whose ``pos_`` is one of ``tags``, in document order."""
    column = doc.to_array(POS)
    return numpy.flatnonzero(numpy.isin(column, [IDS[tag] for tag in tags])).tolist()


def tokens_tagged(doc: Doc, tags: Collection[str]) -> list[Token]:
    """The tokens whose ``pos_`` is one of ``tags``, in document order."""
    return [doc[i] for i in indices_tagged(doc, tags)]


def capitalised_proper_nouns(doc: Doc) -> list[bool]:
    """Per token: a proper noun written in title case (``pos_ == "PROPN" and is_title``)."""
    columns = doc.to_array([POS, IS_TITLE])
    return ((columns[:, 0] == IDS["PROPN"]) & (columns[:, 1] != 0)).tolist()
