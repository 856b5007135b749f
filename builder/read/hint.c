/* hint.c: the tables behind the reader's fixes.
 *
 * The element table maps names an author brings from DocBook 4 or HTML to
 * the element quire knows for the same thing; it lists only forms quire
 * accepts, so every fix it prints builds. The entity table holds HTML's
 * named entities that text is most often written with. */
#include "hint.h"

#include <string.h>

static const struct {
  const char *name, *fix;
} element_fixes[] = {
    /* DocBook 4 names with a DocBook 5 form. */
    {"ulink", "DocBook 4's <ulink url=\"…\"> is <link xlink:href=\"…\"> in DocBook 5 "
              "(with xmlns:xlink=\"http://www.w3.org/1999/xlink\" on the root)"},
    {"articleinfo", "DocBook 4's <articleinfo> is <info> in DocBook 5"},
    {"bookinfo", "DocBook 4's <bookinfo> is <info> in DocBook 5"},
    {"sectioninfo", "DocBook 4's <sectioninfo> is <info> in DocBook 5"},
    {"sect1info", "DocBook 4's <sect1info> is <info> in DocBook 5"},
    {"sect2info", "DocBook 4's <sect2info> is <info> in DocBook 5"},
    {"sect3info", "DocBook 4's <sect3info> is <info> in DocBook 5"},
    {"sect4info", "DocBook 4's <sect4info> is <info> in DocBook 5"},
    {"sect5info", "DocBook 4's <sect5info> is <info> in DocBook 5"},
    {"isbn", "DocBook 4's <isbn> is <biblioid class=\"isbn\"> in DocBook 5"},
    {"issn", "DocBook 4's <issn> is <biblioid class=\"issn\"> in DocBook 5"},
    {"pubsnumber", "DocBook 4's <pubsnumber> is <biblioid> in DocBook 5"},
    {"sgmltag", "DocBook 4's <sgmltag> is <tag> in DocBook 5"},
    /* DocBook 5 elements quire does not know, with the one it has. */
    {"xref", "quire has no <xref>: write <link linkend=\"…\">the words</link>"},
    /* HTML. */
    {"p", "that is HTML; DocBook writes <para>"},
    {"em", "that is HTML; DocBook writes <emphasis>"},
    {"i", "that is HTML; DocBook writes <emphasis>"},
    {"strong", "that is HTML; DocBook writes <emphasis role=\"strong\">"},
    {"q", "that is HTML; DocBook writes <quote> (quire adds the language's quotation marks)"},
    {"sup", "that is HTML; DocBook writes <superscript>"},
    {"sub", "that is HTML; DocBook writes <subscript>"},
    {"kbd", "that is HTML; DocBook writes <userinput> (or <keycap> for a key)"},
    {"samp", "that is HTML; DocBook writes <computeroutput>"},
    {"var", "that is HTML; DocBook writes <replaceable> (or <varname>)"},
    {"abbr", "that is HTML; DocBook writes <abbrev> (or <acronym>)"},
    {"dfn", "that is HTML; DocBook writes <firstterm>"},
    {"u", "that is HTML; DocBook writes <emphasis role=\"underline\">"},
    {"s", "that is HTML; DocBook writes <emphasis role=\"strikethrough\">"},
    {"del", "that is HTML; DocBook writes <emphasis role=\"strikethrough\">"},
    {"b", "that is HTML; DocBook writes <emphasis role=\"strong\">"},
    {"a", "that is HTML; DocBook writes <link xlink:href=\"…\"> (or linkend=\"…\" for a target "
          "in the bundle)"},
    {"ul", "that is HTML; DocBook writes <itemizedlist>"},
    {"ol", "that is HTML; DocBook writes <orderedlist>"},
    {"li", "that is HTML; DocBook writes <listitem>"},
    {"span", "that is HTML; DocBook writes <phrase>"},
    {"cite", "that is HTML; DocBook writes <citetitle>"},
    {"h1", "that is HTML; DocBook writes a <section> with a <title>"},
    {"h2", "that is HTML; DocBook writes a <section> with a <title>"},
    {"h3", "that is HTML; DocBook writes a <section> with a <title>"},
    {"br", "that is HTML; DocBook has no line break in a paragraph: start a new <para>"},
};

const char *q_hint_element(const char *name) {
  for (size_t i = 0; i < sizeof element_fixes / sizeof *element_fixes; i++)
    if (strcmp(element_fixes[i].name, name) == 0)
      return element_fixes[i].fix;
  return NULL;
}

enum { MAX_NAME = 64 };

/* Optimal string alignment distance (Damerau-Levenshtein without edits of a
 * swapped pair), over bytes; names are ASCII. Three rows suffice. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb) {
  size_t rows[3][MAX_NAME + 1];
  size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
  for (size_t j = 0; j <= lb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] != b[j - 1];
      size_t best = prev[j - 1] + cost;
      if (prev[j] + 1 < best)
        best = prev[j] + 1;
      if (cur[j - 1] + 1 < best)
        best = cur[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
        best = prev2[j - 2] + 1;
      cur[j] = best;
    }
    size_t *t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

const char *q_hint_nearest(const char *name, const char *const *names, size_t n) {
  size_t len = strlen(name);
  size_t limit = len < 3 ? 0 : len < 5 ? 1 : 2;
  if (limit == 0 || len > MAX_NAME)
    return NULL;
  const char *best = NULL;
  size_t best_d = limit + 1;
  for (size_t i = 0; i < n; i++) {
    size_t l = strlen(names[i]);
    if (l > MAX_NAME || (l > len ? l - len : len - l) >= best_d)
      continue;
    size_t d = distance(name, len, names[i], l);
    if (d < best_d && d > 0) {
      best = names[i];
      best_d = d;
    }
  }
  return best;
}

/* HTML's named entities most used in running text: spaces and dashes,
 * quotation marks, signs, and the accented letters of western European
 * languages. */
static const struct {
  const char *name;
  unsigned cp;
  const char *what;
} entities[] = {
    {"nbsp", 0xA0, "no-break space"},
    {"ensp", 0x2002, "en space"},
    {"emsp", 0x2003, "em space"},
    {"thinsp", 0x2009, "thin space"},
    {"zwnj", 0x200C, "zero width non-joiner"},
    {"zwj", 0x200D, "zero width joiner"},
    {"lrm", 0x200E, "left-to-right mark"},
    {"rlm", 0x200F, "right-to-left mark"},
    {"shy", 0xAD, "soft hyphen"},
    {"ndash", 0x2013, "en dash"},
    {"mdash", 0x2014, "em dash"},
    {"minus", 0x2212, "minus sign"},
    {"hellip", 0x2026, "horizontal ellipsis"},
    {"lsquo", 0x2018, "left single quotation mark"},
    {"rsquo", 0x2019, "right single quotation mark"},
    {"sbquo", 0x201A, "single low-9 quotation mark"},
    {"ldquo", 0x201C, "left double quotation mark"},
    {"rdquo", 0x201D, "right double quotation mark"},
    {"bdquo", 0x201E, "double low-9 quotation mark"},
    {"laquo", 0xAB, "left-pointing double angle quotation mark"},
    {"raquo", 0xBB, "right-pointing double angle quotation mark"},
    {"lsaquo", 0x2039, "single left-pointing angle quotation mark"},
    {"rsaquo", 0x203A, "single right-pointing angle quotation mark"},
    {"prime", 0x2032, "prime"},
    {"Prime", 0x2033, "double prime"},
    {"bull", 0x2022, "bullet"},
    {"middot", 0xB7, "middle dot"},
    {"dagger", 0x2020, "dagger"},
    {"Dagger", 0x2021, "double dagger"},
    {"sect", 0xA7, "section sign"},
    {"para", 0xB6, "pilcrow sign"},
    {"copy", 0xA9, "copyright sign"},
    {"reg", 0xAE, "registered sign"},
    {"trade", 0x2122, "trade mark sign"},
    {"deg", 0xB0, "degree sign"},
    {"plusmn", 0xB1, "plus-minus sign"},
    {"times", 0xD7, "multiplication sign"},
    {"divide", 0xF7, "division sign"},
    {"frac12", 0xBD, "vulgar fraction one half"},
    {"frac14", 0xBC, "vulgar fraction one quarter"},
    {"frac34", 0xBE, "vulgar fraction three quarters"},
    {"le", 0x2264, "less-than or equal to"},
    {"ge", 0x2265, "greater-than or equal to"},
    {"ne", 0x2260, "not equal to"},
    {"infin", 0x221E, "infinity"},
    {"larr", 0x2190, "leftwards arrow"},
    {"rarr", 0x2192, "rightwards arrow"},
    {"uarr", 0x2191, "upwards arrow"},
    {"darr", 0x2193, "downwards arrow"},
    {"harr", 0x2194, "left right arrow"},
    {"rArr", 0x21D2, "rightwards double arrow"},
    {"euro", 0x20AC, "euro sign"},
    {"pound", 0xA3, "pound sign"},
    {"yen", 0xA5, "yen sign"},
    {"cent", 0xA2, "cent sign"},
    {"iexcl", 0xA1, "inverted exclamation mark"},
    {"iquest", 0xBF, "inverted question mark"},
    {"ordf", 0xAA, "feminine ordinal indicator"},
    {"ordm", 0xBA, "masculine ordinal indicator"},
    {"micro", 0xB5, "micro sign"},
    {"aacute", 0xE1, "a with acute"},
    {"agrave", 0xE0, "a with grave"},
    {"acirc", 0xE2, "a with circumflex"},
    {"atilde", 0xE3, "a with tilde"},
    {"auml", 0xE4, "a with diaeresis"},
    {"aring", 0xE5, "a with ring above"},
    {"aelig", 0xE6, "ae"},
    {"ccedil", 0xE7, "c with cedilla"},
    {"eacute", 0xE9, "e with acute"},
    {"egrave", 0xE8, "e with grave"},
    {"ecirc", 0xEA, "e with circumflex"},
    {"euml", 0xEB, "e with diaeresis"},
    {"iacute", 0xED, "i with acute"},
    {"igrave", 0xEC, "i with grave"},
    {"icirc", 0xEE, "i with circumflex"},
    {"iuml", 0xEF, "i with diaeresis"},
    {"ntilde", 0xF1, "n with tilde"},
    {"oacute", 0xF3, "o with acute"},
    {"ograve", 0xF2, "o with grave"},
    {"ocirc", 0xF4, "o with circumflex"},
    {"otilde", 0xF5, "o with tilde"},
    {"ouml", 0xF6, "o with diaeresis"},
    {"oslash", 0xF8, "o with stroke"},
    {"uacute", 0xFA, "u with acute"},
    {"ugrave", 0xF9, "u with grave"},
    {"ucirc", 0xFB, "u with circumflex"},
    {"uuml", 0xFC, "u with diaeresis"},
    {"yacute", 0xFD, "y with acute"},
    {"yuml", 0xFF, "y with diaeresis"},
    {"szlig", 0xDF, "sharp s"},
    {"oelig", 0x153, "ligature oe"},
    {"Aacute", 0xC1, "capital A with acute"},
    {"Agrave", 0xC0, "capital A with grave"},
    {"Auml", 0xC4, "capital A with diaeresis"},
    {"Ccedil", 0xC7, "capital C with cedilla"},
    {"Eacute", 0xC9, "capital E with acute"},
    {"Egrave", 0xC8, "capital E with grave"},
    {"Ntilde", 0xD1, "capital N with tilde"},
    {"Oacute", 0xD3, "capital O with acute"},
    {"Ouml", 0xD6, "capital O with diaeresis"},
    {"Uuml", 0xDC, "capital U with diaeresis"},
    {"OElig", 0x152, "capital ligature OE"},
};

bool q_hint_entity(const char *name, unsigned *cp, const char **what) {
  for (size_t i = 0; i < sizeof entities / sizeof *entities; i++)
    if (strcmp(entities[i].name, name) == 0) {
      *cp = entities[i].cp;
      *what = entities[i].what;
      return true;
    }
  return false;
}
