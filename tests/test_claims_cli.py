"""`claimwatch analyze` as a stream: one output line per non-blank input line, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claims import ClaimStream

REPO = Path(__file__).resolve().parents[1]


def _run(lines: list[str], *args: str) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "analyze", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in proc.stdout.splitlines()]


LINES = [
    json.dumps({"text": "Google offered Priya Raman a $40 million package.", "language": "en"}),
    "",
    "{not json",
    json.dumps({"text": "She turned it down; the company then raised the offer to $60 million."}),
    json.dumps(["a list, not an object"]),
    json.dumps({"text": "Le marché du bitcoin a reculé de 3 % lundi.", "language": "fr"}),
]


def test_one_line_per_non_blank_input_in_order() -> None:
    out = _run(LINES)
    assert len(out) == 5  # the blank line gives nothing, every other line one answer
    first, bad, third, wrong, fourth = out
    assert first["claims"][0]["claim_key"] == "google->raman"
    assert "error" in bad and bad["claims"] == []
    assert "error" in wrong and wrong["claims"] == []
    assert fourth == {"claims": []}
    # A blank line starts a new document: "She" finds no antecedent across it.
    assert third["claims"] and third["claims"][0]["recipient"] is None


def test_context_borrows_from_earlier_lines() -> None:
    lines = [LINES[0], LINES[3]]
    with_ctx, alone = _run(lines), _run(lines, "--no-context")
    borrowed = with_ctx[1]["claims"][0]
    assert borrowed["claim_key"] == "google->raman:raised"  # the raised offer is a second one
    assert {"offerer", "recipient"} <= set(borrowed["inferred"])
    assert borrowed["amount_usd"] == 60e6 and borrowed["outcome"] == "rejected"
    assert not alone[1]["claims"][0]["claim_key"].startswith("google->raman")
    for row in with_ctx:
        for claim in row["claims"]:
            for name in (
                "offerer",
                "recipient",
                "amount_usd",
                "amount_text",
                "outcome",
                "stance",
                "attribution",
                "quote",
                "claim_key",
                "language",
                "inferred",
            ):
                assert name in claim


def test_stream_window_and_reset() -> None:
    stream = ClaimStream(window=2)
    stream.feed("Anthropic offered Wen Li a $20 million signing bonus.", "en")
    assert stream.feed("He accepted the offer of $20 million.")[0].recipient == "Wen Li"
    for _ in range(3):
        stream.feed("Bitcoin fell 3% on Monday.")
    # Out of the window: only the run's memory remains, which knows the figure.
    late = stream.feed("He accepted the offer of $20 million.")
    assert late[0].claim_key == "anthropic->li" and "recipient" in late[0].inferred
    stream.reset()
    assert stream.feed("He turned down a $5 million offer.")[0].recipient is None


def test_stream_denial_links_to_recent_line() -> None:
    stream = ClaimStream()
    stream.feed("xAI offered Omar Haddad $80 million to join, sources said.", "en")
    denial = stream.feed("An xAI spokesperson called the report inaccurate.", "en")
    assert denial and denial[0].stance == "denied"
    assert denial[0].claim_key == "xai->haddad"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(
                list(
                    "Meta offered Murati him her $1 billion 她 lui a proposé the startup denied. \n"
                )
            )
        ),
        max_size=6,
    )
)
def test_stream_never_raises_and_quotes_hold(texts: list[str]) -> None:
    stream = ClaimStream()
    for text in texts:
        for claim in stream.feed(text):
            assert text[claim.start : claim.end] == claim.quote
