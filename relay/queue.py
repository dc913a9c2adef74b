"""The crawl-job queue: Dramatiq on Redis (ARCHITECTURE.md says why this one).

A job is one source to crawl, a JSON message {slug, job, trigger, overrides}. Dramatiq's Redis
broker acknowledges a message only after the actor returns and gives the messages of a worker
whose heartbeat stopped back to the queue, so a job whose worker was killed runs again on
another one. Its messages are JSON (dramatiq's default encoder, checked at import here): no
pickle is read from Redis.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import dramatiq
import redis
from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker
from dramatiq.encoder import JSONEncoder
from dramatiq.message import Message, get_encoder

QUEUE = "crawl"
ACTOR = "crawl_source"
NAMESPACE = "claimwatch:jobs"
# A worker silent this long is dead: its job goes back to the queue. Its consumer threads
# fetch (and so beat) every second even while every worker thread is crawling.
HEARTBEAT_MS = int(float(os.environ.get("CLAIMWATCH_JOB_HEARTBEAT_S", 30)) * 1000)
# Dramatiq looks for dead workers on a random 0.1% of its commands by default: minutes to
# notice one on a quiet queue. Every command here; the check is one sorted-set range.
MAINTENANCE_CHANCE = MAINTENANCE_SCALE


def make_broker(client: redis.Redis) -> RedisBroker:
    """The broker over an open connection (relay.connect.open_redis), set as Dramatiq's."""
    if not isinstance(get_encoder(), JSONEncoder):
        raise RuntimeError("the crawl queue reads JSON only; another encoder is installed")
    broker = RedisBroker(
        client=client,
        namespace=NAMESPACE,
        heartbeat_timeout=HEARTBEAT_MS,
        maintenance_chance=MAINTENANCE_CHANCE,
    )
    dramatiq.set_broker(broker)
    broker.declare_queue(QUEUE)
    return broker


def new_job_id() -> str:
    """A job's id: names its runs and the result the writer publishes."""
    return uuid.uuid4().hex


def enqueue_crawl(
    broker: RedisBroker,
    slug: str,
    job: str,
    trigger: str = "manual",
    overrides: dict[str, Any] | None = None,
    delay_ms: int | None = None,
) -> str:
    """Queue a crawl of one source; return the message id."""
    message: Message[Any] = Message(
        queue_name=QUEUE,
        actor_name=ACTOR,
        args=(),
        kwargs={"slug": slug, "job": job, "trigger": trigger, "overrides": overrides or {}},
        options={},
    )
    return broker.enqueue(message, delay=delay_ms).message_id


def queued_count(broker: RedisBroker) -> int:
    """Jobs waiting in the queue (not yet taken by a worker)."""
    return int(broker.do_qsize(QUEUE))


_CLEAR_IF_OURS = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def scheduled_key(slug: str) -> str:
    """Marks a source's scheduled job as queued or running."""
    return f"claimwatch:scheduled:{slug}"


def mark_scheduled(client: redis.Redis, slug: str, job: str, ttl_s: int) -> bool:
    """Claim the source's one scheduled turn; False while an earlier one is queued or running."""
    return bool(client.set(scheduled_key(slug), job, nx=True, ex=ttl_s))


def clear_scheduled(client: redis.Redis, slug: str, job: str) -> None:
    """The job ended: the source may be scheduled again (only this job's mark is removed)."""
    client.eval(_CLEAR_IF_OURS, 1, scheduled_key(slug), job)
