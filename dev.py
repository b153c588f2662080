#!/usr/bin/env python3
"""Bootstrap for a fresh machine with only Python 3.11: creates .venv, installs, then runs.

python3 dev.py start    # migrate SQLite, load the demo network, serve on http://127.0.0.1:8000
python3 dev.py test     # quality gates + the whole test suite (set DATABASE_URL for PostgreSQL)
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command from the project root; stop with its exit code if it fails."""
    print("$", " ".join(str(a) for a in args), flush=True)
    # Our own fixed commands, never user input.
    code = subprocess.call([str(a) for a in args], cwd=ROOT, env={**os.environ, **(env or {})})  # noqa: S603
    if code:
        sys.exit(code)


def ensure_env(extras: str = "") -> None:
    """Create .venv and install the package (with extras) unless pyproject.toml is unchanged since last time."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script is what tells people on older Pythons
        sys.exit("Aftercare needs Python 3.11 or newer.")
    if not PY.exists():
        print(f"Creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras or 'base'}-{digest}"
    if stamp.exists():
        return
    target = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target)
    stamp.touch()


def start(argv: list[str]) -> None:
    """Migrate, load demo data once, and serve."""
    ensure_env()
    aftercare = BIN / "aftercare"
    run(aftercare, "migrate", "--no-input", "-v", "0")
    run(aftercare, "inspections", "fonts")  # the PDF report font, prepared once per machine
    run(aftercare, "demo")
    run(aftercare, "serve", *(argv or ["127.0.0.1:8000"]))


def gates() -> None:
    """Static checks that must pass before the tests mean anything."""
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "lint-imports")
    run(BIN / "mypy", "aftercare")
    test_settings = {"DJANGO_SETTINGS_MODULE": "aftercare.settings.test"}
    run(PY, "manage.py", "makemigrations", "--check", "--dry-run", env=test_settings)
    run(PY, "manage.py", "translations", "check", env=test_settings)
    prod = {
        "DJANGO_SETTINGS_MODULE": "aftercare.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "aftercare.example.com",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
    }
    run(PY, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=prod)


def test(argv: list[str]) -> None:
    """Gates (unless --suite-only), then pytest with any extra arguments."""
    ensure_env("dev")
    suite_only = "--suite-only" in argv
    argv = [a for a in argv if a != "--suite-only"]
    if not suite_only:
        gates()
    db = os.environ.get("DATABASE_URL", "sqlite (in memory)")
    run(PY, "manage.py", "inspections", "fonts", env={"DJANGO_SETTINGS_MODULE": "aftercare.settings.test"})
    print(f"Running the test suite against {db}", flush=True)
    run(BIN / "pytest", "-q", "-n", "2", "--dist", "loadfile", *argv)


def main() -> None:
    commands = {"start": start, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
