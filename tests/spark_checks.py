"""What the Spark tests need before they start a JVM: pyspark, Java 17 and the VOA stories."""
from __future__ import annotations

from pathlib import Path

import pytest

VOA = Path(__file__).resolve().parents[2] / "shared" / "data" / "voa" / "voa_stories.jsonl"


def skip_unless_spark_can_run() -> None:
    """Skip, saying why, when pyspark or Java is missing or ../shared holds no VOA stories."""
    pytest.importorskip("pyspark", reason="pyspark is not installed: `make spark-install` (the spark extra)")
    from newswire.spark.setup import SparkSetupError, check_java

    try:
        check_java()
    except SparkSetupError as exc:
        pytest.skip(str(exc))
    if not VOA.exists():
        pytest.skip(f"{VOA} is not there")
