/* nav: the navigation document and the NCX.
 *
 * Both list the parts in order, each with its sections nested as in the
 * model. The navigation document is also the visible contents page (it is
 * in the spine); its landmarks point at the cover, the contents and the
 * first part. The NCX (for EPUB 2 reading systems) mirrors the same tree
 * with plain-text labels and playOrder in reading order.
 *
 * With the print edition's pages, the navigation document also lists them
 * (page-list, hidden: reading systems offer it as "go to page") and the NCX
 * has the matching pageList, its playOrder one sequence with the navMap's.
 *
 * The tree is walked with q_iter; only parts and sections matter, so every
 * other node is skipped on entry. open[] remembers, per depth, whether the
 * entry at that depth has started its list of children yet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "../base/mem.h"

typedef struct nest {
  bool *open;
  size_t cap;
} nest;

static bool *open_at(nest *n, size_t depth) {
  if (depth >= n->cap) {
    size_t cap = n->cap ? 2 * n->cap : 16;
    while (cap <= depth)
      cap *= 2;
    n->open = q_realloc(n->open, cap, sizeof *n->open);
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

/* The marker of a contents page that the PDF opens with part n's entry:
 * inside the link, the only place a list item of the toc has for it. */
static void entry_marker(epub_book *b, q_buf *out, const q_node *n) {
  for (size_t i = 0; n->id && i < b->npages; i++) {
    epub_page *p = &b->pages[i];
    if (p->entry && !p->written && strcmp(p->entry, n->id) == 0)
      epub_page_marker(out, p, false);
  }
}

/* The next enter or exit of a part or section in the walk, passing over
 * everything else (the toc and the NCX list only those); Q_EV_DONE at the
 * end. */
static q_event next_heading(q_iter *it) {
  for (q_event ev; (ev = q_iter_next(it)) != Q_EV_DONE;) {
    const q_node *n = it->node;
    if (n->kind == Q_PART || n->kind == Q_SECTION)
      return ev;
    if (ev == Q_EV_ENTER && n->kind != Q_TEXT)
      q_iter_skip(it);
  }
  return Q_EV_DONE;
}

static void toc_entries(epub_book *b, q_buf *out, const q_computed *a) {
  nest nst = {0};
  for (size_t i = 0; i < b->nparts; i++) {
    const char *file = b->files[b->parts[i].file].href;
    size_t depth = 0;
    q_iter it;
    q_iter_start(&it, b->parts[i].node);
    for (q_event ev; (ev = next_heading(&it)) != Q_EV_DONE;) {
      const q_node *n = it.node;
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
      if (n->kind == Q_PART)
        entry_marker(b, out, n);
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
  epub_pages_front(b, out, b->f_nav);
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
}

/* The page list: the print edition's pages whose markers were written, in
 * reading order, under the PDF's labels. Hidden, as the landmarks. */
void epub_nav_xhtml_end(epub_book *b, q_buf *out) {
  bool any = false;
  for (size_t i = 0; i < b->npages && !any; i++)
    any = b->pages[i].written;
  if (any) {
    q_buf_puts(out, "<nav epub:type=\"page-list\" id=\"page-list\" hidden=\"hidden\">\n<h2>Pages</h2>\n<ol>\n");
    for (size_t i = 0; i < b->npages; i++) {
      const epub_page *p = &b->pages[i];
      if (!p->written)
        continue;
      const char *file = b->files[p->file].href;
      q_buf_puts(out, "<li><a href=\"");
      q_buf_add_xml(out, file, strlen(file));
      q_buf_putc(out, '#');
      q_buf_add_xml(out, p->id, strlen(p->id));
      q_buf_puts(out, "\">");
      q_buf_add_xml(out, p->label, strlen(p->label));
      q_buf_puts(out, "</a></li>\n");
    }
    q_buf_puts(out, "</ol>\n</nav>\n");
  }
  epub_xhtml_close(out);
}

/* ---- NCX ---------------------------------------------------------------- */

static void ncx_text(q_buf *out, const char *s) {
  q_buf_puts(out, "<text>");
  q_buf_add_xml(out, s, strlen(s));
  q_buf_puts(out, "</text>");
}

/* playOrder, one sequence in reading order for the navMap's points and the
 * pageList's targets: the front matter's pages (the toc has no point
 * there), then each part walked in document order, a point where a part or
 * section begins, a target where a page's marker is. Returns the points'
 * orders (in ncx_points' order); sets each written page's. */
static size_t *play_orders(epub_book *b) {
  size_t n = 0, cap = 16, order = 0;
  size_t *np = q_realloc(NULL, cap, sizeof *np);
  for (size_t i = 0; i < b->npages; i++)
    if (b->pages[i].front && b->pages[i].written)
      b->pages[i].play_order = ++order;
  for (size_t i = 0; i < b->nparts; i++) {
    q_iter it;
    q_iter_start(&it, b->parts[i].node);
    for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
      const q_node *c = it.node;
      if (ev != Q_EV_ENTER)
        continue;
      if (c->kind == Q_PART || c->kind == Q_SECTION) {
        if (n == cap) {
          cap *= 2;
          np = q_realloc(np, cap, sizeof *np);
        }
        np[n++] = ++order;
      } else if (c->kind == Q_TEXT) {
        size_t count;
        epub_page *const *m = epub_pages_in(b, c, &count);
        for (size_t k = 0; k < count; k++)
          if (m[k]->written)
            m[k]->play_order = ++order;
      }
    }
  }
  return np;
}

/* The navMap's points; returns the deepest nesting. */
static size_t ncx_points(epub_book *b, q_buf *out, const size_t *np) {
  size_t order = 0, depth = 0, deepest = 0;
  q_buf label;
  q_buf_init(&label);
  for (size_t i = 0; i < b->nparts; i++) {
    const char *file = b->files[b->parts[i].file].href;
    q_iter it;
    q_iter_start(&it, b->parts[i].node);
    for (q_event ev; (ev = next_heading(&it)) != Q_EV_DONE;) {
      const q_node *n = it.node;
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
                   np[order - 1]);
      ncx_text(out, label.data ? label.data : "");
      q_buf_puts(out, "</navLabel><content src=\"");
      href(out, file, n);
      q_buf_puts(out, "\"/>\n");
    }
  }
  q_buf_drop(&label);
  return deepest;
}

/* A page's number for the NCX's value: the label's, arabic or roman; 0
 * when it has none. */
static size_t page_value(const epub_page *p) {
  size_t v = 0;
  const char *s = p->label;
  if (*s >= '0' && *s <= '9') {
    for (; *s >= '0' && *s <= '9'; s++)
      v = 10 * v + (size_t)(*s - '0');
    return *s ? 0 : v;
  }
  static const char digits[] = "ivxlcdm";
  static const size_t worth[] = {1, 5, 10, 50, 100, 500, 1000};
  size_t less = 0; /* "iv": the i counts against the v */
  for (; *s; s++) {
    const char *d = strchr(digits, *s);
    if (!d)
      return 0;
    size_t w = worth[d - digits], next = 0;
    const char *e = s[1] ? strchr(digits, s[1]) : NULL;
    if (e)
      next = worth[e - digits];
    if (next > w)
      less += w;
    else
      v += w;
  }
  return v > less ? v - less : 0;
}

/* The pageList: a target per page whose marker is written. */
static void ncx_page_list(const epub_book *b, q_buf *out) {
  size_t nth = 0;
  for (size_t i = 0; i < b->npages; i++) {
    const epub_page *p = &b->pages[i];
    if (!p->written)
      continue;
    if (!nth)
      q_buf_puts(out, "<pageList>\n<navLabel><text>Pages</text></navLabel>\n");
    q_buf_printf(out, "<pageTarget id=\"pt-%zu\" type=\"%s\"", ++nth, p->front ? "front" : "normal");
    size_t v = page_value(p);
    if (v)
      q_buf_printf(out, " value=\"%zu\"", v);
    q_buf_printf(out, " playOrder=\"%zu\"><navLabel>", p->play_order);
    ncx_text(out, p->label);
    q_buf_puts(out, "</navLabel><content src=\"");
    const char *file = b->files[p->file].href;
    q_buf_add_xml(out, file, strlen(file));
    q_buf_putc(out, '#');
    q_buf_add_xml(out, p->id, strlen(p->id));
    q_buf_puts(out, "\"/></pageTarget>\n");
  }
  if (nth)
    q_buf_puts(out, "</pageList>\n");
}

void epub_nav_ncx(epub_book *b, q_buf *out) {
  const q_meta *m = &b->doc->meta;
  q_buf map;
  q_buf_init(&map);
  size_t *np = play_orders(b);
  size_t depth = ncx_points(b, &map, np);
  free(np);
  size_t normal = 0, max_normal = 0;
  for (size_t i = 0; i < b->npages; i++) {
    size_t v = page_value(&b->pages[i]);
    if (b->pages[i].written && !b->pages[i].front) {
      normal++;
      if (v > max_normal)
        max_normal = v;
    }
  }
  q_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\"");
  if (m->lang) {
    q_buf_puts(out, " xml:lang=\"");
    q_buf_add_xml(out, m->lang, strlen(m->lang));
    q_buf_putc(out, '"');
  }
  q_buf_printf(out, ">\n<head>\n<meta name=\"dtb:uid\" content=\"%s\"/>\n"
                    "<meta name=\"dtb:depth\" content=\"%zu\"/>\n"
                    "<meta name=\"dtb:totalPageCount\" content=\"%zu\"/>\n"
                    "<meta name=\"dtb:maxPageNumber\" content=\"%zu\"/>\n</head>\n<docTitle>",
               b->uid, depth ? depth : 1, normal, max_normal);
  ncx_text(out, m->title ? m->title : "");
  q_buf_puts(out, "</docTitle>\n");
  for (size_t i = 0; i < m->authors.count; i++) {
    q_buf_puts(out, "<docAuthor>");
    ncx_text(out, m->authors.items[i]);
    q_buf_puts(out, "</docAuthor>\n");
  }
  q_buf_puts(out, "<navMap>\n");
  q_buf_add(out, map.data, map.len);
  q_buf_puts(out, "</navMap>\n");
  ncx_page_list(b, out);
  q_buf_puts(out, "</ncx>\n");
  q_buf_drop(&map);
}
