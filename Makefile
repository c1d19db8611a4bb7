# The two commands a fresh machine needs: `make run` and `make test` (see README.md).
GO      ?= go
export CGO_ENABLED := 1
BIN     := bin
SCENARIOS := $(wildcard testbench/scenarios/*.tb)

.PHONY: all build run test unit scenarios vet bench firmware prompts clean

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/...

## run: the daemon on the simulated board (when no card answers) with the terminal UI.
run: build
	./$(BIN)/pbxd -ui

## test: every unit test and every testbench scenario.
test: build vet unit scenarios

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

scenarios: build
	./$(BIN)/testbench run $(SCENARIOS)

## bench: per-frame costs of the DSP and the call core.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./dsp/... ./pbx/... ./testbench/... ./hal/... ./board/...

## firmware: binaries for the appliance (linux/arm64 and linux/arm v7, cgo through Debian's cross compilers).
firmware:
	CC=aarch64-linux-gnu-gcc GOOS=linux GOARCH=arm64 $(GO) build -trimpath -o dist/arm64/ ./cmd/...
	CC=arm-linux-gnueabihf-gcc GOOS=linux GOARCH=arm GOARM=7 $(GO) build -trimpath -o dist/armv7/ ./cmd/...

## prompts: regenerate the default prompt set (needs espeak-ng and sox).
prompts:
	./prompts/generate.sh

clean:
	rm -rf $(BIN) dist
