"""Packaging (issue 12, point 7): the sdist and the wheel carry the dashboard, which npm builds from web/
during the build (a fresh clone has no src/sitrep/static/: git ignores it), and a build without npm stops
with a message saying how. The wheel is installed into a fresh virtual environment outside the checkout,
which then serves the dashboard. Slow: it runs npm twice; the README's test command runs it."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
BUILD = "from setuptools import build_meta as b; import sys; print(getattr(b, sys.argv[1])(sys.argv[2]))"


def _fresh_clone(dest: Path) -> Path:
    """The checkout's files as a clone has them: tracked and new ones, not what git ignores (static/, node_modules/)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("the packaging test copies the checkout with git: run it in a git checkout")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    assert not (dest / "src" / "sitrep" / "static").exists()
    return dest


def _build(tree: Path, hook: str, out: Path, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path if path is not None else os.environ.get("PATH", "")}
    env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, "-c", BUILD, hook, str(out)], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=600)


def _needs_npm() -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the dashboard cannot be built (the set-up in the README installs it)")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    _needs_npm()
    tree = _fresh_clone(tmp_path_factory.mktemp("clone"))
    built = _build(tree, "build_wheel", tree / "dist")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    return tree / "dist" / built.stdout.strip().splitlines()[-1]


def test_the_wheel_built_from_a_fresh_clone_carries_the_dashboard_and_the_examples(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "sitrep/static/index.html" in names and any(re.match(r"sitrep/static/assets/.+\.js$", n) for n in names)
    assert "sitrep/examples/outlets.csv" in names and "sitrep/examples/reports/reports.jsonl" in names
    assert "sitrep/migrations/versions/0005_document_versions.py" in names


def test_the_sdist_carries_the_built_dashboard_and_builds_a_wheel_without_npm(tmp_path):
    _needs_npm()
    tree = _fresh_clone(tmp_path / "clone")
    built = _build(tree, "build_sdist", tree / "dist")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    sdist = tree / "dist" / built.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as tar:
        assert any(n.endswith("src/sitrep/static/index.html") for n in tar.getnames())
        tar.extractall(tmp_path / "unpacked", filter="data")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    again = _build(unpacked, "build_wheel", tmp_path / "dist", path=str(tmp_path / "no-npm"))
    assert again.returncode == 0, again.stderr[-2000:]


def test_a_build_without_npm_fails_saying_how_to_build_the_dashboard(tmp_path):
    tree = _fresh_clone(tmp_path / "clone")
    failed = _build(tree, "build_wheel", tmp_path / "dist", path=str(tmp_path / "no-npm"))
    assert failed.returncode != 0
    assert "npm is not on PATH" in failed.stderr + failed.stdout
    assert "npm ci --prefix web && npm run build --prefix web" in failed.stderr + failed.stdout


def test_the_wheel_installed_in_a_fresh_environment_serves_the_dashboard(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    # The dependencies come from this environment (the network is never touched); only sitrep is the wheel's.
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SITREP_DB")}
    where = subprocess.run([python, "-c", "import sitrep; print(sitrep.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site))
    demo = subprocess.run([venv / "bin" / "sitrep", "demo", "--out", "demo"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr[-2000:]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([venv / "bin" / "sitrep", "serve", "--db", "demo/demo.db", "--port", str(port)],
                              cwd=tmp_path, env=env, stderr=subprocess.PIPE)
    try:
        page = _get(f"http://127.0.0.1:{port}/")
        asset = re.search(r'src="(/assets/[^"]+\.js)"', page).group(1)
        assert _get(f"http://127.0.0.1:{port}{asset}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str, wait_s: float = 60) -> str:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200
                return response.read().decode()
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
