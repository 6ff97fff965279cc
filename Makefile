# Lindung — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
KABUPATEN ?= 16.06

.PHONY: run test check install demo worker scheduler otp clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions $(KABUPATEN)
	LINDUNG_DEMO_URL=http://$(HOST) $(PY) manage.py seed_demo

# Serves the web app and runs the background worker and the scheduler beside it; Ctrl-C stops all three.
# DEBUG is off unless asked for (settings.py); the demo on a laptop asks for it.
run: export DEBUG ?= true
run: demo
	$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	$(PY) manage.py scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

worker: $(STAMP)
	$(PY) manage.py db_worker

scheduler: $(STAMP)
	$(PY) manage.py scheduler

# The demo's current two-factor code.
otp: $(STAMP)
	@$(PY) manage.py demo_otp

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy lindung

clean:
	rm -rf $(VENV) var
