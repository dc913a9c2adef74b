"""Which Redis task queue carries the crawl jobs: Dramatiq, RQ and Celery measured side by side.

For each library, on a private redis-server on loopback: one worker process with one thread,
(1) the enqueue -> start latency of 40 jobs sent one at a time to an idle worker, and (2) what
happens to a job whose worker is SIGKILLed while running it: is it started again by a fresh
worker, and after how long. Each library is configured as claimwatch would deploy it: acks
after the job (Dramatiq does by default; Celery `acks_late` with a 20 s visibility timeout;
RQ has no such mode) and a 10 s heartbeat where there is one.

    .venv/bin/pip install rq celery     # beside dramatiq, only for this comparison
    nice .venv/bin/python benchmarks/queues.py

A library that is not installed is skipped.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

JOBS = 40
RECOVERY_WAIT_S = 75.0

DRAMATIQ_MODULE = """
import time, redis, dramatiq
from dramatiq.brokers.redis import RedisBroker
URL = "{url}"
broker = RedisBroker(url=URL, heartbeat_timeout=10_000, maintenance_chance={maintenance})
dramatiq.set_broker(broker)
r = redis.Redis.from_url(URL)

@dramatiq.actor(max_retries=0, time_limit=3_600_000)
def job(tag, sent, sleep):
    r.rpush("started", f"{tag} {time.time() - sent}")
    time.sleep(sleep)
"""

RQ_MODULE = """
import time, redis
r = redis.Redis.from_url("{url}")

def job(tag, sent, sleep):
    r.rpush("started", f"{tag} {time.time() - sent}")
    time.sleep(sleep)
"""

CELERY_MODULE = """
import time, redis
from celery import Celery
URL = "{url}"
app = Celery("qb_celery", broker=URL)
app.conf.update(task_acks_late=True, task_reject_on_worker_lost=True,
                worker_prefetch_multiplier=1, broker_transport_options={"visibility_timeout": 20},
                task_serializer="json", accept_content=["json"])
r = redis.Redis.from_url(URL)

@app.task
def job(tag, sent, sleep):
    r.rpush("started", f"{tag} {time.time() - sent}")
    time.sleep(sleep)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Library:
    """How to start a worker for one library and send it one job."""

    name = ""
    module = ""
    package = ""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        (folder / f"{self.modname}.py").write_text(self.module.replace("{url}", url))
        sys.path.insert(0, str(folder))

    @property
    def modname(self) -> str:
        return f"qb_{self.name}"

    def worker_command(self) -> list[str]:
        raise NotImplementedError

    def send(self, tag: str, sleep: float) -> None:
        raise NotImplementedError


class Dramatiq(Library):
    """As relay/queue.py configures it: dead workers looked for on every command."""

    name = package = "dramatiq"
    module = DRAMATIQ_MODULE.replace("{maintenance}", "1_000_000")

    def worker_command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "dramatiq",
            self.modname,
            "--processes",
            "1",
            "--threads",
            "1",
        ]

    def send(self, tag: str, sleep: float) -> None:
        importlib.import_module(self.modname).job.send(tag, time.time(), sleep)


class DramatiqDefaults(Dramatiq):
    """Dramatiq's default: dead workers looked for on 0.1% of commands."""

    name = "dramatiq_default"
    module = DRAMATIQ_MODULE.replace("{maintenance}", "1000")


class Rq(Library):
    name = package = "rq"
    module = RQ_MODULE

    def worker_command(self) -> list[str]:
        return [sys.executable, "-m", "rq.cli", "worker", "-u", self.url, "--with-scheduler", "q"]

    def send(self, tag: str, sleep: float) -> None:
        from rq import Queue

        job = importlib.import_module(self.modname).job
        Queue("q", connection=redis.Redis.from_url(self.url)).enqueue(
            job, tag, time.time(), sleep, job_timeout=3600
        )


class Celery(Library):
    name = package = "celery"
    module = CELERY_MODULE

    def worker_command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "celery",
            "-A",
            self.modname,
            "worker",
            "-c",
            "1",
            "-l",
            "warning",
        ]

    def send(self, tag: str, sleep: float) -> None:
        importlib.import_module(self.modname).job.delay(tag, time.time(), sleep)


def start_worker(lib: Library) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{lib.folder}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    return subprocess.Popen(
        lib.worker_command(),
        cwd=lib.folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def wait_started(r: redis.Redis, tag: str, timeout: float) -> float | None:
    """Seconds from send to start of the job `tag`, or None when it did not start in time."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for raw in r.lrange("started", 0, -1):
            got, latency = raw.decode().split()
            if got == tag:
                return float(latency)
        time.sleep(0.005)
    return None


def measure(lib_class: type[Library], url: str, r: redis.Redis) -> dict[str, object]:
    r.flushall()
    with tempfile.TemporaryDirectory() as folder:
        lib = lib_class(url, Path(folder))
        worker = start_worker(lib)
        try:
            lib.send("warm", 0)
            if wait_started(r, "warm", 60) is None:
                return {"library": lib.name, "error": "worker did not start"}
            latencies = []
            for n in range(JOBS):
                lib.send(f"j{n}", 0)
                latencies.append(wait_started(r, f"j{n}", 30) or float("nan"))
            lib.send("long", 600)
            wait_started(r, "long", 30)
            time.sleep(0.5)
            kill(worker)
            r.delete("started")
            killed_at = time.monotonic()
            worker = start_worker(lib)
            again = None
            while time.monotonic() - killed_at < RECOVERY_WAIT_S:
                if any(raw.decode().startswith("long ") for raw in r.lrange("started", 0, -1)):
                    again = time.monotonic() - killed_at
                    break
                time.sleep(0.1)
        finally:
            kill(worker)
    ms = sorted(x * 1000 for x in latencies)
    return {
        "library": lib.name,
        "median_ms": statistics.median(ms),
        "p95_ms": ms[int(len(ms) * 0.95) - 1],
        "rerun_after_kill_s": again,
    }


def main() -> None:
    port = free_port()
    folder = Path(tempfile.mkdtemp())
    server = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    r = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            r.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        for lib in (Dramatiq, DramatiqDefaults, Rq, Celery):
            if importlib.util.find_spec(lib.package) is None:
                print(f"{lib.name}: not installed, skipped")
                continue
            row = measure(lib, url, r)
            if "error" in row:
                print(f"{row['library']:9} {row['error']}")
                continue
            rerun = row["rerun_after_kill_s"]
            print(
                f"{row['library']:9} enqueue->start median {row['median_ms']:6.1f} ms, "
                f"p95 {row['p95_ms']:6.1f} ms; job of a SIGKILLed worker "
                + (
                    f"started again after {rerun:.1f} s"
                    if rerun
                    else f"not started again within {RECOVERY_WAIT_S:.0f} s"
                )
            )
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
