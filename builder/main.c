/* main: the command line, and nothing else. */
#define _GNU_SOURCE /* mallopt */
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/datadir.h"
#include "base/diag.h"
#include "build.h"
#include "init.h"
#include "version.h"
#include "watch.h"

static const char usage[] =
    "usage: quire build [-o DIR] [--format epub,pdf] [--strict] [-q] [--style FILE] [--fonts FILE]\n"
    "                   [--name NAME] [--trace FILE] [--imposition booklet,2up] [--creep LEN] [--fold-marks]\n"
    "                   [--offprints] [--paper a4,letter,a5] [--bleed LEN] [--marks crop]\n"
    "                   BUNDLE.xml\n"
    "       quire check [--strict] [--style FILE] [--fonts FILE] BUNDLE.xml\n"
    "       quire watch [build's options] BUNDLE.xml\n"
    "       quire init DIR\n"
    "       quire --help | --version\n";

static const char help[] =
    "quire builds an EPUB e-book and a print PDF from one bundle of XML sources.\n"
    "\n"
    "Commands:\n"
    "  build BUNDLE.xml   read and check the bundle, then write DIR/<name>.epub\n"
    "                     (and .pdf); outputs are replaced only when all succeed\n"
    "  check BUNDLE.xml   read and check the bundle, its theme and fonts; write nothing\n"
    "  watch BUNDLE.xml   build, then build again whenever a source, theme or the font\n"
    "                     manifest changes, one line per build; Ctrl-C stops\n"
    "  init DIR           write a starter bundle into DIR (new or empty)\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   output folder (default: out)\n"
    "  --format LIST      comma-separated: epub, pdf (default: every format this\n"
    "                     version writes)\n"
    "  --strict           treat warnings as errors\n"
    "  -q, --quiet        no progress line (it shows only when stderr is a terminal)\n"
    "  --style FILE       theme to use instead of <q:theme> (looked up as styles/NAME.css\n"
    "                     beside the bundle, then in the data folder)\n"
    "  --fonts FILE       font manifest to use instead of the data folder's\n"
    "  --name NAME        outputs' base name: DIR/NAME.epub (default: the bundle's\n"
    "                     file name without .xml)\n"
    "  --trace FILE       also write the print edition's layout as text, one line\n"
    "                     per drawing operation (for review and golden tests)\n"
    "  --imposition LIST  comma-separated: booklet (NAME-booklet.pdf, saddle-stitched,\n"
    "                     for duplex printing, short-edge binding), 2up (NAME-2up.pdf,\n"
    "                     two pages side by side in reading order)\n"
    "  --creep LEN        booklet: shift each sheet's pages this much more than the\n"
    "                     sheet outside it towards the fold (e.g. 0.2mm; pt, mm, in)\n"
    "  --fold-marks       mark the fold on imposed sheets\n"
    "  --offprints        also one PDF per part, NAME-PART.pdf\n"
    "  --paper LIST       comma-separated paper sizes (A4, A5, letter, half-letter):\n"
    "                     one print edition laid out for each, NAME-a4.pdf, ...;\n"
    "                     the EPUB's page list follows the first\n"
    "  --bleed LEN        print-shop output: a bleed of LEN round each page (e.g. 3mm),\n"
    "                     with its TrimBox and BleedBox\n"
    "  --marks crop       print-shop output: crop marks outside the bleed\n"
    "  -h, --help         show this help\n"
    "  --version          show the version\n"
    "\n"
    "Exit status: 0 success, 1 errors in the input, 2 usage errors.\n"
    "Environment: QUIRE_DATADIR, the data folder (themes, font manifest, starter);\n"
    "SOURCE_DATE_EPOCH, the outputs' date. See quire(1).\n"
    "Messages: FILE:LINE:COL: error: MESSAGE (or warning:).\n";

/* Formats this version writes. */
static const unsigned available = Q_FORMAT_EPUB | Q_FORMAT_PDF;

static int usage_error(const char *fmt, ...) Q_PRINTF(1, 2);
static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("quire: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fputs(usage, stderr);
  return 2;
}

static int parse_formats(const char *list, unsigned *out) {
  *out = 0;
  const char *p = list;
  for (;;) {
    size_t n = strcspn(p, ",");
    if (n == 0)
      return usage_error("empty format in '%s' (a stray comma?)", list);
    if (n == 4 && strncmp(p, "epub", 4) == 0)
      *out |= Q_FORMAT_EPUB;
    else if (n == 3 && strncmp(p, "pdf", 3) == 0)
      *out |= Q_FORMAT_PDF;
    else
      return usage_error("unknown format in '%s' (formats: epub, pdf)", list);
    p += n;
    if (!*p)
      break;
    p++; /* the comma */
  }
  if (*out & ~available)
    return usage_error("this version of quire does not write PDF yet (asked for '%s')", list);
  return 0;
}

static int parse_impositions(const char *list, unsigned *out) {
  *out = 0;
  for (const char *p = list; *p;) {
    size_t n = strcspn(p, ",");
    if (n == 7 && strncmp(p, "booklet", 7) == 0)
      *out |= Q_PRINT_BOOKLET;
    else if (n == 3 && strncmp(p, "2up", 3) == 0)
      *out |= Q_PRINT_2UP;
    else
      return usage_error("unknown imposition in '%s' (impositions: booklet, 2up)", list);
    p += n;
    if (*p == ',')
      p++;
  }
  if (!*out)
    return usage_error("no imposition in '%s'", list);
  return 0;
}

/* A length such as 0.2mm in points: a number and a unit (pt, mm, in), at
 * least 0 and at most max_mm (more than any booklet's creep, any print
 * shop's bleed). */
static int parse_length(const char *opt, const char *text, double max_mm, const char *example,
                        double *out) {
  char *end;
  double v = strtod(text, &end);
  double unit = strcmp(end, "pt") == 0 ? 1.0
                : strcmp(end, "mm") == 0 ? 72.0 / 25.4
                : strcmp(end, "in") == 0 ? 72.0
                                         : 0.0;
  if (end == text || unit == 0.0 || !(v >= 0.0) || v * unit > max_mm * 72.0 / 25.4)
    return usage_error("%s takes a length from 0 to %gmm such as %s (units: pt, mm, in), not '%s'",
                       opt, max_mm, example, text);
  *out = v * unit;
  return 0;
}

/* Settings for the whole process, before any thread starts. */
static void process_setup(void) {
  /* quire never shows local time: every timestamp it writes is UTC, and
   * libzip turns times into DOS times with localtime(). */
  setenv("TZ", "UTC", 1);
  tzset();
  /* A reader of our messages that goes away (quire build 2>&1 | head -1)
   * must not end a build half-way: a failed write to stderr is not fatal. */
  signal(SIGPIPE, SIG_IGN);
#ifdef M_MMAP_THRESHOLD
  /* zlib's and cairo's large, short-lived buffers would each get a fresh
   * mapping (and page faults) from glibc; keep them on the heap. */
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv) {
  process_setup();
  if (argc < 2)
    return usage_error("%s", "no command given");
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    fputs(help, stdout);
    fputc('\n', stdout);
    fputs(usage, stdout);
    return 0;
  }
  if (strcmp(cmd, "--version") == 0) {
    q_version_print(stdout);
    return 0;
  }
  if (strcmp(cmd, "init") == 0) {
    if (argc != 3 || !*argv[2] || argv[2][0] == '-')
      return usage_error("%s", "init needs one folder (quire init DIR)");
    return q_init_run(argv[2], q_datadir(), stderr);
  }
  q_build_opts o = {0};
  o.outdir = "out";
  o.formats = available;
  o.datadir = q_datadir();
  bool watch = strcmp(cmd, "watch") == 0;
  if (strcmp(cmd, "check") == 0)
    o.check_only = true;
  else if (strcmp(cmd, "build") != 0 && !watch)
    return usage_error("unknown command '%s' (commands: build, check, watch, init)", cmd);

  q_diag d;
  q_diag_init(&d, stderr);
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--strict") == 0) {
      d.strict = true;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o.quiet = true;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(help, stdout);
      return 0;
    } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && !o.check_only) {
      if (!next || !*next)
        return usage_error("%s needs a folder%s", a, next ? " (got an empty name)" : "");
      o.outdir = argv[++i];
    } else if (strcmp(a, "--format") == 0 && !o.check_only) {
      if (!next)
        return usage_error("%s needs a list", a);
      int rc = parse_formats(argv[++i], &o.formats);
      if (rc)
        return rc;
    } else if (strcmp(a, "--name") == 0 && !o.check_only) {
      if (!next || !*next || strchr(next, '/') || next[0] == '.')
        return usage_error("%s needs a file name without '/' and not starting with '.'", a);
      o.name = argv[++i];
    } else if (strcmp(a, "--trace") == 0 && !o.check_only) {
      if (!next)
        return usage_error("%s needs a file", a);
      o.trace = argv[++i];
    } else if (strcmp(a, "--imposition") == 0 && !o.check_only) {
      if (!next)
        return usage_error("%s needs a list", a);
      int rc = parse_impositions(argv[++i], &o.impose);
      if (rc)
        return rc;
    } else if (strcmp(a, "--creep") == 0 && !o.check_only) {
      if (!next)
        return usage_error("%s needs a length", a);
      int rc = parse_length(a, argv[++i], 5.0, "0.2mm", &o.creep_pt);
      if (rc)
        return rc;
    } else if (strcmp(a, "--fold-marks") == 0 && !o.check_only) {
      o.fold_marks = true;
    } else if (strcmp(a, "--offprints") == 0 && !o.check_only) {
      o.offprints = true;
    } else if (strcmp(a, "--bleed") == 0 && !o.check_only) {
      if (!next)
        return usage_error("%s needs a length", a);
      int rc = parse_length(a, argv[++i], 10.0, "3mm", &o.bleed_pt);
      if (rc)
        return rc;
    } else if (strcmp(a, "--marks") == 0 && !o.check_only) {
      if (!next || strcmp(next, "crop") != 0)
        return usage_error("%s takes crop (crop marks), not '%s'", a, next ? next : "");
      i++;
      o.crop_marks = true;
    } else if (strcmp(a, "--paper") == 0 && !o.check_only) {
      if (!next || !*next || strstr(next, ",,") || next[0] == ',' || next[strlen(next) - 1] == ',')
        return usage_error("%s needs a list of paper sizes such as a4,letter", a);
      o.papers = argv[++i];
    } else if (strcmp(a, "--style") == 0 || strcmp(a, "--fonts") == 0) {
      if (!next)
        return usage_error("%s needs a file", a);
      if (a[2] == 's')
        o.style = argv[++i];
      else
        o.fonts = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      return usage_error("unknown option '%s'", a);
    } else if (o.bundle) {
      return usage_error("one bundle at a time (got '%s' too)", a);
    } else {
      o.bundle = a;
    }
  }
  if (!o.bundle)
    return usage_error("%s", "no bundle given (e.g. sources/bundle.xml)");
  if (o.trace && !(o.formats & Q_FORMAT_PDF))
    return usage_error("%s", "--trace writes the print edition's layout: it needs --format pdf");
  if ((o.impose || o.offprints || o.papers || o.bleed_pt > 0 || o.crop_marks) &&
      !(o.formats & Q_FORMAT_PDF))
    return usage_error("%s", "--imposition, --offprints, --paper, --bleed and --marks make print "
                             "editions: they need --format pdf");
  if ((o.creep_pt > 0 || o.fold_marks) && !o.impose)
    return usage_error("%s", "--creep and --fold-marks apply to an imposition: add --imposition booklet");
  return watch ? q_watch_run(&o, &d) : q_build_run(&o, &d);
}
