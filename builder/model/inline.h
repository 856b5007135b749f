/* inline: the DocBook inlines that the model keeps as one node kind.
 *
 * Most DocBook inlines differ only in what they mean and how a theme shows
 * them: `filename` and `command` are both code, `firstterm` and
 * `foreignphrase` both italic by default. The model keeps them as one kind
 * (Q_INLINE) with the element it came from (a q_inline), and this table
 * says, for each, its name (the EPUB's class, ".name" the theme's
 * selector), the XHTML element it becomes, the PDF structure type it is
 * tagged with, and what the typesetter does beyond the theme's face:
 * raise or lower it, rule it under or through, keep its spaces at their
 * width. The faces themselves are the theme's (style.c gives defaults).
 *
 * Everything here is static data; nothing to free. No third-party header. */
#ifndef QUIRE_MODEL_INLINE_H
#define QUIRE_MODEL_INLINE_H

#include <stdbool.h>

typedef enum q_inline {
  Q_IN_QUOTE,          /* quote: the language's quotation marks around it */
  Q_IN_SUPERSCRIPT,
  Q_IN_SUBSCRIPT,
  /* code-like: the mono face, never hyphenated, spaces never stretched */
  Q_IN_LITERAL, Q_IN_TAG, Q_IN_FILENAME, Q_IN_COMMAND, Q_IN_OPTION, Q_IN_USERINPUT,
  Q_IN_COMPUTEROUTPUT, Q_IN_VARNAME, Q_IN_FUNCTION, Q_IN_PARAMETER, Q_IN_CLASSNAME,
  Q_IN_TYPE, Q_IN_CONSTANT, Q_IN_ENVAR, Q_IN_PROMPT,
  Q_IN_REPLACEABLE,    /* italic: the reader puts their own text here */
  Q_IN_KEYCAP, Q_IN_GUILABEL, Q_IN_GUIMENU, /* bold */
  Q_IN_EMAIL, Q_IN_URI, /* inside a Q_LINK (mailto: for email) */
  Q_IN_ABBREV, Q_IN_ACRONYM,
  Q_IN_TRADEMARK,      /* its mark (u.inl.mark) follows the text */
  Q_IN_FIRSTTERM, Q_IN_GLOSSTERM, Q_IN_WORDASWORD,
  Q_IN_FOREIGNPHRASE,  /* without xml:lang (with one it is a Q_FOREIGN) */
  Q_IN_PHRASE,         /* without xml:lang */
  Q_IN_ANCHOR,         /* empty: a link target (its xml:id) */
  Q_IN_UNDERLINE,      /* emphasis role="underline" */
  Q_IN_STRIKETHROUGH,  /* emphasis role="strikethrough" */
  Q_INLINE_COUNT
} q_inline;

/* The default face a theme starts from (style.c's defaults). */
typedef enum q_inline_face {
  Q_INFACE_INHERIT, Q_INFACE_MONO, Q_INFACE_ITALIC, Q_INFACE_BOLD, Q_INFACE_SMALL
} q_inline_face;

typedef struct q_inline_info {
  const char *name;     /* the DocBook element, and the EPUB class */
  const char *selector; /* the theme's selector: "." name */
  const char *xhtml;    /* the XHTML element: code, kbd, samp, var, sup, sub, abbr, dfn, span */
  const char *pdf_tag;  /* the PDF structure type: Code, Quote, or Span */
  q_inline_face face;
  bool code;            /* never hyphenated, spaces keep their width */
  int shift;            /* +1 raised (superscript), -1 lowered (subscript), 0 */
  bool underline, strike;
} q_inline_info;

/* The entry of k (k < Q_INLINE_COUNT). */
const q_inline_info *q_inline_info_of(q_inline k);
/* The inline a DocBook element name stands for; false when none. Emphasis
 * roles are not here: the reader maps them. */
bool q_inline_by_name(const char *name, q_inline *out);

#endif
