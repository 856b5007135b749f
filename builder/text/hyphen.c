#include "hyphen.h" /* ours; <hyphen.h> below is libhyphen's */

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hyphen.h>
#include <unicode/uchar.h>

#include "../base/utf8.h"
#include "../base/arena.h"
#include "../base/mem.h"

/* Two small tables: languages (as asked) to dictionaries, with NULL for
 * "none", and dictionary files (by device and inode, so the en, en_US and
 * en_Latn_US links share one load) to loaded dictionaries. A book has a
 * handful of languages, so both are searched linearly.
 *
 * libhyphen works on the lowercased word; with a UTF-8 dictionary its
 * vector has one entry per character, so chars[] keeps each character's
 * last byte in the caller's word to map points back. */

typedef struct lang_entry {
  char *lang;
  HyphenDict *dict; /* borrowed from files; NULL: no dictionary */
} lang_entry;

typedef struct memo {
  uint64_t hash;
  const HyphenDict *dict;
  const char *word; /* NULL: an empty slot */
  size_t len;
  uint16_t *points; /* byte offsets after which a hyphen may go */
  size_t npoints;
} memo;

typedef struct file_entry {
  dev_t dev;
  ino_t ino;
  HyphenDict *dict;
} file_entry;

/* A dictionary being loaded in the background (q_hyphen_prefetch). */
typedef struct prefetch {
  pthread_t thread;
  bool running;
  const char *dir;
  char *lang;
  HyphenDict *dict; /* the thread's result */
  struct stat sb;
} prefetch;

struct q_hyphen {
  char *dir;
  prefetch pf;
  lang_entry *langs;
  size_t nlangs;
  file_entry *files;
  size_t nfiles;
  /* scratch for one word */
  char *word, *vec;
  size_t *last; /* last byte, in the caller's word, of each character */
  size_t cap;
  /* Words already hyphenated, with their points: a book says most of its
   * words many times (the KJV 825,000 words, 29,000 distinct). */
  memo *memo;
  size_t memo_cap, memo_count;
  q_arena memo_arena;
};

static uint64_t word_hash(const HyphenDict *dict, const char *w, size_t len) {
  uint64_t x = 1469598103934665603u ^ (uint64_t)(uintptr_t)dict;
  for (size_t i = 0; i < len; i++)
    x = (x ^ (unsigned char)w[i]) * 1099511628211u;
  return x;
}

static memo *memo_find(q_hyphen *h, const HyphenDict *dict, const char *w, size_t len,
                       uint64_t hash) {
  if (!h->memo_cap)
    return NULL;
  for (size_t i = hash & (h->memo_cap - 1);; i = (i + 1) & (h->memo_cap - 1)) {
    memo *m = &h->memo[i];
    if (!m->word)
      return m;
    if (m->hash == hash && m->dict == dict && m->len == len && memcmp(m->word, w, len) == 0)
      return m;
  }
}

/* Remember the points brk[0..len) of word w. */
static void memo_put(q_hyphen *h, const HyphenDict *dict, const char *w, size_t len,
                     uint64_t hash, const uint8_t *brk) {
  if (2 * (h->memo_count + 1) > h->memo_cap) {
    memo *old = h->memo;
    size_t oldcap = h->memo_cap;
    h->memo_cap = oldcap ? 2 * oldcap : 1024;
    h->memo = q_zalloc(h->memo_cap, sizeof *h->memo);
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].word)
        *memo_find(h, old[i].dict, old[i].word, old[i].len, old[i].hash) = old[i];
    free(old);
  }
  memo *m = memo_find(h, dict, w, len, hash);
  m->hash = hash;
  m->dict = dict;
  m->len = len;
  m->word = q_arena_strndup(&h->memo_arena, w, len);
  m->npoints = 0;
  for (size_t i = 0; i < len; i++)
    m->npoints += brk[i] != 0;
  m->points = q_arena_alloc(&h->memo_arena, (m->npoints ? m->npoints : 1) * sizeof *m->points);
  for (size_t i = 0, k = 0; i < len; i++)
    if (brk[i])
      m->points[k++] = (uint16_t)i;
  h->memo_count++;
}

enum { LEFT_MIN = 2, RIGHT_MIN = 3, WORD_MAX = 256 };

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(q_realloc(NULL, n, 1), s, n);
}

q_hyphen *q_hyphen_new(const char *dir) {
  q_hyphen *h = q_realloc(NULL, 1, sizeof *h);
  memset(h, 0, sizeof *h);
  h->dir = xstrdup(dir ? dir : "/usr/share/hyphen");
  q_arena_init(&h->memo_arena);
  return h;
}

static void join(q_hyphen *h);

void q_hyphen_drop(q_hyphen *h) {
  if (!h)
    return;
  join(h);
  for (size_t i = 0; i < h->nfiles; i++) {
    hnj_hyphen_free(h->files[i].dict);
  }
  for (size_t i = 0; i < h->nlangs; i++)
    free(h->langs[i].lang);
  free(h->files);
  free(h->langs);
  free(h->memo);
  q_arena_drop(&h->memo_arena);
  free(h->word);
  free(h->vec);
  free(h->last);
  free(h->dir);
  free(h);
}

/* The dictionary file for a tag (see hyphen.h for the order): its path and
 * identity; false if there is none. Reads no table, so a prefetch thread
 * may run it. */
static bool exists(const char *dir, const char *name, char *path, struct stat *sb) {
  return (size_t)snprintf(path, PATH_MAX, "%s/%s", dir, name) < PATH_MAX && stat(path, sb) == 0 &&
         S_ISREG(sb->st_mode);
}

static bool locate(const char *dir, const char *lang, char *path, struct stat *sb) {
  char ll[4] = "", rr[4] = "", name[64];
  size_t i = 0, n = 0;
  while (lang[i] && lang[i] != '-' && lang[i] != '_' && n < 3) {
    char ch = lang[i++];
    ll[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
  }
  ll[n] = '\0';
  if (n < 2 || (lang[i] && lang[i] != '-' && lang[i] != '_'))
    return false;
  for (size_t j = 0; j < n; j++)
    if (ll[j] < 'a' || ll[j] > 'z')
      return false;
  for (const char *p = lang + i; *p;) { /* the region: 2 letters or 3 digits */
    p++;
    size_t k = strcspn(p, "-_");
    if ((k == 2 || k == 3) && !rr[0]) {
      for (size_t j = 0; j < k; j++)
        rr[j] = (char)(p[j] >= 'a' && p[j] <= 'z' ? p[j] - 32 : p[j]);
      rr[k] = '\0';
    }
    p += k;
  }
  if (rr[0] && (snprintf(name, sizeof name, "hyph_%s_%s.dic", ll, rr), exists(dir, name, path, sb)))
    return true;
  if (strcmp(ll, "en") == 0 && exists(dir, "hyph_en_US.dic", path, sb))
    return true;
  if (n == 2 && (snprintf(name, sizeof name, "hyph_%s_%c%c.dic", ll, ll[0] - 32, ll[1] - 32),
                 exists(dir, name, path, sb)))
    return true;
  if (snprintf(name, sizeof name, "hyph_%s.dic", ll), exists(dir, name, path, sb))
    return true;
  /* The first (by name) hyph_<ll>_*.dic in the folder. */
  DIR *d = opendir(dir);
  if (!d)
    return false;
  char prefix[16], best[256] = "";
  snprintf(prefix, sizeof prefix, "hyph_%s_", ll);
  size_t np = strlen(prefix);
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t k = strlen(de->d_name);
    if (k > np + 4 && k < sizeof best && strncmp(de->d_name, prefix, np) == 0 &&
        strcmp(de->d_name + k - 4, ".dic") == 0 && (!best[0] || strcmp(de->d_name, best) < 0))
      memcpy(best, de->d_name, k + 1);
  }
  closedir(d);
  return best[0] && exists(dir, best, path, sb);
}

/* Remember lang's dictionary (dict NULL: none) and, if it is a new file,
 * the file; a second load of a known file is freed. */
static HyphenDict *keep(q_hyphen *h, const char *lang, HyphenDict *dict, const struct stat *sb) {
  if (dict) {
    size_t i = 0;
    while (i < h->nfiles && !(h->files[i].dev == sb->st_dev && h->files[i].ino == sb->st_ino))
      i++;
    if (i < h->nfiles) {
      if (dict != h->files[i].dict)
        hnj_hyphen_free(dict);
      dict = h->files[i].dict;
    } else {
      h->files = q_realloc(h->files, h->nfiles + 1, sizeof *h->files);
      h->files[h->nfiles++] = (file_entry){sb->st_dev, sb->st_ino, dict};
    }
  }
  h->langs = q_realloc(h->langs, h->nlangs + 1, sizeof *h->langs);
  h->langs[h->nlangs++] = (lang_entry){xstrdup(lang), dict};
  return dict;
}

static lang_entry *known(q_hyphen *h, const char *lang) {
  for (size_t i = 0; i < h->nlangs; i++)
    if (strcmp(h->langs[i].lang, lang) == 0)
      return &h->langs[i];
  return NULL;
}

/* The prefetch thread: locate and load, nothing else. */
static void *fetch(void *arg) {
  prefetch *pf = arg;
  char path[PATH_MAX];
  if (locate(pf->dir, pf->lang, path, &pf->sb))
    pf->dict = hnj_hyphen_load(path);
  return NULL;
}

static void join(q_hyphen *h) {
  if (!h->pf.running)
    return;
  pthread_join(h->pf.thread, NULL);
  h->pf.running = false;
  if (!known(h, h->pf.lang))
    keep(h, h->pf.lang, h->pf.dict, &h->pf.sb);
  else if (h->pf.dict)
    hnj_hyphen_free(h->pf.dict);
  free(h->pf.lang);
  h->pf.lang = NULL;
}

void q_hyphen_prefetch(q_hyphen *h, const char *lang) {
  if (!lang || !*lang || h->pf.running || known(h, lang))
    return;
  h->pf = (prefetch){.dir = h->dir, .lang = xstrdup(lang)};
  if (pthread_create(&h->pf.thread, NULL, fetch, &h->pf) == 0) {
    h->pf.running = true;
  } else {
    free(h->pf.lang); /* no thread: the first word loads it */
    h->pf.lang = NULL;
  }
}

static HyphenDict *dict_for(q_hyphen *h, const char *lang) {
  if (!lang || !*lang)
    return NULL;
  lang_entry *e = known(h, lang);
  if (!e && h->pf.running) {
    join(h);
    e = known(h, lang);
  }
  if (e)
    return e->dict;
  char path[PATH_MAX];
  struct stat sb;
  if (!locate(h->dir, lang, path, &sb))
    return keep(h, lang, NULL, &sb);
  for (size_t i = 0; i < h->nfiles; i++)
    if (h->files[i].dev == sb.st_dev && h->files[i].ino == sb.st_ino)
      return keep(h, lang, h->files[i].dict, &sb);
  return keep(h, lang, hnj_hyphen_load(path), &sb);
}

static bool compute(q_hyphen *h, HyphenDict *dict, const char *word, size_t len, uint8_t *brk);

static bool hyphenate(void *ctx, const char *lang, const char *word, size_t len, uint8_t *brk) {
  q_hyphen *h = ctx;
  HyphenDict *dict = dict_for(h, lang);
  if (!dict)
    return false;
  if (len == 0 || len > WORD_MAX * 4)
    return true;
  uint64_t hash = word_hash(dict, word, len);
  const memo *seen = memo_find(h, dict, word, len, hash);
  if (seen && seen->word) {
    for (size_t k = 0; k < seen->npoints; k++)
      brk[seen->points[k]] = 1;
    return true;
  }
  bool found = compute(h, dict, word, len, brk);
  memo_put(h, dict, word, len, hash, brk);
  return found;
}

/* libhyphen's points for word, as byte offsets set in brk. */
static bool compute(q_hyphen *h, HyphenDict *dict, const char *word, size_t len, uint8_t *brk) {
  if (h->cap < len * 4 + 8) {
    h->cap = len * 4 + 8;
    h->word = q_realloc(h->word, h->cap, 1);
    h->vec = q_realloc(h->vec, h->cap, 1);
    h->last = q_realloc(h->last, h->cap, sizeof *h->last);
  }
  size_t nchars = 0, wlen = 0;
  for (size_t i = 0; i < len;) {
    UChar32 cp = (UChar32)q_utf8_next(word, len, &i);
    if (!u_isalpha(cp) && !(U_GET_GC_MASK(cp) & U_GC_M_MASK))
      return true; /* not a plain word: x86_64, e-book, user@host */
    UChar32 lc = u_tolower(cp);
    if (dict->utf8)
      wlen += q_utf8_encode((uint32_t)lc, h->word + wlen);
    else if (lc < 0x80) /* an 8-bit dictionary: ASCII words only */
      h->word[wlen++] = (char)lc;
    else
      return true;
    h->last[nchars++] = i - 1;
  }
  if (nchars < LEFT_MIN + RIGHT_MIN)
    return true;
  h->word[wlen] = '\0';
  memset(h->vec, 0, wlen + 5);
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  if (hnj_hyphen_hyphenate3(dict, h->word, (int)wlen, h->vec, NULL, &rep, &pos, &cut, LEFT_MIN, RIGHT_MIN,
                            LEFT_MIN, RIGHT_MIN) == 0) {
    /* An odd value after character k: a hyphen may follow it. */
    for (size_t k = LEFT_MIN - 1; k + RIGHT_MIN < nchars; k++)
      if ((h->vec[k] & 1) && !(rep && rep[k]))
        brk[h->last[k]] = 1;
  }
  if (rep) {
    for (size_t k = 0; k < wlen; k++)
      free(rep[k]);
    free(rep);
  }
  free(pos);
  free(cut);
  return true;
}

q_hyphenator q_hyphen_hyphenator(q_hyphen *h) { return (q_hyphenator){h, hyphenate}; }
