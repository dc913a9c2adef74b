"""`claimwatch schedule --redis`: each source's turn queues a crawl job instead of crawling.

The triggers are the local scheduler's (trigger_for). A source whose previous scheduled job is
still queued or running is not queued again (relay.queue.mark_scheduled, cleared by the worker
when the job ends; its expiry bounds a mark whose job was lost with Redis's data). Roll-up
and alerts are the writer's, after the crawls it stores.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import UTC

import redis
from apscheduler.schedulers.background import BackgroundScheduler

from claimwatch.monitor.scheduler import trigger_for
from crawler.sources.registry import Source
from relay.queue import enqueue_crawl, make_broker, mark_scheduled, new_job_id

logger = logging.getLogger("claimwatch.scheduler")

MARK_TTL_S = 6 * 3600


class EnqueueScheduler:
    """One APScheduler job per source; each turn queues a crawl on the cluster."""

    def __init__(
        self,
        client: redis.Redis,
        sources: Sequence[Source],
        interval_override: int | None = None,
        misfire_grace: int = 900,
        overrides: dict[str, object] | None = None,
    ) -> None:
        self.client = client
        self.broker = make_broker(client)
        self.overrides = dict(overrides or {})
        self.scheduler = BackgroundScheduler(
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": misfire_grace,
            },
            timezone=UTC,
        )
        for source in sources:
            self.scheduler.add_job(
                self.enqueue,
                trigger_for(source, interval_override),
                args=[source.slug],
                id=source.slug,
                name=f"queue {source.slug}",
            )

    def enqueue(self, slug: str) -> str | None:
        """Queue one crawl of slug unless its last one has not ended; the job id, or None."""
        job = new_job_id()
        try:
            if not mark_scheduled(self.client, slug, job, MARK_TTL_S):
                logger.info("%s: the last scheduled crawl has not ended; skipping this turn", slug)
                return None
            enqueue_crawl(self.broker, slug, job, "schedule", self.overrides)
        except redis.RedisError as exc:
            logger.warning("%s: could not queue the crawl (%s); next turn tries again", slug, exc)
            return None
        logger.info("%s: crawl queued (job %s)", slug, job)
        return job

    def run(self, stop: threading.Event, run_for: float | None = None) -> None:
        """Schedule until stop is set (or run_for seconds)."""
        self.scheduler.start()
        try:
            stop.wait(run_for)
        finally:
            self.scheduler.shutdown(wait=False)
