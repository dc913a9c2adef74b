"""The crawl process of one cluster job: a local crawl of one source whose storage is Redis.

`python -m claimwatch.cluster.child --spare PARENT`: the worker (PARENT) starts it before it
has a job for it, while the last job runs, so that it imports the crawl (Scrapy, the spider,
the pipelines and the claim engine: about 2 s of CPU, 5 s and more on a busy host) off the
next job's clock; the job's SPEC (JSON, one line) then comes on stdin, and end of input
without one ends it. The Redis URL comes in $CLAIMWATCH_REDIS, never on the command line,
where `ps` would show its password.
"""

from __future__ import annotations

import ctypes
import importlib
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


def preload() -> None:
    """Import what every crawl of this process will import, before its job is known."""
    from scrapy.utils.misc import walk_modules_iter

    from crawler.runner import crawl_settings

    settings = crawl_settings(Path(os.devnull), None, "manual")
    classes = [
        *settings.getdict("ITEM_PIPELINES"),
        "pipelines.send.SendPipeline",
        settings["SPIDER_LOADER_CLASS"],
    ]
    for name in classes:
        importlib.import_module(name.rsplit(".", 1)[0])
    for package in settings.getlist("SPIDER_MODULES"):
        for _module in walk_modules_iter(package):
            pass
    importlib.import_module("scrapy.crawler")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] != "--spare":
        print("usage: python -m claimwatch.cluster.child --spare PARENT", file=sys.stderr)
        return 2
    # A Ctrl-C meant for the worker reaches its whole process group: a spare without a job
    # leaves when the worker closes its input, not with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(int(argv[2]))
    if not os.environ.get("CLAIMWATCH_REDIS"):
        print("claimwatch.cluster.child: $CLAIMWATCH_REDIS is not set", file=sys.stderr)
        return 2
    preload()
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the worker stopped before it had a job for this process
    signal.signal(signal.SIGINT, signal.default_int_handler)  # the crawl closes on SIGINT
    spec = json.loads(line)
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
