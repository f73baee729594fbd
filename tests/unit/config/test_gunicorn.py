"""Gunicorn refuses several workers with rate limits kept in each worker's memory."""

import os
import subprocess
import sys
from pathlib import Path

from elearn.config import PROJECT_ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")


def test_several_workers_with_memory_rate_limits_refuse_to_start(tmp_path):
    key = tmp_path / "signing-key.pem"
    key.write_text("only its presence is checked at start-up")
    environment = {k: v for k, v in os.environ.items() if k != "ELEARN_RATELIMIT_STORAGE_URI"}
    result = subprocess.run(
        [GUNICORN, "--workers", "2", "--bind", "127.0.0.1:0", "wsgi:app"],
        cwd=PROJECT_ROOT,
        # A signing key, so that the preloaded application starts and the check is reached.
        env=environment | {"SECRET_KEY": "x", "ELEARN_SIGNING_KEY": str(key)},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode != 0
    assert "ELEARN_RATELIMIT_STORAGE_URI=redis://" in result.stderr
