"""Claim engine: find claims about AI talent offers in news text, in many languages.

>>> from claims import find_claims
>>> [c.claim_key for c in find_claims("Meta offered $1 billion to Mira Murati, who said no.")]
['meta->mira-murati']
"""

from __future__ import annotations

from claims.context.discourse import ClaimMemory
from claims.context.document import analyse_text, find_claims
from claims.context.stream import ClaimStream, analyze_line
from claims.engine.split import Sentence, split_sentences
from claims.model import Claim
from claims.money.grammar import Money, parse_money

__all__ = [
    "Claim",
    "ClaimMemory",
    "ClaimStream",
    "Money",
    "Sentence",
    "analyse_text",
    "analyze_line",
    "find_claims",
    "parse_money",
    "split_sentences",
]
