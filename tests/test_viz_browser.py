"""The HTML page in a real headless Chromium: offline, error-free, every node drawn.

Uses Debian's Chromium (`apt-get install chromium`) driven by Playwright; skips when it is
not installed. Playwright's own browser download is never used.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import networkx as nx
import pytest
from matplotlib.image import imread
from rdflib import Graph

from graph.viz import draw
from graph.viz.filters import theme_nodes
from graph.viz.network import build_network

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ID = "https://w3id.org/ofsted-kg/id/"

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class LoadedPage:
    """A page opened from a file, with every console message and request it made."""

    def __init__(self, browser: object, path: Path):
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.page.set_default_timeout(5000)
        self.console: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.console.append(("error", str(error))))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(self.url)
        self.page.wait_for_function("window.ofstedKg !== undefined", timeout=15000)

    def evaluate(self, script: str) -> object:
        return self.page.evaluate(script)

    def errors(self) -> list[tuple[str, str]]:
        return [(kind, text) for kind, text in self.console if kind in ("error", "warning")]

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url and not url.startswith("data:")]


@pytest.fixture
def open_page(browser: object) -> Iterator[object]:
    pages: list[LoadedPage] = []

    def opener(path: Path) -> LoadedPage:
        pages.append(LoadedPage(browser, path))
        return pages[-1]

    yield opener
    for loaded in pages:
        loaded.page.close()


@pytest.fixture
def handmade_page(handmade_path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "graph.html"
    draw([handmade_path], out)
    return out


def test_browser_page_loads_offline_without_errors_and_draws_every_node(
        open_page, handmade_page, handmade_graph):
    page = open_page(handmade_page)
    assert page.errors() == []
    assert page.foreign_requests() == []
    expected = build_network(handmade_graph).number_of_nodes()
    assert page.evaluate("window.ofstedKg.drawnNodeCount()") == expected == 13
    assert page.evaluate("window.ofstedKg.cy.edges().length") == 12
    assert page.page.inner_text("#counts") == "13 nodes, 4 findings, 1 with no response"
    legend = page.page.inner_text("#legend")
    for kind in ("authority", "inspection", "finding", "recommendation", "response",
                 "finding with no response"):
        assert kind in legend


def test_browser_theme_filter_draws_the_theme_subgraph(open_page, handmade_page, handmade_graph):
    page = open_page(handmade_page)
    options = page.page.eval_on_selector_all("#theme-filter option", "os => os.map(o => o.value)")
    assert options == ["", "assessment-and-planning", "care-leavers", "workforce"]
    page.page.select_option("#theme-filter", "workforce")
    expected = theme_nodes(build_network(handmade_graph), "workforce")
    drawn = page.evaluate("window.ofstedKg.cy.nodes(':visible').map(n => n.id())")
    assert set(drawn) == expected
    page.page.select_option("#theme-filter", "")
    assert page.evaluate("window.ofstedKg.drawnNodeCount()") == 13
    assert page.errors() == []


def hover(page: LoadedPage, node: str) -> None:
    """Move the mouse onto a node where Cytoscape drew it."""
    box = page.page.locator("#graph").bounding_box()
    point = page.evaluate(f"window.ofstedKg.cy.getElementById({node!r}).renderedPosition()")
    page.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])


def test_browser_hover_shows_the_quote_and_a_link_to_the_minutes(open_page, handmade_page):
    page = open_page(handmade_page)
    hover(page, ID + "finding/trafford-2021-06/f1")
    details = page.page.locator("#details")
    details.get_by_text("instability in the social work workforce").wait_for(timeout=5000)
    link = details.locator("a")
    assert link.get_attribute("href") == (
        "https://democratic.trafford.gov.uk/ieListDocuments.aspx?CId=1&MId=1")
    hover(page, ID + "finding/trafford-2021-06/f3")
    details.get_by_text("No response: nothing in the minutes answers this finding.").wait_for(
        timeout=5000)
    assert page.foreign_requests() == []


def test_browser_screenshot_is_not_blank(open_page, handmade_page):
    page = open_page(handmade_page)
    pixels = imread(BytesIO(page.page.screenshot()), format="png")[:, :, :3]
    graph_area = pixels[80:750, :1000]
    colours = {tuple(p) for p in (graph_area.reshape(-1, 3) * 255).round().astype(int)}
    assert (graph_area.min(axis=2) < 0.9).mean() > 0.003
    assert len(colours) > 30
    # The kinds' colours are really drawn: Okabe-Ito orange (findings) and green (responses).
    assert any(abs(r - 230) < 8 and abs(g - 159) < 8 and b < 20 for r, g, b in colours)
    assert any(r < 10 and abs(g - 158) < 8 and abs(b - 115) < 8 for r, g, b in colours)


SYNTHETIC_PREFIXES = f"""\
@prefix okg: <https://w3id.org/ofsted-kg/def#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <{ID}> .
@prefix def: <https://w3id.org/ofsted-kg/def/> .
"""
THEMES = ["workforce", "caseloads", "front-door", "care-leavers", "early-help"]


def synthetic_item(lines: list[str], council: int, kind: str, name: str, quote: str,
                   statements: str, offset: int) -> str:
    """Append one item and its evidence to `lines`; return the item's prefixed name."""
    iri = f"id:{kind}\\/council-{council}\\/{name}"
    evidence = f"id:evidence\\/c{council}\\/{offset}"
    lines.append(f"{iri} a okg:{kind.capitalize()} ; prov:wasDerivedFrom {evidence} ;"
                 f" {statements} .")
    lines.append(f"{evidence} oa:hasSource id:document\\/council-{council} ;"
                 f' oa:hasSelector [ oa:exact "{quote}" ] , [ oa:start {offset} ] .')
    return iri


def synthetic_turtle(authorities: int = 10, findings: int = 12) -> str:
    """A graph of 30 nodes per authority written from a template (one inspection, findings,
    three recommendations, thirteen responses); one quote tries to close the script tag."""
    lines = [SYNTHETIC_PREFIXES]
    for a in range(authorities):
        gss = f"E0900{a:04d}"
        authority = f"id:authority\\/{gss}"
        visit = f"id:inspection\\/{gss}\\/2022-05\\/focused-visit"
        lines += [
            f'{authority} a okg:Authority ; rdfs:label "Council {a}" ; okg:gssCode "{gss}" .',
            f"id:document\\/council-{a} a okg:SourceDocument ;"
            f" dcterms:source <https://example.org/minutes/{a}> .",
            f"{visit} a okg:Inspection ; okg:inspectedAuthority {authority} ;"
            " okg:inspectionType def:inspection-type\\/focused-visit .",
        ]
        found = [synthetic_item(lines, a, "finding", f"f{f + 1}",
                                f"inspectors saw weakness {f} in council {a}",
                                f"okg:fromInspection {visit} ;"
                                f" okg:theme def:theme\\/{THEMES[f % 5]}",
                                100 * f) for f in range(findings)]
        recommendations = [synthetic_item(lines, a, "recommendation", f"r{r + 1}",
                                          f"the council should mend weakness {r}",
                                          f"okg:fromInspection {visit} ; okg:addresses {found[r]}",
                                          5000 + 100 * r) for r in range(3)]
        targets = recommendations + found[3:-2]  # the last two findings stay unanswered
        for n in range(13):
            quote = f"the council acted on point {n}" + (" </script><b>x</b>" if n == 0 else "")
            synthetic_item(lines, a, "response", f"a{n + 1}", quote,
                           f"okg:respondsTo {targets[n % len(targets)]} ;"
                           f" okg:byAuthority {authority} ; okg:theme def:theme\\/{THEMES[n % 5]}",
                           9000 + 100 * n)
    return "\n".join(lines) + "\n"


def test_browser_page_of_300_nodes_loads_and_draws_them_all(open_page, tmp_path):
    data = tmp_path / "big.ttl"
    data.write_text(synthetic_turtle(), encoding="utf-8")
    network = build_network(Graph().parse(data))
    assert network.number_of_nodes() == 300
    out = tmp_path / "big.html"
    draw([data], out)
    page = open_page(out)
    assert page.errors() == []
    assert page.foreign_requests() == []
    assert page.evaluate("window.ofstedKg.drawnNodeCount()") == 300
    assert page.evaluate("window.ofstedKg.cy.edges().length") == network.number_of_edges()
    # Labels stay readable: the page starts zoomed to the width, not shrunk to fit 300 rows.
    assert page.evaluate("window.ofstedKg.cy.zoom()") >= 0.6
    assert page.page.inner_text("#counts") == "300 nodes, 120 findings, 20 with no response"
    # The quote that tries to close the <script> element arrives as plain text.
    quote = page.evaluate(f"window.ofstedKg.cy.getElementById('{ID}response/council-0/a1')"
                          ".data('quote')")
    assert quote == "the council acted on point 0 </script><b>x</b>"


def test_browser_filtered_subgraph_equals_networkx(open_page, tmp_path):
    data = tmp_path / "big.ttl"
    data.write_text(synthetic_turtle(authorities=3), encoding="utf-8")
    out = tmp_path / "one.html"
    chosen = draw([data], out, authority="E09000001")
    page = open_page(out)
    assert page.evaluate("window.ofstedKg.drawnNodeCount()") == chosen.number_of_nodes() == 30
    assert isinstance(chosen, nx.DiGraph)
