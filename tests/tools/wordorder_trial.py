#!/usr/bin/env python3
"""wordorder_trial.py: wordorder.py's functions tried on made-up texts (e2e/judges.sh).

    python3 tests/tools/wordorder_trial.py cut-copies TOOLS ARTICLE.txt
    python3 tests/tools/wordorder_trial.py kept TOOLS REFERENCE.txt SHORTER.txt
    python3 tests/tools/wordorder_trial.py join-hyphens TOOLS

TOOLS is tests/tools, where wordorder.py is imported from. cut-copies builds a text of 430
copies of the article, each with five words cut at a fixed random place and a number in
front, scores it against the article repeated and prints "WORDS SCORE BEST" (the
reference's length, wordorder's percentage, the percentage of words really kept). kept
prints SHORTER's share of REFERENCE's words as a percentage with two decimals. join-hyphens
prints the words of a fixed text with line-end hyphens after a small vocabulary. Each
prints for the shell to compare and exits 0.
"""
import random
import sys


def wordorder(tools):
    sys.path.insert(0, tools)
    import wordorder as w
    return w


def cmd_cut_copies(tools, article):
    w = wordorder(tools)
    ref = w.words(open(article, encoding="utf-8").read())
    rnd, a, b, lost = random.Random(16), [], [], 0
    for k in range(430):
        copy = list(ref)
        at = rnd.randrange(len(copy) - 5)
        del copy[at:at + 5]
        a += ref
        b += [str(k + 1)] + copy
        lost += 5
    pct, hit = w.score(a, b)
    best = 100 * (len(a) - lost) / len(a)
    print(f"{len(a)} {pct:.3f} {best:.3f}")


def cmd_kept(tools, reference, shorter):
    w = wordorder(tools)
    r = w.words(open(reference, encoding='utf-8').read())
    d = w.words(open(shorter, encoding='utf-8').read())
    print(f'{100 * len(d) / len(r):.2f}')


def cmd_join_hyphens(tools):
    w = wordorder(tools)
    voc = {'hyphenated', 'well', 'known'}
    print(w.words(w.join_hyphens('a hyphen-\nated and well-\nknown word, hy-\n\f\nphenated', voc)))


if __name__ == "__main__":
    globals()["cmd_" + sys.argv[1].replace("-", "_")](*sys.argv[2:])
