"""Work that can be abandoned: each job runs in a worker process that can be killed.

pyoxigraph cannot be interrupted from Python once a query is running, and a thread
cannot be killed, so a query past its deadline, or whose client has left, would go on
using a core and memory until it ends, if ever. A worker process can simply be killed;
the parent then starts a fresh one. A crash in the engine (a stack overflow, running out
of memory) kills only the worker, never the server.

Workers are forked where that is safe, else spawned (`start_method`): a forked worker
shares the loaded store with its parent (copy-on-write) and starts at once; a spawned
one unpickles its handler, and with it a copy of the store. So a handler must be
picklable (a module-level function, or a `functools.partial` of one over picklable
values), never a lambda.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

from graph.errors import OfstedKgError, UsageError

Handler = Callable[[Any], Any]


class WorkerLost(Exception):
    """The job's worker was killed or died; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        """`timeout`, `left` (the client went away) or `crashed`."""


class Busy(Exception):
    """Every worker stayed busy for as long as the caller was willing to wait."""


def start_method() -> str:
    """`fork` where it is safe, else `spawn`; the one place the choice is made.

    Fork is much the cheaper: the worker shares the parent's store instead of loading a
    copy (`benchmarks/bench_workers.py`, a million triples: first answer after 0.8 s and
    304 MB of its own, against 8.5 s and 434 MB when spawned). It is safe where the
    platform has it, it is not macOS (whose system libraries are not fork-safe, so Python
    spawns there by default), and this process runs a single Python thread: a thread
    holding a lock when another forks leaves the lock held forever in the child (Python
    3.12+ warns with a DeprecationWarning). `serve` starts its pool before any handler
    thread; a worker replaced later, from a handler thread, is spawned. Native thread
    pools are not counted: OpenBLAS starts idle ones when the CLI imports numpy, and a
    worker never calls into it (Python 3.12+ counts them, and may warn as serve starts).
    """
    if ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.active_count() == 1):
        return "fork"
    return "spawn"


def serve_jobs(connection: Connection, handle: Handler, memory_limit: int | None,
               forked: bool, prepare: Callable[[], None] | None = None) -> None:
    """The worker's loop: call `prepare` (if any), say `("ok", None)` once ready, then
    answer each job with `("ok", value)` or `("error", exception)`."""
    if forked:
        keep = connection.fileno()
        # The parent's sockets (listening, clients, other workers' pipes) are not ours to
        # hold open: a client must see its connection close when the parent closes it.
        os.closerange(3, keep)
        os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
        gc.freeze()  # never touch the parent's objects, so their pages stay shared
    if memory_limit is not None:
        limit_memory(memory_limit)
    if prepare is not None:
        prepare()
    connection.send(("ok", None))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", handle(job))
        except OfstedKgError as error:
            reply = ("error", error)
        except MemoryError:
            reply = ("error", UsageError("the query needs more memory than allowed"))
        connection.send(reply)


def limit_memory(extra_bytes: int) -> None:
    """Let this process grow by at most `extra_bytes` beyond its size now (Linux)."""
    try:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    import resource  # POSIX only; reached only where /proc is

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = size + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS,
                       (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def client_left(client: socket.socket) -> bool:
    """Whether the peer closed a socket that has something to read (EOF or a reset)."""
    try:
        return client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class Worker:
    """One process answering jobs with `handle`, one at a time, after `prepare` (loading
    what every job needs while the caller does other work)."""

    def __init__(self, handle: Handler, memory_limit: int | None = None,
                 prepare: Callable[[], None] | None = None) -> None:
        self.method = start_method()
        context = multiprocessing.get_context(self.method)
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=serve_jobs,
            args=(child, handle, memory_limit, self.method == "fork", prepare), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        """Wait until the worker has started (a spawned one has loaded its store): never
        abandoned, since the start is no job's time and a client leaving is no reason to
        start again."""
        if not self.ready:
            self.reply(None, None)
            self.ready = True

    def run(self, job: object, timeout: float | None = None,
            client: socket.socket | None = None) -> Any:
        """The job's value (or its OfstedKgError raised) once the worker is ready;
        `WorkerLost` after killing the worker when `timeout` seconds pass or `client`
        leaves."""
        self.wait_ready()
        try:
            self.connection.send(job)
        except OSError:
            raise self.lost("crashed") from None
        return self.reply(None if timeout is None else time.monotonic() + timeout, client)

    def reply(self, deadline: float | None, client: socket.socket | None) -> Any:
        """The worker's next message, waited for until `deadline` (a `time.monotonic()`)
        and while `client` stays."""
        watched: list[Any] = [self.connection] if client is None else [self.connection, client]
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise self.lost("timeout")
            ready = wait(watched, remaining)
            if self.connection in ready:
                try:
                    status, value = self.connection.recv()
                except (EOFError, OSError):
                    raise self.lost("crashed") from None
                if status == "error":
                    raise value
                return value
            if client is not None and client in ready:
                if client_left(client):
                    raise self.lost("left")
                watched.remove(client)  # the client sent more: nothing to watch for now

    def lost(self, reason: str) -> WorkerLost:
        self.stop()
        return WorkerLost(reason)

    def stop(self) -> None:
        """Kill the process (it may be in the middle of a job) and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    """A fixed number of workers; a lost worker is replaced by a fresh one."""

    def __init__(self, size: int, handle: Handler, memory_limit: int | None = None) -> None:
        self.handle, self.memory_limit = handle, memory_limit
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.closed = False
        started = [self.start() for _ in range(size)]
        for worker in started:  # spawned ones load their stores side by side
            worker.wait_ready()
            self.idle.put(worker)

    def start(self) -> Worker:
        with self.lock:  # one start at a time, never racing `close`
            return Worker(self.handle, self.memory_limit)

    def run(self, job: object, wait_seconds: float, timeout: float | None = None,
            client: socket.socket | None = None) -> Any:
        """Run `job` on the first worker free within `wait_seconds` (else `Busy`), for at
        most `timeout` seconds and only while `client` stays (see `Worker.run`)."""
        try:
            worker = self.idle.get(timeout=wait_seconds)
        except queue.Empty:
            raise Busy() from None
        try:
            return worker.run(job, timeout, client)
        except WorkerLost:
            worker = self.start()
            raise
        finally:
            self.give_back(worker)

    def give_back(self, worker: Worker) -> None:
        with self.lock:
            if not self.closed:
                self.idle.put(worker)
                return
        worker.stop()

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when their job ends."""
        with self.lock:
            self.closed = True
        while True:
            try:
                self.idle.get_nowait().stop()
            except queue.Empty:
                return


def call(function: Callable[[], Any], _job: object) -> Any:
    return function()


def run_with_deadline(function: Callable[[], Any], timeout: float) -> Any:
    """`function()` (picklable) run in a worker, abandoned after `timeout` seconds
    (`WorkerLost`)."""
    worker = Worker(functools.partial(call, function))
    try:
        return worker.run(None, timeout)
    finally:
        worker.stop()
