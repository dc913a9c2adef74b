"""Claim engine: find claims about AI talent offers in news text, in many languages.

    claims.engine   one sentence at a time: cues, mentions, roles, keys -> drafts of claims
    claims.money    the money grammar: amounts in figures and words, many scripts, to USD
    claims.context  a whole text or stream as one discourse: coreference, the article so far,
                    the claim memory -> Claims (find_claims, analyse_text, ClaimStream)
    claims.spread   how claims spread across articles: copies of one text, the claim roll-up

Layers (pyproject.toml, lint-imports): context and spread over engine over money, with
claims.lexicon (phrase matching), claims.model (Claim) and the files in claims/data below all.

The spread names (CopyIndex, Doc, signature, rollup, MentionRef, ClaimSummary) are loaded
on first use (PEP 562 `__getattr__`): they need numpy, which `import claims` does not.

>>> from claims import find_claims
>>> [c.claim_key for c in find_claims("Meta offered $1 billion to Mira Murati, who said no.")]
['meta->mira-murati']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from claims.context.document import analyse_text, find_claims
from claims.context.memory import ClaimMemory, LoggedClaim, could_resolve, is_vague, log_memory
from claims.context.stream import ClaimStream, analyze_line
from claims.engine import cues as _cues
from claims.engine import entities as _entities
from claims.engine import names as _names
from claims.engine.keys import display_names
from claims.engine.split import Sentence, split_sentences
from claims.model import Claim
from claims.money.grammar import Money, parse_money

if TYPE_CHECKING:
    from claims.spread.copies import CopyIndex, Doc, signature
    from claims.spread.rollup import ClaimSummary, MentionRef, rollup

__all__ = [
    "Claim",
    "ClaimMemory",
    "ClaimStream",
    "ClaimSummary",
    "CopyIndex",
    "Doc",
    "LoggedClaim",
    "MentionRef",
    "Money",
    "Sentence",
    "analyse_text",
    "analyze_line",
    "could_resolve",
    "display_names",
    "find_claims",
    "is_vague",
    "log_memory",
    "parse_money",
    "rollup",
    "signature",
    "split_sentences",
]

# The spread API, by the module that defines each name; imported by __getattr__ on first use.
_LAZY = {
    "CopyIndex": "claims.spread.copies",
    "Doc": "claims.spread.copies",
    "signature": "claims.spread.copies",
    "ClaimSummary": "claims.spread.rollup",
    "MentionRef": "claims.spread.rollup",
    "rollup": "claims.spread.rollup",
}


def __getattr__(name: str) -> Any:
    """Import a spread name on first use, so that numpy is loaded only by those who need it."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    """The module's names, the not yet imported spread names included."""
    return sorted({*globals(), *_LAZY})


# Warm-up: load and compile the data files (entity gazetteer, cue lexicon) now, once, so that
# the first find_claims call costs no more than the rest. The modules that define them do no
# work at import; the package does it here, where it is visible.
_entities.gazetteer()
_cues.lexicon()
_names.warm_up()
