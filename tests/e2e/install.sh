#!/usr/bin/env bash
# Installing and living with quire: make install and uninstall into a stage
# (DESTDIR), the installed binary run from another folder on quire init's
# output, where a binary finds its data (QUIRE_DATADIR, the checkout it sits
# in, its PREFIX), the theme's lookup beside the bundle then in the data
# folder, --name, a stray comma in --format, and the man pages.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

STAGE=$WS/stage
P=$STAGE/usr/local

# pdf_size FILE: "W x H" of the first page, in points.
pdf_size() {
  pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 x \2/p'
}

# ---- make install / uninstall -------------------------------------------------------

begin "make install DESTDIR=STAGE PREFIX=/usr/local: binary, data, man pages, example"
# -o: the binary under test is installed as it is, never rebuilt here.
make -s -C "$ROOT" -o "$QUIRE" QUIRE="$QUIRE" install DESTDIR="$STAGE" PREFIX=/usr/local \
  >"$OUT_FILE" 2>"$ERR_FILE" || problem "make install failed: $(excerpt "$ERR_FILE")"
for f in bin/quire share/quire/styles/default.css share/quire/fonts/manifest \
  share/quire/quire.rng share/quire/init/bundle.xml share/quire/init/styles/book.css \
  share/quire/init/README share/man/man1/quire.1 share/man/man7/quire-vocabulary.7 \
  share/doc/quire/example/bundle.xml share/doc/quire/styles.md share/doc/quire/vocabulary.md; do
  [ -f "$P/$f" ] || problem "not installed: \$PREFIX/$f"
done
[ -x "$P/bin/quire" ] || problem "the installed binary is not executable"
end

begin "the installed binary, from another folder, builds quire init's bundle"
mkdir -p "$WS/elsewhere"
(cd "$WS/elsewhere" && QUIRE_DATADIR=$P/share/quire timeout 60 "$P/bin/quire" init book \
  >"$OUT_FILE" 2>"$ERR_FILE") || problem "init failed: $(excerpt "$ERR_FILE")"
(cd "$WS/elsewhere/book" && QUIRE_DATADIR=$P/share/quire timeout 60 "$P/bin/quire" build bundle.xml \
  >"$OUT_FILE" 2>"$ERR_FILE") || problem "build failed: $(excerpt "$ERR_FILE")"
check_no_crash
for f in bundle.epub bundle.pdf; do
  [ -s "$WS/elsewhere/book/out/$f" ] || problem "no out/$f"
done
# The starter's theme imports the default and sets body to 11pt.
grep -q '@import "default";' "$WS/elsewhere/book/styles/book.css" ||
  problem "the starter's theme does not import the default"
[ "$(wc -l <"$WS/elsewhere/book/README")" = 3 ] || problem "the README is not three lines"
end

begin "the installed binary's data folder is its PREFIX's unless QUIRE_DATADIR says"
env -u QUIRE_DATADIR "$P/bin/quire" --version >"$OUT_FILE" 2>"$ERR_FILE"
expect_stdout_match '^data: /usr/local/share/quire$'
QUIRE_DATADIR=$P/share/quire "$P/bin/quire" --version >"$OUT_FILE" 2>"$ERR_FILE"
expect_stdout_match "^data: $(re_quote "$P/share/quire")\$"
expect_stdout_match '^libxml2 [0-9.]+, libzip [0-9.]+, cairo [0-9.]+, HarfBuzz [0-9.]+, FreeType [0-9.]+, ICU [0-9.]+, zlib [0-9.]+'
end

begin "make uninstall DESTDIR=STAGE removes every installed file"
make -s -C "$ROOT" -o "$QUIRE" QUIRE="$QUIRE" uninstall DESTDIR="$STAGE" PREFIX=/usr/local \
  >"$OUT_FILE" 2>"$ERR_FILE" || problem "make uninstall failed: $(excerpt "$ERR_FILE")"
left=$(cd "$STAGE" && find . -type f | head -n 5 | tr '\n' ' ')
[ -z "$left" ] || problem "left behind: $left"
[ ! -d "$P/share/quire" ] || problem "left the folder share/quire"
[ ! -d "$P/share/doc/quire" ] || problem "left the folder share/doc/quire"
end

# ---- where a binary finds its data ---------------------------------------------------
# Promised (base/datadir.h): QUIRE_DATADIR; else the checkout the binary sits
# in, wherever it is moved; else the PREFIX it was built for. A binary copied
# alone out of its checkout does not find the checkout.

begin "a moved checkout: its binary finds the moved checkout's data"
co=$WS/moved/quire
mkdir -p "$co/builder" "$co/fonts"
cp "$QUIRE" "$co/builder/quire"
cp "$ROOT/builder/main.c" "$co/builder/"
cp -R "$ROOT/styles" "$ROOT/init" "$co/"
cp "$ROOT/fonts/manifest" "$co/fonts/"
env -u QUIRE_DATADIR "$co/builder/quire" --version >"$OUT_FILE" 2>"$ERR_FILE"
expect_stdout_match "^data: $(re_quote "$co")\$"
(cd "$WS/moved" && env -u QUIRE_DATADIR timeout 60 "$co/builder/quire" init b >/dev/null 2>"$ERR_FILE" &&
  env -u QUIRE_DATADIR timeout 60 "$co/builder/quire" build -o b/out b/bundle.xml 2>"$ERR_FILE") ||
  problem "init and build with the moved checkout failed: $(excerpt "$ERR_FILE")"
[ -s "$WS/moved/b/out/bundle.pdf" ] || problem "no PDF"
end

begin "a binary copied alone out of the checkout does not use the checkout's data"
mkdir -p "$WS/alone"
cp "$QUIRE" "$WS/alone/quire"
env -u QUIRE_DATADIR "$WS/alone/quire" --version >"$OUT_FILE" 2>"$ERR_FILE"
expect_stdout_match '^data: /usr/local/share/quire$'
if grep -qF "$ROOT" "$OUT_FILE"; then problem "it names the checkout: $(excerpt "$OUT_FILE")"; fi
end

# ---- themes, names, formats ----------------------------------------------------------

book=$WS/themes
QUIRE_DATADIR=$ROOT "$QUIRE" init "$book" >/dev/null 2>&1

begin "a theme beside the bundle comes first, and may import the data folder's namesake"
mkdir -p "$book/styles"
printf '@import "default";\n@page { size: A5; }\n' >"$book/styles/default.css"
sed 's|<q:theme>book</q:theme>|<q:theme>default</q:theme>|' "$book/bundle.xml" >"$book/a5.xml"
run "$QUIRE" build -o "$WS/a5" "$book/a5.xml"
expect_rc 0
size=$(pdf_size "$WS/a5/a5.pdf")
case "$size" in 419.5*" x 595.2"*) ;; *) problem "expected an A5 page, got '$size'" ;; esac
end

begin "a theme found nowhere: the message names both places"
sed 's|<q:theme>book</q:theme>|<q:theme>nowhere</q:theme>|' "$book/bundle.xml" >"$book/lost.xml"
expect_exit 1 "$QUIRE" build -o "$WS/lost" "$book/lost.xml"
expect_stderr_match "no theme 'nowhere': neither $(re_quote "$book/styles/nowhere.css") nor .*/styles/nowhere\.css exists"
end

begin "--name NAME names the outputs"
run "$QUIRE" build --name reading-list -o "$WS/named" "$book/bundle.xml"
expect_rc 0
[ -s "$WS/named/reading-list.epub" ] && [ -s "$WS/named/reading-list.pdf" ] ||
  problem "no reading-list.epub and .pdf: $(ls "$WS/named" 2>&1 | tr '\n' ' ')"
[ ! -e "$WS/named/bundle.pdf" ] || problem "bundle.pdf written too"
expect_exit 2 "$QUIRE" build --name ../x "$book/bundle.xml"
end

begin "--format with a stray comma is a usage error"
for list in 'epub,' ',pdf' 'epub,,pdf' ''; do
  expect_exit 2 "$QUIRE" build -o "$WS/comma" --format "$list" "$book/bundle.xml"
done
expect_stderr_match "empty format in ''"
[ ! -e "$WS/comma" ] || problem "an output folder was made"
end

begin "init refuses a folder that is not empty, and changes nothing in it"
before=$(snapshot "$book")
expect_exit 1 "$QUIRE" init "$book"
expect_stderr_match 'is not empty'
[ "$(snapshot "$book")" = "$before" ] || problem "the folder changed"
expect_exit 2 "$QUIRE" init
end

# ---- man pages -------------------------------------------------------------------------

begin "man pages: mandoc -Tlint clean, readable with man -l, every option in quire(1)"
man1=$ROOT/build/man/quire.1
man7=$ROOT/build/man/quire-vocabulary.7
if [ ! -f "$man1" ] || [ ! -f "$man7" ]; then
  problem "no build/man/quire.1 or quire-vocabulary.7 (make man)"
elif ! command -v mandoc >/dev/null; then
  problem "mandoc is not installed (make test-deps)"
else
  mandoc -Tlint "$man1" "$man7" >"$ERR_FILE" 2>&1 || problem "mandoc -Tlint: $(excerpt "$ERR_FILE" 3)"
  MANWIDTH=80 man -l "$man1" >"$OUT_FILE" 2>/dev/null
  for word in QUIRE_DATADIR SOURCE_DATE_EPOCH 'EXIT STATUS' FILES; do
    grep -q "$word" "$OUT_FILE" || problem "quire(1) does not mention $word"
  done
  "$QUIRE" --help >"$WS/help.txt" 2>&1
  for opt in $(grep -oE -- '--[a-z]+' "$WS/help.txt" | sort -u) watch init build check; do
    grep -qF -- "$opt" "$OUT_FILE" || problem "quire(1) does not mention $opt"
  done
fi
end

# ---- the Debian package ----------------------------------------------------------------

begin "make deb: a package lintian accepts, with the data, the man pages and the fonts' packages"
if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null ||
  ! command -v lintian >/dev/null; then
  problem "dpkg-buildpackage, debhelper or lintian is missing (make test-deps)"
else
  timeout 600 make -s -C "$ROOT" deb >"$OUT_FILE" 2>&1 || problem "make deb failed: $(tail -n 5 "$OUT_FILE" | tr '\n' ' ')"
  if grep -qE '^E: ' "$OUT_FILE"; then problem "lintian: $(grep -m3 '^E: ' "$OUT_FILE" | tr '\n' ' ')"; fi
  deb=$(ls "$ROOT"/build/deb/quire_*_*.deb 2>/dev/null | grep -v dbgsym | head -n 1)
  if [ -z "$deb" ]; then
    problem "no .deb in build/deb"
  else
    dpkg-deb -x "$deb" "$WS/deb"
    for f in usr/bin/quire usr/share/quire/styles/default.css usr/share/quire/fonts/manifest \
      usr/share/quire/init/bundle.xml usr/share/man/man1/quire.1.gz \
      usr/share/man/man7/quire-vocabulary.7.gz usr/share/doc/quire/example/bundle.xml; do
      [ -f "$WS/deb/$f" ] || problem "not in the package: /$f"
    done
    depends=$(dpkg-deb -f "$deb" Depends)
    for p in $(awk '$1 == "package" { print $2 }' "$ROOT/fonts/manifest" | sort -u) libxml2 libzip4 libcairo2; do
      case ", $depends," in *", $p"[\ ,]*) ;; *) problem "Depends lacks $p: $depends" ;; esac
    done
    env -u QUIRE_DATADIR "$WS/deb/usr/bin/quire" --version >"$OUT_FILE" 2>&1
    expect_stdout_match '^data: /usr/share/quire$'
    cp -R "$WS/deb/usr/share/doc/quire/example" "$WS/deb-example"
    (cd "$WS" && QUIRE_DATADIR=$WS/deb/usr/share/quire timeout 60 "$WS/deb/usr/bin/quire" build \
      -o deb-out deb-example/bundle.xml >"$OUT_FILE" 2>"$ERR_FILE") ||
      problem "the packaged quire cannot build the example: $(excerpt "$ERR_FILE")"
    [ -s "$WS/deb-out/bundle.pdf" ] && [ -s "$WS/deb-out/bundle.epub" ] || problem "no outputs"
  fi
fi
end
