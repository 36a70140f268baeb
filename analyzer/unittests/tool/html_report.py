"""Reads lockcheck's HTML report with Python's own html.parser: the rows of
the index's tables, and per finding page its facts, steps, source lines and
the inline SVG graph's nodes and edges (Graphviz titles them)."""
import html.parser
import os


class _Tree(html.parser.HTMLParser):
    """Elements as dicts {tag, attrs, children, text}: enough to walk a page."""

    # HTML's void elements: they have no end tag.
    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = {"tag": "#root", "attrs": {}, "children": [], "text": ""}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1]["children"].append({"tag": tag, "attrs": dict(attrs), "children": [],
                                           "text": ""})

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1]["children"].append(data)


def parse(text):
    tree = _Tree()
    tree.feed(text)
    tree.close()
    return tree.root


def text_of(node):
    if isinstance(node, str):
        return node
    return "".join(text_of(c) for c in node["children"])


def find_all(node, pred):
    if isinstance(node, str):
        return
    if pred(node):
        yield node
    for c in node["children"]:
        yield from find_all(c, pred)


def by_tag(node, tag, **attrs):
    return list(find_all(node, lambda n: n["tag"] == tag and all(
        n["attrs"].get(k.rstrip("_")) == v for k, v in attrs.items())))


def has_class(node, name):
    return name in node["attrs"].get("class", "").split()


class Report:
    def __init__(self, folder):
        self.folder = folder

    def read(self, name):
        with open(os.path.join(self.folder, name), encoding="utf-8") as f:
            return f.read()

    def rows(self, table_id="findings"):
        """Each body row of a table as (cells' text, the first link)."""
        (table,) = by_tag(parse(self.read("index.html")), "table", id=table_id)
        (body,) = by_tag(table, "tbody")
        rows = []
        for tr in by_tag(body, "tr"):
            cells = [text_of(td).strip() for td in by_tag(tr, "td")]
            links = [a["attrs"]["href"] for a in by_tag(tr, "a")]
            rows.append((cells, links[0]))
        return rows

    def page(self, name):
        return FindingPage(self.read(name))


class FindingPage:
    def __init__(self, text):
        self.text = text
        self.tree = parse(text)

    def facts(self):
        (dl,) = by_tag(self.tree, "dl")
        terms = [text_of(n).strip() for n in by_tag(dl, "dt")]
        values = [text_of(n).strip() for n in by_tag(dl, "dd")]
        return dict(zip(terms, values))

    def steps(self):
        """Each step: (id, kind class, its source lines as {number: (text, hit)})."""
        out = []
        for li in find_all(self.tree, lambda n: n["tag"] == "li" and has_class(n, "step")):
            lines = {}
            for span in find_all(li, lambda n: n["tag"] == "span" and has_class(n, "line")):
                (number,) = [text_of(s) for s in span["children"]
                             if not isinstance(s, str) and has_class(s, "ln")]
                body = "".join(text_of(c) for c in span["children"]
                               if isinstance(c, str) or not has_class(c, "ln"))
                lines[int(number)] = (body, has_class(span, "hit"))
            out.append((li["attrs"]["id"], li["attrs"]["class"], lines))
        return out

    def graph_links(self):
        """Where the SVG's nodes and edges lead (Graphviz writes xlink:href)."""
        (svg,) = by_tag(self.tree, "svg")
        return {a["attrs"].get("xlink:href") for a in by_tag(svg, "a")} - {None}

    def graph(self):
        """The SVG's node titles and edge titles (Graphviz writes `a->b`)."""
        (svg,) = by_tag(self.tree, "svg")
        def titles(kind):
            return [text_of(by_tag(g, "title")[0]) for g in
                    find_all(svg, lambda n: n["tag"] == "g" and has_class(n, kind))]
        return titles("node"), titles("edge")
