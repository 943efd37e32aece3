"""Real servers for tests: a throwaway PostgreSQL cluster, the app on a local port, and what a local
SMTP server (aiosmtpd) receives."""
from __future__ import annotations

import asyncio
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

from werkzeug.serving import make_server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin_dir() -> Path | None:
    """Debian's PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin), newest first."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


@contextmanager
def postgres_cluster():
    """Start a private PostgreSQL server on a free loopback port; yield its SQLAlchemy URL.

    PostgreSQL refuses to run as root, so as root the cluster is owned by the
    `postgres` system user that Debian's package creates.
    """
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    workdir = Path(tempfile.mkdtemp(prefix="ocop-pg-"))
    data_dir = workdir / "data"
    port = free_port()
    run_as: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(workdir, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]

    def run(*command: str) -> None:
        subprocess.run([*run_as, *command], check=True, capture_output=True, cwd=workdir)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "ocop", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        run(str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-l", str(workdir / "log"), "-w", "-o",
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "ocop", "ocop_test")
        yield f"postgresql+psycopg://ocop@127.0.0.1:{port}/ocop_test"
    finally:
        if (data_dir / "postmaster.pid").exists():
            subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", "immediate", "stop"],
                           capture_output=True, cwd=workdir)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def live_server(app):
    """Serve the app on a free loopback port in a background thread; yield its base URL."""
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


class SmtpInbox:
    """An aiosmtpd handler keeping the parsed messages a real local SMTP server received; `delay`
    (seconds) slows each one, to make two deliveries overlap."""

    def __init__(self, delay: float = 0.0):
        self.messages = []
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"
