# tidy.awk: scdoc's roff, made lint-clean for mandoc -Tlint.
#
# scdoc opens a paragraph (.P) after every heading and before every end of
# an indented block, where roff needs none, and keeps the source's lines
# however long the escapes make them. This drops a .P that follows a heading
# or another .P or comes just before a heading or the end of a block, and
# folds a text line longer than 80 bytes at its spaces (never so that a line
# starts with a control character: . or ').
function flush_text(s,    cut, head) {
  while (length(s) > 80) {
    cut = 0
    for (i = 80; i > 1; i--)
      if (substr(s, i, 1) == " " && substr(s, i + 1, 1) != "." && substr(s, i + 1, 1) != "'") {
        cut = i
        break
      }
    if (!cut)
      break
    print substr(s, 1, cut - 1)
    s = substr(s, cut + 1)
  }
  print s
}
{ lines[NR] = $0 }
END {
  prev = ""
  for (n = 1; n <= NR; n++) {
    l = lines[n]
    next_l = n < NR ? lines[n + 1] : ""
    if (l == ".P") {
      if (prev ~ /^\.(SH|SS|TH|P|RS)/ || next_l ~ /^\.(SH|SS|RE|P)( |$)/)
        continue
    }
    if (l !~ /^[.']/)
      flush_text(l)
    else
      print l
    prev = l
  }
}
