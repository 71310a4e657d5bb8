"""Builds views/KIND.njk for pages.js from a page that Warden served: Warden's own HTML around the
<main> element (header, navigation, footer; the <title> made a variable), with the hand-written
views/KIND-main.njk included for what is inside it.
usage: make_pages.py KIND WARDEN_PAGE.html > views/KIND.njk"""
import re
import sys

kind, page = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
start = page.index(">", page.index("<main")) + 1
end = page.index("</main>")
escape = lambda s: s.replace("{", '{{ "{" }}')
head = re.sub(r"<title>.*? – Warden</title>", "<title>@TITLE@ – Warden</title>", page[:start], count=1)
head = escape(head).replace("@TITLE@", "{{ title | h }}")
sys.stdout.write(head + "\n{% include \"" + kind + "-main.njk\" %}\n" + escape(page[end:]))
