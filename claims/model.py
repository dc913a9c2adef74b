"""The Claim record returned by the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

OUTCOMES = ("rejected", "accepted", "unknown")
KINDS = ("job_offer", "acquisition", "retention", "aggregate")
STANCES = ("asserted", "reported", "questioned", "denied")


@dataclass
class Claim:
    """One offer claim (or a denial of one) found in a text."""

    offerer: str | None  # normalised canonical name, e.g. "Meta"
    recipient: str | None  # e.g. "Mira Murati"; a group as written, e.g. "OpenAI researchers"
    amount_usd: float | None
    amount_text: str | None  # figure as written
    currency: str | None  # ISO code of the written currency
    amount_period: str | None  # e.g. "6 years"
    outcome: str  # rejected | accepted | unknown
    stance: str  # asserted | reported | questioned | denied
    attribution: str | None  # e.g. "the Wall Street Journal"
    quote: str  # the sentence
    start: int  # offsets of the quote in the input text
    end: int
    language: str
    claim_key: str  # same offer -> same key across languages, wordings and figures
    inferred: list[str] = field(default_factory=list)  # fields filled from context, not the quote
    # The kind of deal, part of what the claim is (and of its key): job_offer | acquisition
    # (a bid for the company) | retention (by the current employer) | aggregate (total spend)
    kind: str = "job_offer"

    def to_dict(self) -> dict:
        """Plain-dict form (JSON-serialisable)."""
        # dataclasses.asdict deep-copies field by field; this is called for every claim of
        # every article and every `analyze` line, and only `inferred` needs a copy.
        out = dict(self.__dict__)
        out["inferred"] = list(self.inferred)
        return out
