# Two entry points: `make run` (demo server on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FLASK  := $(BIN)/flask --app server
HOST   ?= 127.0.0.1
PORT   ?= 5000
# The address phones reach: with HOST=0.0.0.0 (the whole LAN) the machine's first LAN address, else HOST. QR codes
# and links in PDFs use it, so a phone on the same Wi-Fi can scan them; set PUBLIC_BASE_URL to override.
LAN_IP := $(shell hostname -I 2>/dev/null | awk '{print $$1}')
SHOWN_HOST = $(if $(filter 0.0.0.0,$(HOST)),$(or $(LAN_IP),127.0.0.1),$(HOST))
export PUBLIC_BASE_URL ?= http://$(SHOWN_HOST):$(PORT)

NPM    ?= npm
H5_STAMP   := h5/node_modules/.installed
H5_BUILD   := h5/dist/index.html
H5_SOURCES := $(shell find h5/src -type f 2>/dev/null) h5/index.html h5/vite.config.js
# The clients' labels are generated from the server's domain; the voting core is shared with the mini-program.
CLIENT_CORE := h5/src/core/vocab.js miniprogram/utils/core/vocab.js miniprogram/utils/core/voting-core.js

MP_STAMP   := miniprogram/node_modules/.installed

.PHONY: run test test-fast install migrate seed clean h5 browser miniprogram lint client-core

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# libsodium (≥ 1.0.18: ristretto255) for the tellers' sealing, through pysodium
	@ldconfig -p 2>/dev/null | grep -q 'libsodium\.so' || { echo "安装 libsodium（端到端可验证计票用）"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsodium23 >/dev/null \
	  || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsodium23 >/dev/null; } \
	  || { echo "请先安装 libsodium（Debian/Ubuntu：apt-get install libsodium23；macOS：brew install libsodium）"; exit 1; }; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p instance
	$(FLASK) db upgrade

seed: migrate
	DEMO_MODE=1 $(FLASK) seed-demo

# The H5 (voter's ballot, meeting screen, console) is built with Node.js 20 and served by Flask at /h5/.
$(H5_STAMP): h5/package.json h5/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "需要 Node.js 20 和 npm 来构建网页端（H5）。Debian/Ubuntu：apt-get install nodejs npm；或从 https://nodejs.org 安装后重试。"; exit 1; }
	cd h5 && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CLIENT_CORE) &: $(STAMP) server/client_vocab.py $(wildcard server/domain/*.py) h5/src/core/voting-core.js
	$(BIN)/python -m server.client_vocab

# The mini-program's end-to-end ballot protocol: the H5's e2e.js with @noble inside, bundled by the H5's Vite.
MP_E2E := miniprogram/utils/core/e2e.js
$(MP_E2E): h5/src/core/e2e.js h5/scripts/build-mp-e2e.mjs $(H5_STAMP)
	cd h5 && node scripts/build-mp-e2e.mjs

client-core: $(CLIENT_CORE) $(MP_E2E)

$(H5_BUILD): $(H5_STAMP) $(H5_SOURCES) $(CLIENT_CORE)
	cd h5 && $(NPM) run build --silent

h5: $(H5_BUILD)

# The mini-program's tests (jest + miniprogram-simulate) and its npm build without WeChat DevTools.
$(MP_STAMP): miniprogram/package.json miniprogram/package-lock.json
	cd miniprogram && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

miniprogram: $(MP_STAMP) $(CLIENT_CORE) $(MP_E2E)
	cd miniprogram && $(NPM) run build:npm --silent

# Browser tests drive Debian's Chromium (playwright-core cannot download its own browser here) and need
# CJK fonts to render the Chinese pages they screenshot.
browser:
	@if ! test -x /usr/bin/chromium || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  echo "安装 Debian 的 chromium 和中文字体（浏览器测试用）"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null \
	    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null; }; \
	fi

# The demo logins and the addresses come last, after the build's output.
run: migrate h5
	@$(BIN)/python -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); \
	  sys.exit(0 if s.connect_ex(('127.0.0.1', $(PORT))) else 1)" \
	  || { echo "端口 $(PORT) 已被占用：请关闭占用它的程序，或换一个端口，例如 PORT=5001 make run"; exit 1; }
	@echo ""
	@DEMO_MODE=1 $(FLASK) seed-demo
	@DEMO_MODE=1 $(FLASK) scan-due > /dev/null  # the due lists and home pages show what is due at once
	@echo "  网页端:    $(PUBLIC_BASE_URL)/h5/   （书记工作台；投票页 /h5/vote，大屏 /h5/screen/<表决编号>）"
	@echo "  API 文档:  $(PUBLIC_BASE_URL)/api/docs"
	@echo "  OpenAPI:   $(PUBLIC_BASE_URL)/api/openapi.json"
	@echo "  健康检查:  $(PUBLIC_BASE_URL)/healthz"
	@echo "  用手机打开：HOST=0.0.0.0 make run，手机连同一个 Wi-Fi，扫大屏二维码或打开上面的网页端地址"
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

# ruff for the server and tests, eslint for both clients: clean, or the test run stops here.
lint: install $(H5_STAMP) $(MP_STAMP)
	$(BIN)/ruff check server tests tools
	cd h5 && $(NPM) run lint --silent
	cd miniprogram && $(NPM) run lint --silent

# pytest runs on every core (pytest-xdist): the browser tests on one worker while the others share out the rest.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

test: install h5 browser miniprogram lint
	cd h5 && $(NPM) test --silent
	cd miniprogram && $(NPM) test --silent
	$(PYTEST)
	@echo "浏览器测试的页面截图（手机 360 px 与电脑 1920 px）保存在 $(CURDIR)/h5/e2e-shots/"

# The inner loop: unit and integration tests on SQLite and fakeredis, no browser, no linters.
test-fast: install $(H5_STAMP)
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) tests/unit tests/integration

clean:
	rm -rf $(VENV) instance/party_quality.sqlite3 h5/node_modules h5/dist h5/e2e-shots miniprogram/node_modules miniprogram/miniprogram_npm
