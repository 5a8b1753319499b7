"""Worker processes on this machine: for benchmarks, tests and one-box deployments.

Each worker is a ``tidings worker`` process group configured entirely by
environment variables, exactly as an operator (or compose.yaml) starts one.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tidings.config import ENV_PREFIX, Settings


def environment(settings: Settings) -> dict[str, str]:
    """This environment with ``TIDINGS_*`` replaced by ``settings`` (those not at default)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(ENV_PREFIX)}
    env["PYTHONUNBUFFERED"] = "1"
    defaults = Settings()
    for setting in dataclasses.fields(Settings):
        value = getattr(settings, setting.name)
        if setting.name == "extra" or value is None or value == getattr(defaults, setting.name):
            continue
        text = ("1" if value else "0") if isinstance(value, bool) else str(value)
        env[ENV_PREFIX + setting.name.upper()] = text
    return env


@dataclass
class LocalWorker:
    """One ``tidings worker`` process group, logging to a file."""

    process: subprocess.Popen[bytes]
    log_path: Path
    log_file: IO[bytes]

    @classmethod
    def start(
        cls, settings: Settings, log_path: Path, *, concurrency: int = 1, queues: str = ""
    ) -> LocalWorker:
        command = [sys.executable, "-m", "tidings.cli", "worker", f"--concurrency={concurrency}"]
        if queues:
            command.append(f"--queues={queues}")
        log_file = log_path.open("wb")
        process = subprocess.Popen(
            command,
            env=environment(settings),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the pool dies with it
        )
        return cls(process, log_path, log_file)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        wait_for(lambda: " ready." in self.log(), timeout, f"worker not ready:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the whole worker, main process and pool: no chance to clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.log_file.close()

    def terminate(self) -> None:
        """Ask for a warm shutdown: running tasks finish, nothing new is taken."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self, timeout: float = 15) -> None:
        """Warm shutdown, then SIGKILL if it takes longer than ``timeout``."""
        self.terminate()
        try:
            self.process.wait(timeout)
            self.log_file.close()
        except subprocess.TimeoutExpired:
            self.kill()


def wait_for(condition: Callable[[], bool], timeout: float, message: str) -> None:
    """Poll ``condition`` until true; AssertionError with ``message`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.2)
