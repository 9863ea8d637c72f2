"""What `newswire spark` needs before Spark starts: pyspark and Java 17 (no pyspark import here)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

from ..errors import SparkSetupError

__all__ = ["SparkSetupError", "check_java", "check_pyspark", "JAVA_MIN"]

JAVA_MIN = 17  # pyspark 4 runs on Java 17 or 21


def check_pyspark() -> str:
    try:
        import pyspark
    except ImportError:
        raise SparkSetupError("pyspark is not installed: `pip install 'newswire[spark]'` "
                              "(or `make spark`, which installs it into .venv)") from None
    return pyspark.__version__


def java_command() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home:
        java = os.path.join(home, "bin", "java")
        return java if os.access(java, os.X_OK) else None
    return shutil.which("java")


def parse_java_version(text: str) -> int | None:
    """The major version in `java -version` output ('1.8.0_392' → 8, '17.0.15' → 17)."""
    found = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def release_version(java: str) -> int | None:
    """The major version in the `release` file beside bin/java, when there is one."""
    release = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(java))), "release")
    try:
        with open(release, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    found = re.search(r'^JAVA_VERSION="([^"]+)"', text, re.M)
    return parse_java_version(f'version "{found.group(1)}"') if found else None


def check_java() -> int:
    """The Java major version; SparkSetupError when there is none or it is older than 17."""
    java = java_command()
    hint = ("Spark needs Java {min} or newer: install it (Debian/Ubuntu: `apt-get install "
            "openjdk-17-jre-headless`) or set JAVA_HOME to a Java 17 home").format(min=JAVA_MIN)
    if java is None:
        where = f"JAVA_HOME={os.environ['JAVA_HOME']} has no bin/java" if os.environ.get("JAVA_HOME") \
            else "no `java` on PATH and JAVA_HOME is not set"
        raise SparkSetupError(f"Java is missing ({where}). {hint}")
    released = release_version(java)
    if released is not None and released >= JAVA_MIN:
        return released  # read from the JDK's `release` file: no JVM started just to ask
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SparkSetupError(f"`{java} -version` failed ({exc}). {hint}") from None
    major = parse_java_version(done.stderr + done.stdout)
    if major is None or major < JAVA_MIN:
        found = f"Java {major}" if major else "a `java` whose version cannot be read"
        raise SparkSetupError(f"{java} is {found}. {hint}")
    return major
