"""The crawl process of one cluster job: a local crawl of one source whose storage is Redis.

`python -m claimwatch.cluster.child SPEC` (SPEC: the JSON the worker writes); the Redis URL
comes in $CLAIMWATCH_REDIS, never on the command line, where `ps` would show its password.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Be killed with the worker: a crawl must not go on once its lease can expire."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: the lease still bounds the overlap
    if os.getppid() != parent:
        os._exit(1)  # the worker died before the line above ran


def cluster_overrides(spec: dict[str, Any]) -> dict[str, Any]:
    """The job's settings: the send pipeline in the store's place, and the job's ids."""
    from crawler.settings import ITEM_PIPELINES

    pipelines = {
        ("pipelines.send.SendPipeline" if name == "pipelines.store.StorePipeline" else name): order
        for name, order in ITEM_PIPELINES.items()
    }
    return {
        **spec.get("overrides", {}),
        "ITEM_PIPELINES": pipelines,
        "CLAIMWATCH_REDIS": os.environ["CLAIMWATCH_REDIS"],
        "CLAIMWATCH_JOB": spec["job"],
        "CLAIMWATCH_RUN": spec["run"],
        "CLAIMWATCH_SPOOL_DIR": spec["spool_dir"],
    }


def main(argv: list[str]) -> int:
    spec = json.loads(argv[1])
    die_with_parent(int(spec["parent"]))
    if not os.environ.get("CLAIMWATCH_REDIS"):
        print("claimwatch.cluster.child: $CLAIMWATCH_REDIS is not set", file=sys.stderr)
        return 2
    from crawler.runner import run_crawls

    sources = os.environ.get("CLAIMWATCH_SOURCES") or None
    run_crawls(
        [spec["slug"]],
        # Never opened: in cluster mode the crawl has no database (crawler/relayed.py).
        Path(os.devnull),
        Path(sources) if sources else None,
        spec.get("trigger", "manual"),
        cluster_overrides(spec),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
