"""Run a crawl with setting overrides: `python tests/hostile/crawl.py SOURCES DB [KEY=JSON]...`.

`claimwatch crawl` has no -s option; this is the same run_crawls call with overrides, run in a
subprocess by the tests because Twisted's reactor cannot restart inside pytest.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def parse_overrides(args: list[str]) -> dict[str, Any]:
    """KEY=VALUE pairs; VALUE is JSON when it parses as JSON, else a plain string."""
    overrides: dict[str, Any] = {}
    for arg in args:
        key, _, raw = arg.partition("=")
        try:
            overrides[key] = json.loads(raw)
        except json.JSONDecodeError:
            overrides[key] = raw
    return overrides


def main(argv: list[str]) -> int:
    """Crawl every source of the file into the database."""
    # Run as a script, this file's folder is on sys.path but the repository root may not be.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from crawler.runner import run_crawls

    sources, db, *rest = argv
    run_crawls([], Path(db), Path(sources), "manual", parse_overrides(rest), verbose=False)
    return 0


def command(sources: Path, db: Path, overrides: dict[str, Any]) -> list[str]:
    """The argv that runs this script on a sources file and database with overrides."""
    pairs = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    return [sys.executable, str(Path(__file__).resolve()), str(sources), str(db), *pairs]


# The guard matters: extraction workers start via forkserver, which imports __main__.
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
