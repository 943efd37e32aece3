"""Benchmark: a bounded load test, 50 concurrent clients for 60 s against gunicorn (2 workers) on
127.0.0.1, on SQLite and, when a PostgreSQL server is installed, on PostgreSQL (a throwaway cluster
started like the tests'), beside a bare Flask app measured in the same run.

The clients (bench/locustfile.py, Locust headless, run from .venv-bench so that gevent stays out of
the app's virtualenv): logged-in case list, case pages, dossier downloads and product list, plus
anonymous visitors of the public catalogue, on the demo data (`flask seed-demo`), whose dossiers the
background worker has rendered beforehand (as it does after each change). Each client logs in once.

Run with `make bench` (which makes .venv-bench) or `.venv/bin/python bench/load.py`. Prints the
figures; asserts nothing. Targets: 0 errors, p95 <= 300 ms, RSS per worker after the run <= 150 MB.
"""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from huey.storage import SqliteStorage  # noqa: E402

from tests.servers import free_port, postgres_bin_dir, postgres_cluster  # noqa: E402

USERS = 50
SPAWN_RATE = 25  # clients started per second
DURATION_S = 60
WORKERS = 2
LOCUST = ROOT / ".venv-bench" / "bin" / "locust"
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300
TARGET_RSS_MB = 150


def app_env(database_url: str, folder: Path) -> dict[str, str]:
    return {**os.environ, "APP_CONFIG": "development", "SECRET_KEY": "load-benchmark-" + "x" * 32,
            "DATABASE_URL": database_url, "UPLOAD_DIR": str(folder / "uploads"),
            "HUEY_SQLITE_PATH": str(folder / "queue.sqlite3"), "FLASK_APP": "run.py"}


def prepare(env: dict[str, str]) -> None:
    """Migrate and load the demo data (its accounts are the benchmark's clients), then let the
    background worker render the dossiers the demo's cases queued, as it would have in production."""
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True)
    queue = SqliteStorage("ocop", filename=env["HUEY_SQLITE_PATH"])
    worker = subprocess.Popen([str(BIN / "flask"), "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while queue.queue_size() and time.monotonic() < deadline:
        time.sleep(1)
    worker.send_signal(signal.SIGINT)  # graceful: the render under way is finished first
    worker.wait(timeout=300)


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str]):
    """gunicorn with WORKERS sync workers on a free port; yields (base URL, master process)."""
    port = free_port()
    process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
                                "--log-level", "warning", app_spec], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start: " + process.stderr.read1().decode()[-2000:])
                time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def worker_rss_mb(master: subprocess.Popen) -> list[float]:
    """The resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def run_locust(url: str, classes: list[str], prefix: Path) -> list[dict]:
    """Run the clients headless; the rows of Locust's stats CSV (one per request name, then Aggregated)."""
    subprocess.run([str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
                    "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{DURATION_S}s", "--host", url,
                    "--csv", str(prefix), "--loglevel", "WARNING", *classes],
                   cwd=ROOT, check=False, capture_output=True)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def report(title: str, rows: list[dict], rss: list[float], rss_at_start: list[float]) -> None:
    print(f"\n{title}: {USERS} clients for {DURATION_S} s, gunicorn {WORKERS} workers")
    print(f"  {'request':34} {'count':>6} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>6}  (ms)")
    for row in rows:
        print(f"  {row['Name'][:34]:34} {row['Request Count']:>6} {row['Failure Count']:>6} {row['50%']:>6} "
              f"{row['95%']:>6} {row['99%']:>6} {float(row['Requests/s']):>6.1f}")
    total = rows[-1]
    errors = int(total["Failure Count"])
    p95 = float(total["95%"] or 0)
    print(f"  errors: {errors}  [target 0]   p95: {p95:.0f} ms  [target <= {TARGET_P95_MS} ms]   "
          f"requests/s: {float(total['Requests/s']):.1f}")
    print("  RSS per worker after the run: " + ", ".join(f"{size:.0f} MB" for size in rss)
          + f"  [target <= {TARGET_RSS_MB} MB]; before it: " + ", ".join(f"{size:.0f} MB" for size in rss_at_start))


def measure(title: str, app_spec: str, env: dict[str, str], classes: list[str], folder: Path) -> None:
    with gunicorn(app_spec, env) as (url, master):
        rss_at_start = worker_rss_mb(master)
        rows = run_locust(url, classes, folder / title.split()[0].lower())
        rss = worker_rss_mb(master)
    report(title, rows, rss, rss_at_start)


def main() -> None:
    if not LOCUST.exists():
        sys.exit(f"Locust is not installed: make bench creates {LOCUST.parent.parent} from requirements-bench.txt")
    with tempfile.TemporaryDirectory(prefix="ocop-load-") as name:
        folder = Path(name)
        measure("Bare Flask app (same machine, same run)", "bench.bare_app:app", dict(os.environ), ["BareUser"],
                folder)
        env = app_env(f"sqlite:///{folder / 'load.sqlite3'}", folder)
        prepare(env)
        measure("SQLite app (demo data)", "run:app", env, ["OcopUser", "PublicVisitor"], folder)
        if postgres_bin_dir() is None:
            print("\nPostgreSQL: no server installed (apt-get install postgresql), its run is skipped.")
            return
        with postgres_cluster() as database_url:
            env = app_env(database_url, folder / "pg")
            prepare(env)
            measure("PostgreSQL app (demo data)", "run:app", env, ["OcopUser", "PublicVisitor"], folder)


if __name__ == "__main__":
    main()
