# quire: build the tool, build out/ from sources/, run the tests.
#
#   make          install the build and run dependencies (Debian 12), build builder/quire,
#                 the man pages and out/
#   make check    install what only the tests need, then every test: unit (cmocka), end to
#                 end, validators
#   make install  the binary, its data, the man pages and the example, under PREFIX
#                 (default /usr/local), staged under DESTDIR if given; make uninstall
#                 removes exactly those files
#   make deb      the Debian package (debian/), in build/deb, checked by lintian
#   make asan     the same tests against an AddressSanitizer + UBSan build
#   make fuzz     libFuzzer on the theme, manifest and reader (FUZZ_SECONDS each)
#   make check-layers   the core includes no third-party header, and each library is
#                       included only by the folder that adapts it

VERSION := 0.1.0
CC      ?= cc
BUILD   := build
QUIRE   := builder/quire
BUNDLE  := sources/bundle.xml
OUT     := out

# Where `make install` puts things (GNU coding standards' names).
PREFIX      ?= /usr/local
prefix      ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir      ?= $(exec_prefix)/bin
datarootdir ?= $(prefix)/share
pkgdatadir  ?= $(datarootdir)/quire
docdir      ?= $(datarootdir)/doc/quire
mandir      ?= $(datarootdir)/man
INSTALL     ?= install

# Debian packages. To build and to run (`make`): the compiler, the libraries'
# headers, the man page tool, the hyphenation patterns and the fonts the
# manifest names. Only for the tests (`make check`): cmocka, the independent
# judges the tests run and the man page linter.
PKG_BUILD := build-essential pkg-config libxml2-dev libzip-dev libcairo2-dev \
             libharfbuzz-dev libfreetype-dev libicu-dev libhyphen-dev zlib1g-dev scdoc \
             libjpeg62-turbo-dev librsvg2-dev
PKG_DATA  := hyphen-en-us fonts-noto-core fonts-noto-mono fonts-noto-cjk fonts-nanum
PKG_TEST  := libcmocka-dev libxml2-utils epubcheck default-jre-headless poppler-utils qpdf \
             python3 chromium calibre mandoc man-db debhelper dpkg-dev lintian clang
# Ace by DAISY, from the npm registry with the machine's Node.js, into
# build/tools; it drives Debian's chromium (no Electron, no browser download).
ACE       := @daisy/ace@1.4.6

LIBS_PC := libxml-2.0 libzip cairo harfbuzz harfbuzz-subset freetype2 icu-uc zlib libjpeg
# Headers only: librsvg is opened on the first SVG (builder/render/svg.h), so
# that a book without one does not pay for loading it and its GLib stack.
LIBS_DLOPEN := librsvg-2.0

# Warnings, by group:
#   the common set            -Wall -Wextra -Wpedantic (ISO C11, nothing beyond it)
#   names                     -Wshadow: an inner name hiding an outer one
#   integer conversions       -Wconversion -Wsign-conversion: no silent narrowing or
#                             change of sign (lengths are integer scaled points)
#   declarations              -Wstrict-prototypes -Wmissing-prototypes: every function
#                             has a prototype, every external one is in a header
#   formats and macros        -Wformat=2 -Wundef: printf-like calls checked, no
#                             undefined macro in #if
#   constness                 -Wcast-qual -Wwrite-strings: string literals are const,
#                             casts do not drop const
#   the stack and pointers    -Wvla -Wnull-dereference
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion \
        -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wundef \
        -Wcast-qual -Wwrite-strings -Wvla -Wnull-dereference
# Warnings are errors in CI (CI=true) and with WERROR=1.
ifneq ($(filter true 1,$(CI) $(WERROR)),)
WARN += -Werror
endif

OPT      ?= -O2 -g
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Ibuilder
CFLAGS   += -std=c11 $(OPT) $(WARN) -MMD -MP
# The libraries' flags, asked once from pkg-config into $(BUILD)/pkg-config.*:
# a library pkg-config cannot find stops the build with pkg-config's message.
PC_STAMP  := $(BUILD)/pkg-config.libs
PC_CFLAGS  = $(shell cat $(BUILD)/pkg-config.cflags 2>/dev/null)
PC_LIBS    = $(shell cat $(BUILD)/pkg-config.libs 2>/dev/null)
LDLIBS   += $(PC_LIBS) -lhyphen -lm -pthread

SRC     := $(shell find builder -name '*.c' ! -name main.c | sort)
OBJ     := $(SRC:%.c=$(BUILD)/%.o)
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps test-deps quire man outputs check unit e2e asan check-layers clean \
        install uninstall
.DEFAULT_GOAL := all

all: deps quire man outputs

# Install what is missing: with apt-get as root, else print the command.
# $(call apt_missing,WHO,PACKAGES)
define apt_missing
	@missing=$$(for p in $(2); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "$(1): installing:" $$missing; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	      --no-install-recommends $$missing || exit 1; \
	  else \
	    echo "$(1): run: sudo apt-get install $$missing" >&2; exit 1; \
	  fi; \
	fi
endef

deps: $(BUILD)/deps.stamp
$(BUILD)/deps.stamp: Makefile
	$(call apt_missing,quire,$(PKG_BUILD) $(PKG_DATA))
	@mkdir -p $(BUILD) && touch $@

test-deps: $(BUILD)/test-deps.stamp $(BUILD)/tools/ace.stamp
$(BUILD)/test-deps.stamp: Makefile | $(BUILD)/deps.stamp
	$(call apt_missing,quire check,$(PKG_TEST))
	@touch $@

$(BUILD)/tools/ace.stamp: Makefile | $(BUILD)/test-deps.stamp
	@echo "quire: installing $(ACE) in $(BUILD)/tools"
	@command -v npm >/dev/null || { echo "quire: npm (Node.js >= 20) is needed for $(ACE)" >&2; exit 1; }
	@mkdir -p $(BUILD)/tools && \
	  ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
	  npm install --prefix $(BUILD)/tools --no-audit --no-fund --no-save --loglevel=error $(ACE)
	@touch $@

quire: $(QUIRE)

$(PC_STAMP): Makefile
	@mkdir -p $(BUILD)
	@pkg-config --cflags $(LIBS_PC) $(LIBS_DLOPEN) >$(BUILD)/pkg-config.cflags.tmp && \
	  pkg-config --libs $(LIBS_PC) >$(BUILD)/pkg-config.libs.tmp || \
	  { rm -f $(BUILD)/pkg-config.*.tmp; \
	    echo "quire: pkg-config cannot find the libraries above (make deps installs them)" >&2; \
	    exit 1; }
	@mv $(BUILD)/pkg-config.cflags.tmp $(BUILD)/pkg-config.cflags
	@mv $(BUILD)/pkg-config.libs.tmp $@

$(QUIRE): $(BUILD)/builder/main.o $(BUILD)/libquire.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libquire.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c | $(PC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CPPFLAGS) $(PC_CFLAGS) $(CFLAGS) -c -o $@ $<

# The schema is compiled into the reader (the path is read at build time only),
# without its comments and the white space between tags: libxml2 parses it at
# every run, and they are a third of its bytes. (perl: Debian's perl-base is
# on every system.)
SCHEMA_MIN   := $(BUILD)/quire.min.rng
SCHEMA_FLAGS := -DQUIRE_SCHEMA_PATH='"$(CURDIR)/$(SCHEMA_MIN)"'
$(SCHEMA_MIN): builder/read/quire.rng
	@mkdir -p $(dir $@)
	@perl -0777 -pe 's/<!--.*?-->//gs; s/>\s+</></g' $< >$@.tmp && mv $@.tmp $@
$(BUILD)/builder/read/schema.o: CPPFLAGS += $(SCHEMA_FLAGS)
$(BUILD)/builder/read/schema.o: $(SCHEMA_MIN)

# The version, and the data folder of an installed binary (base/datadir.c):
# $(BUILD)/install.flags changes when they do, so a new PREFIX rebuilds them.
INSTALL_FLAGS := -DQUIRE_VERSION='"$(VERSION)"' -DQUIRE_PKGDATADIR='"$(pkgdatadir)"'
$(BUILD)/install.flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(INSTALL_FLAGS)' | cmp -s - $@ || echo '$(INSTALL_FLAGS)' >$@
$(BUILD)/builder/base/datadir.o $(BUILD)/builder/version.o: CPPFLAGS += $(INSTALL_FLAGS)
$(BUILD)/builder/base/datadir.o $(BUILD)/builder/version.o: $(BUILD)/install.flags
.PHONY: FORCE
FORCE:

outputs: $(QUIRE)
	./$(QUIRE) build -o $(OUT) $(BUNDLE)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libquire.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PC_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka $(LDLIBS)

unit: $(TESTS)
	@bash tests/run-unit.sh $(TESTS)

e2e: $(QUIRE)
	@QUIRE=$(CURDIR)/$(QUIRE) bash tests/run-e2e.sh

check: deps test-deps check-layers
	@$(MAKE) --no-print-directory quire man $(TESTS)
	@$(MAKE) --no-print-directory fuzz-regress
	@QUIRE=$(CURDIR)/$(QUIRE) bash tests/run-all.sh $(TESTS)

# AddressSanitizer + UndefinedBehaviorSanitizer: a separate build tree.
asan:
	@$(MAKE) --no-print-directory BUILD=build/asan QUIRE=build/asan/quire \
	  OPT='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' build/asan/quire \
	  $(patsubst $(BUILD)/%,build/asan/%,$(TESTS))
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  QUIRE=$(CURDIR)/build/asan/quire bash tests/run-all.sh \
	  $(patsubst $(BUILD)/%,build/asan/%,$(TESTS))

# The dependency rule (tests/tools/layers.sh): the core (base, model, typeset), main.c
# and build.c include no third-party header; each library is included only by the
# folder that adapts it (libxml2: read; libzip: epub; cairo, zlib: render; HarfBuzz,
# FreeType, ICU, libhyphen: text), directly or through one of that folder's headers.
check-layers:
	@bash tests/tools/layers.sh builder

# The benchmark (docs/benchmarks.md): quire against pandoc, Typst and DocBook XSL on the
# article and on the King James Bible from Debian's bible-kjv, with hyperfine. Not part of
# `make` or `make check`: it installs what it needs itself (what quire needs to build and run,
# and the peers: apt-get as root; Typst from npm into build/bench), then prints the table and
# writes it into docs/benchmarks.md. bench/*.sh assume BENCH_DIR is build/bench.
#   make bench                   the full run (7 to 8 minutes)
#   make bench BENCH_QUIRE_ONLY=1   quire alone on every input, a quick look
#   make bench-check             epubcheck and the project's judges (tests/tools) on the KJV outputs
#   make bench-watch             quire watch: a saved change to the new outputs in place
BENCH_DIR     := build/bench
PKG_BENCH     := bible-kjv bible-kjv-text hyperfine time libxml2-utils xsltproc docbook-xsl-ns \
                 zip pandoc texlive-xetex texlive-latex-recommended texlive-latex-extra lmodern \
                 texlive-fonts-recommended \
                 poppler-utils epubcheck default-jre-headless python3
TYPST_NODE    := @myriaddreamin/typst-ts-node-compiler@0.7.0
BENCH_TOOLS   := $(CURDIR)/tests/tools

.PHONY: bench bench-check bench-deps bench-watch

bench-deps: $(BENCH_DIR)/deps.stamp $(BENCH_DIR)/typst.stamp
$(BENCH_DIR)/deps.stamp: Makefile
	@missing=$$(for p in $(PKG_BUILD) $(PKG_DATA) $(PKG_BENCH); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "bench: installing:" $$missing; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	      --no-install-recommends $$missing || exit 1; \
	  else \
	    echo "bench: run: sudo apt-get install $$missing" >&2; exit 1; \
	  fi; \
	fi
	@mkdir -p $(BENCH_DIR) && touch $@
$(BENCH_DIR)/typst.stamp: Makefile | $(BENCH_DIR)/deps.stamp
	@command -v npm >/dev/null || { echo "bench: npm (Node.js >= 18) is needed for $(TYPST_NODE)" >&2; exit 1; }
	@echo "bench: installing $(TYPST_NODE) in $(BENCH_DIR)"
	@npm install --prefix $(BENCH_DIR) --no-audit --no-fund --loglevel=error $(TYPST_NODE)
	@touch $@

bench: bench-deps $(QUIRE)
	@QUIRE=$(QUIRE) BENCH_QUIRE_ONLY=$(BENCH_QUIRE_ONLY) bash bench/run.sh
	@python3 bench/watch.py $(QUIRE) $(BENCH_DIR)/watch

# quire watch on the article: from a saved change to the new outputs in place.
bench-watch: $(QUIRE)
	@python3 bench/watch.py $(QUIRE) $(BENCH_DIR)/watch

bench-check: bench-deps $(QUIRE)
	@QUIRE=$(QUIRE) TOOLS=$(BENCH_TOOLS) bash bench/check.sh

# ---- man pages (docs/man/*.scd) -------------------------------------------------
# Written in scdoc: plain text with a few marks, read as is in the sources, and
# a small tool in Debian with no dependencies (pandoc would bring a Haskell
# toolchain to the build). docs/man/tidy.awk makes its roff lint-clean. The
# date is the source's last commit (or its file's time outside git), so the
# pages are reproducible.
MAN_SRC := $(wildcard docs/man/*.scd)
MAN     := $(MAN_SRC:docs/man/%.scd=$(BUILD)/man/%)

man: $(MAN)
$(BUILD)/man/%: docs/man/%.scd docs/man/tidy.awk
	@mkdir -p $(dir $@)
	@command -v scdoc >/dev/null || { echo "quire: scdoc is needed for the man pages (make deps)" >&2; exit 1; }
	@echo "  SCDOC  $<"
	@t=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct -- $< 2>/dev/null)}; \
	  SOURCE_DATE_EPOCH=$${t:-$$(stat -c %Y $<)} scdoc <$< | awk -f docs/man/tidy.awk >$@.tmp && \
	  mv $@.tmp $@

# ---- install ------------------------------------------------------------------
# The data folder: what base/datadir.c looks for (styles/, fonts/manifest, init/)
# and the schema, for editors. The documentation: the theme and vocabulary
# references the man pages point to, and the example bundle.
INIT_FILES    := $(shell find init -type f 2>/dev/null | sort)
EXAMPLE_FILES := $(shell cd docs/example && find . -type f 2>/dev/null | sed 's|^\./||' | sort)
STYLE_FILES   := $(wildcard styles/*.css)
DOC_FILES     := docs/styles.md docs/vocabulary.md
D             := $(DESTDIR)

install: $(QUIRE) $(MAN)
	$(INSTALL) -d $(D)$(bindir) $(D)$(pkgdatadir)/styles $(D)$(pkgdatadir)/fonts \
	  $(D)$(docdir) $(D)$(mandir)/man1 $(D)$(mandir)/man7
	$(INSTALL) -m 755 $(QUIRE) $(D)$(bindir)/quire
	$(INSTALL) -m 644 $(STYLE_FILES) $(D)$(pkgdatadir)/styles/
	$(INSTALL) -m 644 fonts/manifest $(D)$(pkgdatadir)/fonts/manifest
	$(INSTALL) -m 644 builder/read/quire.rng $(D)$(pkgdatadir)/quire.rng
	@for f in $(INIT_FILES); do \
	  echo "$(INSTALL) -m 644 $$f $(D)$(pkgdatadir)/$$f"; \
	  $(INSTALL) -D -m 644 $$f $(D)$(pkgdatadir)/$$f || exit 1; done
	@for f in $(EXAMPLE_FILES); do \
	  echo "$(INSTALL) -m 644 docs/example/$$f $(D)$(docdir)/example/$$f"; \
	  $(INSTALL) -D -m 644 docs/example/$$f $(D)$(docdir)/example/$$f || exit 1; done
	$(INSTALL) -m 644 $(DOC_FILES) $(D)$(docdir)/
	$(INSTALL) -m 644 $(filter %.1,$(MAN)) $(D)$(mandir)/man1/
	$(INSTALL) -m 644 $(filter %.7,$(MAN)) $(D)$(mandir)/man7/

# Every file install wrote, then the folders that are quire's own.
uninstall:
	rm -f $(D)$(bindir)/quire $(STYLE_FILES:%=$(D)$(pkgdatadir)/%) \
	  $(D)$(pkgdatadir)/fonts/manifest $(D)$(pkgdatadir)/quire.rng \
	  $(INIT_FILES:%=$(D)$(pkgdatadir)/%) $(EXAMPLE_FILES:%=$(D)$(docdir)/example/%) \
	  $(DOC_FILES:docs/%=$(D)$(docdir)/%) \
	  $(patsubst $(BUILD)/man/%.1,$(D)$(mandir)/man1/%.1,$(filter %.1,$(MAN))) \
	  $(patsubst $(BUILD)/man/%.7,$(D)$(mandir)/man7/%.7,$(filter %.7,$(MAN)))
	@for d in $(D)$(pkgdatadir) $(D)$(docdir); do \
	  [ -d $$d ] && find $$d -depth -type d -empty -delete; done; true

# ---- the Debian package (debian/) ----------------------------------------------
# dpkg-buildpackage -us -uc -b in a copy of the tree under build/deb (it writes
# its .deb beside the tree it builds), then lintian on the package.
PKG_DEB := debhelper dpkg-dev lintian
DEB_DIR := $(BUILD)/deb
.PHONY: deb
deb: $(BUILD)/deps.stamp
	$(call apt_missing,quire deb,$(PKG_DEB))
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/quire-$(VERSION)
	@tar --exclude=./build --exclude=./out --exclude=./builder/quire --exclude=./.git -cf - . | \
	  tar -C $(DEB_DIR)/quire-$(VERSION) -xf -
	cd $(DEB_DIR)/quire-$(VERSION) && dpkg-buildpackage -us -uc -b
	lintian --allow-root $(DEB_DIR)/quire_$(VERSION)_*.deb
	@ls $(DEB_DIR)/*.deb

clean:
	rm -rf $(BUILD)/builder $(BUILD)/tests $(BUILD)/man $(BUILD)/asan $(BUILD)/fuzz \
	  $(BUILD)/libquire.a $(BUILD)/pkg-config.* $(BUILD)/install.flags $(BUILD)/deb $(QUIRE)

-include $(OBJ:.o=.d) $(BUILD)/builder/main.d

# ---- fuzzing (tests/fuzz/) ----------------------------------------------------
# libFuzzer targets (clang): the theme parser, the font manifest, one part of a
# bundle through the reader, the bundle file itself, and a theme and a part
# through the whole pipeline to both outputs. Each starts from the
# project's own files and from tests/fuzz/regress/<target>/, where every input
# that ever failed is kept.
#   make fuzz [FUZZ_SECONDS=60]   fuzz each target for that long (new inputs go to
#                                 build/fuzz/corpus/<target>, crashes to build/fuzz/)
#   make fuzz-regress             run each target once over its seeds (make check)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build/fuzz
FUZZ_TARGETS := style fonts reader bundle pipeline
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = -std=c11 -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) $(filter-out -Werror,$(WARN))
FUZZ_SRC     := $(wildcard builder/base/*.c builder/model/*.c builder/read/*.c)
FUZZ_OBJ     := $(FUZZ_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_LIBS     = $(shell pkg-config --libs libxml-2.0 2>/dev/null) -lm -pthread
# Seeds: the project's own sources and fixtures for each target.
fuzz_seeds_style   = styles/*.css tests/fuzz/regress/style/*
fuzz_seeds_fonts   = fonts/manifest tests/fuzz/regress/fonts/*
fuzz_seeds_reader  = sources/*.xml tests/fixtures/parts/*.xml tests/fuzz/regress/reader/*
fuzz_seeds_bundle  = sources/bundle.xml tests/fixtures/bundles/*.xml tests/fuzz/regress/bundle/*
fuzz_dict_style    = tests/fuzz/css.dict
fuzz_dict_fonts    =
fuzz_dict_reader   = tests/fuzz/xml.dict
fuzz_dict_bundle   = tests/fuzz/xml.dict
fuzz_seeds_pipeline = $(FUZZ_DIR)/seeds-pipeline/* tests/fuzz/regress/pipeline/*
fuzz_dict_pipeline = tests/fuzz/xml.dict

.PHONY: fuzz fuzz-build fuzz-regress

$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(CPPFLAGS) $(shell pkg-config --cflags libxml-2.0 2>/dev/null) $(FUZZ_CFLAGS) \
	  -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/builder/read/schema.o: $(SCHEMA_MIN)
$(FUZZ_DIR)/builder/read/schema.o: CPPFLAGS += $(SCHEMA_FLAGS)

$(FUZZ_DIR)/libquire-read.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FUZZ_DIR)/fuzz_style $(FUZZ_DIR)/fuzz_fonts: $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libquire-read.a
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

$(FUZZ_DIR)/fuzz_reader: tests/fuzz/fuzz_reader.c $(FUZZ_DIR)/libquire-read.a
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

$(FUZZ_DIR)/fuzz_bundle: tests/fuzz/fuzz_reader.c $(FUZZ_DIR)/libquire-read.a
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(CPPFLAGS) -DFUZZ_BUNDLE $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

# The whole pipeline: every module, built with clang and the sanitizers in a
# tree of its own (the same Makefile with BUILD=$(FUZZ_PIPE)), linked with the
# target. Its seeds are each theme before each of the project's parts (a NUL
# between: tests/fuzz/fuzz_pipeline.c).
FUZZ_PIPE := $(FUZZ_DIR)/pipe
$(FUZZ_DIR)/fuzz_pipeline: FORCE
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_PIPE) CC=$(FUZZ_CC) CI= WERROR= \
	  OPT='-O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) -fsanitize=fuzzer-no-link' \
	  $(FUZZ_PIPE)/fuzz_pipeline
	@cmp -s $(FUZZ_PIPE)/fuzz_pipeline $@ || cp $(FUZZ_PIPE)/fuzz_pipeline $@

$(BUILD)/fuzz_pipeline: tests/fuzz/fuzz_pipeline.c $(BUILD)/libquire.a
	@echo "  FUZZLD  $@"
	@$(CC) $(CPPFLAGS) $(PC_CFLAGS) $(CFLAGS) -DFUZZ_ROOT='"$(CURDIR)"' -fsanitize=fuzzer \
	  -o $@ $^ $(LDLIBS)

$(FUZZ_DIR)/seeds-pipeline.stamp: $(wildcard styles/*.css sources/*.xml tests/fixtures/parts/*.xml)
	@rm -rf $(FUZZ_DIR)/seeds-pipeline && mkdir -p $(FUZZ_DIR)/seeds-pipeline
	@for p in sources/*.xml tests/fixtures/parts/*.xml; do \
	  case $$p in */bundle.xml) continue;; esac; \
	  cp $$p $(FUZZ_DIR)/seeds-pipeline/$$(basename $$p); \
	  for t in styles/*.css; do \
	    { cat $$t; printf '\0'; cat $$p; } \
	      >$(FUZZ_DIR)/seeds-pipeline/$$(basename $$t .css)-$$(basename $$p); \
	  done; \
	done
	@touch $@

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%) $(FUZZ_DIR)/seeds-pipeline.stamp

fuzz-regress:
	@if ! command -v $(FUZZ_CC) >/dev/null; then echo "fuzz: $(FUZZ_CC) not installed: skipped"; exit 0; fi; \
	$(MAKE) --no-print-directory fuzz-build && \
	for t in $(FUZZ_TARGETS); do \
	  case $$t in style) s="$(fuzz_seeds_style)";; fonts) s="$(fuzz_seeds_fonts)";; \
	    reader) s="$(fuzz_seeds_reader)";; bundle) s="$(fuzz_seeds_bundle)";; \
	    pipeline) s="$(fuzz_seeds_pipeline)";; esac; \
	  n=$$(ls $$s | wc -l); \
	  $(FUZZ_DIR)/fuzz_$$t -runs=1 $$(ls $$s) >$(FUZZ_DIR)/regress-$$t.log 2>&1 || \
	    { echo "fuzz: $$t failed on its seeds (see $(FUZZ_DIR)/regress-$$t.log):"; \
	      grep -m3 -E 'ERROR|runtime error|Running: ' $(FUZZ_DIR)/regress-$$t.log; exit 1; }; \
	  echo "fuzz: $$t: $$n seeds, no crash, leak or sanitizer report"; \
	done

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in style) s="$(fuzz_seeds_style)"; dict="$(fuzz_dict_style)";; \
	    fonts) s="$(fuzz_seeds_fonts)"; dict="$(fuzz_dict_fonts)";; \
	    reader) s="$(fuzz_seeds_reader)"; dict="$(fuzz_dict_reader)";; \
	    bundle) s="$(fuzz_seeds_bundle)"; dict="$(fuzz_dict_bundle)";; \
	    pipeline) s="$(fuzz_seeds_pipeline)"; dict="$(fuzz_dict_pipeline)";; esac; \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/seeds/$$t && cp $$s $(FUZZ_DIR)/seeds/$$t/; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(FUZZ_DIR)/$$t- -print_final_stats=1 $${dict:+-dict=$$dict} \
	    $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/seeds/$$t 2>$(FUZZ_DIR)/fuzz-$$t.log || \
	    { echo "fuzz: $$t found a problem (see $(FUZZ_DIR)/fuzz-$$t.log)"; tail -n 20 $(FUZZ_DIR)/fuzz-$$t.log; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|average_exec_per_sec)|cov: ' $(FUZZ_DIR)/fuzz-$$t.log | tail -n 3; \
	done
