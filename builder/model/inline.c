/* inline.c: the table behind inline.h, in q_inline order. */
#include "inline.h"

#include <string.h>

#define CODE(n, x) {n, "." n, x, "Code", Q_INFACE_MONO, true, 0, false, false}
#define SPAN(n, x, face) {n, "." n, x, "Span", face, false, 0, false, false}

static const q_inline_info table[Q_INLINE_COUNT] = {
    [Q_IN_QUOTE] = {"quote", ".quote", "span", "Quote", Q_INFACE_INHERIT, false, 0, false, false},
    [Q_IN_SUPERSCRIPT] = {"superscript", ".superscript", "sup", "Span", Q_INFACE_SMALL, false, 1,
                          false, false},
    [Q_IN_SUBSCRIPT] = {"subscript", ".subscript", "sub", "Span", Q_INFACE_SMALL, false, -1, false,
                        false},
    [Q_IN_LITERAL] = CODE("literal", "code"),
    [Q_IN_TAG] = CODE("tag", "code"),
    [Q_IN_FILENAME] = CODE("filename", "code"),
    [Q_IN_COMMAND] = CODE("command", "code"),
    [Q_IN_OPTION] = CODE("option", "code"),
    [Q_IN_USERINPUT] = CODE("userinput", "kbd"),
    [Q_IN_COMPUTEROUTPUT] = CODE("computeroutput", "samp"),
    [Q_IN_VARNAME] = CODE("varname", "code"),
    [Q_IN_FUNCTION] = CODE("function", "code"),
    [Q_IN_PARAMETER] = CODE("parameter", "code"),
    [Q_IN_CLASSNAME] = CODE("classname", "code"),
    [Q_IN_TYPE] = CODE("type", "code"),
    [Q_IN_CONSTANT] = CODE("constant", "code"),
    [Q_IN_ENVAR] = CODE("envar", "code"),
    [Q_IN_PROMPT] = CODE("prompt", "samp"),
    [Q_IN_REPLACEABLE] = {"replaceable", ".replaceable", "var", "Code", Q_INFACE_ITALIC, true, 0,
                          false, false},
    [Q_IN_KEYCAP] = SPAN("keycap", "kbd", Q_INFACE_BOLD),
    [Q_IN_GUILABEL] = SPAN("guilabel", "span", Q_INFACE_BOLD),
    [Q_IN_GUIMENU] = SPAN("guimenu", "span", Q_INFACE_BOLD),
    [Q_IN_EMAIL] = {"email", ".email", "span", "Span", Q_INFACE_INHERIT, true, 0, false, false},
    [Q_IN_URI] = {"uri", ".uri", "span", "Span", Q_INFACE_INHERIT, true, 0, false, false},
    [Q_IN_ABBREV] = SPAN("abbrev", "abbr", Q_INFACE_INHERIT),
    [Q_IN_ACRONYM] = SPAN("acronym", "abbr", Q_INFACE_INHERIT),
    [Q_IN_TRADEMARK] = SPAN("trademark", "span", Q_INFACE_INHERIT),
    [Q_IN_FIRSTTERM] = SPAN("firstterm", "dfn", Q_INFACE_ITALIC),
    [Q_IN_GLOSSTERM] = SPAN("glossterm", "span", Q_INFACE_ITALIC),
    [Q_IN_WORDASWORD] = SPAN("wordasword", "span", Q_INFACE_ITALIC),
    [Q_IN_FOREIGNPHRASE] = SPAN("foreignphrase", "span", Q_INFACE_ITALIC),
    [Q_IN_PHRASE] = SPAN("phrase", "span", Q_INFACE_INHERIT),
    [Q_IN_ANCHOR] = SPAN("anchor", "span", Q_INFACE_INHERIT),
    [Q_IN_UNDERLINE] = {"underline", ".underline", "span", "Span", Q_INFACE_INHERIT, false, 0, true,
                        false},
    [Q_IN_STRIKETHROUGH] = {"strikethrough", ".strikethrough", "span", "Span", Q_INFACE_INHERIT,
                            false, 0, false, true},
};

const q_inline_info *q_inline_info_of(q_inline k) {
  return &table[(unsigned)k < Q_INLINE_COUNT ? k : Q_IN_PHRASE];
}

bool q_inline_by_name(const char *name, q_inline *out) {
  for (unsigned k = 0; k < Q_INLINE_COUNT; k++)
    if (k != Q_IN_UNDERLINE && k != Q_IN_STRIKETHROUGH && strcmp(table[k].name, name) == 0) {
      *out = (q_inline)k;
      return true;
    }
  return false;
}
