"""Benchmark of LRS forwarding with a large backlog (prints figures, asserts nothing).

    .venv/bin/python bench/forwarding.py                   # SQLite file in /tmp
    ELEARN_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/NAME \\
        .venv/bin/python bench/forwarding.py               # an empty PostgreSQL database
    .venv/bin/python bench/forwarding.py --backlog 100000

Fills the learning record with a backlog of statements, half of them already forwarded, then
times batches of 200 sent to a local LRS stub on 127.0.0.1 and reports peak memory: a batch
costs the same however long the record (the learning-record issue measured 29 s and 320 MB per
batch with a 32k backlog when statements were derived from every row)."""

import argparse
import os
import sys
import threading
import time
import tracemalloc
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from elearn import create_app  # noqa: E402
from elearn.auth.models import User  # noqa: E402
from elearn.extensions import db  # noqa: E402
from elearn.orgs.models import Agency  # noqa: E402
from elearn.orgs.reference import ensure_reference_data  # noqa: E402
from elearn.progress.forwarding import forward_batch  # noqa: E402
from elearn.progress.models import LearningRecord  # noqa: E402
from elearn.progress.xapi import LrsClient  # noqa: E402

NOW = datetime.now(UTC)


class Lrs(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def statement(n: int, user_id: int) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": "http://b", "name": f"{user_id}"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"objectType": "Activity", "id": f"http://b/xapi/activities/c/lessons/{n}"},
        "timestamp": "2026-01-01T00:00:00.000Z",
        "version": "1.0.0",
    }


def fill(backlog: int) -> None:
    agency = db.session.scalar(select(Agency))
    user = User(
        email="bench@bench.example",
        display_name="Bench",
        latin_name="Bench",
        agency_id=agency.id,
        password_hash="x",
        session_token="0" * 32,
    )
    db.session.add(user)
    db.session.flush()
    for start in range(0, 2 * backlog, 10_000):
        rows = []
        for n in range(start, min(start + 10_000, 2 * backlog)):
            body = statement(n, user.id)
            rows.append(
                {
                    "key": f"bench:{n}",
                    "statement_id": body["id"],
                    "user_id": user.id,
                    "verb": "experienced",
                    "activity_id": body["object"]["id"],
                    "stored_at": NOW,
                    "statement": body,
                    "forwarded_at": NOW if n < backlog else None,
                }
            )
        db.session.execute(insert(LearningRecord), rows)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=32_000)
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    url = os.environ.get("ELEARN_BENCH_DATABASE_URL", "sqlite:////tmp/elearn-bench-forwarding.db")
    if url.startswith("sqlite:////"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    server = ThreadingHTTPServer(("127.0.0.1", 0), Lrs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = LrsClient(f"http://127.0.0.1:{server.server_port}/xapi", "bench", "bench")
    with app.app_context():
        db.drop_all()
        db.create_all()
        ensure_reference_data()
        fill(args.backlog)
        print(
            f"{2 * args.backlog} statements recorded, {args.backlog} waiting, on "
            f"{db.engine.dialect.name}"
        )
        timings = []
        tracemalloc.start()
        for _ in range(args.batches):
            started = time.perf_counter()
            sent = forward_batch(client, now=datetime.now(UTC))
            db.session.commit()
            timings.append((time.perf_counter() - started, sent))
        peak = tracemalloc.get_traced_memory()[1]
        seconds = sorted(t for t, _ in timings)
        median = seconds[len(seconds) // 2]
        print(
            f"{len(timings)} batches of {timings[0][1]}: median {median:.3f} s, slowest "
            f"{seconds[-1]:.3f} s, peak Python memory {peak / 2**20:.1f} MB"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
