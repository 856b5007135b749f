#!/usr/bin/env bash
# layers.sh [BUILDER_DIR]: the dependency rule of builder/, checked on the includes.
#
# Each third-party library is adapted by one folder, and only that folder may include
# its headers. builder/base, builder/model and builder/typeset (the core), main.c and
# build.c include none. A header of an adapting folder that includes its library is
# that folder's own: including it from another folder would bring the library along,
# so that is a violation too. Prints every violation as FILE:LINE: what, and exits 1
# if there is any; prints "layers: ok" and exits 0 otherwise. `make check-layers`
# runs it on builder/; tests/e2e/cli.sh runs it on trees made to break the rule.
set -u
dir=${1:-builder}
cd "$dir" || { echo "layers: no folder $dir" >&2; exit 2; }

# library: the pattern of its headers in #include <...>, and the folder that adapts it.
rules='libxml2|libxml/|read
libzip|zip\.h|epub
cairo|cairo|render
zlib|zlib\.h|render
HarfBuzz|hb\.h|hb-|text
FreeType|ft2build\.h|freetype|text
ICU|unicode/|text
libhyphen|hyphen\.h|text
libjpeg|jpeglib\.h|jerror\.h|render
librsvg|librsvg/|render'

bad=0
say() { echo "$1"; bad=1; }

while IFS='|' read -r lib p1 p2 folder; do
  if [ -z "$folder" ]; then folder=$p2; pat=$p1; else pat="$p1|$p2"; fi
  # Direct includes outside the adapting folder.
  while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    case "$hit" in "$folder"/*) continue ;; esac
    say "$hit: $lib outside builder/$folder/"
  done < <(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($pat)" --include='*.[ch]' . |
           sed 's|^\./||' | cut -d: -f1,2)
  # Headers of the folder that include the library, included from elsewhere.
  while IFS= read -r h; do
    [ -n "$h" ] || continue
    h=${h#./}
    base=${h#"$folder"/}
    while IFS= read -r hit; do
      [ -n "$hit" ] || continue
      case "$hit" in "$folder"/*) continue ;; esac
      say "$hit: includes $h, which brings $lib outside builder/$folder/"
    done < <(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"(\.\./)?$folder/$base\"" \
               --include='*.[ch]' . | sed 's|^\./||' | cut -d: -f1,2)
  done < <(grep -rlE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($pat)" --include='*.h' "./$folder" 2>/dev/null)
done <<<"$rules"

if [ "$bad" = 0 ]; then
  echo "layers: ok"
fi
exit "$bad"
