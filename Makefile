# The two commands: `make start` and `make test`. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := start

.PHONY: start test bootstrap

bootstrap:
	@scripts/bootstrap.sh

start: bootstrap
	@scripts/start.sh

test:
	@scripts/bootstrap.sh --browser
	@scripts/test.sh
