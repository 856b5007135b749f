#!/usr/bin/env bash
# The dependency rule (tests/tools/layers.sh, run by `make check-layers`): the
# project as it is passes, and a copy of builder/ broken in each way the rule
# forbids fails, naming the file and line.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

LAYERS=$ROOT/tests/tools/layers.sh

begin "layers: builder/ keeps the rule"
run bash "$LAYERS" "$ROOT/builder"
expect_rc 0
expect_stdout_match '^layers: ok$'
end

# broken NAME FILE LINE WANT: a copy of builder/ with LINE appended to FILE
# must fail with a message matching WANT.
broken() {
  local name=$1 file=$2 line=$3 want=$4
  rm -rf "$WS/$name"; mkdir -p "$WS/$name"
  cp -r "$ROOT/builder" "$WS/$name/"
  rm -f "$WS/$name/builder/quire"
  printf '%s\n' "$line" >>"$WS/$name/builder/$file"
  begin "layers: $name is refused"
  run bash "$LAYERS" "$WS/$name/builder"
  expect_rc 1
  expect_stdout_match "$want"
  end
}

broken core-harfbuzz typeset/para.c '#include <hb.h>' '^typeset/para.c:[0-9]*: HarfBuzz outside builder/text/$'
broken epub-cairo epub/css.c '#include <cairo.h>' '^epub/css.c:[0-9]*: cairo outside builder/render/$'
broken epub-freetype epub/xhtml.c '#include <ft2build.h>' '^epub/xhtml.c:[0-9]*: FreeType outside builder/text/$'
broken render-icu render/pdf.c '#include <unicode/ubrk.h>' '^render/pdf.c:[0-9]*: ICU outside builder/text/$'
broken build-zlib build.c '#include <zlib.h>' '^build.c:[0-9]*: zlib outside builder/render/$'
broken text-libxml text/shaper.c '#include <libxml/parser.h>' '^text/shaper.c:[0-9]*: libxml2 outside builder/read/$'
broken model-zip model/doc.c '#include <zip.h>' '^model/doc.c:[0-9]*: libzip outside builder/epub/$'
broken through-header typeset/para.c '#include "../text/fontlib_hb.h"' \
  '^typeset/para.c:[0-9]*: includes text/fontlib_hb.h, which brings HarfBuzz outside builder/text/$'
