"""A way out (the top layer, beside web and cli): newswire on Apache Spark, for corpora one machine cannot code.

    newswire spark crawl.paths --out spark-out/ --master yarn
    newswire import spark-out/ --db news.duckdb

`partition` holds the per-partition functions (plain Python, no Spark: read
files into input records, extract them into table rows), `parquet` writes and
commits those rows as Parquet part files (DuckDB, in the worker), `schema`
derives the Spark schemas from the store's table definitions, `job` is the
Spark job, `load` builds a DuckDB corpus from the Parquet output, `standalone` starts a
master and a worker on 127.0.0.1 for running the job beyond local mode. Only `schema` and `job` import
pyspark, and only `cli.spark` imports this package, lazily: pyspark stays an
optional extra (`pip install 'newswire[spark]'`).
"""
