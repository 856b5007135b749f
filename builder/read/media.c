/* media.c: figure / mediaobject / imagedata -> Q_FIGURE, Q_MEDIA, q_image.
 *
 * An image's file is named relative to the source file that holds it, as
 * DocBook resolves fileref, and must stay inside the bundle's folder, as
 * parts do. Its format is what its first bytes say; a format attribute
 * that says otherwise is an error, not a hint to follow. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "media.h"
#include "../base/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "../base/mem.h"

#define NS_DB "http://docbook.org/ns/docbook"

/* Larger files are refused before they are read (as source files are). */
enum { MAX_IMAGE_FILE = 64 * 1024 * 1024 };

static bool is_db(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, NS_DB) == 0 && strcmp((const char *)n->name, name) == 0;
}

bool q_media_is_block(const xmlNode *x) {
  return is_db(x, "figure") || is_db(x, "informalfigure") || is_db(x, "mediaobject");
}

static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (!a->ns && strcmp((const char *)a->name, name) == 0)
      return a->children && a->children->type == XML_TEXT_NODE ? (const char *)a->children->content
                                                                : "";
  return NULL;
}

/* The text of x with white space collapsed, "" when it has none. */
static const char *plain(q_media_env *e, const xmlNode *x) {
  xmlChar *c = xmlNodeGetContent(x);
  const char *s = c ? (const char *)c : "";
  char *out = q_arena_strndup(&e->doc->arena, s, strlen(s));
  size_t o = 0;
  bool space = true;
  for (size_t i = 0; out[i]; i++) {
    char ch = out[i];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      if (!space)
        out[o++] = ' ';
      space = true;
    } else {
      out[o++] = ch;
      space = false;
    }
  }
  if (o && out[o - 1] == ' ')
    o--;
  out[o] = '\0';
  xmlFree(c);
  return out;
}

/* ---- lengths ------------------------------------------------------------ */

/* A DocBook length ("2in", "120px", "5cm", "40%", "300" pixels) in points,
 * or a percentage in *pct. false when it is none of those. */
static bool length(const char *s, double *pt, double *pct) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || errno || v < 0)
    return false;
  static const struct {
    const char *unit;
    double pt;
  } units[] = {{"", 0.75}, {"px", 0.75}, {"pt", 1}, {"pc", 12}, {"in", 72},
               {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"em", 12}};
  if (strcmp(end, "%") == 0) {
    *pct = v;
    return true;
  }
  for (size_t i = 0; i < sizeof units / sizeof *units; i++)
    if (strcmp(end, units[i].unit) == 0) {
      *pt = v * units[i].pt;
      return true;
    }
  return false;
}

static void take_length(q_media_env *e, const xmlNode *img, const char *name, double *pt,
                        double *pct) {
  const char *v = attr(img, name);
  if (!v)
    return;
  double ignored = 0;
  if (!length(v, pt, pct ? pct : &ignored) || (!pct && ignored > 0))
    q_error(e->d, e->attr_pos(e->ctx, img, name),
            "%s '%s' is not a length (write e.g. 3in, 8cm, 200px%s)", name, v,
            pct ? " or 50%" : "");
}

/* ---- the file ----------------------------------------------------------- */

static bool stays_inside(const char *href) {
  if (href[0] == '/' || strchr(href, ':') || strchr(href, '\\'))
    return false;
  int depth = 0;
  for (const char *p = href; *p;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.')
      depth--;
    else if (n > 0 && !(n == 1 && p[0] == '.'))
      depth++;
    if (depth < 0)
      return false;
    if (!slash)
      break;
    p = slash + 1;
  }
  return true;
}

static const char *format_name(q_image_format f) {
  return f == Q_IMAGE_PNG ? "PNG" : f == Q_IMAGE_JPEG ? "JPEG" : f == Q_IMAGE_SVG ? "SVG" : "?";
}

/* The format a format attribute (or, without one, a file name) names; 0:
 * one quire does not show. */
static q_image_format named_format(const char *format, const char *href) {
  const char *f = format;
  if (!f) {
    f = strrchr(href, '.');
    f = f ? f + 1 : "";
  }
  if (strcasecmp(f, "png") == 0)
    return Q_IMAGE_PNG;
  if (strcasecmp(f, "jpeg") == 0 || strcasecmp(f, "jpg") == 0)
    return Q_IMAGE_JPEG;
  if (strcasecmp(f, "svg") == 0)
    return Q_IMAGE_SVG;
  return 0;
}

/* The format the first bytes say. */
static q_image_format sniff(const unsigned char *b, size_t n) {
  if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
    return Q_IMAGE_PNG;
  if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
    return Q_IMAGE_JPEG;
  /* SVG: XML (after a BOM, white space, the declaration, comments) with an
   * <svg root; what the root is, the check below finds out. */
  size_t i = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t'))
    i++;
  if (i < n && b[i] == '<')
    for (size_t k = i; k + 4 <= n; k++)
      if (memcmp(b + k, "<svg", 4) == 0)
        return Q_IMAGE_SVG;
  return 0;
}

/* An SVG for both outputs: one document, no script, no event handler, no
 * reference outside itself (the EPUB's copy would break, and the PDF's
 * renderer would load it). NULL when fine, else why not. */
static const char *svg_problem(q_media_env *e, const char *bytes, size_t len) {
  xmlDocPtr doc = xmlReadMemory(bytes, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc)
    return "it is not well-formed XML";
  const char *why = NULL;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || strcmp((const char *)root->name, "svg") != 0)
    why = "its root element is not <svg>";
  if (doc->intSubset && doc->intSubset->children)
    why = "it declares entities (a DOCTYPE with an internal subset)";
  for (xmlNode *n = root; n && !why;) {
    if (n->type == XML_ELEMENT_NODE) {
      if (strcmp((const char *)n->name, "script") == 0)
        why = "it holds a <script>";
      for (xmlAttr *a = n->properties; a && !why; a = a->next) {
        const char *name = (const char *)a->name;
        const char *v = a->children && a->children->content ? (const char *)a->children->content : "";
        if (strncmp(name, "on", 2) == 0)
          why = q_arena_printf(&e->doc->arena, "it has an event attribute '%s'", name);
        else if (strcmp(name, "href") == 0 && v[0] != '#' && strncmp(v, "data:", 5) != 0)
          why = q_arena_printf(&e->doc->arena, "it refers to another file ('%s')", v);
      }
    }
    if (n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n && !n->next && n != root)
      n = n->parent;
    n = n && n != root ? n->next : NULL;
  }
  xmlFreeDoc(doc);
  return why;
}

/* Check the file an imagedata names and fill img->path and img->format.
 * false after an error. */
static bool take_file(q_media_env *e, const xmlNode *x, q_image *img, q_image_format named) {
  const char *href = attr(x, "fileref");
  q_pos at = e->attr_pos(e->ctx, x, "fileref");
  if (!href || !*href) {
    q_error(e->d, e->pos_of(e->ctx, x), "<imagedata> needs a fileref naming an image file");
    return false;
  }
  if (!stays_inside(href)) {
    q_error(e->d, at, "image path '%s' leaves the bundle's folder '%s': images must be inside it",
            href, e->root_dir);
    return false;
  }
  q_arena *a = &e->doc->arena;
  const char *slash = strrchr(e->file, '/');
  const char *path = slash ? q_arena_printf(a, "%.*s/%s", (int)(slash - e->file), e->file, href)
                           : q_arena_strdup(a, href);
  img->href = q_arena_strdup(a, href);
  img->path = path;
  struct stat st;
  if (stat(path, &st) != 0) {
    q_error(e->d, at, "image file '%s' does not exist", path);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    q_error(e->d, at, "image file '%s' is not a regular file", path);
    return false;
  }
  if (st.st_size > MAX_IMAGE_FILE) {
    q_error(e->d, at, "image file '%s' is larger than %d MB", path, MAX_IMAGE_FILE >> 20);
    return false;
  }
  char *real = realpath(path, NULL);
  if (!real && errno == ENOMEM)
    q_oom();
  size_t rl = e->root_real ? strlen(e->root_real) : 0;
  bool inside = real && e->root_real && strncmp(real, e->root_real, rl) == 0 && real[rl] == '/';
  free(real);
  if (!inside) {
    q_error(e->d, at, "image path '%s' leaves the bundle's folder '%s' (through a link)", href,
            e->root_dir);
    return false;
  }
  size_t len = 0;
  char *bytes = q_file_read_path(path, &len);
  if (!bytes) {
    q_error(e->d, at, "image file '%s' cannot be read: %s", path, strerror(errno ? errno : EIO));
    return false;
  }
  q_image_format is = sniff((const unsigned char *)bytes, len);
  bool ok = true;
  if (!is) {
    q_error(e->d, at, "image file '%s' is not a PNG, JPEG or SVG image", path);
    ok = false;
  } else if (is != named) {
    q_error(e->d, at, "image file '%s' is named as %s but its bytes are %s", path,
            format_name(named), format_name(is));
    ok = false;
  } else if (is == Q_IMAGE_SVG) {
    const char *why = svg_problem(e, bytes, len);
    if (why) {
      q_error(e->d, at, "SVG image '%s' is refused: %s (quire takes self-contained SVG only)",
              path, why);
      ok = false;
    }
  }
  free(bytes);
  img->format = is;
  return ok;
}

/* ---- mediaobject -------------------------------------------------------- */

static q_image *read_image(q_media_env *e, const xmlNode *m, bool decorative_role) {
  const xmlNode *data = NULL, *first = NULL;
  q_image_format named = 0;
  const char *alt = NULL;
  bool empty_alt = false;
  for (const xmlNode *c = m->children; c; c = c->next) {
    if (is_db(c, "alt")) {
      alt = plain(e, c);
      empty_alt = !*alt;
    } else if (is_db(c, "textobject") && !alt) {
      for (const xmlNode *t = c->children; t; t = t->next)
        if (is_db(t, "phrase") || is_db(t, "para")) {
          const char *s = plain(e, t);
          alt = alt ? q_arena_printf(&e->doc->arena, "%s %s", alt, s) : s;
        }
    } else if (is_db(c, "imageobject")) {
      for (const xmlNode *d = c->children; d; d = d->next)
        if (is_db(d, "imagedata")) {
          if (!first)
            first = d;
          const char *href = attr(d, "fileref");
          q_image_format f = named_format(attr(d, "format"), href ? href : "");
          if (f && !data) {
            data = d;
            named = f;
          }
        }
    }
  }
  if (!data && first && attr(first, "fileref") && !stays_inside(attr(first, "fileref"))) {
    /* An absolute path or a URL names no format: say what is wrong with it. */
    q_error(e->d, e->attr_pos(e->ctx, first, "fileref"),
            "image path '%s' leaves the bundle's folder '%s': images must be inside it",
            attr(first, "fileref"), e->root_dir);
    return NULL;
  }
  if (!data) {
    const xmlNode *at = first ? first : m;
    q_error(e->d, e->pos_of(e->ctx, at),
            "<%s> has no imageobject quire can show: give one a PNG, JPEG or SVG file",
            (const char *)m->name);
    return NULL;
  }
  q_image *img = q_arena_alloc(&e->doc->arena, sizeof *img);
  memset(img, 0, sizeof *img);
  img->pos = e->pos_of(e->ctx, data);
  bool decorative = decorative_role || empty_alt;
  if (!decorative && (!alt || !*alt)) {
    q_error(e->d, img->pos,
            "image '%s' has no text alternative: give its <%s> an <alt> (or a "
            "<textobject><phrase>), or mark it role=\"decorative\"",
            attr(data, "fileref") ? attr(data, "fileref") : "", (const char *)m->name);
  }
  img->alt = decorative_role && alt && *alt ? alt : decorative ? NULL : alt;
  take_length(e, data, "width", &img->width, &img->width_pct);
  take_length(e, data, "depth", &img->depth, NULL);
  take_length(e, data, "contentwidth", &img->content_width, NULL);
  take_length(e, data, "contentdepth", &img->content_depth, NULL);
  const char *v;
  if ((v = attr(data, "scale")) != NULL) {
    char *end;
    img->scale = strtod(v, &end);
    if (end == v || *end || img->scale <= 0) {
      q_error(e->d, e->attr_pos(e->ctx, data, "scale"),
              "scale '%s' is not a percentage (write e.g. scale=\"50\")", v);
      img->scale = 0;
    }
  }
  v = attr(data, "scalefit");
  img->scalefit = v && strcmp(v, "1") == 0;
  v = attr(data, "align");
  img->align = !v ? Q_IMAGE_CENTER
               : strcmp(v, "center") == 0                       ? Q_IMAGE_CENTER
               : strcmp(v, "left") == 0 || strcmp(v, "start") == 0 ? Q_IMAGE_START
               : strcmp(v, "right") == 0 || strcmp(v, "end") == 0 ? Q_IMAGE_END
                                                                  : Q_IMAGE_CENTER;
  if (!take_file(e, data, img, named))
    return NULL;
  return img;
}

static bool role_is(const xmlNode *x, const char *role) {
  const char *r = attr(x, "role");
  return r && strcmp(r, role) == 0;
}

static void media_object(q_media_env *e, const xmlNode *m, q_node *into, bool decorative) {
  q_node *n = q_node_new(e->doc, Q_MEDIA, e->pos_of(e->ctx, m));
  e->attrs(e->ctx, m, n);
  n->u.image = read_image(e, m, decorative || role_is(m, "decorative"));
  q_node_append(into, n);
  for (const xmlNode *c = m->children; c; c = c->next)
    if (is_db(c, "caption")) {
      q_node *cap = q_node_new(e->doc, Q_CAPTION, e->pos_of(e->ctx, c));
      e->attrs(e->ctx, c, cap);
      q_node_append(n, cap);
      for (const xmlNode *p = c->children; p; p = p->next)
        if (is_db(p, "para"))
          e->inlines(e->ctx, p, Q_PARA, cap);
    }
}

void q_media_block(q_media_env *e, const xmlNode *x, q_node *into) {
  if (is_db(x, "mediaobject")) {
    media_object(e, x, into, false);
    return;
  }
  q_node *fig = q_node_new(e->doc, Q_FIGURE, e->pos_of(e->ctx, x));
  e->attrs(e->ctx, x, fig);
  q_node_append(into, fig);
  if (is_db(x, "figure")) {
    fig->u.figure.number = ++e->figures;
    for (const xmlNode *c = x->children; c; c = c->next)
      if (is_db(c, "title")) {
        e->inlines(e->ctx, c, Q_TITLE, fig);
        break;
      }
  }
  for (const xmlNode *c = x->children; c; c = c->next)
    if (is_db(c, "mediaobject"))
      media_object(e, c, fig, role_is(x, "decorative"));
}

void q_media_inline(q_media_env *e, const xmlNode *x, q_node *into) {
  q_node *n = q_node_new(e->doc, Q_INLINE_MEDIA, e->pos_of(e->ctx, x));
  e->attrs(e->ctx, x, n);
  n->u.image = read_image(e, x, role_is(x, "decorative"));
  q_node_append(into, n);
  if (n->u.image)
    q_warning(e->d, n->pos,
              "an inline image is shown in the EPUB only: the PDF leaves it out for now "
              "(see docs/vocabulary.md)");
}

const q_image *q_media_cover(q_media_env *e, const xmlNode *x) {
  for (const xmlNode *c = x->children; c; c = c->next)
    if (is_db(c, "mediaobject")) {
      q_image *img = read_image(e, c, true);
      if (img && img->format == Q_IMAGE_SVG) {
        /* EPUB readers show a cover image as a raster in their library. */
        q_error(e->d, img->pos, "the cover image '%s' is an SVG: give a PNG or JPEG", img->href);
        return NULL;
      }
      return img;
    }
  return NULL;
}
