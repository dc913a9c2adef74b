"""Claim engine: find claims about AI talent offers in news text, in many languages.

>>> from claims import find_claims
>>> [c.claim_key for c in find_claims("Meta offered $1 billion to Mira Murati, who said no.")]
['meta->mira-murati']
"""

from __future__ import annotations

from claims.api import analyze_line, find_claims
from claims.context import ClaimMemory
from claims.model import Claim
from claims.money import Money, parse_money
from claims.split import Sentence, split_sentences
from claims.stream import ClaimStream

__all__ = [
    "Claim",
    "ClaimMemory",
    "ClaimStream",
    "Money",
    "Sentence",
    "analyze_line",
    "find_claims",
    "parse_money",
    "split_sentences",
]
