# 绩效看板 — the only entry points a developer or CI needs.
#   make run    set up .venv, build the warehouse if stale, start the dashboard
#   make test   set up .venv, run every test
#   make lint   ruff check + format check      make fmt   apply ruff fixes and formatting
#   make build  (re)build data/warehouse.duckdb if stale   make rebuild   always rebuild

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DB     := data/warehouse.duckdb
RAW    := data/raw
PORT   ?= 8501
HEADLESS ?= false
# Debian packages the product needs: LibreOffice converts legacy .doc/.rtf/.odt/.ods
# files; the CJK fonts let LibreOffice, the exporters and the browser draw Chinese text.
# Chromium (/usr/bin/chromium) is for the browser tests (tests/dashboard/browser):
# Playwright drives it directly over its DevTools pipe, so no chromium-driver and no
# `playwright install` download. OpenCV (the OCR's image work) links libGL and GLib.
DEB_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk chromium \
	libgl1 libglib2.0-0
SYSTEM := $(VENV)/.system
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: venv setup system run test lint fmt build rebuild clean

venv setup: $(STAMP) $(SYSTEM)

# Installs only what is missing; on a machine without apt (not Debian) it says so and
# goes on: the product then rejects legacy .doc files with that reason, and the browser
# tests skip. Re-checked whenever this Makefile (and so DEB_PACKAGES) changes.
system $(SYSTEM): Makefile | $(PY)
	@if command -v dpkg >/dev/null 2>&1; then \
		missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "installing Debian packages:" $$missing; \
			$(SUDO) apt-get update -qq && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends $$missing >/dev/null; \
		fi; \
	else \
		echo "warning: no dpkg here; install LibreOffice, CJK fonts and Chromium yourself"; \
	fi
	@touch $(SYSTEM)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file is newer than the last successful install.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Raw file names are Chinese and may hold spaces, so they cannot be make prerequisites;
# `find -newer` does the staleness check instead. Directories are included so that a
# deleted or renamed raw file (which touches its folder) also triggers a rebuild, and so
# are the ETL sources (.py/.sql only, not __pycache__), because a warehouse built by an
# older parser is stale too.
# `python -m etl build` exits 2 when some raw files were rejected (logged in ingest_log):
# that still leaves a usable warehouse; any other non-zero exit is a real failure.
build: $(STAMP) $(SYSTEM)
	@if [ ! -f "$(DB)" ] || [ -n "$$(find $(RAW) -newer "$(DB)" -print -quit)" ] \
		|| [ -n "$$(find etl -type f \( -name '*.py' -o -name '*.sql' \) -newer "$(DB)" -print -quit)" ]; then \
		echo "building $(DB) from $(RAW)/"; \
		$(MAKE) --no-print-directory rebuild; \
	else \
		echo "$(DB) is up to date"; \
	fi

rebuild: $(STAMP) $(SYSTEM)
	@mkdir -p "$(dir $(DB))"
	@$(PY) -m etl build --raw "$(RAW)" --db "$(DB)"; rc=$$?; \
	if [ $$rc -eq 2 ]; then \
		echo "warning: some files in $(RAW)/ were rejected; see table ingest_log in $(DB)"; \
	elif [ $$rc -ne 0 ]; then \
		exit $$rc; \
	fi

run: build
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless $(HEADLESS) \
		--browser.gatherUsageStats false

test: $(STAMP) $(SYSTEM)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

fmt: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache "$(DB)"
