"""One way for tests to get the npm packages a Node peer or client needs: installed on first use from the
folder's own package.json (npm registry only), under a machine-wide lock so parallel runs do not install into
the same folder at once. Returns None when ready, else the reason the test skips."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def ensure_npm_package(folder: Path, package: str) -> str | None:
    """None when `node` runs and `folder/node_modules/<package>` exists (running `npm install` in `folder` if it
    does not and CLEVERTAP_HARNESS_NO_NPM is unset), else why not."""
    installed = folder / "node_modules" / package
    if shutil.which("node") is None:
        return "node is not installed"
    if installed.exists():
        return None
    if os.environ.get("CLEVERTAP_HARNESS_NO_NPM"):
        return f"{package} is not installed and CLEVERTAP_HARNESS_NO_NPM is set"
    if shutil.which("npm") is None:
        return "npm is not installed"
    with open(os.path.join(tempfile.gettempdir(), "npm.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed.exists():  # another run installed it while this one waited
            return None
        try:
            proc = subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"npm install failed: {exc}"
    if proc.returncode != 0 or not installed.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return f"npm install of {package} in {folder.name} failed: " + " | ".join(tail)
    return None
