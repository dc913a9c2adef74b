"""`claimwatch worker`: take crawl jobs from the queue, each crawled in its own process.

A job names its source by slug; this worker's registry (--sources / CLAIMWATCH_SOURCES) must
have it. Before crawling, the job takes the lease on its source and on every domain the
source crawls (politeness across hosts); a job that finds them taken goes back to the queue
a moment later. The crawl process is a local crawl whose storage is Redis (crawler/relayed.py);
what it could not send is in its spool file, sent by this process before the job ends. One
crawl process is kept started ahead of its job (a spare, claimwatch/cluster/child.py), so
that a job does not wait for a new process to import the crawl.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

from crawler.sources.registry import Source, SourcesError, load_sources, sources_path
from db.articles import utcnow
from relay import open_redis, records
from relay.locks import Lease
from relay.queue import ACTOR, QUEUE, clear_scheduled, enqueue_crawl, make_broker
from relay.results import publish_result
from relay.spool import Sender, flush_spool

logger = logging.getLogger("claimwatch.worker")

# Seconds a lease lives unless renewed (every third of it): how long a killed worker's
# source and domains stay locked.
LEASE_S = float(os.environ.get("CLAIMWATCH_LEASE_S", 60))
# A job whose source or domain is being crawled elsewhere is queued again this much later.
BUSY_DELAY_MS = int(float(os.environ.get("CLAIMWATCH_BUSY_DELAY_S", 5)) * 1000)
# Dramatiq's own bound on one job, above the crawl's CLOSESPIDER_TIMEOUT (4 h by default).
JOB_TIME_LIMIT_MS = 6 * 3600 * 1000
SPOOL_RETRY_S = 2.0
MAX_REDIS_RETRIES = 50


def lock_names(source: Source) -> list[str]:
    """The source itself and each host it crawls; www.x and x are one site."""
    hosts = {h.lower().removeprefix("www.") for h in (*source.domains, *source.mirrors)}
    return [f"source:{source.slug}", *(f"domain:{h}" for h in sorted(hosts))]


@dataclass
class WorkerContext:
    """What every job of this worker process shares."""

    url: str
    client: redis.Redis
    broker: RedisBroker
    sources_file: Path | None
    spool_dir: Path
    stopping: threading.Event = field(default_factory=threading.Event)
    children: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    spares: list[subprocess.Popen[bytes]] = field(default_factory=list)
    # Every crawl process is started from this one thread, alive as long as the worker: a
    # child's death signal (child.die_with_parent) fires when the thread that started it ends,
    # and a spare started by one job's thread may crawl for a job of another.
    spawner: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="claimwatch-spawn")
    )
    lock: threading.Lock = field(default_factory=threading.Lock)
    runs: count = field(default_factory=lambda: count(1))


def _popen_child(ctx: WorkerContext) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CLAIMWATCH_REDIS=ctx.url)
    if ctx.sources_file is not None:
        env["CLAIMWATCH_SOURCES"] = str(ctx.sources_file)
    return subprocess.Popen(
        [sys.executable, "-m", "claimwatch.cluster.child", "--spare", str(os.getpid())],
        env=env,
        stdin=subprocess.PIPE,
    )


def spawn_child(ctx: WorkerContext) -> subprocess.Popen[bytes]:
    """A crawl process that imports the crawl, then waits for its job on stdin."""
    return ctx.spawner.submit(_popen_child, ctx).result()


def start_crawl(ctx: WorkerContext, spec: dict[str, Any]) -> subprocess.Popen[bytes]:
    """Hand the job to the spare (a new process if there is none or it died), and start the
    spare of the next job, which imports while this one crawls. Caller holds ctx.lock."""
    line = json.dumps(spec).encode() + b"\n"
    proc = ctx.spares.pop() if ctx.spares else spawn_child(ctx)
    try:
        assert proc.stdin is not None
        proc.stdin.write(line)
        proc.stdin.close()
    except (BrokenPipeError, ValueError):
        proc.wait()  # the spare died (killed, out of memory): the job gets a new process
        proc = spawn_child(ctx)
        assert proc.stdin is not None
        proc.stdin.write(line)
        proc.stdin.close()
    if not ctx.stopping.is_set():
        ctx.spares.append(spawn_child(ctx))
    return proc


def end_spares(ctx: WorkerContext) -> None:
    """Spares that never got a job: their input ends, and so do they."""
    with ctx.lock:
        spares, ctx.spares = ctx.spares, []
    for proc in spares:
        if proc.stdin is not None:
            proc.stdin.close()
    for proc in spares:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_CONTEXT: WorkerContext | None = None


def crawl_source(slug: str, job: str, trigger: str, overrides: dict[str, Any]) -> None:
    """The actor: one crawl job, start to end (always leaves a result or a requeued job)."""
    ctx = _CONTEXT
    if ctx is None:
        raise RuntimeError("no worker context: start jobs through `claimwatch worker`")
    try:
        known = {s.slug: s for s in load_sources(ctx.sources_file)}
    except SourcesError as exc:
        fail_job(ctx, slug, job, f"this worker's source registry is broken: {exc}")
        return
    source = known.get(slug)
    if source is None:
        fail_job(
            ctx,
            slug,
            job,
            f"source {slug!r} is not in this worker's registry {sources_path(ctx.sources_file)} "
            f"on {socket.gethostname()}",
        )
        return
    lease = Lease(ctx.client, lock_names(source), int(LEASE_S * 1000))
    if not lease.acquire():
        logger.info("%s: source or domain busy on another worker; job queued again", slug)
        enqueue_crawl(ctx.broker, slug, job, trigger, overrides, delay_ms=BUSY_DELAY_MS)
        return
    try:
        run_job(ctx, source, job, trigger, overrides)
    except redis.RedisError:
        raise  # retried by Dramatiq (retry_when)
    except Exception as exc:
        # Any other fault is this host's: report it rather than leave the job's caller waiting.
        logger.exception("%s: job %s failed on this worker", slug, job)
        fail_job(ctx, slug, job, f"{type(exc).__name__}: {exc}")
    finally:
        lease.release()
        unmark(ctx, slug, job)


def unmark(ctx: WorkerContext, slug: str, job: str) -> None:
    """Let the scheduler queue slug again; if Redis is away the mark expires on its own."""
    try:
        clear_scheduled(ctx.client, slug, job)
    except redis.RedisError as exc:
        logger.warning("%s: could not clear the schedule mark (%s); it expires", slug, exc)


def retry_when(retries: int, exc: BaseException) -> bool:
    """Dramatiq retries a job only when Redis failed it (taking a lease, requeueing)."""
    return isinstance(exc, redis.RedisError) and retries < MAX_REDIS_RETRIES


def fail_job(ctx: WorkerContext, slug: str, job: str, message: str) -> None:
    """A job this worker cannot run: say why, where `claimwatch crawl --redis` will see it."""
    logger.error("%s: job %s failed: %s", slug, job, message)
    publish_result(ctx.client, job, {"source": slug, "status": "failed", "error": message})
    unmark(ctx, slug, job)


def run_job(
    ctx: WorkerContext, source: Source, job: str, trigger: str, overrides: dict[str, Any]
) -> None:
    """Crawl in a child process, send its spool, and close its run if the child could not."""
    run = f"{job}.{socket.gethostname()}.{os.getpid()}.{next(ctx.runs)}"
    spool = ctx.spool_dir / f"{run}.jsonl"
    spec = {
        "slug": source.slug,
        "job": job,
        "run": run,
        "trigger": trigger,
        "spool_dir": str(ctx.spool_dir),
        "overrides": overrides,
    }
    started = time.monotonic()
    logger.info("%s: crawl started (job %s)", source.slug, job)
    with ctx.lock:
        proc = start_crawl(ctx, spec)
        ctx.children[proc.pid] = proc
    code = proc.wait()
    with ctx.lock:
        ctx.children.pop(proc.pid, None)
    deliver_spool(ctx, spool)
    # Sent whatever the exit code: a crawl that could not start (Redis away at that moment)
    # may still exit 0. When the child ended its run itself, the writer ignores these.
    close_run(ctx, source, job, run, trigger, code, time.monotonic() - started)
    logger.info(
        "%s: crawl process ended (exit %d) in %.1f s", source.slug, code, time.monotonic() - started
    )


def deliver_spool(ctx: WorkerContext, spool: Path) -> None:
    """Send a spool file, waiting for Redis as long as it takes (the job is not done before)."""
    while not flush_spool(ctx.client, spool):
        logger.warning("Redis unreachable: %s waits to be sent", spool)
        time.sleep(SPOOL_RETRY_S)


def close_run(
    ctx: WorkerContext, source: Source, job: str, run: str, trigger: str, code: int, took: float
) -> None:
    """For a child that died before ending its run: start (if it never did) and end it.

    The keys are the ones the child uses, so the writer ignores whichever it already has.
    """
    status = "interrupted" if ctx.stopping.is_set() else "failed"
    common = {"job": job, "run": run, "source": source.slug, "at": utcnow()}
    sender = Sender(ctx.client, ctx.spool_dir / f"{run}.jsonl")
    sender.send(
        {
            **common,
            "type": records.RUN_START,
            "key": f"{run}:start",
            "trigger": trigger,
            "source_row": source.as_row(),
        }
    )
    counters = {
        "pages_fetched": 0,
        "errors_by_kind": {"process": 1},
        "exit_code": code,
        "status": status,
    }
    sender.send(
        {
            **common,
            "type": records.RUN_END,
            "key": f"{run}:end",
            "reason": "process",
            "counters": counters,
            "duration_s": round(took, 3),
        }
    )
    deliver_spool(ctx, sender.spool)


def flush_leftovers(ctx: WorkerContext) -> None:
    """Spool files a killed worker left behind: their records are sent before any new job."""
    for spool in sorted(ctx.spool_dir.glob("*.jsonl")):
        logger.warning("sending records left in %s by an earlier worker", spool)
        deliver_spool(ctx, spool)


def run_worker(
    url: str,
    sources_file: Path | None,
    concurrency: int,
    spool_dir: Path,
    stop: threading.Event,
) -> None:
    """Serve crawl jobs until stop is set; then interrupt the crawls and wait for them."""
    global _CONTEXT
    client = open_redis(url, role="worker")
    broker = make_broker(client)
    dramatiq.Actor(
        crawl_source,
        broker=broker,
        actor_name=ACTOR,
        queue_name=QUEUE,
        priority=0,
        options={
            "max_retries": 0,
            "retry_when": retry_when,
            "min_backoff": 1000,
            "max_backoff": 30_000,
            "time_limit": JOB_TIME_LIMIT_MS,
        },
    )
    spool_dir.mkdir(parents=True, exist_ok=True)
    ctx = _CONTEXT = WorkerContext(url, client, broker, sources_file, spool_dir)
    flush_leftovers(ctx)
    with ctx.lock:
        ctx.spares.append(spawn_child(ctx))  # the first job's, importing while none has come
    worker = dramatiq.Worker(broker, worker_threads=concurrency)
    # One job per free thread: a job prefetched behind a long crawl would wait for it while
    # other workers idle.
    worker.queue_prefetch = concurrency
    worker.start()
    logger.info("worker ready: %d crawl(s) at a time, spool in %s", concurrency, spool_dir)
    stop.wait()
    ctx.stopping.set()
    with ctx.lock:
        children = list(ctx.children.values())
    for proc in children:
        # Scrapy closes on SIGINT as "interrupted", sending what it has.
        proc.send_signal(signal.SIGINT)
    worker.stop(timeout=60_000)
    end_spares(ctx)
    ctx.spawner.shutdown()
    _CONTEXT = None
