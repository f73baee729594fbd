# Two commands do everything: `make run` and `make test`. See README.md.
VENV     ?= .venv
PYTHON   ?= python3
BIN      := $(VENV)/bin
LOCALES  := hy az ka ro uk
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export FLASK_APP := wsgi.py

.PHONY: run test install translations compile-translations lint audit test-sqlite test-postgres bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,production]'
	touch $@

install: $(BIN)/.installed

compile-translations: install
	$(BIN)/pybabel compile -d translations --statistics 2>&1 | grep -v '^compiling'

instance/secret_key:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@

# The certificate signing key is created once, explicitly: the application never replaces a
# missing one by itself outside development (see docs/deployment.md).
instance/signing-key.pem: | instance/secret_key
	SECRET_KEY=$$(cat instance/secret_key) $(BIN)/flask certificates create-key

run: install compile-translations instance/secret_key instance/signing-key.pem
	SECRET_KEY=$$(cat instance/secret_key) ELEARN_MAIL_BACKEND=log $(BIN)/flask db upgrade
	SECRET_KEY=$$(cat instance/secret_key) $(BIN)/flask courses import --all
	SECRET_KEY=$$(cat instance/secret_key) $(BIN)/flask trainers import-programmes
	SECRET_KEY=$$(cat instance/secret_key) ELEARN_MAIL_BACKEND=log $(BIN)/flask elearn demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C to stop)"
	SECRET_KEY=$$(cat instance/secret_key) ELEARN_MAIL_BACKEND=log $(BIN)/flask run --host 127.0.0.1 --port 5000

# Checkers we did not write, run by the tests over our outputs (Node packages, locked):
# Digital Bazaar's VC verifier and Learning Locker's xAPI validator.
INTEROP := $(addsuffix /node_modules/.package-lock.json,tests/interop/vc-verifier tests/interop/xapi-validator)
%/node_modules/.package-lock.json: %/package-lock.json
	npm ci --prefix $* --silent --no-audit --no-fund

lint: install
	$(BIN)/ruff check elearn tests bench
	$(BIN)/ruff format --check elearn tests bench
	$(BIN)/bandit -q -r elearn -c pyproject.toml
	$(BIN)/lint-imports --no-cache

# Known vulnerabilities in what we install: needs PyPI's per-release JSON API and npm's audit
# endpoint, which this build machine does not reach (docs/security.md); run it where they answer.
audit: install $(INTEROP)
	$(BIN)/pip-audit --strict --skip-editable
	for dir in tests/interop/vc-verifier tests/interop/xapi-validator; do npm audit --prefix $$dir || exit 1; done

test-sqlite: install compile-translations $(INTEROP)
	$(BIN)/pytest

# PostgreSQL pass: under CI=true an unreachable server is a failure, never a skip.
test-postgres: install compile-translations $(INTEROP)
	@if $(BIN)/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/test', connect_timeout=3).close()" 2>/dev/null; then \
		ELEARN_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is unreachable at 127.0.0.1:5432 and CI=true: failing."; exit 1; \
	else \
		echo "WARNING: PostgreSQL is unreachable at 127.0.0.1:5432; the PostgreSQL pass did NOT run."; \
	fi

test: lint test-sqlite test-postgres

# Extract every marked string, merge into the five catalogues, compile.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d translations --statistics

# Report benchmarks on SQLite and PostgreSQL (prints timings; set BENCH_ARGS="--trainees 2000"
# for a quick run).
bench: install
	$(BIN)/python bench/reports.py $(BENCH_ARGS)
	$(BIN)/python bench/reports.py --postgres $(BENCH_ARGS)
	$(BIN)/python bench/pages.py
