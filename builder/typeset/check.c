/* check: the typesetter's invariants on a finished layout (see check.h).
 *
 * One walk over every page in order keeps the stack of open elements (a
 * tag may open on one page and close on another) and collects the
 * destinations; links and the outline are then resolved against them,
 * sorted, so a book of thousands of links costs n log n. */
#include "check.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

typedef struct open_elem {
  const char *name;
  size_t page;
  bool text, children, reported;
} open_elem;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_dest(const char **dests, size_t n, const char *name) {
  return n > 0 && bsearch(&name, dests, n, sizeof *dests, cmp_str) != NULL;
}

/* The clusters of a run: counted from where its text begins (layout.h);
 * within the text, never decreasing, each on a UTF-8 character's first
 * byte. Read from the spans as they are, without expanding them. NULL if
 * the run is sound, else what is wrong with it. */
static const char *check_run(const q_op *op, size_t nfonts) {
  if (op->u.glyphs.font >= nfonts)
    return "a font number the font library does not have";
  if (op->u.glyphs.len > INT_MAX || op->u.glyphs.n > INT_MAX)
    return "a run too long to draw";
  if (op->u.glyphs.size <= 0)
    return "a font size that is not positive";
  const unsigned char *t = (const unsigned char *)op->u.glyphs.text;
  if (!t || !op->u.glyphs.spans)
    return "a run with no text or no glyph spans";
  size_t total = 0;
  uint64_t last = 0;
  for (size_t s = 0; s < op->u.glyphs.nspans; s++) {
    const q_glyph_span *sp = &op->u.glyphs.spans[s];
    if (!sp->n)
      continue;
    if (!sp->g)
      return "a run with no glyph array";
    total += sp->n;
    for (uint32_t i = 0; i < sp->n; i++) {
      if (sp->g[i].cluster < sp->g[0].cluster)
        return "glyph clusters that go backwards";
      uint64_t c = (uint64_t)sp->at + (sp->g[i].cluster - sp->g[0].cluster);
      if (c < last)
        return "glyph clusters that go backwards";
      if (c >= op->u.glyphs.len)
        return "a glyph cluster past the end of its text";
      if ((t[c] & 0xc0) == 0x80)
        return "a glyph cluster inside a UTF-8 character";
      last = c;
    }
  }
  if (total != op->u.glyphs.n)
    return "a glyph count that is not its spans'";
  if (total && op->u.glyphs.spans[0].at != 0)
    return "a run whose text does not begin with its first glyph";
  return NULL;
}

static bool is(const char *name, const char *what) { return strcmp(name, what) == 0; }

unsigned q_layout_check(const q_layout *l, size_t nfonts, q_pos at, q_diag *d) {
  unsigned errors = d->errors;
  open_elem *open = NULL;
  size_t depth = 0, cap = 0, ndests = 0, dcap = 0;
  const char **dests = NULL;

  if (l->npages == 0 || l->width <= 0 || l->height <= 0)
    q_error(d, at, "internal error: the layout has no pages or no page size");
  for (size_t p = 0; p < l->npages; p++) {
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      switch (op->kind) {
      case Q_OP_GLYPHS: {
        const char *why = op->u.glyphs.n ? check_run(op, nfonts) : NULL;
        if (why)
          q_error(d, at, "internal error: page %zu has %s", p + 1, why);
        if (depth && op->u.glyphs.n && !op->u.glyphs.artifact)
          open[depth - 1].text = true;
        /* Page furniture inside an element that has no child yet would be
         * taken for that element's content. */
        if (depth && op->u.glyphs.artifact && !open[depth - 1].children &&
            !is(open[depth - 1].name, "Document"))
          q_error(d, at, "internal error: a running head on page %zu falls inside %s", p + 1,
                  open[depth - 1].name);
        break;
      }
      case Q_OP_TAG_BEGIN: {
        const char *name = op->u.tag.name;
        if (!name || !*name) {
          q_error(d, at, "internal error: page %zu opens an element with no name", p + 1);
          name = "?";
        }
        if (depth)
          open[depth - 1].children = true;
        if (is(name, "Link")) {
          if (!op->u.tag.uri == !op->u.tag.dest)
            q_error(d, at, "internal error: a link on page %zu needs a uri or a dest", p + 1);
          for (size_t k = 0; k < depth; k++)
            if (is(open[k].name, "Link"))
              q_error(d, at, "internal error: a link inside a link on page %zu", p + 1);
        }
        open = q_grow(open, &cap, depth + 1, sizeof *open);
        open[depth++] = (open_elem){name, p, false, false, false};
        break;
      }
      case Q_OP_TAG_END:
        if (depth == 0)
          q_error(d, at, "internal error: page %zu closes an element that is not open", p + 1);
        else
          depth--;
        break;
      case Q_OP_DEST:
        if (!op->u.dest.name || !*op->u.dest.name) {
          q_error(d, at, "internal error: page %zu has a destination with no name", p + 1);
          break;
        }
        dests = q_grow(dests, &dcap, ndests + 1, sizeof *dests);
        dests[ndests++] = op->u.dest.name;
        break;
      case Q_OP_RULE:
        break;
      case Q_OP_IMAGE:
        /* An image has a file and a size, and lies on its page. */
        if (!op->u.image.image || op->u.image.w <= 0 || op->u.image.h <= 0)
          q_error(d, at, "internal error: page %zu has an image with no file or no size", p + 1);
        else if (op->x < 0 || op->y < 0 || op->x + op->u.image.w > l->width ||
                 op->y + op->u.image.h > l->height)
          q_error(d, at, "internal error: an image on page %zu lies off the page", p + 1);
        /* Not counted as text: a decorative image drawn in a non-leaf
         * element stays out of the structure tree, as it should. */
        break;
      }
      /* Text beside child elements has no element of its own in a tagged
       * structure; the root may hold untagged text (running heads, folios). */
      if (depth && open[depth - 1].text && open[depth - 1].children && !open[depth - 1].reported &&
          !is(open[depth - 1].name, "Document")) {
        q_error(d, at,
                "internal error: element %s on page %zu holds both text and elements "
                "(wrap the text in a Span)",
                open[depth - 1].name, open[depth - 1].page + 1);
        open[depth - 1].reported = true;
      }
    }
  }
  for (size_t k = depth; k-- > 0;)
    q_error(d, at, "internal error: element %s opened on page %zu is never closed", open[k].name,
            open[k].page + 1);

  if (ndests > 1)
    qsort(dests, ndests, sizeof *dests, cmp_str);
  for (size_t k = 1; k < ndests; k++)
    if (is(dests[k], dests[k - 1]))
      q_error(d, at, "internal error: destination '%s' is defined twice", dests[k]);
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nops; i++) {
      const q_op *op = &l->pages[p].ops[i];
      if (op->kind == Q_OP_TAG_BEGIN && op->u.tag.dest && !has_dest(dests, ndests, op->u.tag.dest))
        q_error(d, at, "internal error: a link on page %zu goes to '%s', which is not defined",
                p + 1, op->u.tag.dest);
    }
  for (size_t k = 0; k < l->noutline; k++) {
    const q_outline_entry *e = &l->outline[k];
    if (!e->title || e->level == 0 || !e->dest)
      q_error(d, at, "internal error: outline entry %zu is incomplete", k + 1);
    else if (!has_dest(dests, ndests, e->dest))
      q_error(d, at, "internal error: outline entry '%s' goes to '%s', which is not defined",
              e->title, e->dest);
  }
  free(open);
  free(dests);
  return d->errors - errors;
}
