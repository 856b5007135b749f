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
#include "../base/buf.h"
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

/* A set of lowercased words (a cut dictionary's), by 64-bit FNV-1a hash. */
typedef struct wordset {
  uint64_t *hash;    /* 0: an empty slot */
  const char **word;
  size_t *len;
  size_t cap, n, bytes;
  q_arena arena;
} wordset;

typedef struct file_entry {
  dev_t dev;
  ino_t ino;
  HyphenDict *dict;
  /* A dictionary cut to the book's words (q_hyphen_prefetch): the words,
   * and where the whole file is, for a word outside them. */
  wordset *cut;
  char *path;
  HyphenDict *was_cut; /* the cut one, once replaced: freed with the rest */
} file_entry;

/* A dictionary being loaded in the background (q_hyphen_prefetch). */
typedef struct prefetch {
  pthread_t thread;
  bool running;
  const char *dir;
  char *lang;
  const q_hyphen_text *texts; /* the book's text, to cut the dictionary to */
  size_t ntexts;
  HyphenDict *dict; /* the thread's result */
  wordset *cut;     /* its words, when it is cut */
  struct stat sb;
  char path[PATH_MAX];
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

static uint64_t fnv(uint64_t x, const char *w, size_t len) {
  for (size_t i = 0; i < len; i++)
    x = (x ^ (unsigned char)w[i]) * 1099511628211u;
  return x;
}

static uint64_t word_hash(const HyphenDict *dict, const char *w, size_t len) {
  return fnv(1469598103934665603u ^ (uint64_t)(uintptr_t)dict, w, len);
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

/* ---- words as libhyphen sees them --------------------------------------- */

/* word[0..len) lowercased (ICU simple case mapping) into out: UTF-8 for a
 * UTF-8 dictionary, else ASCII only. last[k], when last is given, is the
 * last byte in word of character k. false for anything but a plain word
 * (only letters and combining marks) in the dictionary's encoding. out
 * needs 4 * len bytes. */
static bool lower_word(bool utf8, const char *word, size_t len, char *out, size_t *outlen, size_t *last,
                       size_t *nchars) {
  size_t n = 0, k = 0;
  for (size_t i = 0; i < len;) {
    UChar32 cp = (UChar32)q_utf8_next(word, len, &i);
    if (!u_isalpha(cp) && !(U_GET_GC_MASK(cp) & U_GC_M_MASK))
      return false; /* not a plain word: x86_64, e-book, user@host */
    UChar32 lc = u_tolower(cp);
    if (utf8)
      n += q_utf8_encode((uint32_t)lc, out + n);
    else if (lc < 0x80) /* an 8-bit dictionary: ASCII words only */
      out[n++] = (char)lc;
    else
      return false;
    if (last)
      last[k] = i - 1;
    k++;
  }
  *outlen = n;
  *nchars = k;
  return true;
}

static bool is_word_char(UChar32 cp) { return u_isalpha(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK); }

/* ---- word sets ------------------------------------------------------------ */

static wordset *wordset_new(void) {
  wordset *s = q_zalloc(1, sizeof *s);
  q_arena_init(&s->arena);
  return s;
}

static void wordset_free(wordset *s) {
  if (!s)
    return;
  free(s->hash);
  free(s->word);
  free(s->len);
  q_arena_drop(&s->arena);
  free(s);
}

static size_t wordset_slot(const wordset *s, uint64_t hash, const char *w, size_t len) {
  for (size_t i = hash & (s->cap - 1);; i = (i + 1) & (s->cap - 1))
    if (!s->hash[i] || (s->hash[i] == hash && s->len[i] == len && memcmp(s->word[i], w, len) == 0))
      return i;
}

static bool wordset_has(const wordset *s, const char *w, size_t len) {
  return s->cap && s->hash[wordset_slot(s, fnv(1469598103934665603u, w, len) | 1, w, len)];
}

static void wordset_add(wordset *s, const char *w, size_t len) {
  if (2 * (s->n + 1) > s->cap) {
    wordset old = *s;
    s->cap = old.cap ? 2 * old.cap : 1024;
    s->hash = q_zalloc(s->cap, sizeof *s->hash);
    s->word = q_zalloc(s->cap, sizeof *s->word);
    s->len = q_zalloc(s->cap, sizeof *s->len);
    for (size_t i = 0; i < old.cap; i++)
      if (old.hash[i]) {
        size_t k = wordset_slot(s, old.hash[i], old.word[i], old.len[i]);
        s->hash[k] = old.hash[i], s->word[k] = old.word[i], s->len[k] = old.len[i];
      }
    free(old.hash);
    free(old.word);
    free(old.len);
  }
  uint64_t hash = fnv(1469598103934665603u, w, len) | 1;
  size_t k = wordset_slot(s, hash, w, len);
  if (s->hash[k])
    return;
  s->hash[k] = hash;
  s->word[k] = q_arena_strndup(&s->arena, w, len);
  s->len[k] = len;
  s->n++;
  s->bytes += len + 2;
}

/* ---- a dictionary cut to a book's words ---------------------------------- */

/* Beyond this many bytes of distinct words (the KJV has about 100 KB), the
 * cut costs more than it saves: the whole dictionary is loaded. */
enum { CUT_MAX_BYTES = 48 * 1024 };

/* A set of 64-bit hashes (0: empty), for the substrings of the words. */
typedef struct hashset {
  uint64_t *v;
  size_t cap, n;
} hashset;

static void hashset_add(hashset *s, uint64_t x) {
  x |= 1;
  if (2 * (s->n + 1) > s->cap) {
    hashset old = *s;
    s->cap = old.cap ? 2 * old.cap : 4096;
    s->v = q_zalloc(s->cap, sizeof *s->v);
    s->n = 0;
    for (size_t i = 0; i < old.cap; i++)
      if (old.v[i])
        hashset_add(s, old.v[i]);
    free(old.v);
  }
  size_t i = x & (s->cap - 1);
  while (s->v[i] && s->v[i] != x)
    i = (i + 1) & (s->cap - 1);
  if (!s->v[i]) {
    s->v[i] = x;
    s->n++;
  }
}

static bool hashset_has(const hashset *s, uint64_t x) {
  x |= 1;
  if (!s->cap)
    return false;
  for (size_t i = x & (s->cap - 1); s->v[i]; i = (i + 1) & (s->cap - 1))
    if (s->v[i] == x)
      return true;
  return false;
}

/* A pattern line's letters (the digits taken out, up to a blank or the '/'
 * of a non-standard rule), hashed as the substrings are. */
static uint64_t key_hash(const char *line, size_t n, size_t *keylen) {
  uint64_t x = 1469598103934665603u;
  size_t k = 0;
  for (size_t i = 0; i < n && line[i] != '/' && ((unsigned char)line[i] > ' '); i++) {
    if (line[i] >= '0' && line[i] <= '9')
      continue;
    x = (x ^ (unsigned char)line[i]) * 1099511628211u;
    k++;
  }
  *keylen = k;
  return x;
}

/* The distinct plain words of the texts, lowercased as lower_word does;
 * NULL if they are too many. */
static wordset *book_words(const q_hyphen_text *texts, size_t n) {
  wordset *s = wordset_new();
  char *buf = NULL;
  size_t cap = 0;
  for (size_t t = 0; t < n; t++) {
    const char *p = texts[t].s;
    size_t len = texts[t].len;
    for (size_t i = 0; i < len;) {
      size_t start = i, end = i;
      while (end < len) { /* the run of letters and marks from start */
        size_t j = end;
        if (!is_word_char((UChar32)q_utf8_next(p, len, &j)))
          break;
        end = j;
      }
      if (end == start) {
        q_utf8_next(p, len, &i);
        continue;
      }
      i = end;
      if (cap < 4 * (end - start)) {
        cap = 4 * (end - start);
        buf = q_realloc(buf, cap, 1);
      }
      size_t wl, nc;
      /* Longer words are not indexed below (load_cut): one that comes loads the whole. */
      if (lower_word(true, p + start, end - start, buf, &wl, NULL, &nc) && wl <= 4 * WORD_MAX)
        wordset_add(s, buf, wl);
      if (s->bytes > CUT_MAX_BYTES) {
        free(buf);
        wordset_free(s);
        return NULL;
      }
    }
  }
  free(buf);
  return s;
}

/* Load the UTF-8 dictionary at path with only the patterns that occur in
 * ".word." for some word of the set. Every pattern libhyphen can match in
 * such a word is one of them, and none of them depends on a pattern left
 * out: Debian's dictionaries come through libhyphen's substrings.pl, which
 * folds every embedded pattern into the pattern that embeds it (and makes
 * each prefix that ends with one a pattern of its own), and libhyphen
 * applies at each letter only the longest pattern that ends there. NULL if
 * the dictionary is not of that kind (8-bit, or two levels). */
static HyphenDict *load_cut(const char *path, const wordset *words) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  q_buf file;
  q_buf_init(&file);
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    q_buf_add(&file, chunk, got);
  fclose(f);
  HyphenDict *dict = NULL;
  size_t n = file.len;
  q_buf_putc(&file, '\0');
  const char *d = file.data;
  if (n < 6 || strncmp(d, "UTF-8", 5) != 0 || strlen(d) != n || strstr(d, "NEXTLEVEL")) {
    q_buf_drop(&file);
    return NULL;
  }
  /* The longest pattern, then every substring of every dotted word up to
   * that length, hashed. */
  size_t maxkey = 0;
  for (size_t i = 0; i < n;) {
    const char *e = memchr(d + i, '\n', n - i);
    size_t ln = e ? (size_t)(e - (d + i)) : n - i, kl;
    key_hash(d + i, ln, &kl);
    if (kl > maxkey)
      maxkey = kl;
    i += ln + 1;
  }
  hashset subs = {0};
  char dotted[4 * WORD_MAX + 2];
  for (size_t k = 0; k < words->cap; k++) {
    if (!words->hash[k] || words->len[k] > 4 * WORD_MAX)
      continue;
    size_t L = words->len[k] + 2;
    dotted[0] = '.';
    memcpy(dotted + 1, words->word[k], words->len[k]);
    dotted[L - 1] = '.';
    for (size_t a = 0; a < L; a++) {
      uint64_t x = 1469598103934665603u;
      for (size_t b = a; b < L && b - a < maxkey; b++) {
        x = (x ^ (unsigned char)dotted[b]) * 1099511628211u;
        hashset_add(&subs, x);
      }
    }
  }
  /* The dictionary again: its first line (the encoding), its keyword
   * lines (LEFTHYPHENMIN and the like), and the patterns found. */
  q_buf cut;
  q_buf_init(&cut);
  for (size_t i = 0, line = 0; i < n; line++) {
    const char *e = memchr(d + i, '\n', n - i);
    size_t ln = e ? (size_t)(e - (d + i)) : n - i, kl;
    bool keep = line == 0 || (d[i] >= 'A' && d[i] <= 'Z');
    if (!keep && ln && d[i] != '%') {
      uint64_t x = key_hash(d + i, ln, &kl);
      keep = kl > 0 && hashset_has(&subs, x);
    }
    if (keep) {
      q_buf_add(&cut, d + i, ln);
      q_buf_putc(&cut, '\n');
    }
    i += ln + 1;
  }
  free(subs.v);
  q_buf_drop(&file);
  FILE *m = fmemopen(cut.data, cut.len, "r");
  if (m) {
    dict = hnj_hyphen_load_file(m);
    fclose(m);
  }
  q_buf_drop(&cut);
  return dict;
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
    if (h->files[i].was_cut)
      hnj_hyphen_free(h->files[i].was_cut);
    wordset_free(h->files[i].cut);
    free(h->files[i].path);
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
 * the file (with cut, the words it is cut to, and its path; both taken); a
 * second load of a known file is freed. */
static HyphenDict *keep(q_hyphen *h, const char *lang, HyphenDict *dict, const struct stat *sb, wordset *cut,
                        const char *path) {
  if (dict) {
    size_t i = 0;
    while (i < h->nfiles && !(h->files[i].dev == sb->st_dev && h->files[i].ino == sb->st_ino))
      i++;
    if (i < h->nfiles) {
      if (dict != h->files[i].dict)
        hnj_hyphen_free(dict);
      wordset_free(cut);
      dict = h->files[i].dict;
    } else {
      h->files = q_realloc(h->files, h->nfiles + 1, sizeof *h->files);
      h->files[h->nfiles++] = (file_entry){sb->st_dev, sb->st_ino, dict, cut, cut ? xstrdup(path) : NULL, NULL};
    }
  } else {
    wordset_free(cut);
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

/* The prefetch thread: locate and load (cut to the book's words when it
 * can), nothing else. */
static void *fetch(void *arg) {
  prefetch *pf = arg;
  if (!locate(pf->dir, pf->lang, pf->path, &pf->sb))
    return NULL;
  if (pf->texts) {
    pf->cut = book_words(pf->texts, pf->ntexts);
    if (pf->cut && !(pf->dict = load_cut(pf->path, pf->cut))) {
      wordset_free(pf->cut);
      pf->cut = NULL;
    }
  }
  if (!pf->dict)
    pf->dict = hnj_hyphen_load(pf->path);
  return NULL;
}

static void join(q_hyphen *h) {
  if (!h->pf.running)
    return;
  pthread_join(h->pf.thread, NULL);
  h->pf.running = false;
  if (!known(h, h->pf.lang)) {
    keep(h, h->pf.lang, h->pf.dict, &h->pf.sb, h->pf.cut, h->pf.path);
  } else {
    if (h->pf.dict)
      hnj_hyphen_free(h->pf.dict);
    wordset_free(h->pf.cut);
  }
  free(h->pf.lang);
  h->pf.lang = NULL;
}

void q_hyphen_prefetch(q_hyphen *h, const char *lang, const q_hyphen_text *texts, size_t n) {
  if (!lang || !*lang || h->pf.running || known(h, lang))
    return;
  h->pf = (prefetch){.dir = h->dir, .lang = xstrdup(lang), .texts = n ? texts : NULL, .ntexts = n};
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
    return keep(h, lang, NULL, &sb, NULL, NULL);
  for (size_t i = 0; i < h->nfiles; i++)
    if (h->files[i].dev == sb.st_dev && h->files[i].ino == sb.st_ino)
      return keep(h, lang, h->files[i].dict, &sb, NULL, NULL);
  return keep(h, lang, hnj_hyphen_load(path), &sb, NULL, NULL);
}

/* dict is cut and word[0..len) (lowercased) is not among its words: load
 * the whole file instead, for every language that uses it. The new
 * dictionary, or dict if it cannot be loaded. */
static HyphenDict *uncut(q_hyphen *h, HyphenDict *dict, const char *word, size_t len) {
  for (size_t i = 0; i < h->nfiles; i++) {
    file_entry *fe = &h->files[i];
    if (fe->dict != dict || !fe->cut || wordset_has(fe->cut, word, len))
      continue;
    HyphenDict *whole = hnj_hyphen_load(fe->path);
    if (!whole)
      return dict;
    for (size_t k = 0; k < h->nlangs; k++)
      if (h->langs[k].dict == dict)
        h->langs[k].dict = whole;
    fe->was_cut = dict; /* kept: the memo knows dictionaries by address */
    fe->dict = whole;
    wordset_free(fe->cut);
    fe->cut = NULL;
    return whole;
  }
  return dict;
}

static bool compute(q_hyphen *h, HyphenDict **dict, const char *word, size_t len, uint8_t *brk);

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
  bool found = compute(h, &dict, word, len, brk);
  memo_put(h, dict, word, len, word_hash(dict, word, len), brk);
  return found;
}

/* libhyphen's points for word, as byte offsets set in brk. A cut *dict
 * that does not know the word is replaced by the whole one first. */
static bool compute(q_hyphen *h, HyphenDict **dict, const char *word, size_t len, uint8_t *brk) {
  if (h->cap < len * 4 + 8) {
    h->cap = len * 4 + 8;
    h->word = q_realloc(h->word, h->cap, 1);
    h->vec = q_realloc(h->vec, h->cap, 1);
    h->last = q_realloc(h->last, h->cap, sizeof *h->last);
  }
  size_t nchars = 0, wlen = 0;
  if (!lower_word((*dict)->utf8, word, len, h->word, &wlen, h->last, &nchars))
    return true;
  if (nchars < LEFT_MIN + RIGHT_MIN)
    return true;
  *dict = uncut(h, *dict, h->word, wlen);
  h->word[wlen] = '\0';
  memset(h->vec, 0, wlen + 5);
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  if (hnj_hyphen_hyphenate3(*dict, h->word, (int)wlen, h->vec, NULL, &rep, &pos, &cut, LEFT_MIN, RIGHT_MIN,
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
