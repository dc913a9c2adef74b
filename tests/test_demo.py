"""`claimwatch demo` end to end: the sample web served, crawled, rolled up and reported."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_demo_tells_the_meta_murati_story(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "demo", "--db", str(db), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    counts = re.search(r"database: (\d+) articles, (\d+) claims", out)
    assert counts and int(counts[1]) > 0
    # The claims are rolled up once the crawls end: no claim counted means no roll-up ran.
    assert int(counts[2]) > 0, out
    report = out.split("Claims repeated across sources:", 1)[1]
    assert "Meta → Mira Murati" in report and "[meta->mira-murati]" in report
    # Three claims, not one: the job offer to the founder, the offers to her staff and the
    # bid for her company, each repeated by two sources and labelled with its kind.
    blocks = {b.split("]", 1)[0]: b for b in report.split("[")[1:]}
    assert "kind: job offer" in blocks["meta->mira-murati"]
    assert "kind: job offer" in blocks["meta->thinking-machines-lab-staff"]
    assert "kind: acquisition bid" in blocks["meta->thinking-machines-lab:acquisition"]
    assert "Meta → Thinking Machines Lab staff  [meta->thinking-machines-lab-staff]" in report
    assert "Meta → Thinking Machines Lab  [meta->thinking-machines-lab:acquisition]" in report
    assert re.search(r"figures: \$1B, \$1\.5B \(range \$1B–\$1\.5B\)", report), report
    assert re.search(r"sources \d+ \(independent \d+\)", report)
    assert "/-/claimwatch/claim/" in out  # the link to the claim's chart
