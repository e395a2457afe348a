# yzdaily: the commands users and CI run. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# pytest-xdist: this many worker processes (CI has 2 cores); `--dist loadgroup` keeps the tests
# that share one of our session or module fixtures on one worker (tests/conftest.py).
WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup
# The fast tier (`make check`): the pure layers' unit tests, the warehouse on its sample
# files, the layering rules and the eval gates; no subprocess of the CLI, no Prefect server.
CHECK_TESTS := tests/parsers tests/warehouse tests/test_layers.py tests/test_eval_gate.py \
	tests/test_people_gate.py

.PHONY: setup run check test demo lint typecheck bench lock clean

setup: $(STAMP)

# Reinstall only when the dependency pins change (idempotent).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@# Prefect's database migrated once per machine, not in a user's first run (#19).
	$(BIN)/python -m hosting.server
	touch $(STAMP)

run: setup
	$(BIN)/yzdaily ingest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

# Lint, types and the fast tier, in a few minutes: before each commit.
check: lint typecheck
	$(PYTEST) $(CHECK_TESTS); rc=$$?; if [ $$rc -eq 5 ]; then echo "make check: pytest collected no tests" >&2; exit 1; fi; exit $$rc

# Everything, what CI runs.
test: lint typecheck
	@# pytest exits 5 when it collected nothing: a suite that ran no test must not look green.
	$(PYTEST); rc=$$?; if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

demo: setup
	$(BIN)/python -m tests.demo

bench: setup
	$(BIN)/python -m bench

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^yzdaily' > requirements.lock.new
	( printf '%s\n' '# Full pinned set of every installed package (pip freeze), used as constraints by `make setup`.' '# Regenerate on purpose: make lock'; cat requirements.lock.new ) > requirements.lock
	rm requirements.lock.new

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
