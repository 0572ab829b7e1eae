# Two commands set up a fresh machine: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    := out
SHARED := ../shared

.PHONY: demo test fuzz bench bench-scale bench-resolution bench-stories bench-peers seeds clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p $(OUT)
	$(VENV)/bin/storyline build examples/articles --db $(OUT)/demo.db || test $$? -eq 3
	$(VENV)/bin/storyline export --db $(OUT)/demo.db --format json -o $(OUT)/demo-export.json
	$(VENV)/bin/storyline report --db $(OUT)/demo.db -o $(OUT)/demo-report.html
	@echo
	@echo "knowledge base: $(OUT)/demo.db"
	@echo "export (JSON):  $(OUT)/demo-export.json"
	@echo "report (HTML):  $(OUT)/demo-report.html"

# the store tests also run against PostgreSQL: a throwaway server the tests start themselves;
# the web app's browser tests drive the distribution's chromium (installed when missing and root)
test: $(STAMP)
	./scripts/ensure-postgres.sh
	./scripts/ensure-chromium.sh
	$(PY) -m pytest

# Longer fuzzing (tests/fuzz): SCALE x the `make test` budget of every property, a fixed SEED, and the
# full-size hostile inputs (200 MB text, a million-line JSON-lines file, gzip bombs); figures per property.
fuzz: $(STAMP)
	mkdir -p $(OUT)
	HYPOTHESIS_PROFILE=fuzz STORYLINE_FUZZ_SCALE=$${SCALE:-20} STORYLINE_HOSTILE_FULL=1 \
	STORYLINE_FUZZ_REPORT=$${REPORT:-$(OUT)/fuzz-report.json} $(PY) -m pytest tests/fuzz -m fuzz -p no:cacheprovider \
	    --hypothesis-seed=$${SEED:-17} -W ignore::DeprecationWarning

# Seeds quality: build, export and score the two seed articles with the shared scorer.
seeds: $(STAMP)
	mkdir -p $(OUT)
	$(VENV)/bin/storyline build $(SHARED)/seeds/*.txt --db $(OUT)/seeds.db || test $$? -eq 3
	$(VENV)/bin/storyline export --db $(OUT)/seeds.db --format json -o $(OUT)/seeds-export.json
	$(PY) $(SHARED)/eval/score.py --articles $(SHARED)/seeds --gold $(SHARED)/seeds/gold --pred $(OUT)/seeds-export.json

# Throughput: bare spaCy nlp.pipe vs the full build, one run, same process.
bench: $(STAMP)
	$(PY) bench/throughput.py --corpus $(SHARED)/corpus/bbc-news-2004-2005.jsonl --limit $${LIMIT:-300} --json-out docs/bench/throughput.json

# Scaling: growth curve 250..2,000 articles, 1 vs 2 workers, Dask, against bare spaCy (docs/bench/scale.*).
bench-scale: $(STAMP)
	$(PY) -m pip install -q -e ".[bench,dask]"
	$(PY) bench/scale.py --corpus $(SHARED)/corpus/bbc-news-2004-2005.jsonl --out docs/bench

# Entity resolution: 10k / 100k / 1M synthetic mentions (time, memory) and the exact-name baseline.
bench-resolution: $(STAMP)
	$(PY) bench/resolution.py --sizes 10000 100000 1000000 --json-out docs/bench/resolution.json

# Story grouping on a mixed corpus: the sample story plus 200 real BBC articles.
bench-stories: $(STAMP)
	$(PY) bench/stories.py --bbc 200 --json-out docs/bench/stories.json

# Peers (spaCy NER + textacy + quantulum3) scored beside storyline; they live in their own venv.
PEERS := .venv-peers
$(PEERS)/.installed: pyproject.toml
	test -x $(PEERS)/bin/python || $(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install -q --upgrade pip
	$(PEERS)/bin/python -m pip install -q -e ".[peers]"
	touch $@

bench-peers: $(PEERS)/.installed
	$(PEERS)/bin/python bench/peers.py --json-out docs/bench/peers.json

clean:
	rm -rf $(OUT) .pytest_cache

# The server under load and fuzzing: bench/load.py (readers on loopback over a 2,000-article store
# built once into out/, while a second process adds documents), then the schemathesis run of the
# API with a longer budget. Figures: docs/bench/load.json and docs/reliability.md.
.PHONY: load
load: $(STAMP)
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) bench/load.py --corpus $(SHARED)/corpus/bbc-news-2004-2005.jsonl --articles $${ARTICLES:-2000} --json-out docs/bench/load.json
	STORYLINE_API_EXAMPLES=$${API_EXAMPLES:-300} $(PY) -m pytest -q -s tests/web/test_web_schema_fuzz.py

# Faults, the long run: RUNS builds interrupted by SIGTERM or kill -9 at seeded random points (a fresh
# store every 8; each completed and its export compared with an uninterrupted build's), then every fault test.
.PHONY: faults
faults: $(STAMP)
	STORYLINE_FAULT_RUNS=$${RUNS:-48} STORYLINE_FAULT_SEED=$${SEED:-17} $(PY) -m pytest tests/store/test_faults.py \
	    -p no:cacheprovider -s -q
