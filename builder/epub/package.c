/* package: the book's identifier, META-INF/container.xml and the package
 * document (OPF): metadata, manifest and spine.
 *
 * The identifier is never random: a version 5 UUID (RFC 4122 section 4.3,
 * SHA-1, the URL namespace) of the bundle's own identifier, so every build
 * of the same bundle has the same one. The manifest and spine follow the
 * book's file order; the metadata carries the EPUB Accessibility set. With
 * the print edition's page list, the package names that edition as the
 * source of the pagination (EPUB 3.2's dc:source refined by source-of;
 * EPUB Accessibility 1.1's a11y:pageBreakSource is not in epubcheck 4.2's
 * vocabulary, which rejects it) and the accessibility features say so. */
#include <string.h>

#include "../base/sha1.h"
#include "book.h"

void epub_package_uid(const char *name, char out[46]) {
  /* 6ba7b811-9dad-11d1-80b4-00c04fd430c8, RFC 4122 appendix C */
  static const uint8_t ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                     0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  q_sha1 c;
  uint8_t h[20];
  q_sha1_init(&c);
  q_sha1_update(&c, ns_url, sizeof ns_url);
  q_sha1_update(&c, name, strlen(name));
  q_sha1_final(&c, h);
  h[6] = (uint8_t)((h[6] & 0x0F) | 0x50); /* version 5 */
  h[8] = (uint8_t)((h[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  static const char hex[] = "0123456789abcdef";
  char *p = out + sizeof "urn:uuid:" - 1;
  memcpy(out, "urn:uuid:", sizeof "urn:uuid:" - 1);
  for (unsigned i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      *p++ = '-';
    *p++ = hex[h[i] >> 4];
    *p++ = hex[h[i] & 15];
  }
  *p = '\0';
}

void epub_package_container(q_buf *out) {
  q_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                  "<rootfiles>\n"
                  "<rootfile full-path=\"OEBPS/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
                  "</rootfiles>\n</container>\n");
}

/* <tag attrs>escaped text</tag> on a line, nothing when text is NULL. */
static void element(q_buf *out, const char *tag, const char *attrs, const char *text) {
  if (!text)
    return;
  q_buf_printf(out, "<%s%s%s>", tag, attrs ? " " : "", attrs ? attrs : "");
  q_buf_add_xml(out, text, strlen(text));
  q_buf_printf(out, "</%s>\n", tag);
}

static void meta(q_buf *out, const char *property, const char *text) {
  q_buf_printf(out, "<meta property=\"%s\">", property);
  q_buf_add_xml(out, text, strlen(text));
  q_buf_puts(out, "</meta>\n");
}

static void metadata(const epub_book *b, q_buf *out) {
  const q_meta *m = &b->doc->meta;
  q_buf_puts(out, "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  element(out, "dc:identifier", "id=\"uid\"", b->uid);
  element(out, "dc:title", "id=\"title\"", m->title ? m->title : "");
  for (size_t i = 0; i < m->authors.count; i++) {
    q_buf_printf(out, "<dc:creator id=\"creator-%zu\">", i + 1);
    q_buf_add_xml(out, m->authors.items[i], strlen(m->authors.items[i]));
    q_buf_printf(out, "</dc:creator>\n<meta refines=\"#creator-%zu\" property=\"role\" "
                      "scheme=\"marc:relators\">aut</meta>\n",
                 i + 1);
  }
  /* Editors, translators and the other credits, with their MARC roles. */
  for (size_t i = 0; i < m->ncredits; i++) {
    q_buf_printf(out, "<dc:contributor id=\"contributor-%zu\">", i + 1);
    q_buf_add_xml(out, m->credits[i].name, strlen(m->credits[i].name));
    q_buf_printf(out, "</dc:contributor>\n<meta refines=\"#contributor-%zu\" property=\"role\" "
                      "scheme=\"marc:relators\">%s</meta>\n",
                 i + 1, m->credits[i].relator);
  }
  element(out, "dc:language", NULL, m->lang);
  element(out, "dc:date", NULL, m->dc_date ? m->dc_date : m->date);
  element(out, "dc:description", NULL, m->description);
  for (size_t i = 0; i < m->subjects.count; i++)
    element(out, "dc:subject", NULL, m->subjects.items[i]);
  element(out, "dc:publisher", NULL, m->publisher);
  /* The copyright line and the legal notice, as the title page's back
   * shows them. */
  if (m->copyright && m->rights) {
    q_buf rights;
    q_buf_init(&rights);
    q_buf_printf(&rights, "%s. %s", m->copyright, m->rights);
    element(out, "dc:rights", NULL, rights.data);
    q_buf_drop(&rights);
  } else {
    element(out, "dc:rights", NULL, m->copyright ? m->copyright : m->rights);
  }
  meta(out, "dcterms:modified", b->modified);
  /* The print edition the page markers come from. */
  bool paged = false;
  for (size_t i = 0; i < b->npages && !paged; i++)
    paged = b->pages[i].written;
  if (paged && b->print_id) {
    element(out, "dc:source", "id=\"print-source\"", b->print_id);
    q_buf_puts(out, "<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>\n");
  }

  /* EPUB Accessibility 1.1: what the book offers, and how it was made. */
  meta(out, "schema:accessMode", "textual");
  meta(out, "schema:accessMode", "visual");
  meta(out, "schema:accessModeSufficient", "textual");
  meta(out, "schema:accessibilityFeature", "structuralNavigation");
  meta(out, "schema:accessibilityFeature", "tableOfContents");
  meta(out, "schema:accessibilityFeature", "readingOrder");
  meta(out, "schema:accessibilityFeature", "alternativeText");
  if (paged) {
    meta(out, "schema:accessibilityFeature", "printPageNumbers");
    meta(out, "schema:accessibilityFeature", "pageBreakMarkers");
    meta(out, "schema:accessibilityFeature", "pageNavigation");
  }
  meta(out, "schema:accessibilityHazard", "none");
  meta(out, "schema:accessibilitySummary",
       paged ? "This publication meets WCAG 2.1 Level AA. Its text is fully reflowable, headings mark every "
               "part and section, a table of contents and landmarks link to them, the reading order follows "
               "the document, every change of language is marked, and the cover image has a text "
               "description. Page break markers and a page list give the page numbers of the print "
               "edition. It has no hazards."
             : "This publication meets WCAG 2.1 Level AA. Its text is fully reflowable, headings mark every "
               "part and section, a table of contents and landmarks link to them, the reading order follows "
               "the document, every change of language is marked, and the cover image has a text "
               "description. It has no hazards.");
  meta(out, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
  q_buf_puts(out, "<meta name=\"cover\" content=\"cover-image\"/>\n</metadata>\n");
}

void epub_package_opf(const epub_book *b, q_buf *out) {
  const char *lang = b->doc->meta.lang;
  q_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\"");
  if (lang) {
    q_buf_puts(out, " xml:lang=\"");
    q_buf_add_xml(out, lang, strlen(lang));
    q_buf_putc(out, '"');
  }
  q_buf_puts(out, ">\n");
  metadata(b, out);

  q_buf_puts(out, "<manifest>\n");
  for (size_t i = 0; i < b->nfiles; i++) {
    const epub_file *f = &b->files[i];
    q_buf_printf(out, "<item id=\"%s\" href=\"", f->id);
    q_buf_add_xml(out, f->href, strlen(f->href));
    q_buf_printf(out, "\" media-type=\"%s\"", f->media_type);
    if (f->properties)
      q_buf_printf(out, " properties=\"%s\"", f->properties);
    q_buf_puts(out, "/>\n");
  }
  q_buf_puts(out, "</manifest>\n");

  q_buf_printf(out, "<spine toc=\"%s\">\n", b->files[b->f_ncx].id);
  for (size_t i = 0; i < b->nfiles; i++)
    if (b->files[i].spine)
      q_buf_printf(out, "<itemref idref=\"%s\"/>\n", b->files[i].id);
  q_buf_puts(out, "</spine>\n</package>\n");
}
