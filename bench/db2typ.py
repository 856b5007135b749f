#!/usr/bin/env python3
"""db2typ.py FLAT.xml OUT.typ: a flattened quire bundle (DocBook 5) as a Typst source.

The input is a bundle after `xmllint --xinclude`: a <book> whose <article>s are inline. The
output asks Typst for what quire makes of the same content: A4 with 25 mm margins, Noto Serif
10 pt on 13.5 pt, justified and hyphenated, paragraphs told apart by a 1.2 em indent, Noto
Sans bold headings (parts 18 pt on a new page, sections 13 pt, subsections 11 pt), a title
page, a contents page of the parts, page numbers and the part's title as running head.

Handled: book info (title, subtitle, author, abstract), article, section, para,
itemizedlist, orderedlist, listitem, blockquote and attribution, bibliolist/bibliomixed (the
"Title:" and "Author(s):" lines), q:anecdote, emphasis (role="strong"), code, citetitle,
link (xlink:href or linkend), foreignphrase/phrase (xml:lang). Standard library only.
"""
import re
import sys
import xml.etree.ElementTree as ET

DB = "{http://docbook.org/ns/docbook}"
Q = "{urn:x-quire:1}"
XLINK = "{http://www.w3.org/1999/xlink}"
XML = "{http://www.w3.org/XML/1998/namespace}"

PREAMBLE = """\
#set document(title: %(title)s%(author)s)
#set page(paper: "a4", margin: 25mm, numbering: "1",
  header: context {
    let here-page = here().page()
    let parts = query(heading.where(level: 1))
    if parts.any(h => h.location().page() == here-page) { return }
    let before = parts.filter(h => h.location().page() < here-page)
    if before.len() > 0 { align(center, text(size: 0.9em, style: "italic", before.last().body)) }
  })
#set text(font: ("Noto Serif", "Noto Serif Devanagari", "Noto Serif Gujarati", "NanumMyeongjo"),
  size: 10pt, lang: "%(lang)s", hyphenate: true)
#set par(justify: true, leading: 0.6em, spacing: 0.6em, first-line-indent: 1.2em)
#show heading: set text(font: "Noto Sans", weight: "bold", hyphenate: false)
#show heading: set par(justify: false)
#show heading.where(level: 1, outlined: true): it => { pagebreak(weak: true); v(1.5em); text(size: 18pt, it.body); v(0.5em) }
#show heading.where(level: 2): set text(size: 13pt)
#show heading.where(level: 3): set text(size: 11pt)
#show raw: set text(font: "Noto Sans Mono", size: 0.9em)
#show quote.where(block: true): set pad(x: 1.5em)

#page(numbering: none, header: none)[
  #v(30%%)
  #align(center)[
    #text(font: "Noto Sans", weight: "bold", size: 24pt)[%(title_markup)s]
%(subtitle)s%(byline)s%(abstract)s  ]
]
#page(numbering: "i", header: none)[
  #outline(title: [Contents], depth: 1)
]
#counter(page).update(1)
"""

SPECIALS = re.compile(r"""([\\*_#$\[\]<>@`~/=\-+'".:])""")


def esc(text):
    """Plain text as Typst markup: every character Typst might read as markup escaped."""
    return SPECIALS.sub(r"\\\1", text)


def string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flat_text(el):
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def lang_args(tag):
    parts = tag.split("-")
    args = f"lang: {string(parts[0].lower())}"
    for p in parts[1:]:
        if len(p) == 2 and p.isalpha():
            args += f", region: {string(p.upper())}"
    return args


class Converter:
    def __init__(self):
        self.out = []

    def inlines(self, el):
        """The mixed content of el as Typst markup, runs of white space as one space."""
        s = [esc(el.text or "")]
        for child in el:
            s.append(self.inline(child))
            s.append(esc(child.tail or ""))
        return re.sub(r"\s+", " ", "".join(s))

    def inline(self, el):
        tag = el.tag
        body = self.inlines(el)
        if tag == DB + "emphasis":
            return f"#strong[{body}]" if el.get("role") == "strong" else f"#emph[{body}]"
        if tag == DB + "code":
            return f"#raw({string(flat_text(el))})"
        if tag == DB + "citetitle":
            return f"#emph[{body}]"
        if tag == DB + "link":
            href = el.get(XLINK + "href")
            if href:
                return f"#link({string(href)})[{body}]"
            return f"#link(label({string(el.get('linkend'))}))[{body}]"
        if tag in (DB + "foreignphrase", DB + "phrase"):
            lang = el.get(XML + "lang")
            return f"#text({lang_args(lang)})[{body}]" if lang else body
        return body

    def para(self, el):
        return self.inlines(el).strip()

    def blocks(self, el, level):
        for child in el:
            self.block(child, level)

    def block(self, el, level):
        tag = el.tag
        w = self.out.append
        if tag == DB + "para":
            w(self.para(el) + "\n\n")
        elif tag == DB + "section":
            title = el.find(DB + "title")
            label = f" <{el.get(XML + 'id')}>" if el.get(XML + "id") else ""
            w("=" * (level + 1) + " " + (self.inlines(title).strip() if title is not None else "")
              + label + "\n\n")
            for child in el:
                if child.tag != DB + "title":
                    self.block(child, level + 1)
        elif tag in (DB + "itemizedlist", DB + "orderedlist"):
            fn = "list" if tag == DB + "itemizedlist" else "enum"
            items = []
            for li in el.findall(DB + "listitem"):
                saved, self.out = self.out, []
                self.blocks(li, level)
                items.append("[" + "".join(self.out).strip() + "]")
                self.out = saved
            w(f"#{fn}(\n  " + ",\n  ".join(items) + ",\n)\n\n")
        elif tag == DB + "blockquote":
            attr = el.find(DB + "attribution")
            saved, self.out = self.out, []
            for child in el:
                if child.tag != DB + "attribution":
                    self.block(child, level)
            body = "".join(self.out).strip()
            self.out = saved
            a = f", attribution: [{self.inlines(attr).strip()}]" if attr is not None else ""
            w(f"#quote(block: true{a})[{body}]\n\n")
        elif tag == DB + "bibliolist":
            for bm in el.findall(DB + "bibliomixed"):
                title = bm.find(DB + "title")
                authors = bm.findall(DB + "author")
                names, joins = [], []
                for a in authors:
                    names.append(esc(flat_text(a)))
                    joins.append(esc(re.sub(r"\s+", " ", a.tail or "")))
                who = "".join(n + (j if i < len(names) - 1 else "")
                              for i, (n, j) in enumerate(zip(names, joins)))
                label = "Author" if len(authors) == 1 else "Authors"
                w("#block(above: 1em, below: 1.2em)[#set text(font: \"Noto Sans\", size: 0.9em)\n"
                  "#set par(justify: false, first-line-indent: 0pt)\n"
                  f"Title\\: {self.inlines(title).strip()} \\\n{label}\\: {who}]\n\n")
        elif tag == Q + "anecdote":
            saved, self.out = self.out, []
            self.blocks(el, level)
            body = "".join(self.out).strip()
            self.out = saved
            w(f"#block(above: 1.2em, inset: (left: 1.5em))[#set text(style: \"italic\")\n{body}]\n\n")
        elif tag == DB + "title" or tag == DB + "info":
            pass
        else:
            self.blocks(el, level)

    def article(self, el):
        title = el.find(f"{DB}info/{DB}title")
        label = f" <{el.get(XML + 'id')}>" if el.get(XML + "id") else ""
        self.out.append("= " + (self.inlines(title).strip() if title is not None else "")
                        + label + "\n\n")
        for child in el:
            if child.tag != DB + "info":
                self.block(child, 1)

    def book(self, root):
        info = root.find(DB + "info")
        title = info.find(DB + "title")
        sub = info.find(DB + "subtitle")
        authors = [flat_text(a) for a in info.findall(f"{DB}author")]
        abstract = info.find(DB + "abstract")
        fields = {
            "title": string(flat_text(title)),
            "title_markup": self.inlines(title).strip(),
            "author": f", author: ({', '.join(string(a) for a in authors)},)" if authors else "",
            "lang": (root.get(XML + "lang") or "en").split("-")[0],
            "subtitle": (f"    #v(1em) #text(size: 14pt)[{self.inlines(sub).strip()}]\n"
                         if sub is not None else ""),
            "byline": (f"    #v(2em) {esc(', '.join(authors))}\n" if authors else ""),
            "abstract": ("    #v(2em) #block(width: 80%)[#set par(justify: false, "
                         "first-line-indent: 0pt)\n"
                         + "\n\n".join(self.para(p) for p in abstract.findall(DB + "para"))
                         + "]\n" if abstract is not None else ""),
        }
        self.out.append(PREAMBLE % fields)
        for child in root:
            if child.tag == DB + "article":
                self.article(child)
        return "".join(self.out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: db2typ.py FLAT.xml OUT.typ")
    root = ET.parse(sys.argv[1]).getroot()
    if root.tag != DB + "book":
        sys.exit("db2typ.py: the root is not a DocBook book")
    text = Converter().book(root)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
