# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export KB_HOME ?= $(CURDIR)/.kb

.PHONY: run test lint format bench clean install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m kb.extract.world  # builds the world gazetteer index once (about 12 s)
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kb ingest demo/articles
	$(BIN)/kb ask --file demo/questions.txt
	$(BIN)/kb serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest_ask.py
	$(BIN)/python bench/bench_bot.py
	$(BIN)/python bench/bench_sparql.py
	$(BIN)/python bench/run_eval.py --json bench/eval-latest.json
	$(BIN)/python bench/bench_answers.py
	$(BIN)/python bench/bench_pictures.py

clean:
	rm -rf $(VENV) .kb .pytest_cache
