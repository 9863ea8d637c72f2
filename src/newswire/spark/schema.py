"""Spark schemas derived from the store's table definitions (`TABLE_COLUMNS`): the
schema of each table's Parquet output, for reading it back with Spark
(`spark.read.schema(table_schema("events")).parquet("out/events")`).

DuckDB type → Spark type: VARCHAR → string, INTEGER → int, BIGINT → long,
DOUBLE → double, TIMESTAMP → timestamp_ntz (no time zone, as DuckDB's), a LIST
→ array, a STRUCT → struct. `NOT NULL` and `PRIMARY KEY` make a field non-nullable.
"""
from __future__ import annotations

from pyspark.sql import types as T

from ..corpus.store import TABLE_COLUMNS
__all__ = ["spark_type", "table_schema"]

SCALARS = {"VARCHAR": T.StringType, "INTEGER": T.IntegerType, "BIGINT": T.LongType,
           "DOUBLE": T.DoubleType, "TIMESTAMP": T.TimestampNTZType, "BOOLEAN": T.BooleanType}


def spark_type(spec) -> T.DataType:
    if isinstance(spec, dict):
        return T.StructType([field(name, sub) for name, sub in spec.items()])
    if isinstance(spec, list):
        return T.ArrayType(spark_type(spec[0]), containsNull=True)
    base = spec.split()[0]
    if base.endswith("[]"):
        return T.ArrayType(spark_type(base[:-2]), containsNull=True)
    if base not in SCALARS:
        raise ValueError(f"no Spark type for the DuckDB type {spec!r}: add it to SCALARS")
    return SCALARS[base]()


def field(name: str, spec) -> T.StructField:
    nullable = not (isinstance(spec, str) and ("NOT NULL" in spec or "PRIMARY KEY" in spec))
    return T.StructField(name, spark_type(spec), nullable)


def table_schema(table: str) -> T.StructType:
    """The Spark schema of one corpus table."""
    return spark_type(TABLE_COLUMNS[table])
