/* nav: the navigation document and the NCX.
 *
 * Both list the parts in order, each with its sections nested as in the
 * model. The navigation document is also the visible contents page (it is
 * in the spine); its landmarks point at the cover, the contents and the
 * first part. The NCX (for EPUB 2 reading systems) mirrors the same tree
 * with plain-text labels and playOrder in reading order.
 *
 * The tree is walked with q_iter; only parts and sections matter, so every
 * other node is skipped on entry. open[] remembers, per depth, whether the
 * entry at that depth has started its list of children yet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"

typedef struct nest {
  bool *open;
  size_t cap;
} nest;

static bool *open_at(nest *n, size_t depth) {
  if (depth >= n->cap) {
    size_t cap = n->cap ? 2 * n->cap : 16;
    while (cap <= depth)
      cap *= 2;
    n->open = epub_xrealloc(n->open, cap * sizeof *n->open);
    memset(n->open + n->cap, 0, (cap - n->cap) * sizeof *n->open);
    n->cap = cap;
  }
  return &n->open[depth];
}

static void href(q_buf *out, const char *file, const q_node *n) {
  q_buf_add_xml(out, file, strlen(file));
  if (n->kind != Q_PART && n->id) {
    q_buf_putc(out, '#');
    q_buf_add_xml(out, n->id, strlen(n->id));
  }
}

/* ---- navigation document ------------------------------------------------ */

static void toc_entries(epub_book *b, q_buf *out, const q_computed *a) {
  nest nst = {0};
  for (size_t i = 0; i < b->nparts; i++) {
    const char *file = b->files[b->parts[i].file].href;
    size_t depth = 0;
    q_iter it;
    q_iter_start(&it, b->parts[i].node);
    for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
      const q_node *n = it.node;
      if (n->kind != Q_PART && n->kind != Q_SECTION) {
        if (ev == Q_EV_ENTER && n->kind != Q_TEXT)
          q_iter_skip(&it);
        continue;
      }
      if (ev == Q_EV_EXIT) {
        if (*open_at(&nst, depth))
          q_buf_puts(out, "</ol>\n");
        q_buf_puts(out, "</li>\n");
        depth--;
        continue;
      }
      if (depth > 0 && !*open_at(&nst, depth)) {
        q_buf_puts(out, "\n<ol>\n");
        *open_at(&nst, depth) = true;
      }
      depth++;
      *open_at(&nst, depth) = false;
      q_buf_puts(out, "<li><a href=\"");
      href(out, file, n);
      q_buf_puts(out, "\">");
      if (n->kind == Q_PART && n->u.part.number) {
        char num[16];
        snprintf(num, sizeof num, "%u. ", n->u.part.number);
        epub_xhtml_text(b, out, a, num, strlen(num));
      }
      const q_node *title = q_node_title(n);
      if (title)
        epub_xhtml_inlines(b, out, title, a, true);
      q_buf_puts(out, "</a>");
    }
  }
  free(nst.open);
}

void epub_nav_xhtml(epub_book *b, q_buf *out) {
  epub_xhtml_open(b, out, NULL, "Contents", "epub:type=\"frontmatter\"");
  q_computed body = q_style_compute(b->style, Q_SEL_BODY, NULL);
  q_computed h1 = q_style_compute(b->style, Q_SEL_H1, &body);
  q_computed ol = q_style_compute(b->style, Q_SEL_UL, &body);
  q_computed li = q_style_compute(b->style, Q_SEL_LI, &ol);
  q_computed a = q_style_compute(b->style, Q_SEL_A, &li);
  q_buf_puts(out, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n"
                  "<h1 id=\"toc-title\">");
  epub_xhtml_label(b, out, &h1, "Contents");
  q_buf_puts(out, "</h1>\n<ol>\n");
  toc_entries(b, out, &a);
  q_buf_puts(out, "</ol>\n</nav>\n");

  /* Landmarks: hidden, so their labels need no font. */
  q_buf_puts(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n");
  q_buf_printf(out, "<li><a epub:type=\"cover\" href=\"%s\">Cover</a></li>\n", b->files[b->f_cover].href);
  q_buf_printf(out, "<li><a epub:type=\"titlepage\" href=\"%s\">Title page</a></li>\n",
               b->files[b->f_title].href);
  q_buf_printf(out, "<li><a epub:type=\"toc\" href=\"%s#toc\">Contents</a></li>\n", b->files[b->f_nav].href);
  if (b->nparts) {
    q_buf_puts(out, "<li><a epub:type=\"bodymatter\" href=\"");
    const char *first = b->files[b->parts[0].file].href;
    q_buf_add_xml(out, first, strlen(first));
    q_buf_puts(out, "\">Start of content</a></li>\n");
  }
  q_buf_puts(out, "</ol>\n</nav>\n");
  epub_xhtml_close(out);
}

/* ---- NCX ---------------------------------------------------------------- */

static void ncx_text(q_buf *out, const char *s) {
  q_buf_puts(out, "<text>");
  q_buf_add_xml(out, s, strlen(s));
  q_buf_puts(out, "</text>");
}

/* The navMap's points; returns the deepest nesting. */
static size_t ncx_points(epub_book *b, q_buf *out) {
  size_t order = 0, depth = 0, deepest = 0;
  q_buf label;
  q_buf_init(&label);
  for (size_t i = 0; i < b->nparts; i++) {
    const char *file = b->files[b->parts[i].file].href;
    q_iter it;
    q_iter_start(&it, b->parts[i].node);
    for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
      const q_node *n = it.node;
      if (n->kind != Q_PART && n->kind != Q_SECTION) {
        if (ev == Q_EV_ENTER && n->kind != Q_TEXT)
          q_iter_skip(&it);
        continue;
      }
      if (ev == Q_EV_EXIT) {
        q_buf_printf(out, "%*s</navPoint>\n", (int)(2 * depth), "");
        depth--;
        continue;
      }
      depth++;
      if (depth > deepest)
        deepest = depth;
      order++;
      q_buf_clear(&label);
      if (n->kind == Q_PART)
        epub_part_title(&label, n);
      else if (q_node_title(n))
        epub_plain_text(&label, q_node_title(n));
      q_buf_printf(out, "%*s<navPoint id=\"np-%zu\" playOrder=\"%zu\"><navLabel>", (int)(2 * depth), "", order,
                   order);
      ncx_text(out, label.data ? label.data : "");
      q_buf_puts(out, "</navLabel><content src=\"");
      href(out, file, n);
      q_buf_puts(out, "\"/>\n");
    }
  }
  q_buf_drop(&label);
  return deepest;
}

void epub_nav_ncx(epub_book *b, q_buf *out) {
  const q_meta *m = &b->doc->meta;
  q_buf map;
  q_buf_init(&map);
  size_t depth = ncx_points(b, &map);
  q_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\"");
  if (m->lang) {
    q_buf_puts(out, " xml:lang=\"");
    q_buf_add_xml(out, m->lang, strlen(m->lang));
    q_buf_putc(out, '"');
  }
  q_buf_printf(out, ">\n<head>\n<meta name=\"dtb:uid\" content=\"%s\"/>\n"
                    "<meta name=\"dtb:depth\" content=\"%zu\"/>\n"
                    "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                    "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle>",
               b->uid, depth ? depth : 1);
  ncx_text(out, m->title ? m->title : "");
  q_buf_puts(out, "</docTitle>\n");
  for (size_t i = 0; i < m->authors.count; i++) {
    q_buf_puts(out, "<docAuthor>");
    ncx_text(out, m->authors.items[i]);
    q_buf_puts(out, "</docAuthor>\n");
  }
  q_buf_puts(out, "<navMap>\n");
  q_buf_add(out, map.data, map.len);
  q_buf_puts(out, "</navMap>\n</ncx>\n");
  q_buf_drop(&map);
}
