"""Start to first response, memory per worker after load, and bytes on the wire (prints figures,
asserts nothing).

    .venv/bin/python bench/startup.py                 # gunicorn, 2 workers, SQLite in /tmp
    .venv/bin/python bench/startup.py --workers 4 --requests 400

It prepares an instance (migrations, reference data, the bundled courses, the demo accounts),
starts `gunicorn -c gunicorn.conf.py wsgi:app`, times the first answered request, signs in as a
demo trainee and reads the catalogue, course and lesson pages, then reads each worker's resident
(RSS) and proportional (PSS: shared pages divided among the processes) memory from /proc."""

import argparse
import gzip
import http.cookiejar
import os
import re
import subprocess  # nosec B404
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TRAINEE, PASSWORD = "trainee.ge@elearn.example", "Tbilisi-Kyiv-2026"  # the demo's  # nosec B105
ASSET = re.compile(r'(?:href|src)="(/static/[^"?]+\.(?:css|js)(?:\?v=[0-9a-f]+)?)"')


def prepare(env: dict) -> None:
    for command in (
        ["db", "upgrade"],
        ["elearn", "setup"],
        ["courses", "import", "--all"],
        ["certificates", "create-key"],
        ["elearn", "demo"],
    ):
        subprocess.run(  # nosec B603
            [BIN / "flask", "--app", "wsgi", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )


def memory(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts[0] in ("Rss:", "Pss:"):
            values[parts[0]] = int(parts[1]) / 1024
    return values["Rss:"], values["Pss:"]


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()]


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, *, gzipped: bool = True) -> tuple[int, bytes]:
        headers = {"Accept-Encoding": "gzip"} if gzipped else {}
        request = urllib.request.Request(self.base + path, headers=headers)
        with self.opener.open(request, timeout=30) as response:  # nosec B310  # loopback
            return response.status, response.read()

    def post(self, path: str, data: dict) -> None:
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, body, timeout=30):  # nosec B310
            pass


def html(body: bytes) -> str:
    return (gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body).decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="elearn-startup-"))
    env = {
        **os.environ,
        "SECRET_KEY": "bench-secret",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite'}",
        "ELEARN_SIGNING_KEY": str(work / "signing-key.pem"),
        "ELEARN_RETIRED_KEYS": str(work / "retired"),
        "ELEARN_MAIL_BACKEND": "log",
        "ELEARN_RATELIMIT_STORAGE_URI": os.environ.get(
            "ELEARN_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15"
        ),
        "ELEARN_LOGIN_RATE_LIMIT": "1000 per minute",
        "ELEARN_REQUEST_LOG": "0",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
    }
    env.pop("FLASK_RUN_FROM_CLI", None)
    print(f"preparing an instance in {work} ...", flush=True)
    prepare(env)
    base = f"http://127.0.0.1:{args.port}"
    started = time.perf_counter()
    server = subprocess.Popen(  # nosec B603
        [BIN / "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                Client(base).get("/login")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.02)
        first_response = time.perf_counter() - started
        print(f"start to first response: {first_response:.2f} s ({args.workers} workers)")
        workers = children(server.pid)
        before = {pid: memory(pid) for pid in workers}

        client = Client(base)
        login = html(client.get("/login")[1])
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        client.post("/login", {"csrf_token": token, "email": TRAINEE, "password": PASSWORD})
        course = "/courses/crypto-tracing"
        course_page = html(client.get(course)[1])
        lessons = sorted(
            set(re.findall(r'href="(/courses/crypto-tracing/lessons/[^"]+)"', course_page))
        )
        pages = ["/courses", course, *lessons]
        for number in range(args.requests):
            client.get(pages[number % len(pages)])

        status, first = client.get(lessons[0])
        assets = sorted(set(ASSET.findall(html(first))))
        asset_bytes = sum(len(client.get(asset)[1]) for asset in assets)
        plain_assets = sum(len(client.get(asset, gzipped=False)[1]) for asset in assets)
        plain_first = len(client.get(lessons[0], gzipped=False)[1])
        further = len(client.get(lessons[1])[1])
        plain_further = len(client.get(lessons[1], gzipped=False)[1])
        print(
            f"first lesson page on the wire: {(len(first) + asset_bytes) / 1024:.1f} KB "
            f"(uncompressed {(plain_first + plain_assets) / 1024:.1f} KB); "
            f"further lesson: {further / 1024:.1f} KB (uncompressed {plain_further / 1024:.1f} KB)"
        )
        master = memory(server.pid)
        print(f"master: RSS {master[0]:.0f} MB, PSS {master[1]:.0f} MB")
        for pid in workers:
            rss, pss = memory(pid)
            print(
                f"worker {pid}: RSS {before[pid][0]:.0f} -> {rss:.0f} MB after "
                f"{args.requests} requests, PSS {before[pid][1]:.0f} -> {pss:.0f} MB"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
