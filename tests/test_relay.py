"""relay/ and the writer against a real redis-server: records, spool, stream, leases."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
from redis_server import RedisServer

from claimwatch.cluster.worker import lock_names
from claimwatch.cluster.writer import Writer, WriterOptions
from crawler.sources.registry import load_sources
from db import open_db
from db.articles import compress_html
from relay import records
from relay.known import publish_known, read_known
from relay.locks import Lease
from relay.spool import Sender
from relay.stream import STREAM, StreamReader, add, refused_count


def article(n: int, run: str = "job1.host.1.1", key: str | None = None) -> dict:
    """A well-formed article record, as a worker's crawl sends it."""
    url = f"http://127.0.0.1:9/news/story-{n}"
    text = f"Story {n}: Meta offered Jane Doe $100 million, people familiar said."
    return {
        "type": records.ARTICLE,
        "key": key or f"{run}:{n}",
        "job": "job1",
        "run": run,
        "source": "sample_x",
        "at": "2026-12-07T00:00:00Z",
        "item": {
            "url": url,
            "source": "sample_x",
            "fetched_at": "2026-12-07T00:00:00Z",
            "html_hash": f"{n:032x}",
            "discovered_via": None,
            "feed_title": None,
            "feed_published_at": None,
            "feed_language": None,
            "etag": None,
            "last_modified": None,
            "article": {
                "title": f"Story {n}",
                "text": text,
                "language": "en",
                "canonical_url": url,
                "content_hash": f"c{n:031x}",
                "raw_html": compress_html(f"<p>{text}</p>".encode()),
                "signature": b"\x00\x01" * 8,
            },
        },
        "claims": [],
    }


def run_records(run: str = "job1.host.1.1") -> tuple[dict, dict]:
    common = {"job": "job1", "run": run, "source": "sample_x", "at": "2026-12-07T00:00:00Z"}
    row = {"slug": "sample_x", "name": "X", "kind": "outlet", "domains": ["127.0.0.1:9"]}
    start = {**common, "type": records.RUN_START, "key": f"{run}:start", "trigger": "manual",
             "source_row": row}  # fmt: skip
    end = {**common, "type": records.RUN_END, "key": f"{run}:end", "reason": "finished",
           "counters": {"pages_fetched": 3, "errors_by_kind": {}, "status": "ok"},
           "duration_s": 1.0}  # fmt: skip
    return start, end


def writer(tmp_path: Path, server: RedisServer, **options: object) -> Writer:
    opts = WriterOptions(block_ms=50, consumer="w1", **options)  # type: ignore[arg-type]
    return Writer(open_db(tmp_path / "w.db"), server.client(), opts)


def drain(w: Writer) -> None:
    while w.turn():
        pass


def test_records_round_trip_and_bytes_survive() -> None:
    record = article(1)
    assert records.decode(records.encode(record)) == record


@pytest.mark.parametrize(
    "raw",
    [
        pickle.dumps({"type": "article"}),  # pickle is never unpickled: not JSON, refused
        b"\xff\xfe garbage",
        b'{"type": "article", "key": "k"}',  # JSON of the wrong shape
        b'{"type": "run_end", "key": "k", "job": "j", "run": "r", "source": "s", "at": "t", '
        b'"reason": "finished", "counters": {}, "duration_s": NaN}',
        b"[1, 2, 3]",
    ],
)
def test_malformed_entries_are_refused(raw: bytes) -> None:
    with pytest.raises(records.BadRecord):
        records.decode(raw)


def test_writer_refuses_and_counts_garbage_and_goes_on(
    tmp_path: Path, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = redis_server.client()
    w = writer(tmp_path, redis_server)
    start, end = run_records()
    add(client, records.encode(start))
    add(client, pickle.dumps(article(1)))
    add(client, b"not json at all")
    add(client, records.encode(article(2)))
    add(client, records.encode(end))
    with caplog.at_level(logging.WARNING, logger="claimwatch.writer"):
        drain(w)
    assert w.stats.refused == 2 and refused_count(client) == 2
    assert "refused stream entry" in caplog.text
    assert client.xlen("claimwatch:records:refused") == 2
    db = w.db
    assert [r[0] for r in db.execute("SELECT url FROM articles")] == [
        "http://127.0.0.1:9/news/story-2"
    ]
    run = db.execute("SELECT status, pages_fetched, articles_new FROM crawl_runs").fetchone()
    assert run == ("ok", 3, 1)
    assert client.xlen(STREAM) == 0  # acknowledged and deleted


def test_a_record_delivered_twice_is_stored_once(tmp_path: Path, redis_server: RedisServer) -> None:
    client = redis_server.client()
    w = writer(tmp_path, redis_server)
    start, end = run_records()
    for record in (start, article(1), article(1), start, article(2), end, end):
        add(client, records.encode(record))
    drain(w)
    assert w.stats.duplicates == 3
    assert w.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    assert w.db.execute("SELECT COUNT(*) FROM crawl_runs").fetchone()[0] == 1
    assert w.db.execute("SELECT articles_new FROM crawl_runs").fetchone()[0] == 2
    # What it stored is published for the workers.
    known = read_known(client, "sample_x")
    assert set(known) == {f"http://127.0.0.1:9/news/story-{n}" for n in (1, 2)}


def test_entries_a_dead_writer_left_pending_are_claimed(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    start, end = run_records()
    for record in (start, article(1), end):
        add(client, records.encode(record))
    dead = StreamReader(client, "dead-writer")
    assert len(dead.read(10, 10)) == 3  # read, never acknowledged: the writer died
    w = writer(tmp_path, redis_server, claim_idle_ms=0)
    drain(w)
    assert w.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert client.xpending(STREAM, "writers")["pending"] == 0


def test_spool_keeps_records_while_redis_is_down_and_sends_them_in_order(
    tmp_path: Path, redis_server_factory, caplog: pytest.LogCaptureFixture
) -> None:
    server = redis_server_factory(appendonly=True)
    spool = tmp_path / "spool" / "run.jsonl"
    sender = Sender(server.client(socket_connect_timeout=0.2), spool)
    sender.send(article(1))
    server.stop()
    with caplog.at_level(logging.WARNING, logger="claimwatch.relay"):
        sender.send(article(2))
        sender.send(article(3))
        assert "Redis unreachable" in caplog.text
        assert len(spool.read_bytes().splitlines()) == 2
        server.start()
        sender.retry_at = 0.0
        sender.send(article(4))
        assert "sent 2 spooled record(s)" in caplog.text
    assert not spool.exists()
    entries = [fields for _, fields in server.client().xrange(STREAM)]
    keys = [records.decode(fields)["key"] for fields in entries]
    assert keys == [f"job1.host.1.1:{n}" for n in (1, 2, 3, 4)]


def test_leases_keep_sources_of_one_domain_apart_and_expire(redis_server: RedisServer) -> None:
    by_slug = {s.slug: s for s in load_sources()}
    news, square = lock_names(by_slug["gate_news"]), lock_names(by_slug["gate_square"])
    assert set(news) & set(square)  # gate_news and gate_square share www.gate.com
    client = redis_server.client()
    first = Lease(client, news, ttl_ms=600)
    assert first.acquire()
    assert not Lease(client, square, ttl_ms=600).acquire()
    assert not Lease(client, news, ttl_ms=600).acquire()  # one crawl of a source at a time
    first.release()
    dying = Lease(client, square, ttl_ms=600)
    assert dying.acquire()
    dying._stop.set()  # its worker was killed: nobody renews the lease
    other = Lease(client, news, ttl_ms=600)
    assert not other.acquire()
    import time

    time.sleep(0.8)
    assert other.acquire()
    other.release()


def test_known_values_that_are_not_ours_are_skipped(redis_server: RedisServer) -> None:
    client = redis_server.client()
    publish_known(client, "s", {"http://a/1": (1, "h", None)})
    client.hset("claimwatch:known:s", "http://a/2", pickle.dumps("x"))
    client.hset("claimwatch:known:s", "http://a/3", '["no", "shape"]')
    assert read_known(client, "s") == {"http://a/1": (1, "h", None)}


def test_a_second_writer_waits_for_the_first(
    tmp_path: Path,
    redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlite3
    import threading
    import time

    from claimwatch.cluster import writer as writer_module

    monkeypatch.setattr(writer_module, "WRITER_LEASE_S", 0.6)
    stops = {name: threading.Event() for name in ("w1", "w2")}

    def serve(name: str) -> None:
        # SQLite connections stay in the thread that opened them.
        w = Writer(
            open_db(tmp_path / f"{name}.db"),
            redis_server.client(),
            WriterOptions(block_ms=50, consumer=name),
        )
        w.stop_event = stops[name]
        w.run()

    def stored(name: str) -> int:
        try:
            with sqlite3.connect(tmp_path / f"{name}.db") as db:
                return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            return -1

    def until(check: object, what: str) -> None:
        deadline = time.monotonic() + 30
        while not check():  # type: ignore[operator]
            assert time.monotonic() < deadline, what
            time.sleep(0.05)

    client = redis_server.client()
    first = threading.Thread(target=serve, args=("w1",))
    second = threading.Thread(target=serve, args=("w2",))
    with caplog.at_level(logging.INFO, logger="claimwatch.writer"):
        first.start()
        until(lambda: stored("w1") == 0, "the first writer's database")
        second.start()
        until(lambda: "another writer holds the lease" in caplog.text, "the second to wait")
        start, _ = run_records()
        add(client, records.encode(start))
        add(client, records.encode(article(1)))
        until(lambda: stored("w1") == 1, "the first writer to store")
        stops["w1"].set()
        first.join(10)
        add(client, records.encode(article(2)))
        until(lambda: stored("w2") == 1, "the second writer to take over")
        stops["w2"].set()
        second.join(10)
    # Each article was written by the one writer holding the lease at the time.
    assert (stored("w1"), stored("w2")) == (1, 1)


def test_a_crawl_starting_while_redis_is_down_waits_for_it(
    tmp_path: Path, redis_server_factory, caplog: pytest.LogCaptureFixture
) -> None:
    import threading

    from crawler.relayed import CrawlRelay
    from db.articles import KnownPage

    server = redis_server_factory(appendonly=True)
    publish_known(server.client(), "s", {"http://a/1": (1, "h", None)})
    server.stop()
    threading.Timer(1.0, server.start).start()
    settings = {
        "CLAIMWATCH_REDIS": server.url,
        "CLAIMWATCH_JOB": "j",
        "CLAIMWATCH_RUN": "r",
        "CLAIMWATCH_SPOOL_DIR": str(tmp_path),
    }
    with caplog.at_level(logging.WARNING, logger="claimwatch.relay"):
        relay = CrawlRelay.from_settings(settings, "s")
    assert "the crawl waits for it" in caplog.text
    assert relay.known_pages() == {"http://a/1": KnownPage(1, "h", None)}
