"""Gunicorn reads this file from the working directory: it refuses settings that only break once
several workers run."""

import os


def on_starting(server):
    storage = os.environ.get("ELEARN_RATELIMIT_STORAGE_URI", "memory://")
    if server.cfg.workers > 1 and storage.startswith("memory://"):
        # Each worker would count sign-in attempts alone: the limits would be N times looser.
        raise SystemExit(
            "With more than one worker, rate limits must be shared: set "
            "ELEARN_RATELIMIT_STORAGE_URI=redis://HOST:6379/0 (see docs/deployment.md)."
        )
