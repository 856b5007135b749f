#include "lang.h"

#include <ctype.h>
#include <string.h>

/* ISO 639-1, all two-letter codes in current use. */
static const char iso639_1[] =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu "
    "cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
    "ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks "
    "ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl "
    "nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve "
    "vi vo wa wo xh yi yo za zh zu ";

static bool all(const char *s, size_t n, int (*pred)(int)) {
  for (size_t i = 0; i < n; i++)
    if (!pred((unsigned char)s[i]))
      return false;
  return true;
}

static bool known_two(const char *s) {
  char code[4] = {(char)tolower((unsigned char)s[0]), (char)tolower((unsigned char)s[1]), ' ', 0};
  return strstr(iso639_1, code) != NULL && (strstr(iso639_1, code) - iso639_1) % 3 == 0;
}

bool q_lang_valid(const char *tag, const char **why) {
  const char *dummy;
  if (!why)
    why = &dummy;
  if (!tag || !*tag) {
    *why = "it is empty";
    return false;
  }
  /* Split on '-' and check each subtag in the order BCP 47 allows. */
  enum { LANGUAGE, SCRIPT, REGION, VARIANT, EXTENSION, PRIVATE } state = LANGUAGE;
  const char *p = tag;
  bool after_singleton = false;
  while (true) {
    const char *end = strchr(p, '-');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 0 || n > 8 || !all(p, n, isalnum)) {
      *why = "subtags are 1 to 8 letters or digits, separated by '-'";
      return false;
    }
    if (state == LANGUAGE) {
      if (!all(p, n, isalpha) || n < 2 || n > 3) {
        *why = "the language must be a two- or three-letter ISO 639 code";
        return false;
      }
      if (n == 2 && !known_two(p)) {
        *why = "the language is not an ISO 639-1 code";
        return false;
      }
      state = SCRIPT;
    } else if (state == PRIVATE) {
      /* anything 1-8 alphanumerics */
    } else if (n == 1) {
      if (tolower((unsigned char)*p) == 'x')
        state = PRIVATE;
      else
        state = EXTENSION;
      after_singleton = true;
      if (!end) {
        *why = "a singleton subtag must be followed by more subtags";
        return false;
      }
    } else if (state == EXTENSION) {
      if (n < 2) {
        *why = "extension subtags are 2 to 8 characters";
        return false;
      }
      after_singleton = false;
    } else if (state == SCRIPT && n == 4 && all(p, n, isalpha)) {
      state = REGION;
    } else if (state <= REGION && ((n == 2 && all(p, n, isalpha)) || (n == 3 && all(p, n, isdigit)))) {
      state = VARIANT;
    } else if ((n >= 5) || (n == 4 && isdigit((unsigned char)p[0]))) {
      state = VARIANT;
    } else {
      *why = "a subtag is out of place (language-Script-REGION-variant)";
      return false;
    }
    if (!end)
      break;
    p = end + 1;
  }
  (void)after_singleton;
  return true;
}

void q_lang_primary(const char *tag, char out[4]) {
  size_t i = 0;
  for (; i < 3 && tag && tag[i] && tag[i] != '-'; i++)
    out[i] = (char)tolower((unsigned char)tag[i]);
  out[i] = '\0';
}
