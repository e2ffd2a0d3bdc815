# Two entry points: `make run` (demo server on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FLASK  := $(BIN)/flask --app server
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install migrate seed clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p instance
	$(FLASK) db upgrade

seed: migrate
	DEMO_MODE=1 $(FLASK) seed-demo

run: seed
	@echo ""
	@echo "  API 文档:  http://$(HOST):$(PORT)/api/docs"
	@echo "  OpenAPI:   http://$(HOST):$(PORT)/api/openapi.json"
	@echo "  健康检查:  http://$(HOST):$(PORT)/healthz"
	@echo "  演示账号见上表；登录: POST /api/v1/auth/login {\"username\", \"password\"}"
	@echo ""
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "  REDIS_URL 已设置：同时启动后台 worker（推送、定时提醒、逾期扫描）"; \
	  DEMO_MODE=1 $(FLASK) worker & worker=$$!; \
	  trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DEMO_MODE=1 $(FLASK) run --host $(HOST) --port $(PORT); \
	else \
	  echo "  未设置 REDIS_URL：后台任务在 Web 进程内执行"; \
	  DEMO_MODE=1 $(FLASK) run --host $(HOST) --port $(PORT); \
	fi

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) instance/party_quality.sqlite3
