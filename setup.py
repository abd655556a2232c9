"""Packaging hook: the dashboard goes into the sdist and the wheel. It is built by npm from web/ into
src/sitrep/static/, which git ignores, so a fresh clone has none: building the package builds it first,
or stops with a message saying how when npm is missing. Everything else is in pyproject.toml."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools.errors import SetupError

ROOT = Path(__file__).resolve().parent
WEB = ROOT / "web"
STATIC = ROOT / "src" / "sitrep" / "static"
MISSING_NPM = ("sitrep's dashboard (web/ -> src/sitrep/static/) is built with npm when the package is built, and "
               "npm is not on PATH: install Node.js with npm (https://nodejs.org/), or build the dashboard first "
               "with `npm ci --prefix web && npm run build --prefix web`")


def build_dashboard() -> None:
    """Run `npm ci` and `npm run build` in web/ unless src/sitrep/static/ is built already (an sdist ships it)."""
    if (STATIC / "index.html").is_file():
        return
    if not (WEB / "package.json").is_file():
        raise SetupError(f"{STATIC} is missing and there is no {WEB / 'package.json'} to build it from")
    npm = shutil.which("npm")
    if npm is None:
        raise SetupError(MISSING_NPM)
    for args in (["ci", "--no-audit", "--no-fund"], ["run", "build"]):
        done = subprocess.run([npm, *args], cwd=WEB)
        if done.returncode != 0:
            raise SetupError(f"`npm {' '.join(args)}` in {WEB} failed (exit {done.returncode}): see its output above")
    if not (STATIC / "index.html").is_file():
        raise SetupError(f"`npm run build` in {WEB} wrote no {STATIC / 'index.html'}")


class BuildPy(build_py):
    def run(self):
        build_dashboard()
        self.__dict__.pop("data_files", None)  # found before the dashboard existed: look again
        super().run()


class Sdist(sdist):
    def run(self):
        build_dashboard()  # before egg_info lists the files, so the sdist carries the built dashboard
        super().run()


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
