# Sinetti — one non-recursive GNU Makefile.
#
#   make            build every program into bin/
#   make check      install missing Debian packages, build, run every test
#   make run        install, build, make demo keys and state, serve on :8443
#   make san        build and test with ASan+UBSan (into build/san)
#   make valgrind   unit and program tests under memcheck
#   make bench      benchmarks (never part of check)
#   make verify     long fuzzing and fault runs
#   make test T=x   only the tests whose name contains x (no install step)
#
# Sources are found by folder: every .c in a module folder belongs to that
# module's library, except the folder's main.c, which is its program.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

CC         ?= cc
AR         ?= ar
PKG_CONFIG ?= pkg-config
BUILD      ?= build
BIN        ?= bin
PREFIX     ?= /usr/local
DESTDIR    ?=

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual \
        -Wstrict-prototypes -Wmissing-prototypes -Wvla -Werror
HARDEN_CFLAGS  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
HARDEN_LDFLAGS := -pie -Wl,-z,relro,-z,now
OPT ?= -O2 -g

ifeq ($(SAN),1)
# FORTIFY and ASan both wrap the string functions; keep ASan's view.
HARDEN_CFLAGS := -fstack-protector-strong -fPIE
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
       -fno-sanitize-recover=all
SAN_LDFLAGS := -fsanitize=address,undefined
endif

ifeq ($(TSAN),1)
# ThreadSanitizer (make tsan): the group committer and the gateway's request
# path under concurrency.
HARDEN_CFLAGS := -fstack-protector-strong -fPIE
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
SAN_LDFLAGS := -fsanitize=thread
endif

ifeq ($(FUZZ),1)
# libFuzzer: the libraries are instrumented for coverage, the harness links
# the fuzzer's main(). clang only.
CC := clang
HARDEN_CFLAGS := -fPIE
OPT := -O1 -g -fno-omit-frame-pointer \
       -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
SAN_LDFLAGS := -fsanitize=address,undefined
endif

PKGS_CORE := libsodium lmdb libargon2
PKGS_GW   := libmicrohttpd gnutls libseccomp
PKGS_TEST := cmocka

pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

CPPFLAGS += -Iinclude -D_GNU_SOURCE $(call pkg_cflags,$(PKGS_CORE) $(PKGS_GW))
CFLAGS   += -std=c17 $(OPT) $(WARN) $(HARDEN_CFLAGS) -MMD -MP
LDFLAGS  += $(HARDEN_LDFLAGS) $(SAN_LDFLAGS)
LIBS_CORE := $(call pkg_libs,$(PKGS_CORE)) -lpthread
LIBS_GW   := $(call pkg_libs,$(PKGS_GW))
LIBS_TEST := $(call pkg_libs,$(PKGS_TEST))

# ---------------------------------------------------------------- sources
COMMON_SRC     := $(wildcard common/*.c)
KEYS_SRC       := $(filter-out keys/main.c,$(wildcard keys/*.c))
# The one file that can open a sealed envelope. It is kept out of the vault
# library so that the gateway cannot link it even by accident.
VAULT_OPEN_SRC := vault/envelope_open.c
VAULT_SRC      := $(filter-out $(VAULT_OPEN_SRC),$(wildcard vault/*.c))
GW_SRC         := $(filter-out gateway/main.c,$(wildcard gateway/*.c))
REV_SRC        := $(filter-out reviewer/main.c,$(wildcard reviewer/*.c))
TESTLIB_SRC    := $(wildcard tests/lib/*.c)

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIB_COMMON := $(BUILD)/libsnt-common.a
LIB_KEYS   := $(BUILD)/libsnt-keys.a
LIB_VAULT  := $(BUILD)/libsnt-vault.a
LIB_GW     := $(BUILD)/libsnt-gateway.a
LIB_REV    := $(BUILD)/libsnt-review.a
OBJ_OPEN   := $(call obj,$(wildcard $(VAULT_OPEN_SRC)))

$(LIB_COMMON): $(call obj,$(COMMON_SRC))
$(LIB_KEYS):   $(call obj,$(KEYS_SRC))
$(LIB_VAULT):  $(call obj,$(VAULT_SRC))
$(LIB_GW):     $(call obj,$(GW_SRC))
$(LIB_REV):    $(call obj,$(REV_SRC))

$(BUILD)/%.a:
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# ---------------------------------------------------------------- programs
PROGRAMS := $(BIN)/sinetti-keys
PROGRAMS += $(if $(wildcard gateway/main.c),$(BIN)/sinetti-gateway)
PROGRAMS += $(if $(wildcard reviewer/main.c),$(BIN)/sinetti-review)

all: $(PROGRAMS)

$(BIN)/sinetti-keys: $(BUILD)/keys/main.o $(LIB_KEYS) $(LIB_COMMON)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_CORE)

$(BIN)/sinetti-gateway: $(BUILD)/gateway/main.o $(LIB_GW) $(LIB_VAULT) \
                        $(LIB_KEYS) $(LIB_COMMON)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_GW) $(LIBS_CORE)

$(BIN)/sinetti-review: $(BUILD)/reviewer/main.o $(LIB_REV) $(OBJ_OPEN) \
                       $(LIB_VAULT) $(LIB_KEYS) $(LIB_COMMON)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_CORE)

# ---------------------------------------------------------------- unit tests
# tests/unit/test_<module>_<topic>.c; the module prefix picks what it links.
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
LIB_TEST := $(BUILD)/libsnt-testlib.a
$(LIB_TEST): $(call obj,$(TESTLIB_SRC))
$(BUILD)/tests/%.o: CPPFLAGS += -Itests/lib

test_libs = $(strip \
  $(if $(filter test_common_%,$(1)),$(LIB_COMMON)) \
  $(if $(filter test_keys_%,$(1)),$(LIB_KEYS) $(LIB_COMMON)) \
  $(if $(filter test_vault_%,$(1)),$(OBJ_OPEN) $(LIB_VAULT) $(LIB_KEYS) $(LIB_COMMON)) \
  $(if $(filter test_gw_%,$(1)),$(LIB_GW) $(LIB_VAULT) $(LIB_KEYS) $(LIB_COMMON)) \
  $(if $(filter test_review_%,$(1)),$(LIB_REV) $(OBJ_OPEN) $(LIB_VAULT) $(LIB_KEYS) $(LIB_COMMON)))

.SECONDEXPANSION:
$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB_TEST) $$(call test_libs,$$*)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_TEST) $(LIBS_GW) $(LIBS_CORE)

# ---------------------------------------------------------------- fuzzing
# tests/fuzz/fuzz_<name>.c: a libFuzzer harness; tests/fuzz/corpus/<name>/
# its checked-in seeds (and every crash found, as a regression input).
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_LIBS = $(LIB_GW) $(LIB_REV) $(OBJ_OPEN) $(LIB_VAULT) $(LIB_KEYS) $(LIB_COMMON)

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS_GW) $(LIBS_CORE)

.PHONY: fuzz-build
fuzz-build: $(FUZZ_BIN)

# FUZZ_SECONDS per harness: short in check, long in verify.
FUZZ_SECONDS ?= 20
fuzz: deps
	@$(MAKE) --no-print-directory FUZZ=1 BUILD=build/fuzz fuzz-build
	@scripts/fuzz-run build/fuzz/fuzz $(FUZZ_SECONDS)

# ---------------------------------------------------------------- verification
# tests/verify/vtool.c: the battery's helper; it opens bundles the way the
# reviewer does, so tests/prog/verify_*.sh and tests/verify/ can check what
# the gateway stored. Built for a full test run or T matching "verify".
VTOOL := $(BUILD)/verify/vtool
$(VTOOL): $(BUILD)/tests/verify/vtool.o $(LIB_GW) $(OBJ_OPEN) $(LIB_VAULT) \
          $(LIB_KEYS) $(LIB_COMMON)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_GW) $(LIBS_CORE)
test: $(if $(T),$(if $(findstring $(T),verify_),$(VTOOL)),$(VTOOL))
valgrind: $(VTOOL)

# Seconds per harness: 13 harnesses x 15 s keeps check's fuzzing under 4 min.
CHECK_FUZZ_SECONDS ?= 15

# Long runs: fuzzing (VERIFY_FUZZ_SECONDS per harness), crash loops, slow
# clients, TLS scans. Reference: docs/verification.md.
VERIFY_FUZZ_SECONDS ?= 300
verify: deps
	@$(MAKE) --no-print-directory all $(VTOOL)
	@VERIFY_FUZZ_SECONDS=$(VERIFY_FUZZ_SECONDS) SNT_BIN=$(abspath $(BIN)) \
	  SNT_BUILD=$(abspath $(BUILD)) scripts/verify $(T)

# ThreadSanitizer build in build/tsan: the committer's unit test and the
# gateway under concurrent clients.
tsan: deps
	@$(MAKE) --no-print-directory TSAN=1 BUILD=build/tsan BIN=build/tsan/bin \
	  build/tsan/bin/sinetti-gateway build/tsan/bin/sinetti-keys \
	  build/tsan/tests/test_vault_committer build/tsan/tests/test_gw_pool \
	  build/tsan/verify/vtool
	@SNT_BIN=$(abspath build/tsan/bin) SNT_BUILD=$(abspath build/tsan) \
	  SNT_TSAN=1 TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  tests/run committer
	@SNT_BIN=$(abspath build/tsan/bin) SNT_BUILD=$(abspath build/tsan) \
	  SNT_TSAN=1 TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  tests/run gw_pool
	@SNT_BIN=$(abspath build/tsan/bin) SNT_BUILD=$(abspath build/tsan) \
	  SNT_TSAN=1 TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
	  tests/run verify_concurrency

# ---------------------------------------------------------------- targets
.PHONY: all deps check test san valgrind run verify \
        clean install uninstall fuzz tsan

deps:
	@scripts/install-deps

# T narrows the run to tests whose file name contains T.
# With T set only the matching unit tests are built, so work in progress
# elsewhere in the tree does not stop a module's own test run.
T ?=
UNIT_SEL := $(if $(T),$(foreach b,$(UNIT_BIN),$(if $(findstring $(T),$(notdir $(b))),$(b))),$(UNIT_BIN))
test: $(if $(T),,all) $(UNIT_SEL)
	@SNT_BIN=$(abspath $(BIN)) SNT_BUILD=$(abspath $(BUILD)) tests/run $(T)

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

san: deps
	@$(MAKE) --no-print-directory SAN=1 BUILD=build/san BIN=build/san/bin test

valgrind: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@SNT_VALGRIND=1 SNT_BIN=$(abspath $(BIN)) SNT_BUILD=$(abspath $(BUILD)) tests/run $(T)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-demo

# The browser suite alone (issue 6); make check runs it as well, through
# tests/prog/browser_pages.sh.
.PHONY: test-browser
test-browser: deps
	@$(MAKE) --no-print-directory all
	@SNT_BIN=$(abspath $(BIN)) tests/browser/run

# Benchmarks: scripts/bench builds tests/bench/*.c with -O2 and runs them.
bench: all $(LIB_COMMON) $(LIB_KEYS) $(LIB_VAULT) $(LIB_GW) $(LIB_REV) $(OBJ_OPEN)
	@QUICK="$(QUICK)" CC="$(CC)" CPPFLAGS="$(CPPFLAGS)" LDFLAGS="$(LDFLAGS)" \
	  BENCH_CFLAGS="-std=c17 -O2 $(WARN) $(HARDEN_CFLAGS)" \
	  LIBS="$(LIBS_GW) $(LIBS_CORE)" BUILD="$(abspath $(BUILD))" scripts/bench $(T)

clean:
	rm -rf build bin

# ---------------------------------------------------------------- install
# make install [PREFIX=/usr/local] [DESTDIR=]: the programs, man pages, the
# docs, an example gateway.conf and the systemd unit (its ExecStart paths
# follow PREFIX). make uninstall removes exactly those files, and the
# sinetti-only directories when they are left empty.
SYSCONFDIR     ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
SYSTEMDUNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
MANDIR         ?= $(PREFIX)/share/man
DOCDIR         ?= $(PREFIX)/share/doc/sinetti
INST_PROGS := sinetti-keys sinetti-gateway sinetti-review
INST_MAN   := $(wildcard man/*.1 man/*.5 man/*.8)
INST_DOCS  := $(wildcard docs/*.md)
INST_FMTS  := $(wildcard docs/formats/*.md)
INST_UNIT  := etc/systemd/sinetti-gateway.service

install: all
	install -d -m 0755 $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DOCDIR)/formats \
	    $(DESTDIR)$(SYSCONFDIR)/sinetti $(DESTDIR)$(SYSTEMDUNITDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	$(foreach m,$(INST_MAN),install -m 0644 $(m) \
	    $(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)) &&) true
	$(if $(INST_DOCS),install -m 0644 $(INST_DOCS) $(DESTDIR)$(DOCDIR)/)
	$(if $(INST_FMTS),install -m 0644 $(INST_FMTS) $(DESTDIR)$(DOCDIR)/formats/)
	install -m 0644 etc/gateway.conf.example $(DESTDIR)$(SYSCONFDIR)/sinetti/
	sed 's|/usr/local/bin/|$(PREFIX)/bin/|g' $(INST_UNIT) \
	    >$(DESTDIR)$(SYSTEMDUNITDIR)/sinetti-gateway.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/sinetti-gateway.service

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,$(INST_PROGS)) \
	    $(foreach m,$(INST_MAN),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m))) \
	    $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(INST_DOCS))) \
	    $(addprefix $(DESTDIR)$(DOCDIR)/formats/,$(notdir $(INST_FMTS))) \
	    $(DESTDIR)$(SYSCONFDIR)/sinetti/gateway.conf.example \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/sinetti-gateway.service
	rmdir $(DESTDIR)$(DOCDIR)/formats $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(SYSCONFDIR)/sinetti 2>/dev/null || true

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
