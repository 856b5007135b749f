/* bundle.c: libxml2 -> q_doc.
 *
 * Flow for one file: read bytes -> UTF-8 check -> scan (positions, DOCTYPE)
 * -> DOCTYPE refused (internal subset) or blanked -> xmlReadMemory (no
 * network, no DTD, no entity substitution) -> attach positions to nodes
 * (_private) -> vocabulary check -> RELAX NG -> model.
 * The bundle file is read first; each xi:include in it names a part, whose
 * path must stay inside the bundle's folder. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "bundle.h"
#include "../base/mem.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "../base/buf.h"
#include "../base/utf8.h"
#include "../model/box.h"
#include "../model/lang.h"
#include "../model/xref.h"
#include "../model/names.h"
#include "../model/quotes.h"
#include "hint.h"
#include "media.h"
#include "scan.h"
#include "table.h"

#define NS_DB "http://docbook.org/ns/docbook"
#define NS_XI "http://www.w3.org/2001/XInclude"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_Q "urn:x-quire:1"

/* The deepest nesting, and the largest file, quire reads. libxml2 stops at
 * 10,000,000 bytes of input (XML_MAX_LOOKUP_LIMIT) unless told to read
 * "huge" documents, which would also lift its other limits: a file of more
 * is refused here, in words, before libxml2 sees it (docs/vocabulary.md,
 * "Limits"). */
enum { MAX_DEPTH = 100, MAX_FILE = 10000000 };

/* ---- the vocabulary ------------------------------------------------------ */

typedef enum el {
  E_UNKNOWN,
  E_BOOK, E_ARTICLE, E_INFO, E_TITLE, E_SUBTITLE, E_AUTHOR, E_PERSONNAME,
  E_FIRSTNAME, E_SURNAME, E_BIBLIOID, E_PUBDATE, E_ABSTRACT, E_KEYWORDSET,
  E_KEYWORD, E_PUBLISHER, E_PUBLISHERNAME, E_LEGALNOTICE, E_SECTION, E_PARA,
  E_ITEMIZEDLIST, E_ORDEREDLIST, E_LISTITEM, E_BLOCKQUOTE, E_ATTRIBUTION,
  E_BIBLIOLIST, E_BIBLIOMIXED, E_EMPHASIS, E_CODE, E_LITERAL, E_CITETITLE,
  E_LINK, E_FOREIGNPHRASE, E_PHRASE, E_ANECDOTE, E_THEME, E_INCLUDE,
  E_TITLEABBREV, E_SECT1, E_SECT2, E_SECT3, E_SECT4, E_SECT5, E_SIMPLESECT,
  /* boxes and set-apart blocks */
  E_BOX, E_EPIGRAPH, E_BRIDGEHEAD, E_FORMALPARA, E_SIMPARA,
  /* notes and cross-references */
  E_XREF, E_FOOTNOTE, E_FOOTNOTEREF,
  E_TABLE /* table, informaltable and what they hold: read/table.h */,
  /* inlines and metadata (issue 11) */
  E_INLINE, /* any of model/inline.h's table */
  E_AUTHORGROUP, E_EDITOR, E_OTHERCREDIT, E_HONORIFIC, E_GIVENNAME, E_OTHERNAME, E_LINEAGE,
  E_ORGNAME, E_AFFILIATION, E_COPYRIGHT, E_YEAR, E_HOLDER, E_DATE, E_RELEASEINFO, E_EDITION,
  E_BIBLIOENTRY, E_PAGENUMS, E_BIBLIOMISC,
  /* listings and lists */
  E_PROGRAMLISTING, E_SCREEN, E_SYNOPSIS, E_LITERALLAYOUT, E_VARIABLELIST, E_VARLISTENTRY,
  E_TERM, E_SIMPLELIST, E_MEMBER,
  /* figures and images (media.c) */
  E_FIGURE, E_INFORMALFIGURE, E_MEDIAOBJECT, E_INLINEMEDIAOBJECT, E_IMAGEOBJECT,
  E_IMAGEDATA, E_TEXTOBJECT, E_ALT, E_CAPTION, E_COVER
} el;

static const struct {
  const char *ns, *name;
  el e;
} vocabulary[] = {
    {NS_DB, "book", E_BOOK},
    {NS_DB, "article", E_ARTICLE},
    {NS_DB, "info", E_INFO},
    {NS_DB, "title", E_TITLE},
    {NS_DB, "subtitle", E_SUBTITLE},
    {NS_DB, "author", E_AUTHOR},
    {NS_DB, "personname", E_PERSONNAME},
    {NS_DB, "firstname", E_FIRSTNAME},
    {NS_DB, "surname", E_SURNAME},
    {NS_DB, "biblioid", E_BIBLIOID},
    {NS_DB, "pubdate", E_PUBDATE},
    {NS_DB, "abstract", E_ABSTRACT},
    {NS_DB, "keywordset", E_KEYWORDSET},
    {NS_DB, "keyword", E_KEYWORD},
    {NS_DB, "publisher", E_PUBLISHER},
    {NS_DB, "publishername", E_PUBLISHERNAME},
    {NS_DB, "legalnotice", E_LEGALNOTICE},
    {NS_DB, "section", E_SECTION},
    {NS_DB, "titleabbrev", E_TITLEABBREV},
    {NS_DB, "sect1", E_SECT1},
    {NS_DB, "sect2", E_SECT2},
    {NS_DB, "sect3", E_SECT3},
    {NS_DB, "sect4", E_SECT4},
    {NS_DB, "sect5", E_SECT5},
    {NS_DB, "simplesect", E_SIMPLESECT},
    {NS_DB, "para", E_PARA},
    {NS_DB, "itemizedlist", E_ITEMIZEDLIST},
    {NS_DB, "orderedlist", E_ORDEREDLIST},
    {NS_DB, "listitem", E_LISTITEM},
    {NS_DB, "blockquote", E_BLOCKQUOTE},
    {NS_DB, "attribution", E_ATTRIBUTION},
    {NS_DB, "bibliolist", E_BIBLIOLIST},
    {NS_DB, "bibliomixed", E_BIBLIOMIXED},
    {NS_DB, "emphasis", E_EMPHASIS},
    {NS_DB, "code", E_CODE},
    {NS_DB, "literal", E_LITERAL},
    {NS_DB, "citetitle", E_CITETITLE},
    {NS_DB, "link", E_LINK},
    {NS_DB, "foreignphrase", E_FOREIGNPHRASE},
    {NS_DB, "phrase", E_PHRASE},
    {NS_DB, "note", E_BOX},
    {NS_DB, "tip", E_BOX},
    {NS_DB, "important", E_BOX},
    {NS_DB, "caution", E_BOX},
    {NS_DB, "warning", E_BOX},
    {NS_DB, "danger", E_BOX},
    {NS_DB, "sidebar", E_BOX},
    {NS_DB, "example", E_BOX},
    {NS_DB, "informalexample", E_BOX},
    {NS_DB, "epigraph", E_EPIGRAPH},
    {NS_DB, "bridgehead", E_BRIDGEHEAD},
    {NS_DB, "formalpara", E_FORMALPARA},
    {NS_DB, "simpara", E_SIMPARA},
    {NS_DB, "xref", E_XREF},
    {NS_DB, "footnote", E_FOOTNOTE},
    {NS_DB, "footnoteref", E_FOOTNOTEREF},
    {NS_Q, "anecdote", E_ANECDOTE},
    {NS_Q, "theme", E_THEME},
    {NS_XI, "include", E_INCLUDE},
    /* inlines and metadata (issue 11); the inlines are model/inline.h's */
    {NS_DB, "authorgroup", E_AUTHORGROUP},
    {NS_DB, "editor", E_EDITOR},
    {NS_DB, "othercredit", E_OTHERCREDIT},
    {NS_DB, "honorific", E_HONORIFIC},
    {NS_DB, "givenname", E_GIVENNAME},
    {NS_DB, "othername", E_OTHERNAME},
    {NS_DB, "lineage", E_LINEAGE},
    {NS_DB, "orgname", E_ORGNAME},
    {NS_DB, "affiliation", E_AFFILIATION},
    {NS_DB, "copyright", E_COPYRIGHT},
    {NS_DB, "year", E_YEAR},
    {NS_DB, "holder", E_HOLDER},
    {NS_DB, "date", E_DATE},
    {NS_DB, "releaseinfo", E_RELEASEINFO},
    {NS_DB, "edition", E_EDITION},
    {NS_DB, "biblioentry", E_BIBLIOENTRY},
    {NS_DB, "pagenums", E_PAGENUMS},
    {NS_DB, "bibliomisc", E_BIBLIOMISC},
    {NS_DB, "programlisting", E_PROGRAMLISTING},
    {NS_DB, "screen", E_SCREEN},
    {NS_DB, "synopsis", E_SYNOPSIS},
    {NS_DB, "literallayout", E_LITERALLAYOUT},
    {NS_DB, "variablelist", E_VARIABLELIST},
    {NS_DB, "varlistentry", E_VARLISTENTRY},
    {NS_DB, "term", E_TERM},
    {NS_DB, "simplelist", E_SIMPLELIST},
    {NS_DB, "member", E_MEMBER},
    {NS_DB, "figure", E_FIGURE},
    {NS_DB, "informalfigure", E_INFORMALFIGURE},
    {NS_DB, "mediaobject", E_MEDIAOBJECT},
    {NS_DB, "inlinemediaobject", E_INLINEMEDIAOBJECT},
    {NS_DB, "imageobject", E_IMAGEOBJECT},
    {NS_DB, "imagedata", E_IMAGEDATA},
    {NS_DB, "textobject", E_TEXTOBJECT},
    {NS_DB, "alt", E_ALT},
    {NS_DB, "caption", E_CAPTION},
    {NS_DB, "cover", E_COVER},
};

/* The element kind of n, looked up in the vocabulary (element_of keeps the
 * answer on the node: the reader asks about each node many times). */
static el lookup_element(const xmlNode *n) {
  if (q_table_element(n))
    return E_TABLE;
  const char *ns = n->ns && n->ns->href ? (const char *)n->ns->href : "";
  for (size_t i = 0; i < sizeof vocabulary / sizeof *vocabulary; i++)
    if (strcmp(vocabulary[i].name, (const char *)n->name) == 0 && strcmp(vocabulary[i].ns, ns) == 0)
      return vocabulary[i].e;
  q_inline what;
  if (strcmp(ns, NS_DB) == 0 && q_inline_by_name((const char *)n->name, &what))
    return E_INLINE;
  return E_UNKNOWN;
}

/* The elements quire.rng gives text (or a datatype) as their only content. */
static bool holds_text_only(el e) {
  switch (e) {
  case E_CODE: case E_KEYWORD: case E_PUBLISHERNAME:
  case E_BIBLIOID: case E_PUBDATE: case E_THEME:
  /* a personname holds text or these parts, which hold text */
  case E_HONORIFIC: case E_FIRSTNAME: case E_GIVENNAME: case E_OTHERNAME: case E_SURNAME:
  case E_LINEAGE: case E_ORGNAME: case E_YEAR: case E_HOLDER:
    return true;
  default:
    return false;
  }
}

/* ---- one source file ----------------------------------------------------- */

/* What a node's _private points to: its position, and its start tag. */
typedef struct node_pos {
  q_pos pos;
  const q_scan_tag *tag;
  int el; /* an element's kind plus one (element_of), 0 until asked */
} node_pos;

static el element_of(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE)
    return E_UNKNOWN;
  node_pos *np = n->_private;
  if (!np)
    return lookup_element(n);
  if (!np->el)
    np->el = (int)lookup_element(n) + 1;
  return (el)(np->el - 1);
}

typedef struct src {
  const char *path; /* as shown in messages (arena) */
  char *text;
  size_t len;
  q_scan scan;
  q_lines lines;
  xmlDocPtr xml;
  node_pos *positions; /* one per start tag */
  node_pos *text_positions;
} src;

/* The schema, compiled in a thread of its own while the reader parses the
 * bundle and its first parts (it is the larger half of reading a short
 * book); validate() waits for it. */
typedef struct schema_job {
  pthread_t thread;
  bool started, waited;
  atomic_bool done;
  xmlRelaxNGPtr schema; /* the thread's result, taken after the join */
} schema_job;

typedef struct id_entry {
  const char *id;
  q_pos pos;
} id_entry;

typedef struct reader {
  q_doc *doc;
  q_diag *d;
  src *cur;               /* the file being read, for the error handler */
  unsigned file_errors;   /* d->errors when cur was opened */
  bool xml_lost;          /* cur's parser lost its place: what follows is noise */
  char xml_last[600];     /* cur's last schema message and its place, */
  q_pos xml_last_at;      /* to drop repeats */
  const char **names;     /* the schema's DocBook element names (arena) */
  size_t nnames;
  xmlRelaxNGPtr schema;   /* NULL until schema_wait, and if it did not load */
  schema_job job;
  char *root_real;        /* realpath of the bundle's folder */
  const char *root_dir;   /* the bundle's folder as the user named it */
  id_entry *ids;          /* open-addressing set of xml:id values */
  size_t ids_cap, ids_count;
  q_node **links;         /* Q_LINK nodes with an internal target */
  size_t links_count, links_cap;
  unsigned examples;      /* formal examples read so far (they are numbered per book) */
  q_node **refs;          /* Q_XREF and Q_FOOTNOTEREF nodes, resolved at the end */
  const char **ref_ends;  /* their endterm, or NULL */
  size_t refs_count, refs_cap, ref_ends_cap;
  bool in_note;           /* inside a footnote: another one is refused */
  unsigned tables;        /* titled tables so far: their numbers */
  unsigned list_next[MAX_DEPTH + 2]; /* per nesting depth: the number after the last
                                        ordered list's last item (continuation) */
  q_media_env media;      /* figures and images (media.h) */
} reader;

static q_pos pos_of(const reader *r, const xmlNode *n) {
  if (n && n->_private)
    return ((const node_pos *)n->_private)->pos;
  return (q_pos){r->cur->path, n ? (unsigned)xmlGetLineNo(n) : 0, 0};
}

static q_pos attr_pos(const reader *r, const xmlNode *n, const char *qname) {
  const node_pos *np = n->_private;
  if (!np || !np->tag)
    return pos_of(r, n);
  size_t off = q_scan_attr(r->cur->text, np->tag, qname);
  q_pos p = {r->cur->path, 0, 0};
  q_lines_position(&r->cur->lines, off, &p.line, &p.col);
  return p;
}

/* The byte offset of position at (line and column in characters) in s, and
 * of the start of its line; false when at is not in s. */
static bool offset_at(const src *s, q_pos at, size_t *off, size_t *line_start) {
  if (!s->lines.starts || at.line == 0 || at.line > s->lines.count || at.col == 0)
    return false;
  size_t o = s->lines.starts[at.line - 1];
  *line_start = o;
  for (unsigned c = 1; c < at.col && o < s->len && s->text[o] != '\n'; c++) {
    o++;
    while (o < s->len && ((unsigned char)s->text[o] & 0xC0) == 0x80)
      o++;
  }
  *off = o;
  return true;
}

/* libxml2 places a mismatched end tag's error just after the tag; point at
 * its '<' instead, where the reader will look. */
static q_pos end_tag_start(const src *s, q_pos at) {
  size_t off, line_start;
  if (!offset_at(s, at, &off, &line_start))
    return at;
  while (off > line_start && !(s->text[off] == '<' && off + 1 < s->len && s->text[off + 1] == '/'))
    off--;
  if (s->text[off] != '<')
    return at;
  q_lines_position(&s->lines, off, &at.line, &at.col);
  return at;
}

/* libxml2 places an undefined entity's error just past the reference;
 * point at its '&'. */
static q_pos entity_start(const src *s, q_pos at, const char *name) {
  size_t off, line_start;
  if (!name || !offset_at(s, at, &off, &line_start))
    return at;
  size_t n = strlen(name);
  while (off > line_start && !(s->text[off] == '&' && off + n + 1 < s->len &&
                               memcmp(s->text + off + 1, name, n) == 0))
    off--;
  if (s->text[off] == '&')
    q_lines_position(&s->lines, off, &at.line, &at.col);
  return at;
}

/* quire reads no DTD, so the only named entities are XML's own five: name
 * the character reference an HTML entity stands for. */
static void entity_error(reader *r, const xmlError *err, q_pos at) {
  const char *name = err->str1;
  unsigned cp;
  const char *what;
  at = entity_start(r->cur, at, name);
  if (!name)
    q_error(r->d, at, "undefined entity: quire reads no DTD, so only XML's &amp; &lt; &gt; "
                      "&quot; &apos; are defined");
  else if (q_hint_entity(name, &cp, &what))
    q_error(r->d, at, "undefined entity &%s;: write &#%u; (%s) instead of &%s; "
                      "(quire reads no DTD: only XML's &amp; &lt; &gt; &quot; &apos; are defined)",
            name, cp, what, name);
  else
    q_error(r->d, at, "undefined entity &%s;: write the character itself or its character "
                      "reference (&#NNNN;) instead (quire reads no DTD: only XML's &amp; &lt; "
                      "&gt; &quot; &apos; are defined)", name);
}

/* Well-formedness errors after which the parser goes on where it was, so
 * that a later error is a problem of its own. After any other (a tag
 * mismatch, a broken start tag, the end of the file inside an element) what
 * libxml2 says next is the same problem again. */
static bool parser_keeps_place(int code, const char *msg) {
  if (code == XML_ERR_NAME_REQUIRED)
    return strstr(msg, "EntityRef") != NULL; /* a bare '&', not a bare '<' */
  return code == XML_ERR_UNDECLARED_ENTITY ||
         code == XML_ERR_ENTITYREF_SEMICOL_MISSING || code == XML_ERR_ATTRIBUTE_REDEFINED ||
         code == XML_DTD_XMLID_VALUE ||
         (code >= XML_NS_ERR_XML_NAMESPACE && code <= XML_NS_ERR_COLON);
}

/* A well-formedness error: one message per problem, in words an author can
 * act on where libxml2's are a parser's. */
static void parse_error(reader *r, const xmlError *err, const char *msg, q_pos at) {
  if (r->xml_lost)
    return;
  if (err->level != XML_ERR_WARNING && !parser_keeps_place(err->code, msg))
    r->xml_lost = true;
  if (err->code == XML_ERR_UNDECLARED_ENTITY) {
    entity_error(r, err, at);
    return;
  }
  if (err->code == XML_ERR_TAG_NAME_MISMATCH)
    at = end_tag_start(r->cur, at);
  if (err->level == XML_ERR_WARNING)
    q_warning(r->d, at, "%s", msg);
  else if (err->code == XML_ERR_NAME_REQUIRED && strstr(msg, "EntityRef"))
    q_error(r->d, at, "malformed XML: a bare '&': write &amp; for an ampersand");
  else if (err->code == XML_ERR_NAME_REQUIRED && strstr(msg, "StartTag"))
    q_error(r->d, at, "malformed XML: a bare '<': write &lt; for a less-than sign");
  else if (err->code == XML_ERR_ENTITYREF_SEMICOL_MISSING)
    q_error(r->d, at, "malformed XML: an entity reference ends with ';' (write &amp; for an "
                      "ampersand)");
  else if (err->code == XML_ERR_ATTRIBUTE_NOT_STARTED)
    q_error(r->d, at, "malformed XML: an attribute's value goes in quotes (role=\"value\")");
  else
    q_error(r->d, at, "malformed XML: %s", msg);
}

static const xmlNode *find_title(const xmlNode *x);

/* A schema error: the first of a cascade only, never the same one twice,
 * and in words that name the elements concerned: markup inside an element
 * that holds text only, a section without its title, an element out of
 * place and where it was. */
static void schema_error(reader *r, const xmlError *err, const char *msg, q_pos at) {
  /* A child's error is followed by "element X failed to validate content"
   * (or "extra element in interleave", "has extra content") for each
   * ancestor: the first message says it all. */
  if ((strstr(msg, "failed to validate") || strstr(msg, "in interleave") ||
       strstr(msg, "has extra content")) &&
      r->d->errors > r->file_errors)
    return;
  const xmlNode *node = err->node;
  if (node)
    at = pos_of(r, node);
  bool element = node && node->type == XML_ELEMENT_NODE;
  const xmlNode *parent = element && node->parent && node->parent->type == XML_ELEMENT_NODE
                              ? node->parent
                              : NULL;
  el pe = parent ? element_of(parent) : E_UNKNOWN;
  bool titled = pe == E_ARTICLE || pe == E_SECTION || (pe >= E_SECT1 && pe <= E_SIMPLESECT);
  bool unexpected = strncmp(msg, "Did not expect element", 22) == 0;
  bool untitled = parent && unexpected && titled && !find_title(parent);
  char line[sizeof r->xml_last];
  if (untitled)
    at = pos_of(r, parent);
  if (parent && unexpected && holds_text_only(pe))
    snprintf(line, sizeof line, "<%s> holds text only: take the <%s> markup out of it",
             (const char *)parent->name, (const char *)node->name);
  else if (untitled)
    snprintf(line, sizeof line, "<%s> needs a <title> first (directly inside it or in its <info>)",
             (const char *)parent->name);
  else if (parent && unexpected)
    snprintf(line, sizeof line, "<%s> is not allowed here, inside <%s>",
             (const char *)node->name, (const char *)parent->name);
  else if (element && strcmp(msg, "Expecting an element , got nothing") == 0)
    snprintf(line, sizeof line, "<%s> ends before the content it needs (see docs/vocabulary.md)",
             (const char *)node->name);
  else
    snprintf(line, sizeof line, "%s", msg);
  if (at.line == r->xml_last_at.line && at.col == r->xml_last_at.col &&
      strcmp(line, r->xml_last) == 0)
    return;
  r->xml_last_at = at;
  memcpy(r->xml_last, line, sizeof line);
  q_error(r->d, at, "not valid against quire's schema: %s", line);
}

/* libxml2 reports through here (well-formedness and RELAX NG). */
static void on_xml_error(void *ctx, xmlErrorPtr err) {
  reader *r = ctx;
  if (!err || err->level == XML_ERR_NONE || !r->cur)
    return;
  char msg[512];
  snprintf(msg, sizeof msg, "%s", err->message ? err->message : "malformed XML");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = '\0';
  q_pos at = {r->cur->path, (unsigned)(err->line > 0 ? err->line : 0),
              (unsigned)(err->int2 > 0 ? err->int2 : 0)};
  if (err->domain == XML_FROM_RELAXNGV)
    schema_error(r, err, msg, at);
  else
    parse_error(r, err, msg, at);
}

/* Nothing a document names is ever loaded: no DTD, no external entity. The
 * parser is never asked to (no DTD loading, no entity substitution, and a
 * DOCTYPE is blanked before it sees one); this loader makes sure. */
static xmlParserInputPtr refuse_to_load(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
  (void)url;
  (void)id;
  (void)ctxt;
  return NULL;
}

static char *read_file(const char *path, size_t *len, int *errnum) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *errnum = errno;
    return NULL;
  }
  q_buf b;
  q_buf_init(&b);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    q_buf_add(&b, chunk, n);
    if (b.len > MAX_FILE)
      break;
  }
  int bad = ferror(f) ? (errno ? errno : EIO) : 0; /* EISDIR: fopen opens a folder */
  fclose(f);
  if (bad || b.len > MAX_FILE) {
    *errnum = bad ? bad : EFBIG;
    q_buf_drop(&b);
    return NULL;
  }
  return q_buf_take(&b, len);
}

/* The node after n in document order within root's subtree (children
 * first), or NULL: a walk without recursion. */
static xmlNode *next_in_order(xmlNode *n, const xmlNode *root) {
  if (n->children && n->type == XML_ELEMENT_NODE)
    return n->children;
  while (n && !n->next && n != root)
    n = n->parent;
  return n && n != root ? n->next : NULL;
}

/* Pair element and text nodes with the scanner's tags and runs, by order. */
static void attach_positions(reader *r, src *s) {
  xmlNode *root = xmlDocGetRootElement(s->xml);
  size_t ntags = 0, ntexts = 0;
  for (xmlNode *n = root; n;) {
    if (n->type == XML_ELEMENT_NODE)
      ntags++;
    else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
      ntexts++;
    n = next_in_order(n, root);
  }
  bool tags_ok = ntags == s->scan.ntags, texts_ok = ntexts == s->scan.ntexts;
  s->positions = q_zalloc(s->scan.ntags + 1, sizeof *s->positions);
  s->text_positions = q_zalloc(s->scan.ntexts + 1, sizeof *s->text_positions);
  size_t it = 0, ix = 0;
  for (xmlNode *n = root; n;) {
    if (n->type == XML_ELEMENT_NODE && tags_ok) {
      node_pos *np = &s->positions[it];
      np->tag = &s->scan.tags[it];
      np->pos.file = s->path;
      q_lines_position(&s->lines, np->tag->start, &np->pos.line, &np->pos.col);
      n->_private = np;
      it++;
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && texts_ok) {
      node_pos *np = &s->text_positions[ix];
      np->pos.file = s->path;
      q_lines_position(&s->lines, s->scan.texts[ix], &np->pos.line, &np->pos.col);
      n->_private = np;
      ix++;
    }
    n = next_in_order(n, root);
  }
  (void)r;
}

/* A DOCTYPE as DocBook files carry one (<!DOCTYPE article>, or DocBook
 * 4.5's PUBLIC and SYSTEM identifiers) says nothing quire needs: it is
 * blanked (line ends kept, so positions stay) before libxml2 parses, so no
 * DTD it names is ever loaded. One with an internal subset declares
 * entities (billion laughs, external entities): refused. */
static bool take_doctype(reader *r, src *s) {
  if (!s->scan.doctype)
    return true;
  q_pos at = {s->path, 0, 0};
  q_lines_position(&s->lines, s->scan.doctype_at, &at.line, &at.col);
  if (s->scan.doctype_subset) {
    q_error(r->d, at,
            "a DOCTYPE with an internal subset ([...]) is not allowed: quire loads no DTD and "
            "expands no entities (delete the subset and use character references such as "
            "&#x2014; instead)");
    return false;
  }
  if (s->scan.ndoctypes > 1) {
    q_error(r->d, at, "malformed XML: more than one DOCTYPE");
    return false;
  }
  if (s->scan.doctype_open) {
    q_error(r->d, at, "malformed XML: the DOCTYPE does not end with '>'");
    return false;
  }
  for (size_t i = s->scan.doctype_at; i < s->scan.doctype_end; i++)
    if (s->text[i] != '\n' && s->text[i] != '\r')
      s->text[i] = ' ';
  return true;
}

/* Read, check and parse one file; NULL (with errors reported) on failure. */
static void close_src(src *s);

static src *open_src(reader *r, const char *path, q_pos from) {
  src *s = q_arena_alloc(&r->doc->arena, sizeof *s);
  s->path = q_arena_strdup(&r->doc->arena, path);
  r->cur = s;
  r->file_errors = r->d->errors;
  r->xml_lost = false;
  r->xml_last[0] = '\0';
  r->xml_last_at = (q_pos){NULL, 0, 0};
  int errnum = 0;
  s->text = read_file(path, &s->len, &errnum);
  if (!s->text && errnum == EFBIG) {
    q_error(r->d, (q_pos){s->path, 1, 1},
            "the file is larger than 10,000,000 bytes, the most quire reads in one file: "
            "split it into parts, each included with <xi:include href=\"...\"/>");
    close_src(s);
    return NULL;
  }
  if (!s->text) {
    if (from.file)
      q_error(r->d, from, "cannot read '%s': %s", path, strerror(errnum));
    else
      q_error(r->d, (q_pos){s->path, 0, 0}, "cannot read: %s", strerror(errnum));
    close_src(s);
    return NULL;
  }
  q_lines_init(&s->lines, s->text, s->len);
  if (strspn(s->text, " \t\r\n") == s->len) {
    q_error(r->d, (q_pos){s->path, 1, 1}, "the file is empty%s: %s",
            s->len ? " (white space only)" : "",
            from.file ? "a part is a DocBook <article>" : "a bundle is a DocBook <book>");
    close_src(s);
    return NULL;
  }
  size_t bad;
  if (!q_utf8_check(s->text, s->len, &bad)) {
    q_pos at = {s->path, 0, 0};
    q_lines_position(&s->lines, bad, &at.line, &at.col);
    q_error(r->d, at, "invalid UTF-8 (byte 0x%02X): sources must be UTF-8",
            (unsigned)(unsigned char)s->text[bad]);
    close_src(s);
    return NULL;
  }
  q_scan_run(&s->scan, s->text, s->len);
  if (!take_doctype(r, s)) {
    close_src(s);
    return NULL;
  }
  if (s->len > INT_MAX) {
    q_error(r->d, (q_pos){s->path, 0, 0}, "file too large");
    close_src(s);
    return NULL;
  }
  s->xml = xmlReadMemory(s->text, (int)s->len, s->path, "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NODICT);
  if (!s->xml || r->d->errors > r->file_errors) {
    if (r->d->errors == r->file_errors)
      q_error(r->d, (q_pos){s->path, 0, 0}, "malformed XML");
    close_src(s);
    return NULL;
  }
  if (s->xml->intSubset || s->xml->extSubset) {
    q_error(r->d, (q_pos){s->path, 1, 1},
            "a DOCTYPE quire could not read: quire loads no DTD and expands no entities");
    close_src(s);
    return NULL;
  }
  if (!xmlDocGetRootElement(s->xml)) {
    q_error(r->d, (q_pos){s->path, 0, 0}, "no root element");
    close_src(s);
    return NULL;
  }
  attach_positions(r, s);
  return s;
}

static void close_src(src *s) {
  if (!s)
    return;
  if (s->xml)
    xmlFreeDoc(s->xml);
  q_scan_drop(&s->scan);
  q_lines_drop(&s->lines);
  free(s->positions);
  free(s->text_positions);
  free(s->text);
}

/* ---- checks -------------------------------------------------------------- */

static const char *attr(const xmlNode *n, const char *ns, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    const char *ans = a->ns && a->ns->href ? (const char *)a->ns->href : NULL;
    if (strcmp((const char *)a->name, name) != 0)
      continue;
    if ((ns == NULL) != (ans == NULL) || (ns && strcmp(ns, ans) != 0))
      continue;
    if (a->children && a->children->type == XML_TEXT_NODE)
      return (const char *)a->children->content;
    return "";
  }
  return NULL;
}

static const char *xml_lang(const xmlNode *n) {
  return attr(n, (const char *)XML_XML_NAMESPACE, "lang");
}

/* An element quire does not know, with the fix: the DocBook 5 form of a
 * DocBook 4 or HTML name, else the nearest name the schema knows. */
static void report_unknown(reader *r, const xmlNode *n) {
  const char *ns = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
  const char *name = (const char *)n->name;
  const char *fix = q_hint_element(name);
  const char *near = fix ? NULL : q_hint_nearest(name, r->names, r->nnames);
  if (ns && strcmp(ns, NS_DB) == 0) {
    if (fix)
      q_error(r->d, pos_of(r, n), "unknown element <%s>: %s (see docs/vocabulary.md)", name, fix);
    else if (near)
      q_error(r->d, pos_of(r, n), "unknown element <%s>: did you mean <%s>? (see docs/vocabulary.md)",
              name, near);
    else
      q_error(r->d, pos_of(r, n),
              "unknown element <%s>: not in quire's vocabulary (see docs/vocabulary.md)", name);
  } else if (ns) {
    q_error(r->d, pos_of(r, n), "unknown element <%s> in namespace '%s' (see docs/vocabulary.md)",
            name, ns);
  } else {
    q_error(r->d, pos_of(r, n),
            "unknown element <%s>: quire's elements are DocBook 5's, in the namespace '" NS_DB
            "' (see docs/vocabulary.md)",
            name);
  }
}

/* An element that holds text only, checked here rather than left to the
 * schema: libxml2 reports markup inside one of them (in the book's info
 * above all) at its container, or at no place at all. */
static bool text_only_ok(reader *r, const xmlNode *n) {
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) {
      q_error(r->d, pos_of(r, c), "<%s> holds text only: take the <%s> markup out of it",
              (const char *)n->name, (const char *)c->name);
      return false;
    }
  return true;
}

/* The root's version, when given, is one of DocBook 5's. */
static void check_version(reader *r, const xmlNode *root) {
  const char *v = attr(root, NULL, "version");
  if (v && strcmp(v, "5.0") != 0 && strcmp(v, "5.1") != 0 && strcmp(v, "5.2") != 0)
    q_error(r->d, attr_pos(r, root, "version"),
            "version '%s' is not accepted: quire reads DocBook 5.0, 5.1 and 5.2 (write "
            "version=\"5.0\", or leave version out)", v);
}

/* Every element in our vocabulary, every xml:lang well formed. Independent
 * problems are all reported. Iterative, so deep input cannot overflow. */
static void check_vocabulary(reader *r, xmlNode *root) {
  unsigned depth = 0;
  for (xmlNode *n = root; n;) {
    bool descend = false;
    if (n->type == XML_ELEMENT_NODE) {
      if (element_of(n) == E_UNKNOWN)
        report_unknown(r, n);
      else
        descend = true;
      if (n == root)
        check_version(r, n);
      if (descend && holds_text_only(element_of(n)) && !text_only_ok(r, n))
        descend = false;
      const char *lang = xml_lang(n);
      const char *why;
      if (lang && !q_lang_valid(lang, &why))
        q_error(r->d, attr_pos(r, n, "xml:lang"), "bad xml:lang '%s': %s", lang, why);
      if (descend && depth >= MAX_DEPTH) {
        q_error(r->d, pos_of(r, n), "elements nest deeper than %d levels", MAX_DEPTH);
        descend = false;
      }
    }
    if (descend && n->children) {
      n = n->children;
      depth++;
      continue;
    }
    while (n && !n->next && n != root) {
      n = n->parent;
      depth--;
    }
    n = n && n != root ? n->next : NULL;
  }
}

static void *schema_compile(void *arg) {
  schema_job *job = arg;
  size_t len;
  const char *text = q_schema_text(&len);
  xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(text, (int)len);
  if (pc) {
    job->schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
  }
  atomic_store(&job->done, true);
  return NULL;
}

/* Start compiling the schema beside the reader (in this thread if no other
 * can be made). */
static void schema_start(reader *r) {
  atomic_init(&r->job.done, false);
  r->job.started = pthread_create(&r->job.thread, NULL, schema_compile, &r->job) == 0;
  if (!r->job.started)
    schema_compile(&r->job);
}

/* Whether the schema is compiled: parts are parsed ahead until it is. */
static bool schema_ready(reader *r) { return atomic_load(&r->job.done); }

static void schema_wait(reader *r) {
  if (r->job.waited)
    return;
  r->job.waited = true;
  if (r->job.started)
    pthread_join(r->job.thread, NULL);
  r->schema = r->job.schema;
  if (!r->schema)
    q_error(r->d, (q_pos){NULL, 0, 0}, "internal: the compiled-in schema does not load");
}

static void validate(reader *r, src *s) {
  schema_wait(r);
  if (!r->schema)
    return;
  xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(r->schema);
  if (!v)
    return;
  xmlRelaxNGSetValidStructuredErrors(v, on_xml_error, r);
  int rc = xmlRelaxNGValidateDoc(v, s->xml);
  if (rc != 0 && r->d->errors == r->file_errors)
    q_error(r->d, pos_of(r, xmlDocGetRootElement(s->xml)), "not valid against quire's schema");
  xmlRelaxNGFreeValidCtxt(v);
}

/* ---- ids ------------------------------------------------------------------ */

static size_t hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static id_entry *id_slot(reader *r, const char *id) {
  size_t i = hash(id) & (r->ids_cap - 1);
  while (r->ids[i].id && strcmp(r->ids[i].id, id) != 0)
    i = (i + 1) & (r->ids_cap - 1);
  return &r->ids[i];
}

static bool id_known(reader *r, const char *id) {
  return r->ids_cap && id_slot(r, id)->id != NULL;
}

/* Register id; false (and an error) if it was taken. */
static bool id_add(reader *r, const char *id, q_pos at, bool report) {
  if (2 * (r->ids_count + 1) > r->ids_cap) {
    size_t oldcap = r->ids_cap;
    id_entry *old = r->ids;
    r->ids_cap = oldcap ? oldcap * 2 : 256;
    r->ids = q_zalloc(r->ids_cap, sizeof *r->ids);
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].id)
        *id_slot(r, old[i].id) = old[i];
    free(old);
  }
  id_entry *e = id_slot(r, id);
  if (e->id) {
    if (report)
      q_error(r->d, at, "duplicate xml:id '%s' (first used at %s:%u:%u)", id, e->pos.file,
              e->pos.line, e->pos.col);
    return false;
  }
  e->id = id;
  e->pos = at;
  r->ids_count++;
  return true;
}

/* ---- building the model --------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static bool only_space(const char *s) {
  for (; *s; s++)
    if (!is_space(*s))
      return false;
  return true;
}

/* Common attributes: xml:lang, xml:id, role. */
static void take_attrs(reader *r, const xmlNode *x, q_node *n) {
  q_arena *a = &r->doc->arena;
  const char *v;
  if ((v = xml_lang(x)) != NULL)
    n->lang = q_arena_strdup(a, v);
  if ((v = attr(x, NULL, "role")) != NULL)
    n->role = q_arena_strdup(a, v);
  if ((v = attr(x, NULL, "xreflabel")) != NULL)
    n->xreflabel = q_arena_strdup(a, v);
  if ((v = attr(x, (const char *)XML_XML_NAMESPACE, "id")) != NULL) {
    n->id = q_arena_strdup(a, v);
    id_add(r, n->id, attr_pos(r, x, "xml:id"), true);
  }
}

static void add_inlines(reader *r, const xmlNode *x, q_node *into, unsigned depth);
static void add_blocks(reader *r, const xmlNode *x, q_node *into, unsigned depth);

/* xref and footnoteref: a leaf naming its target, resolved once every id
 * is known (q_xref_resolve). */
static void add_ref(reader *r, const xmlNode *x, q_kind kind, q_node *into) {
  q_node *n = q_node_new(r->doc, kind, pos_of(r, x));
  take_attrs(r, x, n);
  q_node_append(into, n);
  const char *end = attr(x, NULL, "linkend"), *term = attr(x, NULL, "endterm");
  n->u.xref.linkend = q_arena_strdup(&r->doc->arena, end ? end : "");
  r->refs = q_grow(r->refs, &r->refs_cap, r->refs_count + 1, sizeof *r->refs);
  r->ref_ends = q_grow(r->ref_ends, &r->ref_ends_cap, r->refs_count + 1, sizeof *r->ref_ends);
  r->ref_ends[r->refs_count] = term ? q_arena_strdup(&r->doc->arena, term) : NULL;
  r->refs[r->refs_count++] = n;
}

/* footnote: blocks inside running text; a note in a note is refused. */
static void add_footnote(reader *r, const xmlNode *x, q_node *into, unsigned depth) {
  if (r->in_note) {
    q_error(r->d, pos_of(r, x), "a footnote inside a footnote: move it out, after the note's mark");
    return;
  }
  q_node *n = q_node_new(r->doc, Q_FOOTNOTE, pos_of(r, x));
  take_attrs(r, x, n);
  q_node_append(into, n);
  r->in_note = true;
  add_blocks(r, x, n, depth + 1);
  r->in_note = false;
}

static q_node *inline_node(reader *r, const xmlNode *x, q_kind kind, q_node *into, unsigned depth) {
  q_node *n = q_node_new(r->doc, kind, pos_of(r, x));
  take_attrs(r, x, n);
  q_node_append(into, n);
  add_inlines(r, x, n, depth + 1);
  return n;
}

static const char *flat_text(reader *r, const xmlNode *x);

/* ---- inlines and metadata (issue 11) ---- */

/* The parts of a personname given in parts, or false when it is text. */
static bool name_parts(reader *r, const xmlNode *x, q_name_parts *p) {
  memset(p, 0, sizeof *p);
  bool any = false;
  for (const xmlNode *c = x->children; c; c = c->next) {
    const char **slot = NULL;
    switch (element_of(c)) {
    case E_HONORIFIC: slot = &p->honorific; break;
    case E_FIRSTNAME: case E_GIVENNAME: slot = &p->given; break;
    case E_OTHERNAME: slot = &p->other; break;
    case E_SURNAME: slot = &p->surname; break;
    case E_LINEAGE: slot = &p->lineage; break;
    default: break;
    }
    if (!slot)
      continue;
    const char *t = flat_text(r, c);
    if (*slot && t) /* two othernames: both, in order */
      t = q_arena_printf(&r->doc->arena, "%s %s", *slot, t);
    if (t)
      *slot = t;
    any = true;
  }
  return any;
}

/* The language a name is written in: its own xml:lang, or its element's
 * ancestors', or the book's. */
static const char *name_lang(reader *r, const xmlNode *x) {
  for (const xmlNode *a = x; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
    const char *l = xml_lang(a);
    if (l)
      return l;
  }
  return r->doc->meta.lang;
}

/* A personname's shown form: its parts in its language's order, or its
 * text as written. */
static const char *person_name(reader *r, const xmlNode *x) {
  q_name_parts p;
  if (name_parts(r, x, &p))
    return q_name_join(&r->doc->arena, &p, name_lang(r, x));
  return flat_text(r, x);
}

/* A personname in parts, in running text: its text becomes the name in
 * its language's order (the parts' own text is what the source wrote). */
static void order_name(reader *r, const xmlNode *x, q_node *n) {
  q_name_parts p;
  if (!name_parts(r, x, &p))
    return;
  const char *name = q_name_join(&r->doc->arena, &p, name_lang(r, x));
  n->first = n->last = NULL;
  if (name)
    q_node_append(n, q_text_new(r->doc, name, strlen(name), pos_of(r, x)));
}

/* emphasis role="underline" or "strikethrough": a Q_INLINE of that kind. */
static bool add_ruled_emphasis(reader *r, const xmlNode *c, q_node *into, unsigned depth) {
  const char *role = attr(c, NULL, "role");
  if (!role || (strcmp(role, "underline") != 0 && strcmp(role, "strikethrough") != 0))
    return false;
  q_node *n = q_node_new(r->doc, Q_INLINE, pos_of(r, c));
  take_attrs(r, c, n);
  n->u.inl.what = role[0] == 'u' ? Q_IN_UNDERLINE : Q_IN_STRIKETHROUGH;
  q_node_append(into, n);
  add_inlines(r, c, n, depth + 1);
  return true;
}

static void add_mark(reader *r, q_node *n, const char *mark, q_pos at) {
  q_node_append(n, q_text_new(r->doc, mark, strlen(mark), at));
}

/* A trademark's sign, by its class (DocBook's default: trade). */
static const char *trademark_sign(const char *cls) {
  if (cls && strcmp(cls, "registered") == 0)
    return "\xC2\xAE"; /* ® */
  if (cls && strcmp(cls, "copyright") == 0)
    return "\xC2\xA9"; /* © */
  if (cls && strcmp(cls, "service") == 0)
    return "\xE2\x84\xA0"; /* ℠ */
  return "\xE2\x84\xA2"; /* ™ */
}

/* One of model/inline.h's inlines. A quote gets the marks of the language
 * in force, the inner pair inside another quote; email and uri are links
 * (mailto: for an address) holding the inline. */
static void add_docbook_inline(reader *r, const xmlNode *c, q_node *into, unsigned depth) {
  q_inline what = Q_IN_PHRASE;
  q_inline_by_name((const char *)c->name, &what);
  q_node *n = q_node_new(r->doc, Q_INLINE, pos_of(r, c));
  n->u.inl.what = what;
  if (what == Q_IN_EMAIL || what == Q_IN_URI) {
    const char *text = flat_text(r, c);
    const char *href = attr(c, NS_XLINK, "href");
    q_node *link = q_node_new(r->doc, Q_LINK, pos_of(r, c));
    if (what == Q_IN_EMAIL)
      link->u.link.href = q_arena_printf(&r->doc->arena, "mailto:%s", text ? text : "");
    else
      link->u.link.href = q_arena_strdup(&r->doc->arena, href ? href : text ? text : "");
    q_node_append(into, link);
    into = link;
  }
  take_attrs(r, c, n);
  q_node_append(into, n);
  if (what == Q_IN_QUOTE) {
    unsigned level = 0;
    for (const q_node *a = into; a; a = a->parent)
      level += a->kind == Q_INLINE && a->u.inl.what == Q_IN_QUOTE;
    const char *open, *close;
    q_quotes_pair(q_node_lang(r->doc, n), level, &open, &close);
    add_mark(r, n, open, pos_of(r, c));
    add_inlines(r, c, n, depth + 1);
    add_mark(r, n, close, pos_of(r, c));
    return;
  }
  add_inlines(r, c, n, depth + 1);
  if (what == Q_IN_TRADEMARK)
    add_mark(r, n, trademark_sign(attr(c, NULL, "class")), pos_of(r, c));
}

/* One inline child c of an element, added to into. */
static void add_inline(reader *r, const xmlNode *c, q_node *into, unsigned depth) {
  if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
    const char *t = (const char *)c->content;
    q_node_append(into, q_text_new(r->doc, t, strlen(t), pos_of(r, c)));
    return;
  }
  {
    q_node *n;
    switch (element_of(c)) {
    case E_EMPHASIS: {
      if (add_ruled_emphasis(r, c, into, depth))
        break;
      n = inline_node(r, c, Q_EMPHASIS, into, depth);
      const char *role = n->role;
      n->u.emphasis.strong = role && (strcmp(role, "strong") == 0 || strcmp(role, "bold") == 0);
      break;
    }
    case E_CODE:
      inline_node(r, c, Q_CODE, into, depth);
      break;
    case E_LITERAL:
      add_docbook_inline(r, c, into, depth);
      break;
    case E_CITETITLE:
      inline_node(r, c, Q_CITETITLE, into, depth);
      break;
    case E_FOREIGNPHRASE:
    case E_PHRASE:
      if (xml_lang(c))
        inline_node(r, c, Q_FOREIGN, into, depth);
      else
        add_docbook_inline(r, c, into, depth);
      break;
    case E_AUTHOR:
    case E_PERSONNAME:
      n = inline_node(r, c, Q_PERSON, into, depth);
      if (element_of(c) == E_PERSONNAME)
        order_name(r, c, n);
      break;
    case E_FIRSTNAME:
    case E_SURNAME:
    case E_HONORIFIC: case E_GIVENNAME: case E_OTHERNAME: case E_LINEAGE: case E_ORGNAME:
      add_inlines(r, c, into, depth + 1);
      break;
    case E_XREF:
      add_ref(r, c, Q_XREF, into);
      break;
    case E_FOOTNOTEREF:
      add_ref(r, c, Q_FOOTNOTEREF, into);
      break;
    case E_FOOTNOTE:
      add_footnote(r, c, into, depth);
      break;
    case E_INLINE:
      add_docbook_inline(r, c, into, depth);
      break;
    case E_LINK: {
      n = inline_node(r, c, Q_LINK, into, depth);
      const char *href = attr(c, NS_XLINK, "href");
      const char *end = attr(c, NULL, "linkend");
      const char *why = href ? q_link_href_problem(href) : NULL;
      if (why) {
        /* Kept out of the model, so that no writer ever sees it. */
        q_error(r->d, attr_pos(r, c, "xlink:href"), "link address '%s' is refused: %s", href, why);
        n->u.link.href = "#";
      } else if (href) {
        n->u.link.href = q_arena_strdup(&r->doc->arena, href);
      } else if (end) {
        n->u.link.href = q_arena_printf(&r->doc->arena, "#%s", end);
        r->links = q_grow(r->links, &r->links_cap, r->links_count + 1, sizeof *r->links);
        r->links[r->links_count++] = n;
      } else {
        q_error(r->d, pos_of(r, c), "<link> needs xlink:href or linkend");
      }
      break;
    }
    case E_INLINEMEDIAOBJECT:
      r->media.file = r->cur->path;
      q_media_inline(&r->media, c, into);
      break;
    default:
      break; /* out of place: the schema reports it */
    }
  }
}

static void add_inlines(reader *r, const xmlNode *x, q_node *into, unsigned depth) {
  if (depth > MAX_DEPTH)
    return;
  for (const xmlNode *c = x->children; c; c = c->next)
    add_inline(r, c, into, depth);
}

/* Collapse XML white space in an inline container, as HTML and TeX do: runs
 * become one space, none at the start or end. Spaces stay in the node where
 * they were written, so "a <x>b</x>" keeps its space outside the span. */
static void normalize_space(q_node *container) {
  bool last_space = true; /* true at the start: drop leading space */
  q_node *last_text = NULL;
  q_iter it;
  q_iter_start(&it, container);
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (ev == Q_EV_ENTER && it.node->kind == Q_FOOTNOTE) {
      q_iter_skip(&it); /* its paragraphs have their own spaces */
      continue;
    }
    if (ev == Q_EV_ENTER && it.node->kind == Q_XREF) {
      last_space = false; /* its text comes later: it is a word */
      continue;
    }
    if (ev == Q_EV_ENTER && it.node->kind == Q_INLINE_MEDIA)
      last_space = false; /* an inline image is content: the space after it stays */
    if (ev != Q_EV_ENTER || it.node->kind != Q_TEXT)
      continue;
    q_node *t = it.node;
    char *s = (char *)(uintptr_t)t->u.text.text; /* arena copy, ours to edit */
    size_t o = 0;
    for (size_t i = 0; i < t->u.text.len; i++) {
      if (is_space(s[i])) {
        if (!last_space)
          s[o++] = ' ';
        last_space = true;
      } else {
        s[o++] = s[i];
        last_space = false;
      }
    }
    s[o] = '\0';
    t->u.text.len = o;
    if (o)
      last_text = t;
  }
  if (last_text && last_space && last_text->u.text.len)
    ((char *)(uintptr_t)last_text->u.text.text)[--last_text->u.text.len] = '\0';
  /* Drop texts that became empty. */
  q_iter_start(&it, container);
  q_node *empty = NULL;
  for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
    if (empty) {
      q_node *p = empty->parent;
      if (empty->prev)
        empty->prev->next = empty->next;
      else
        p->first = empty->next;
      if (empty->next)
        empty->next->prev = empty->prev;
      else
        p->last = empty->prev;
      empty = NULL;
    }
    if (ev == Q_EV_ENTER && it.node->kind == Q_TEXT && it.node->u.text.len == 0)
      empty = it.node;
  }
}

static q_node *inline_block(reader *r, const xmlNode *x, q_kind kind, q_node *into) {
  q_node *n = q_node_new(r->doc, kind, pos_of(r, x));
  take_attrs(r, x, n);
  q_node_append(into, n);
  add_inlines(r, x, n, 0);
  normalize_space(n);
  return n;
}

/* The title (or subtitle, or titleabbrev: `which`) of an article or
 * section, as DocBook allows it: directly inside, or inside its <info>. */
static const xmlNode *find_titled(const xmlNode *x, el which) {
  for (const xmlNode *c = x->children; c; c = c->next) {
    el e = element_of(c);
    if (e == which)
      return c;
    if (e == E_INFO)
      for (const xmlNode *t = c->children; t; t = t->next)
        if (element_of(t) == which)
          return t;
  }
  return NULL;
}

static const xmlNode *find_title(const xmlNode *x) { return find_titled(x, E_TITLE); }

static const char *flat_text(reader *r, const xmlNode *x);

/* Subtitle and short title, wherever DocBook put them: the model is the
 * same either way. */
static q_titles read_titles(reader *r, const xmlNode *x) {
  const xmlNode *sub = find_titled(x, E_SUBTITLE), *abbrev = find_titled(x, E_TITLEABBREV);
  return (q_titles){sub ? flat_text(r, sub) : NULL, abbrev ? flat_text(r, abbrev) : NULL};
}

static void add_blocks(reader *r, const xmlNode *x, q_node *into, unsigned depth);

/* The label of a book detail element, or NULL for an element that is none. */
static const char *detail_label(const xmlNode *c) {
  switch (element_of(c)) {
  case E_PUBLISHER: case E_PUBLISHERNAME: return "Publisher:";
  case E_PUBDATE: return "Published:";
  case E_EDITION: return "Edition:";
  case E_PAGENUMS: return "Pages:";
  case E_BIBLIOMISC: return "Note:";
  case E_LINK: return "Link:";
  case E_BIBLIOID: {
    const char *cls = attr(c, NULL, "class");
    if (cls && strcmp(cls, "isbn") == 0) return "ISBN:";
    if (cls && strcmp(cls, "issn") == 0) return "ISSN:";
    if (cls && strcmp(cls, "doi") == 0) return "DOI:";
    if (cls && strcmp(cls, "uri") == 0) return "URI:";
    return "Identifier:";
  }
  default: return NULL;
  }
}

/* A publisher, date, edition, identifier, page range, remark or link of
 * the book: a detail of its own, labelled, in the order written. */
static void add_detail(reader *r, const xmlNode *c, const char *label, q_node *b) {
  q_node *d = q_node_new(r->doc, Q_BIBLIO_DETAIL, pos_of(r, c));
  d->u.detail.label = label;
  q_node_append(b, d);
  if (element_of(c) == E_LINK || element_of(c) == E_BIBLIOMISC) {
    if (element_of(c) == E_LINK)
      add_inline(r, c, d, 1);
    else
      add_inlines(r, c, d, 1);
  } else {
    take_attrs(r, c, d);
    const char *t = flat_text(r, c);
    if (t)
      q_node_append(d, q_text_new(r->doc, t, strlen(t), pos_of(r, c)));
  }
  normalize_space(d);
}

static bool has_word(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 32) >= 'a' && (*s | 32) <= 'z'))
      return true;
  return false;
}

/* Is the next element after c a detail (so that punctuation before it is
 * the details', not the authors')? */
static bool detail_follows(const xmlNode *c) {
  for (c = c->next; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return detail_label(c) != NULL;
  return false;
}

/* A bibliomixed (title, then the authors with the joining text as written,
 * then any details, the punctuation between them dropped: the labels say
 * it) or a biblioentry (the same elements without text between them; its
 * authors are joined with "and"). */
static void add_biblio(reader *r, const xmlNode *x, q_node *into) {
  q_node *b = q_node_new(r->doc, Q_BIBLIO, pos_of(r, x));
  take_attrs(r, x, b);
  q_node_append(into, b);
  bool entry = element_of(x) == E_BIBLIOENTRY;
  q_node *title = NULL, *authors = NULL;
  bool details = false;
  unsigned nauthors = 0, seen = 0;
  for (const xmlNode *c = x->children; c; c = c->next)
    nauthors += element_of(c) == E_AUTHOR;
  for (const xmlNode *c = x->children; c; c = c->next) {
    if (element_of(c) == E_MEDIAOBJECT) { /* the book's cover */
      r->media.file = r->cur->path;
      q_media_block(&r->media, c, b);
      continue;
    }
    if (!title) {
      if (element_of(c) == E_TITLE)
        title = inline_block(r, c, Q_BIBLIO_TITLE, b);
      continue;
    }
    const char *label = c->type == XML_ELEMENT_NODE ? detail_label(c) : NULL;
    if (label) {
      add_detail(r, c, label, b);
      details = true;
      continue;
    }
    bool text = c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE;
    if (text && (entry || ((details || detail_follows(c)) && !has_word((const char *)c->content))))
      continue;
    if (details && text) { /* words after the details: a remark of their own */
      q_node *d = q_node_new(r->doc, Q_BIBLIO_DETAIL, pos_of(r, c));
      d->u.detail.label = "Note:";
      q_node_append(b, d);
      add_inline(r, c, d, 1);
      normalize_space(d);
      continue;
    }
    if (!authors) {
      authors = q_node_new(r->doc, Q_BIBLIO_AUTHORS, pos_of(r, c));
      q_node_append(b, authors);
    }
    if (entry && element_of(c) == E_AUTHOR && seen++) {
      const char *join = seen == nauthors ? " and " : ", ";
      q_node_append(authors, q_text_new(r->doc, join, strlen(join), pos_of(r, c)));
    }
    /* The rest, text and names as written, are the authors. */
    add_inline(r, c, authors, 1);
  }
  if (!title)
    q_error(r->d, pos_of(r, x), "<%s> needs the book's <title> first", (const char *)x->name);
  if (authors) {
    normalize_space(authors);
    unsigned count = 0;
    for (q_node *c = authors->first; c; c = c->next)
      count += c->kind == Q_PERSON;
    authors->u.authors.count = count;
  }
  /* The authors come before the details in both outputs. */
  if (title && authors && authors->prev != title) {
    q_node *p = authors->parent;
    authors->prev->next = authors->next;
    if (authors->next)
      authors->next->prev = authors->prev;
    else
      p->last = authors->prev;
    authors->prev = title;
    authors->next = title->next;
    title->next->prev = authors;
    title->next = authors;
  }
}

static void add_section(reader *r, const xmlNode *x, q_node *into, unsigned depth) {
  q_node *s = q_node_new(r->doc, Q_SECTION, pos_of(r, x));
  take_attrs(r, x, s);
  q_node_append(into, s);
  unsigned level = 1;
  for (const q_node *p = into; p && p->kind == Q_SECTION; p = p->parent)
    level++;
  s->u.section.level = level;
  s->u.section.titles = read_titles(r, x);
  const xmlNode *t = find_title(x);
  if (t)
    inline_block(r, t, Q_TITLE, s);
  else
    q_error(r->d, pos_of(r, x), "<%s> needs a <title>", (const char *)x->name);
  add_blocks(r, x, s, depth + 1);
}

/* ---- boxes and set-apart blocks ------------------------------------------- */

/* The heading level of a section holding `into` plus one: a bridgehead
 * looks like the title of a section one level down. renderas (sect1 to
 * sect5) chooses another. */
static unsigned bridgehead_level(const xmlNode *x, const q_node *into) {
  const char *as = attr(x, NULL, "renderas");
  if (as && strncmp(as, "sect", 4) == 0 && as[4] >= '1' && as[4] <= '5' && !as[5])
    return (unsigned)(as[4] - '0') + 1;
  unsigned level = 2;
  for (const q_node *p = into; p; p = p->parent)
    if (p->kind == Q_SECTION) {
      level = p->u.section.level + 2;
      break;
    }
  return level > 6 ? 6 : level;
}

/* A blockquote or an epigraph: its blocks, then its attribution last. */
static void add_quotation(reader *r, const xmlNode *c, q_kind kind, q_node *into, unsigned depth) {
  q_node *n = q_node_new(r->doc, kind, pos_of(r, c));
  take_attrs(r, c, n);
  q_node_append(into, n);
  add_blocks(r, c, n, depth + 1);
  for (const xmlNode *a = c->children; a; a = a->next)
    if (element_of(a) == E_ATTRIBUTION)
      inline_block(r, a, Q_ATTRIBUTION, n);
}

/* Admonitions, sidebars, examples (Q_BOX), epigraphs, bridgeheads;
 * formalpara becomes a paragraph that opens with its title in strong
 * emphasis, simpara a paragraph. */
static void add_set_apart(reader *r, const xmlNode *c, q_node *into, unsigned depth) {
  q_node *n;
  switch (element_of(c)) {
  case E_BOX: {
    q_box_kind kind = Q_BOX_NOTE;
    q_box_kind_of((const char *)c->name, &kind);
    n = q_node_new(r->doc, Q_BOX, pos_of(r, c));
    take_attrs(r, c, n);
    n->u.box.kind = kind;
    if (kind == Q_BOX_EXAMPLE)
      n->u.box.number = ++r->examples;
    q_node_append(into, n);
    const xmlNode *t = find_title(c);
    if (t)
      inline_block(r, t, Q_BOX_TITLE, n);
    else if (kind == Q_BOX_EXAMPLE)
      q_error(r->d, pos_of(r, c), "<example> needs a <title> (or write <informalexample>)");
    add_blocks(r, c, n, depth + 1);
    break;
  }
  case E_EPIGRAPH:
    add_quotation(r, c, Q_EPIGRAPH, into, depth);
    break;
  case E_BRIDGEHEAD:
    n = inline_block(r, c, Q_BRIDGEHEAD, into);
    n->u.bridgehead.level = bridgehead_level(c, into);
    break;
  case E_SIMPARA:
    inline_block(r, c, Q_PARA, into);
    break;
  case E_FORMALPARA: {
    const xmlNode *t = find_title(c), *body = NULL;
    for (const xmlNode *k = c->children; k && !body; k = k->next)
      if (element_of(k) == E_PARA)
        body = k;
    n = q_node_new(r->doc, Q_PARA, pos_of(r, body ? body : c));
    take_attrs(r, c, n);
    q_node_append(into, n);
    if (t) {
      q_node *lead = q_node_new(r->doc, Q_EMPHASIS, pos_of(r, t));
      lead->u.emphasis.strong = true;
      q_node_append(n, lead);
      add_inlines(r, t, lead, 1);
      q_node_append(n, q_text_new(r->doc, " ", 1, pos_of(r, t)));
    }
    if (body)
      add_inlines(r, body, n, 1);
    normalize_space(n);
    break;
  }
  default:
    break;
  }
}

/* A part's abstract, from its info: a Q_ABSTRACT after its title. */
static void add_part_abstract(reader *r, const xmlNode *article, q_node *part) {
  for (const xmlNode *c = article->children; c; c = c->next)
    if (element_of(c) == E_INFO)
      for (const xmlNode *a = c->children; a; a = a->next)
        if (element_of(a) == E_ABSTRACT) {
          q_node *n = q_node_new(r->doc, Q_ABSTRACT, pos_of(r, a));
          take_attrs(r, a, n);
          q_node_append(part, n);
          add_blocks(r, a, n, 1);
          return;
        }
}

/* What a table borrows from the reader (read/table.h). */
static q_pos host_pos(void *r, const xmlNode *x) { return pos_of(r, x); }
static q_pos host_attr_pos(void *r, const xmlNode *x, const char *q) { return attr_pos(r, x, q); }
static void host_attrs(void *r, const xmlNode *x, q_node *n) { take_attrs(r, x, n); }
static void host_blocks(void *r, const xmlNode *x, q_node *into) { add_blocks(r, x, into, 1); }
static void host_inlines(void *r, const xmlNode *x, q_kind kind, q_node *into) {
  inline_block(r, x, kind, into);
}

static void add_table(reader *r, const xmlNode *x, q_node *into) {
  q_table_host h = {r,         r->doc,        r->d,       &r->tables, host_pos,
                    host_attr_pos, host_attrs, host_blocks, host_inlines};
  q_table_read(&h, x, into);
}

/* ---- listings and lists ---------------------------------------------------- */

/* A positive whole number attribute (startingnumber, override, columns), or
 * 0 when absent; a bad one is an error at the attribute. */
static unsigned number_attr(reader *r, const xmlNode *x, const char *name) {
  const char *v = attr(x, NULL, name);
  if (!v)
    return 0;
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (end == v || *end || errno || n == 0 || n > 1000000 || v[0] == '-' || v[0] == '+') {
    q_error(r->d, attr_pos(r, x, name), "%s=\"%s\" is not a whole number from 1 up", name, v);
    return 0;
  }
  return (unsigned)n;
}

/* itemizedlist / orderedlist. An ordered list's numbers are settled here,
 * once for both outputs: startingnumber, or continuation="continues" (the
 * number after the previous ordered list at the same depth), and each
 * item's override, after which numbering goes on from the override. */
static void add_list(reader *r, const xmlNode *c, q_node *into, unsigned depth) {
  q_node *n = q_node_new(r->doc, Q_LIST, pos_of(r, c));
  take_attrs(r, c, n);
  bool ordered = element_of(c) == E_ORDEREDLIST;
  n->u.list.ordered = ordered;
  n->u.list.start = 1;
  q_node_append(into, n);
  unsigned d = depth < MAX_DEPTH ? depth : MAX_DEPTH;
  const char *v;
  if (ordered) {
    if ((v = attr(c, NULL, "numeration")) != NULL && !q_numeration_parse(v, &n->u.list.numeration))
      q_error(r->d, attr_pos(r, c, "numeration"),
              "numeration=\"%s\" is not one of arabic, loweralpha, upperalpha, lowerroman, "
              "upperroman", v);
    unsigned start = number_attr(r, c, "startingnumber");
    v = attr(c, NULL, "continuation");
    if (v && strcmp(v, "continues") == 0)
      n->u.list.start = r->list_next[d] ? r->list_next[d] : 1;
    else if (start)
      n->u.list.start = start;
  } else if ((v = attr(c, NULL, "mark")) != NULL && *v) {
    n->u.list.mark = q_arena_strdup(&r->doc->arena, v);
  }
  unsigned k = n->u.list.start;
  for (const xmlNode *li = c->children; li; li = li->next)
    if (element_of(li) == E_LISTITEM) {
      q_node *item = q_node_new(r->doc, Q_ITEM, pos_of(r, li));
      take_attrs(r, li, item);
      if (ordered && (item->u.item.override = number_attr(r, li, "override")) != 0)
        k = item->u.item.override;
      q_node_append(n, item);
      add_blocks(r, li, item, depth + 1);
      k++;
    }
  if (ordered)
    r->list_next[d] = k;
}

static void add_listing(reader *r, const xmlNode *c, q_node *into) {
  static const struct {
    el e;
    q_listing_kind kind;
  } kinds[] = {{E_PROGRAMLISTING, Q_LISTING_PROGRAM}, {E_SCREEN, Q_LISTING_SCREEN},
               {E_SYNOPSIS, Q_LISTING_SYNOPSIS}, {E_LITERALLAYOUT, Q_LISTING_LITERAL}};
  q_node *n = q_node_new(r->doc, Q_LISTING, pos_of(r, c));
  take_attrs(r, c, n);
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if (kinds[i].e == element_of(c))
      n->u.listing.kind = kinds[i].kind;
  const char *v = attr(c, NULL, "language");
  if (v && *v)
    n->u.listing.language = q_arena_strdup(&r->doc->arena, v);
  v = attr(c, NULL, "linenumbering");
  n->u.listing.numbered = v && strcmp(v, "numbered") == 0;
  q_node_append(into, n);
  add_inlines(r, c, n, 0);
  q_listing_tidy(&r->doc->arena, n); /* white space kept: never normalize_space */
}

static void add_varlist(reader *r, const xmlNode *c, q_node *into, unsigned depth) {
  q_node *n = q_node_new(r->doc, Q_VARLIST, pos_of(r, c));
  take_attrs(r, c, n);
  q_node_append(into, n);
  for (const xmlNode *e = c->children; e; e = e->next) {
    if (element_of(e) != E_VARLISTENTRY)
      continue;
    q_node *entry = q_node_new(r->doc, Q_VARENTRY, pos_of(r, e));
    take_attrs(r, e, entry);
    q_node_append(n, entry);
    for (const xmlNode *t = e->children; t; t = t->next)
      if (element_of(t) == E_TERM)
        inline_block(r, t, Q_TERM, entry);
    for (const xmlNode *li = e->children; li; li = li->next)
      if (element_of(li) == E_LISTITEM) {
        q_node *item = q_node_new(r->doc, Q_ITEM, pos_of(r, li));
        take_attrs(r, li, item);
        q_node_append(entry, item);
        add_blocks(r, li, item, depth + 1);
      }
  }
}

static void add_simplelist(reader *r, const xmlNode *c, q_node *into) {
  q_node *n = q_node_new(r->doc, Q_SIMPLELIST, pos_of(r, c));
  take_attrs(r, c, n);
  const char *v = attr(c, NULL, "type");
  n->u.simplelist.type = !v || strcmp(v, "vertical") == 0 ? Q_SIMPLELIST_VERTICAL
                         : strcmp(v, "horizontal") == 0   ? Q_SIMPLELIST_HORIZONTAL
                                                          : Q_SIMPLELIST_INLINE;
  unsigned cols = number_attr(r, c, "columns");
  n->u.simplelist.columns = cols ? cols : 1;
  q_node_append(into, n);
  for (const xmlNode *m = c->children; m; m = m->next)
    if (element_of(m) == E_MEMBER)
      inline_block(r, m, Q_MEMBER, n);
}

static void add_blocks(reader *r, const xmlNode *x, q_node *into, unsigned depth) {
  if (depth > MAX_DEPTH)
    return;
  for (const xmlNode *c = x->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (!only_space((const char *)c->content))
        q_error(r->d, pos_of(r, c), "text outside a paragraph: wrap it in <para>");
      continue;
    }
    q_node *n;
    switch (element_of(c)) {
    case E_PARA:
      inline_block(r, c, Q_PARA, into);
      break;
    case E_SECTION:
    case E_SECT1: case E_SECT2: case E_SECT3: case E_SECT4: case E_SECT5:
    case E_SIMPLESECT:
      add_section(r, c, into, depth);
      break;
    case E_ITEMIZEDLIST:
    case E_ORDEREDLIST:
      add_list(r, c, into, depth);
      break;
    case E_PROGRAMLISTING: case E_SCREEN: case E_SYNOPSIS: case E_LITERALLAYOUT:
      add_listing(r, c, into);
      break;
    case E_VARIABLELIST:
      add_varlist(r, c, into, depth);
      break;
    case E_SIMPLELIST:
      add_simplelist(r, c, into);
      break;
    case E_BLOCKQUOTE:
      add_quotation(r, c, Q_QUOTE, into, depth);
      break;
    case E_ANECDOTE:
      n = q_node_new(r->doc, Q_ANECDOTE, pos_of(r, c));
      take_attrs(r, c, n);
      q_node_append(into, n);
      add_blocks(r, c, n, depth + 1);
      break;
    case E_BIBLIOLIST:
      for (const xmlNode *b = c->children; b; b = b->next)
        if (element_of(b) == E_BIBLIOMIXED || element_of(b) == E_BIBLIOENTRY)
          add_biblio(r, b, into);
      break;
    case E_BIBLIOMIXED:
    case E_BIBLIOENTRY:
      add_biblio(r, c, into);
      break;
    case E_BOX: case E_EPIGRAPH: case E_BRIDGEHEAD: case E_FORMALPARA: case E_SIMPARA:
      add_set_apart(r, c, into, depth);
      break;
    case E_TABLE:
      if (q_table_starts(c))
        add_table(r, c, into);
      break;
    case E_FIGURE:
    case E_INFORMALFIGURE:
    case E_MEDIAOBJECT:
      r->media.file = r->cur->path;
      q_media_block(&r->media, c, into);
      break;
    default:
      break; /* title, info, attribution: taken elsewhere; others: schema */
    }
  }
}

/* ---- metadata -------------------------------------------------------------- */

/* The text of x, white space collapsed, or NULL when empty. */
static const char *flat_text(reader *r, const xmlNode *x) {
  xmlChar *c = xmlNodeGetContent(x);
  if (!c)
    return NULL;
  q_buf b;
  q_buf_init(&b);
  bool space = true;
  for (const char *s = (const char *)c; *s; s++) {
    if (is_space(*s)) {
      space = true;
      continue;
    }
    if (space && b.len)
      q_buf_putc(&b, ' ');
    space = false;
    q_buf_putc(&b, *s);
  }
  xmlFree(c);
  const char *out = b.len ? q_arena_strndup(&r->doc->arena, b.data, b.len) : NULL;
  q_buf_drop(&b);
  return out;
}

/* othercredit's classes as EPUB contributors (MARC relator codes) and as
 * the title page says them. */
static const struct {
  const char *cls, *relator, *label;
} credit_classes[] = {
    {"translator", "trl", "Translated by"},
    {"illustrator", "ill", "Illustrated by"},
    {"copyeditor", "edt", "Copy-edited by"},
    {"technicaleditor", "edt", "Technical editing by"},
    {"productioneditor", "edt", "Production editing by"},
    {"proofreader", "pfr", "Proofread by"},
    {"reviewer", "rev", "Reviewed by"},
    {"coverdesigner", "cov", "Cover by"},
    {"interiordesigner", "bkd", "Designed by"},
    {"graphicdesigner", "ill", "Graphics by"},
    {"indexer", "ctb", "Index by"},
    {"typesetter", "ctb", "Typeset by"},
    {"conversion", "ctb", "Converted by"},
};

/* An author, editor or othercredit: a personname (in its language's
 * order) or an orgname, and an affiliation's organisation, kept for the
 * title page. */
static void read_credit(reader *r, const xmlNode *x) {
  q_meta *m = &r->doc->meta;
  const char *name = NULL, *org = NULL;
  for (const xmlNode *c = x->children; c; c = c->next) {
    if (element_of(c) == E_PERSONNAME)
      name = person_name(r, c);
    else if (element_of(c) == E_ORGNAME && !name)
      name = flat_text(r, c);
    else if (element_of(c) == E_AFFILIATION) {
      const char *o = flat_text(r, c);
      if (o && org) /* two affiliations: both, in order */
        o = q_arena_printf(&r->doc->arena, "%s; %s", org, o);
      if (o)
        org = o;
    }
  }
  if (!name)
    return;
  el e = element_of(x);
  if (e == E_AUTHOR) {
    q_strlist_push(r->doc, &m->authors, name);
    q_strlist_push(r->doc, &m->affiliations, org);
    return;
  }
  q_credit cr = {name, "edt", "Edited by", org};
  if (e == E_OTHERCREDIT) {
    const char *cls = attr(x, NULL, "class");
    cr.relator = "ctb";
    cr.label = "With contributions by";
    for (size_t i = 0; cls && i < sizeof credit_classes / sizeof *credit_classes; i++)
      if (strcmp(cls, credit_classes[i].cls) == 0) {
        cr.relator = credit_classes[i].relator;
        cr.label = credit_classes[i].label;
      }
  }
  q_credit *v = q_arena_alloc(&r->doc->arena, (m->ncredits + 1) * sizeof *v);
  if (m->ncredits)
    memcpy(v, m->credits, m->ncredits * sizeof *v);
  v[m->ncredits++] = cr;
  m->credits = v;
}

/* "© 2024, 2025 Holder": the years and the holders, each joined by ", ". */
static void read_copyright(reader *r, const xmlNode *x) {
  q_buf b;
  q_buf_init(&b);
  q_buf_puts(&b, "\xC2\xA9");
  for (int pass = 0; pass < 2; pass++) {
    bool first = true;
    for (const xmlNode *c = x->children; c; c = c->next) {
      if (element_of(c) != (pass ? E_HOLDER : E_YEAR))
        continue;
      const char *t = flat_text(r, c);
      if (!t)
        continue;
      q_buf_puts(&b, first ? " " : ", ");
      q_buf_puts(&b, t);
      first = false;
    }
  }
  r->doc->meta.copyright = q_arena_strndup(&r->doc->arena, b.data, b.len);
  q_buf_drop(&b);
}

/* An ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), as dc:date takes it. */
static bool is_iso_date(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n != 4 && n != 7 && n != 10)
    return false;
  for (size_t i = 0; i < n; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
      return false;
  return true;
}

static void read_info(reader *r, const xmlNode *info) {
  q_meta *m = &r->doc->meta;
  for (const xmlNode *c = info->children; c; c = c->next) {
    switch (element_of(c)) {
    case E_TITLE: m->title = flat_text(r, c); break;
    case E_SUBTITLE: m->subtitle = flat_text(r, c); break;
    case E_AUTHOR:
    case E_EDITOR:
    case E_OTHERCREDIT:
      read_credit(r, c);
      break;
    case E_AUTHORGROUP:
      for (const xmlNode *a = c->children; a; a = a->next)
        if (element_of(a) == E_AUTHOR || element_of(a) == E_EDITOR ||
            element_of(a) == E_OTHERCREDIT)
          read_credit(r, a);
      break;
    case E_COPYRIGHT: read_copyright(r, c); break;
    case E_DATE: m->date_text = flat_text(r, c); break;
    case E_RELEASEINFO: m->releaseinfo = flat_text(r, c); break;
    case E_EDITION: m->edition = flat_text(r, c); break;
    case E_BIBLIOID: m->identifier = flat_text(r, c); break;
    case E_PUBDATE: m->date = flat_text(r, c); break;
    case E_ABSTRACT: m->description = flat_text(r, c); break;
    case E_KEYWORDSET:
      for (const xmlNode *k = c->children; k; k = k->next)
        if (element_of(k) == E_KEYWORD) {
          const char *kw = flat_text(r, k);
          if (kw)
            q_strlist_push(r->doc, &m->subjects, kw);
        }
      break;
    case E_PUBLISHER: m->publisher = flat_text(r, c); break;
    case E_LEGALNOTICE: m->rights = flat_text(r, c); break;
    case E_THEME: m->theme = flat_text(r, c); break;
    case E_COVER:
      r->media.file = r->cur->path;
      m->cover = q_media_cover(&r->media, c);
      break;
    default: break;
    }
  }
}

static bool is_date(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* ---- parts ----------------------------------------------------------------- */

/* A slug from a file name: its base name without extension, made unique. */
static const char *part_slug(reader *r, const char *href) {
  const char *base = strrchr(href, '/');
  base = base ? base + 1 : href;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  q_buf b;
  q_buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    char ch = base[i];
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    if (ch >= 'A' && ch <= 'Z')
      ch = (char)(ch - 'A' + 'a'), ok = true;
    q_buf_putc(&b, ok ? ch : '-');
  }
  if (!b.len || !((b.data[0] >= 'a' && b.data[0] <= 'z')))
    q_buf_puts(&b, "part");
  const char *slug = q_arena_strndup(&r->doc->arena, b.data, b.len);
  q_buf_drop(&b);
  for (unsigned k = 2; id_known(r, slug); k++)
    slug = q_arena_printf(&r->doc->arena, "%.*s-%u", (int)n, base, k);
  return slug;
}

/* Is the relative path href inside its folder (no '..' above it)? */
static bool stays_inside(const char *href) {
  if (href[0] == '/' || strchr(href, ':') || strchr(href, '\\'))
    return false;
  int depth = 0;
  const char *p = href;
  while (*p) {
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.')
      depth--;
    else if (!(n == 1 && p[0] == '.') && n > 0)
      depth++;
    if (depth < 0)
      return false;
    if (!end)
      break;
    p = end + 1;
  }
  return true;
}

/* realpath, where a failure for want of memory is not taken for a path
 * that leaves the bundle. */
static char *real_path(const char *path) {
  char *real = realpath(path, NULL);
  if (!real && errno == ENOMEM)
    q_oom();
  return real;
}

/* The file a part's xi:include names, checked: relative, inside the
 * bundle's folder (also through links), and there. NULL after an error. */
static const char *part_path(reader *r, const xmlNode *inc, struct stat *st) {
  q_arena *a = &r->doc->arena;
  const char *href = attr(inc, NULL, "href");
  q_pos at = attr_pos(r, inc, "href");
  if (!href || !*href) {
    q_error(r->d, pos_of(r, inc), "<xi:include> needs an href naming a part file");
    return NULL;
  }
  if (!stays_inside(href)) {
    q_error(r->d, at, "part path '%s' leaves the bundle's folder '%s': parts must be inside it",
            href, r->root_dir);
    return NULL;
  }
  const char *path = strcmp(r->root_dir, ".") == 0
                         ? q_arena_strdup(a, href)
                         : q_arena_printf(a, "%s/%s", r->root_dir, href);
  if (stat(path, st) != 0) {
    q_error(r->d, at, "part file '%s' does not exist", path);
    return NULL;
  }
  if (!S_ISREG(st->st_mode)) {
    q_error(r->d, at, "part file '%s' is not a regular file", path);
    return NULL;
  }
  char *real = real_path(path);
  size_t rl = r->root_real ? strlen(r->root_real) : 0;
  bool inside = real && r->root_real && strncmp(real, r->root_real, rl) == 0 && real[rl] == '/';
  free(real);
  if (!inside) {
    q_error(r->d, at, "part path '%s' leaves the bundle's folder '%s' (through a link)", href,
            r->root_dir);
    return NULL;
  }
  return path;
}

/* A root quire does not take, where a `file` ("part", "bundle") must be a
 * DocBook <want>. DocBook 4 has no namespace: say what makes such a file
 * DocBook 5. */
static void wrong_root(reader *r, const xmlNode *root, const char *file, const char *want) {
  const char *name = (const char *)root->name;
  if (!root->ns && strcmp(name, want) == 0)
    q_error(r->d, pos_of(r, root),
            "wrong root element <%s> without a namespace, as DocBook 4 writes it: a %s is a "
            "DocBook <%s> in the namespace '" NS_DB "' (write <%s xmlns=\"" NS_DB
            "\" version=\"5.0\">)",
            name, file, want, name);
  else
    q_error(r->d, pos_of(r, root),
            "wrong root element <%s>: a %s is a DocBook <%s> in the namespace '" NS_DB "'", name,
            file, want);
}

/* Make s the file being read again, after others were opened: own is how
 * many of the errors so far are its own. */
static void enter_src(reader *r, src *s, unsigned own) {
  r->cur = s;
  r->file_errors = r->d->errors - own;
  r->xml_lost = false;
  r->xml_last[0] = '\0';
  r->xml_last_at = (q_pos){NULL, 0, 0};
}

/* Read the part that inc includes from path; if opened is set, the file was
 * opened already (parsed ahead) and is s, NULL if that failed. */
static void read_part(reader *r, const xmlNode *inc, const char *path, src *bundle, bool opened,
                      src *s) {
  const char *href = attr(inc, NULL, "href");
  q_pos at = attr_pos(r, inc, "href");
  if (!opened)
    s = open_src(r, path, at);
  else if (s)
    enter_src(r, s, 0); /* a file that opened had no errors */
  if (s) {
    xmlNode *root = xmlDocGetRootElement(s->xml);
    if (element_of(root) != E_ARTICLE) {
      wrong_root(r, root, "part", "article");
    } else {
      check_vocabulary(r, root);
      const xmlNode *title = find_title(root);
      if (!title)
        q_error(r->d, pos_of(r, root),
                "missing required title: a part needs a <title>, in <article> or in its <info>");
      if (r->d->errors == r->file_errors)
        validate(r, s);
      if (r->d->errors == r->file_errors) {
        q_node *part = q_node_new(r->doc, Q_PART, pos_of(r, root));
        part->u.part.path = s->path;
        take_attrs(r, root, part);
        if (!part->id) {
          part->id = part_slug(r, href);
          id_add(r, part->id, part->pos, false);
        }
        part->u.part.slug = part->id;
        inline_block(r, title, Q_TITLE, part);
        part->u.part.titles = read_titles(r, root);
        add_part_abstract(r, root, part);
        memset(r->list_next, 0, sizeof r->list_next); /* lists continue within a part */
        add_blocks(r, root, part, 1);
        q_node_append(r->doc->root, part);
      }
    }
  }
  close_src(s);
  r->cur = bundle;
}

/* Sections without xml:id get one from their part, so every heading can be
 * linked to from the contents of both outputs. */
static void name_sections(reader *r) {
  for (q_node *part = r->doc->root->first; part; part = part->next) {
    unsigned k = 0;
    q_iter it;
    q_iter_start(&it, part);
    for (q_event ev; (ev = q_iter_next(&it)) != Q_EV_DONE;) {
      q_node *n = it.node;
      if (ev != Q_EV_ENTER || n->kind != Q_SECTION || n->id)
        continue;
      do
        n->id = q_arena_printf(&r->doc->arena, "%s-s%u", part->id, ++k);
      while (!id_add(r, n->id, n->pos, false));
    }
  }
}

static void number_notes(q_doc *doc) {
  unsigned k = 0;
  for (q_node *part = doc->root->first; part; part = part->next)
    for (q_node *c = part->first; c; c = c->next)
      if (c->kind == Q_BIBLIO) {
        part->u.part.number = ++k;
        break;
      }
}

static const char *bundle_slug(q_arena *a, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  return q_arena_strndup(a, base, n);
}

static void read_book(reader *r, src *s) {
  xmlNode *root = xmlDocGetRootElement(s->xml);
  q_meta *m = &r->doc->meta;
  m->pos = pos_of(r, root);
  if (element_of(root) != E_BOOK) {
    wrong_root(r, root, "bundle", "book");
    return;
  }
  check_vocabulary(r, root);
  const xmlNode *info = NULL;
  for (const xmlNode *c = root->children; c; c = c->next)
    if (element_of(c) == E_INFO)
      info = c;
  if (info)
    read_info(r, info);
  if (!m->title)
    q_error(r->d, pos_of(r, info ? info : root),
            "missing required title: the bundle needs <info><title>…</title></info>");
  const char *lang = xml_lang(root);
  if (!lang)
    q_error(r->d, pos_of(r, root), "the bundle's <book> needs xml:lang (e.g. xml:lang=\"en\")");
  else
    m->lang = q_arena_strdup(&r->doc->arena, lang);
  if (info && !m->identifier)
    q_error(r->d, pos_of(r, info), "missing required <biblioid>: the bundle's stable identifier");
  if (info && !m->date)
    q_error(r->d, pos_of(r, info), "missing required <pubdate> (YYYY-MM-DD)");
  else if (m->date && !is_date(m->date))
    q_error(r->d, pos_of(r, info), "<pubdate> '%s' is not a date (YYYY-MM-DD)", m->date);
  if (!m->theme)
    m->theme = "default";
  m->dc_date = is_iso_date(m->date_text) ? m->date_text : m->date;
  /* Check every part's path first: a bad one has a clearer message than
   * the schema's. */
  size_t nparts = 0;
  for (const xmlNode *c = root->children; c; c = c->next)
    nparts += element_of(c) == E_INCLUDE;
  const char **paths = q_zalloc(nparts + 1, sizeof *paths);
  struct stat *files = q_zalloc(nparts + 1, sizeof *files);
  q_pos *where = q_zalloc(nparts + 1, sizeof *where);
  size_t k = 0;
  for (const xmlNode *c = root->children; c; c = c->next)
    if (element_of(c) == E_INCLUDE) {
      paths[k] = part_path(r, c, &files[k]);
      where[k] = attr_pos(r, c, "href");
      /* The same file twice (by any name) would be two chapters with the
       * same ids, or silently the same text twice. */
      for (size_t j = 0; paths[k] && j < k; j++)
        if (paths[j] && files[j].st_dev == files[k].st_dev && files[j].st_ino == files[k].st_ino) {
          q_error(r->d, where[k], "part file '%s' is included twice, at %s:%u:%u and %u:%u",
                  paths[k], where[j].file, where[j].line, where[j].col, where[k].line,
                  where[k].col);
          paths[k] = NULL;
        }
      k++;
    }
  free(files);
  /* While the schema compiles, the parts are parsed ahead: for a short book
   * all of them, so that the two overlap. (A part's parse errors then come
   * before the bundle's schema errors; each file's stay in their order.) */
  src **ahead = q_zalloc(nparts + 1, sizeof *ahead);
  bool *opened = q_zalloc(nparts + 1, sizeof *opened);
  unsigned bundle_errors = r->d->errors - r->file_errors;
  for (k = 0; k < nparts && !schema_ready(r); k++)
    if (paths[k]) {
      ahead[k] = open_src(r, paths[k], where[k]);
      opened[k] = true;
    }
  free(where);
  enter_src(r, s, bundle_errors);
  if (r->d->errors == r->file_errors)
    validate(r, s);
  /* Parts are read even when the bundle has errors, so that one run reports
   * the problems of every file. */
  k = 0;
  for (const xmlNode *c = root->children; c; c = c->next)
    if (element_of(c) == E_INCLUDE) {
      if (paths[k])
        read_part(r, c, paths[k], s, opened[k], ahead[k]);
      k++;
    }
  free(ahead);
  free(opened);
  free(paths);
}


/* libxml2's allocations go through base/mem.h too: left to itself, it
 * reports a failed allocation as a parse error (or drops a node) and goes
 * on, which would turn a machine out of memory into a wrong book. */
/* The reader lent to media.c (media.h). */
static q_pos media_pos(void *ctx, const xmlNode *n) { return pos_of(ctx, n); }
static q_pos media_attr_pos(void *ctx, const xmlNode *n, const char *qname) {
  return attr_pos(ctx, n, qname);
}
static void media_attrs(void *ctx, const xmlNode *x, q_node *n) { take_attrs(ctx, x, n); }
static q_node *media_inlines(void *ctx, const xmlNode *x, q_kind kind, q_node *into) {
  return inline_block(ctx, x, kind, into);
}

static void *xml_malloc(size_t n) { return q_realloc(NULL, n, 1); }
static void *xml_realloc(void *p, size_t n) { return q_realloc(p, n, 1); }
static char *xml_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(q_realloc(NULL, n, 1), s, n);
}

q_doc *q_read_bundle(const char *path, q_diag *d) {
  reader r = {0};
  r.d = d;
  r.doc = q_doc_new();
  r.doc->path = q_arena_strdup(&r.doc->arena, path);
  r.doc->slug = bundle_slug(&r.doc->arena, path);
  unsigned errors_before = d->errors;

  xmlMemSetup(free, xml_malloc, xml_realloc, xml_strdup); /* before any of its allocations */
  xmlInitParser();
  xmlExternalEntityLoader loader = xmlGetExternalEntityLoader();
  xmlSetExternalEntityLoader(refuse_to_load);
  xmlSetStructuredErrorFunc(&r, on_xml_error);
  xmlSetGenericErrorFunc(NULL, NULL);

  const char *slash = strrchr(path, '/');
  r.root_dir = slash ? q_arena_strndup(&r.doc->arena, path, (size_t)(slash - path)) : ".";
  if (!*r.root_dir)
    r.root_dir = "/";
  r.root_real = real_path(r.root_dir);
  r.media = (q_media_env){.doc = r.doc, .d = d, .root_real = r.root_real, .root_dir = r.root_dir,
                          .ctx = &r, .pos_of = media_pos, .attr_pos = media_attr_pos,
                          .attrs = media_attrs, .inlines = media_inlines};

  schema_start(&r);
  r.names = q_schema_element_names(&r.doc->arena, &r.nnames);

  src *s = open_src(&r, path, (q_pos){NULL, 0, 0});
  if (s)
    read_book(&r, s);
  close_src(s);
  r.cur = NULL;

  name_sections(&r);
  number_notes(r.doc);
  for (size_t i = 0; i < r.links_count; i++)
    if (!id_known(&r, r.links[i]->u.link.href + 1))
      q_error(d, r.links[i]->pos, "link to an unknown id '%s'", r.links[i]->u.link.href + 1);
  q_xref_resolve(r.doc, r.refs, r.ref_ends, r.refs_count, d);

  schema_wait(&r); /* a bundle with errors may never have validated */
  xmlSetStructuredErrorFunc(NULL, NULL);
  xmlSetExternalEntityLoader(loader);
  if (r.schema)
    xmlRelaxNGFree(r.schema);
  free(r.root_real);
  free(r.ids);
  free(r.links);
  free(r.refs);
  free(r.ref_ends);
  if (d->errors > errors_before || !r.doc->root->first) {
    if (d->errors == errors_before)
      q_error(d, (q_pos){r.doc->path, 0, 0}, "the bundle names no parts");
    q_doc_drop(r.doc);
    return NULL;
  }
  return r.doc;
}
