# dangvien: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/dangvien
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test venv lint typecheck checks test-sqlite test-postgres test-browser postgres chromium messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## make demo: install, migrate, load the demonstration data, serve on http://$(HOST):$(PORT)
## (debug off, as in production: Vietnamese error pages; static files served by whitenoise)
demo: $(STAMP)
	$(BIN)/dangvien migrate --no-input -v0
	$(BIN)/dangvien demo
	$(BIN)/dangvien collectstatic --no-input -v0
	@echo ""
	@echo "  dangvien: http://$(HOST):$(PORT)/"
	@echo "  Đăng nhập / log in:  admin / dangvien-demo  (quản trị hệ thống / system administrator)"
	@echo "                       tinh  / dangvien-demo  (cán bộ Ban Tổ chức Tỉnh ủy / provincial staff)"
	@echo "                       xa    / dangvien-demo  (cán bộ Đảng ủy xã / commune staff)"
	@echo "                       chibo / dangvien-demo  (bí thư chi bộ / cell secretary)"
	@echo "                       ubkt  / dangvien-demo  (Ủy ban Kiểm tra Đảng ủy xã / the commune's inspection commission)"
	@echo "                    dangvien / dangvien-demo  (đảng viên, Sổ tay / a member, the handbook)"
	@echo "  API: http://$(HOST):$(PORT)/api/docs/"
	@echo ""
	@# The workers of background tasks (web import, counting ahead; a large subtree's first
	@# counting for a page, queue "pages"); they stop with the server.
	$(BIN)/dangvien db_worker & WORKER=$$!; $(BIN)/dangvien db_worker --queue-name pages & PAGES=$$!; \
	  trap "kill $$WORKER $$PAGES" EXIT; \
	  DJANGO_DEBUG=false DJANGO_SECURE_COOKIES=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_HSTS_SECONDS=0 $(BIN)/dangvien runserver $(HOST):$(PORT)

## make serve: the production shape (docs/deployment.md): migrate, collect the static files
## (hashed, compressed), then gunicorn (config/gunicorn.py) on http://$(HOST):$(PORT) with the
## workers of background tasks; JSON request logs. On SQLite by default; DATABASE_URL=postgres://…
## for PostgreSQL (DATABASE_REPLICA_URL for a read replica). Plain HTTP on the loopback: SECURE=true
## behind a TLS proxy (HTTPS redirect, secure cookies, HSTS).
SECURE ?= false
serve: $(STAMP)
	$(BIN)/dangvien migrate --no-input -v0
	$(BIN)/dangvien collectstatic --no-input -v0
	$(BIN)/dangvien db_worker & WORKER=$$!; $(BIN)/dangvien db_worker --queue-name pages & PAGES=$$!; \
	  trap "kill $$WORKER $$PAGES" EXIT; \
	  DJANGO_SECURE_COOKIES=$(SECURE) DJANGO_SECURE_SSL_REDIRECT=$(SECURE) \
	  DJANGO_SECURE_HSTS_SECONDS=$$( [ "$(SECURE)" = true ] && echo 31536000 || echo 0 ) \
	  DANGVIEN_LOG_FORMAT=$${DANGVIEN_LOG_FORMAT:-json} DANGVIEN_REQUEST_LOG=$${DANGVIEN_REQUEST_LOG:-true} \
	  DANGVIEN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c config/gunicorn.py

## make test: lint, type-check, Django checks, then the suite on SQLite and on PostgreSQL
# The two legs run side by side (2 processors: ~30 min instead of ~48 one after the other); each
# leg's output is printed whole when it ends.
test: $(STAMP) lint typecheck checks chromium postgres
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy .

checks: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_SECURE_SSL_REDIRECT=true \
	  DJANGO_SECURE_HSTS_SECONDS=31536000 ALLOWED_HOSTS=dangvien.example.vn \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING --settings=config.settings.base

chromium:
	@command -v /usr/bin/chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test-sqlite: $(STAMP) chromium
	mkdir -p test-artifacts
	$(BIN)/pytest -q

postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start
	@for i in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

# pytest-django creates (and drops) its own test database, test_dangvien, on this server.
test-postgres: $(STAMP) postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not browser"

# Every app has its own catalog (dangvien/<app>/locale/), made inside its folder; the project
# catalog (locale/) holds the strings of the base templates (templates/) and settings only.
APP_DIRS := $(patsubst %/apps.py,%,$(wildcard dangvien/*/apps.py))
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l vi --ignore=.venv --ignore=var --ignore=build \
	  --ignore=dangvien --ignore=bench --ignore=test-artifacts
	for d in $(APP_DIRS); do (cd $$d && $(CURDIR)/$(BIN)/django-admin makemessages -l vi --settings=config.settings.test --pythonpath=$(CURDIR)); done
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) var build *.egg-info test-artifacts
