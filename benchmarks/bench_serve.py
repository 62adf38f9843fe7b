"""`ofsted-kg serve` under 200 concurrent clients, with and without a hostile query running.

Starts `ofsted-kg serve` on a free loopback port, then fires --clients connections at
once (threads released together by a barrier), each sending one query, and reports how
many were reset, how many were told 503 (busy, try again), and the latency of the
answers (p50, p99, max). The second round does the same while --hostile clients each
run a cross product that only the server's --timeout stops: the others must still be
answered. Traffic stays on 127.0.0.1; every client has a deadline.

Usage: python benchmarks/bench_serve.py [--data GRAPH] [--clients 200] [--hostile 1]
       [--timeout 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
QUERY = ("PREFIX okg: <https://w3id.org/ofsted-kg/def#> "
         "SELECT ?finding ?inspection WHERE { ?finding okg:fromInspection ?inspection }")
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CLIENT_DEADLINE = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ask(port: int, query: str) -> tuple[str, float]:
    """(outcome, seconds): the HTTP status as text, or `reset` / the error's name."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_DEADLINE)
    try:
        connection.request("GET", "/query?" + urlencode({"query": query}))
        response = connection.getresponse()
        response.read()
        outcome = str(response.status)
    except ConnectionResetError:
        outcome = "reset"
    except OSError as error:
        outcome = type(error).__name__
    finally:
        connection.close()
    return outcome, time.perf_counter() - started


def fire(port: int, clients: int, query: str) -> list[tuple[str, float]]:
    """Every client's (outcome, seconds), all clients started at the same moment."""
    results: list[tuple[str, float]] = []
    barrier = threading.Barrier(clients)

    def client() -> None:
        barrier.wait()
        results.append(ask(port, query))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(CLIENT_DEADLINE + 5)
    return results


def report(title: str, results: list[tuple[str, float]]) -> None:
    outcomes = Counter(outcome for outcome, _ in results)
    answered = sorted(seconds for outcome, seconds in results if outcome == "200")
    if answered:
        cuts = statistics.quantiles(answered, n=100, method="inclusive")
        latency = (f"p50 {cuts[49] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms, "
                   f"max {answered[-1] * 1000:.0f} ms")
    else:
        latency = "no answers"
    print(f"{title}: {len(results)} clients, {outcomes['200']} answered, "
          f"{outcomes['reset']} reset, {outcomes['503']} told 503; {latency}; "
          f"all outcomes {dict(outcomes)}")


def start_serve(data: Path, port: int, timeout: float, workers: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "ofsted-kg"), "serve", "--data", str(data),
               "--port", str(port), "--timeout", str(timeout), "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    assert process.stdout is not None
    if not process.stdout.readline().startswith("Serving"):
        process.kill()
        raise SystemExit("serve did not start")
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests/fixtures/handmade.ttl")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--hostile", type=int, default=1,
                        help="cross products running during the second round")
    parser.add_argument("--timeout", type=float, default=10.0, help="serve --timeout")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers")
    args = parser.parse_args()

    port = free_port()
    process = start_serve(args.data, port, args.timeout, args.workers)
    try:
        report("quiet", fire(port, args.clients, QUERY))
        hostile: list[tuple[str, float]] = []
        attackers = [threading.Thread(target=lambda: hostile.append(ask(port, HOSTILE)))
                     for _ in range(args.hostile)]
        for attacker in attackers:
            attacker.start()
        time.sleep(0.5)  # the cross products are running before the others arrive
        report(f"with {args.hostile} hostile", fire(port, args.clients, QUERY))
        for attacker in attackers:
            attacker.join(CLIENT_DEADLINE)
        report("hostile queries themselves", hostile)
        print(f"serve still running: {process.poll() is None}")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
