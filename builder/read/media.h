/* media: DocBook's figures and images read into the model.
 *
 * figure, informalfigure and mediaobject become Q_FIGURE and Q_MEDIA
 * blocks, inlinemediaobject a Q_INLINE_MEDIA inline, each image a q_image
 * in the doc's arena. What the schema cannot say is checked here, each
 * problem a positioned error: the first imageobject quire can use (PNG,
 * JPEG, SVG), its file (relative, inside the bundle's folder also through
 * links, a regular file, its bytes of the format named), an SVG that is
 * self-contained (no script, no event attribute, no reference to another
 * file), and a text alternative for every image not marked decorative
 * (role="decorative" or an empty <alt>). The alt text is never the caption.
 *
 * Internal to builder/read: bundle.c lends its reader through q_media_env
 * (callbacks for positions, common attributes and inline content) for the
 * time of a call. */
#ifndef QUIRE_READ_MEDIA_H
#define QUIRE_READ_MEDIA_H

#include <libxml/tree.h>

#include "../base/diag.h"
#include "../model/doc.h"

typedef struct q_media_env {
  q_doc *doc;
  q_diag *d;
  const char *root_real;  /* realpath of the bundle's folder (may be NULL) */
  const char *root_dir;   /* the bundle's folder as the user named it */
  const char *file;       /* the source file being read (its folder anchors filerefs) */
  void *ctx;
  q_pos (*pos_of)(void *ctx, const xmlNode *n);
  q_pos (*attr_pos)(void *ctx, const xmlNode *n, const char *qname);
  void (*attrs)(void *ctx, const xmlNode *x, q_node *n);   /* xml:id, xml:lang, role */
  q_node *(*inlines)(void *ctx, const xmlNode *x, q_kind kind, q_node *into);
  unsigned figures;       /* numbered figures so far, in the book */
} q_media_env;

/* x is a figure, informalfigure or mediaobject (DocBook namespace): its
 * model, appended to into. */
void q_media_block(q_media_env *e, const xmlNode *x, q_node *into);
/* x is an inlinemediaobject: a Q_INLINE_MEDIA appended to into. */
void q_media_inline(q_media_env *e, const xmlNode *x, q_node *into);
/* x is the book info's <cover>: the image of its mediaobject (alt text
 * optional: the cover page describes the book), NULL after an error. */
const q_image *q_media_cover(q_media_env *e, const xmlNode *x);
/* Is x one of the elements q_media_block takes? */
bool q_media_is_block(const xmlNode *x);

#endif
