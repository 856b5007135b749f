#!/bin/sh
# docbook-epub.sh IN.xml OUT.epub: DocBook 5 to EPUB 3 with the DocBook XSL stylesheets
# (Debian's docbook-xsl-ns, epub3/chunk.xsl) and xsltproc, then zipped into an .epub
# (mimetype first and stored). One XHTML file per part (chunk.section.depth 0), as quire.
set -eu
XSL=${DOCBOOK_XSL_NS:-/usr/share/xml/docbook/stylesheet/docbook-xsl-ns}/epub3/chunk.xsl
in=$(realpath "$1")
out=$(realpath -m "$2")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench-xsl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! xsltproc --nonet --stringparam base.dir OEBPS/ --stringparam chunk.section.depth 0 \
     "$XSL" "$in" > xsltproc.log 2>&1; then
  cat xsltproc.log >&2
  exit 1
fi
rm -f "$out"
zip -q -X -0 "$out" mimetype
zip -q -X -r -9 "$out" META-INF OEBPS
