"""Export: every syntax reproducible, read back alike by rdflib and pyoxigraph, described by
DCAT/VoID with true counts and sizes, split into per-document graphs in TriG, and valid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from graph.cli import app
from graph.dcat import DatasetSettings, dataset_iri
from graph.export import FORMATS, export, format_for, named_graphs, prepare
from graph.model import Authority, Document, Extraction, Finding, Inspection, Response, Span
from graph.rdf import to_graph
from graph.resources import data_graph
from graph.validate import validate
from graph.vocab import DCAT, OA, OKG, PROV, VOID

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "xml": "xml"}
OXIGRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                    "jsonld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG,
                    "xml": ox.RdfFormat.RDF_XML}
OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
BASE = "https://w3id.org/ofsted-kg/id/"
runner = CliRunner()


def read_with_rdflib(path: Path, name: str) -> Graph:
    """Every triple of the file, from all its graphs, parsed by rdflib."""
    if name != "trig":
        return Graph().parse(path, format=RDFLIB_FORMATS[name])
    dataset = Dataset()
    dataset.parse(path, format="trig")
    graph = Graph()
    for subject, predicate, obj, _ in dataset.quads():
        graph.add((subject, predicate, obj))
    return graph


def read_with_pyoxigraph(path: Path, name: str) -> Graph:
    """Every triple of the file, from all its graphs, parsed by pyoxigraph."""
    quads = ox.parse(path=str(path), format=OXIGRAPH_FORMATS[name])
    return Graph().parse(data="".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads),
                         format="nt")


def export_all(data: Graph, folder: Path, settings: DatasetSettings | None = None
               ) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    outputs = [(folder / f"graph.{name}", FORMATS[name]) for name in FORMATS]
    export(data, outputs, settings)
    return {name: folder / f"graph.{name}" for name in FORMATS}


@pytest.fixture(scope="module")
def handmade() -> Graph:
    return Graph().parse(Path(__file__).parent / "fixtures" / "handmade.ttl")


@pytest.fixture(scope="module")
def exported(handmade: Graph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export_all(handmade, tmp_path_factory.mktemp("export"))


def unseen_minutes() -> list[Extraction]:
    """Two documents written for this test that mention the same inspection."""
    first = Document(identifier="wirral-2023-02.txt", path=Path("wirral-2023-02.txt"),
                     body="Members heard that the monitoring visit in January 2023 found "
                          "caseloads too high. The service has since recruited six social "
                          "workers.", meeting_date="2023-02-06",
                     source_url="https://example.org/wirral/2023-02")
    second = Document(identifier="wirral-2023-07.txt", path=Path("wirral-2023-07.txt"),
                      body="The January 2023 monitoring visit was discussed again.",
                      meeting_date="2023-07-10")
    authority = Authority(gss="E08000015", name="Wirral")

    def span(document: Document, words: str) -> Span:
        start = document.body.index(words)
        return Span(start, start + len(words), words)

    visit = span(first, "the monitoring visit in January 2023")
    return [
        Extraction(
            document=first, authority=authority,
            inspections=(Inspection("monitoring-visit", (visit,), start="2023-01"),),
            findings=(Finding(span(first, "found caseloads too high"), 0, "weakness",
                              "workforce"),),
            responses=(Response(span(first, "recruited six social workers"), ("F0",),
                                "workforce", "done"),),
        ),
        Extraction(
            document=second, authority=authority,
            inspections=(Inspection("monitoring-visit",
                                    (span(second, "The January 2023 monitoring visit"),),
                                    start="2023-01"),),
        ),
    ]


def test_export_same_input_gives_same_bytes(handmade: Graph, exported: dict[str, Path],
                                            tmp_path: Path) -> None:
    again = export_all(handmade, tmp_path)
    for name in FORMATS:
        assert again[name].read_bytes() == exported[name].read_bytes(), name


def test_export_bytes_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Hash seeds change set order in Python: two processes must still agree."""
    script = ("import sys; from pathlib import Path; from rdflib import Graph; "
              "from graph.export import FORMATS, export; "
              "g = Graph().parse(sys.argv[1]); out = Path(sys.argv[2]); out.mkdir(); "
              "export(g, [(out / f'g.{n}', f) for n, f in FORMATS.items()])")
    fixture = str(Path(__file__).parent / "fixtures" / "handmade.ttl")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, fixture, str(tmp_path / seed)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    for name in FORMATS:
        first = (tmp_path / "1" / f"g.{name}").read_bytes()
        assert first == (tmp_path / "2" / f"g.{name}").read_bytes(), name


@pytest.mark.parametrize("name", list(FORMATS))
def test_export_reads_back_alike_in_rdflib_and_pyoxigraph(name: str,
                                                          exported: dict[str, Path]) -> None:
    reference = Graph().parse(exported["nt"], format="nt")
    by_rdflib = read_with_rdflib(exported[name], name)
    by_pyoxigraph = read_with_pyoxigraph(exported[name], name)
    assert len(by_rdflib) == len(by_pyoxigraph) == len(reference)
    assert isomorphic(by_rdflib, reference)
    assert isomorphic(by_pyoxigraph, reference)


def test_export_holds_data_ontology_and_description(handmade: Graph,
                                                    exported: dict[str, Path]) -> None:
    graph = Graph().parse(exported["nt"], format="nt")
    trig = Dataset()
    trig.parse(exported["trig"], format="trig")
    description = trig.graph(dataset_iri(BASE))
    assert len(description) > 50
    assert len(graph) == len(handmade) + len(data_graph("ontology")) + len(description)
    scheme = URIRef("https://w3id.org/ofsted-kg/def/theme/workforce")
    assert (scheme, URIRef("http://www.w3.org/2004/02/skos/core#notation"),
            Literal("workforce")) in graph


def test_export_description_counts_what_is_there(handmade: Graph,
                                                 exported: dict[str, Path]) -> None:
    graph = Graph().parse(exported["ttl"])
    dataset = dataset_iri(BASE)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, DCTERMS.license) == OGL
    assert graph.value(dataset, VOID.triples).toPython() == len(handmade)
    assert str(graph.value(dataset, DCTERMS.title))
    assert str(graph.value(dataset, DCTERMS.description))
    assert set(graph.objects(dataset, DCTERMS.conformsTo)) == {
        URIRef("https://w3id.org/ofsted-kg/def"), URIRef("https://w3id.org/ofsted-kg/def/shapes")}
    publisher = graph.value(dataset, DCTERMS.publisher)
    assert str(graph.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == "ofsted-kg"

    partitions = {graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
                  for p in graph.objects(dataset, VOID.classPartition)}
    real = {cls: len(set(handmade.subjects(RDF.type, cls)))
            for cls in set(handmade.objects(None, RDF.type))}
    assert partitions == real
    assert partitions[OKG.Finding] == 4
    assert partitions[OKG.Response] == 4


def test_export_distributions_give_each_files_true_size(exported: dict[str, Path]) -> None:
    for name, path in exported.items():
        graph = read_with_rdflib(path, name)
        distributions = list(graph.objects(dataset_iri(BASE), DCAT.distribution))
        assert len(distributions) == len(FORMATS)
        sizes = {str(graph.value(d, DCTERMS.title)): graph.value(d, DCAT.byteSize)
                 for d in distributions}
        for other in exported.values():
            assert sizes[other.name] == Literal(other.stat().st_size,
                                                datatype=XSD.nonNegativeInteger)
        media = {str(graph.value(d, DCAT.mediaType)) for d in distributions}
        assert "https://www.iana.org/assignments/media-types/text/turtle" in media


def test_export_dates_come_from_the_data_or_the_options(handmade: Graph, tmp_path: Path) -> None:
    graph = Graph().parse(export_all(handmade, tmp_path / "a")["ttl"])
    dataset = dataset_iri(BASE)
    assert graph.value(dataset, DCTERMS.issued) == Literal("2022-01-24", datatype=XSD.date)
    assert graph.value(dataset, DCTERMS.modified) == Literal("2022-01-24", datatype=XSD.date)

    settings = DatasetSettings(issued="2026-11-25", modified="2026-12-01", title="My title",
                               publisher="https://example.org/council",
                               download_base="https://example.org/files/")
    graph = Graph().parse(export_all(handmade, tmp_path / "b", settings)["ttl"])
    assert graph.value(dataset, DCTERMS.issued) == Literal("2026-11-25", datatype=XSD.date)
    assert graph.value(dataset, DCTERMS.modified) == Literal("2026-12-01", datatype=XSD.date)
    assert graph.value(dataset, DCTERMS.title) == Literal("My title", lang="en")
    assert graph.value(dataset, DCTERMS.publisher) == URIRef("https://example.org/council")
    assert (dataset, VOID.dataDump, URIRef("https://example.org/files/graph.ttl")) in graph


def test_export_trig_has_one_graph_per_document_plus_ontology_and_description(
        exported: dict[str, Path]) -> None:
    dataset = Dataset()
    dataset.parse(exported["trig"], format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {
        "https://w3id.org/ofsted-kg/def",
        "https://w3id.org/ofsted-kg/id/dataset",
        "https://w3id.org/ofsted-kg/id/document/trafford-2021-06",
        "https://w3id.org/ofsted-kg/id/document/halton-2022-01",
    }
    trafford = dataset.graph(URIRef("https://w3id.org/ofsted-kg/id/document/trafford-2021-06"))
    assert (URIRef(f"{BASE}finding/trafford-2021-06/f3"), RDF.type, OKG.Finding) in trafford
    assert (URIRef(f"{BASE}authority/E08000009"), RDF.type, OKG.Authority) in trafford
    assert not list(trafford.triples((URIRef(f"{BASE}authority/E06000006"), None, None)))
    quotes = {str(q) for q in trafford.objects(None, OA.exact)}
    assert "care leavers did not always know their entitlements" in quotes


def test_export_shared_inspection_is_repeated_with_each_documents_own_evidence() -> None:
    data = to_graph(unseen_minutes())
    graphs = named_graphs(data, URIRef(f"{BASE}dataset/unattached"))
    first = graphs[URIRef(f"{BASE}document/wirral-2023-02-txt")]
    second = graphs[URIRef(f"{BASE}document/wirral-2023-07-txt")]
    visit = URIRef(f"{BASE}inspection/E08000015/2023-01/monitoring-visit")
    for graph, doc in ((first, "wirral-2023-02-txt"), (second, "wirral-2023-07-txt")):
        assert (visit, RDF.type, OKG.Inspection) in graph
        assert (URIRef(f"{BASE}authority/E08000015"), OKG.gssCode, Literal("E08000015")) in graph
        evidence = set(graph.objects(visit, PROV.wasDerivedFrom))
        assert evidence and all(f"/evidence/{doc}/" in e for e in evidence)
    assert len(graphs) == 2
    union = Graph()
    for graph in graphs.values():
        union += graph
    assert isomorphic(union, data)


def test_export_of_unseen_minutes_agrees_across_syntaxes_and_validates(tmp_path: Path) -> None:
    data = to_graph(unseen_minutes())
    files = export_all(data, tmp_path)
    reference = Graph().parse(files["nt"], format="nt")
    for name, path in files.items():
        assert isomorphic(read_with_rdflib(path, name), reference), name
        assert isomorphic(read_with_pyoxigraph(path, name), reference), name
    result = validate(reference)
    assert not result.violations, [p.line() for p in result.violations]


def test_export_built_from_minutes_never_seen_before(tmp_path: Path) -> None:
    from graph.pipeline import build_graph

    minutes = tmp_path / "minutes" / "knowsley-2024-03-11.txt"
    minutes.parent.mkdir()
    minutes.write_text(
        "---\nauthority: Knowsley\nmeeting_date: 2024-03-11\n"
        "source_url: https://example.org/knowsley/2024-03-11\n---\n"
        "Ofsted inspectors carried out a focused visit in November 2023. Inspectors found "
        "that too many children waited too long for an assessment. In response the council "
        "has appointed two additional team managers. RESOLVED: That the report be noted.\n",
        encoding="utf-8")
    data, report = build_graph([minutes.parent])
    assert report.documents == 1
    files = export_all(data, tmp_path / "out")
    reference = Graph().parse(files["nt"], format="nt")
    for name, path in files.items():
        assert isomorphic(read_with_rdflib(path, name), reference), name
        assert isomorphic(read_with_pyoxigraph(path, name), reference), name
    assert reference.value(dataset_iri(BASE), VOID.triples).toPython() == len(data)
    result = validate(reference)
    assert not result.violations, [p.line() for p in result.violations]


def test_export_of_an_export_keeps_the_data_and_renews_the_description(
        handmade: Graph, exported: dict[str, Path], tmp_path: Path) -> None:
    data = prepare(handmade, DatasetSettings()).data
    for name in ("ttl", "trig", "jsonld"):
        read_back = read_with_rdflib(exported[name], name)
        assert isomorphic(prepare(read_back, DatasetSettings()).data, data), name
        again = tmp_path / f"{name}.ttl"
        export(read_back, [(again, FORMATS["ttl"])])
        graph = Graph().parse(again)
        assert graph.value(dataset_iri(BASE), VOID.triples).toPython() == len(handmade)
        distributions = list(graph.objects(dataset_iri(BASE), DCAT.distribution))
        assert len(distributions) == 1
        assert graph.value(distributions[0], DCAT.byteSize).toPython() == again.stat().st_size


def test_export_prepare_separates_data_from_ontology(handmade: Graph) -> None:
    prepared = prepare(handmade + data_graph("ontology"), DatasetSettings())
    assert len(prepared.data) == len(handmade)


def test_export_jsonld_uses_the_shipped_context(exported: dict[str, Path]) -> None:
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"]["okg"] == "https://w3id.org/ofsted-kg/def#"
    types = {t for node in document["@graph"] for t in
             (node.get("@type") if isinstance(node.get("@type"), list) else [node.get("@type")])}
    assert "okg:Finding" in types


def test_export_format_follows_the_extension_or_the_option() -> None:
    assert format_for(Path("a.ttl")).name == "ttl"
    assert format_for(Path("a.rdf")).name == "xml"
    assert format_for(Path("a.out"), "nt").name == "nt"


def test_export_cli_writes_and_reports(handmade_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--data", str(handmade_path), "--out",
                                 str(tmp_path / "g.ttl"), "--out", str(tmp_path / "g.trig"),
                                 "--publisher", "Example Council", "--issued", "2026-11-25",
                                 "--endpoint", "https://example.org/sparql"])
    assert result.exit_code == 0, result.output
    size = (tmp_path / "g.trig").stat().st_size
    assert f"Wrote {tmp_path / 'g.trig'} (application/trig, {size:,} bytes)" in result.output
    graph = Graph().parse(tmp_path / "g.ttl")
    publisher = graph.value(dataset_iri(BASE), DCTERMS.publisher)
    assert str(graph.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == \
        "Example Council"
    assert graph.value(dataset_iri(BASE), VOID.sparqlEndpoint) == \
        URIRef("https://example.org/sparql")
    assert len(list(graph.objects(dataset_iri(BASE), DCAT.distribution))) == 3


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--out", "{tmp}/g.txt"], 2,
     "Error: {tmp}/g.txt: cannot tell the format from the extension; use --format or one of "
     ".ttl, .nt, .jsonld, .json, .trig, .rdf, .xml, .owl"),
    (["--out", "{tmp}/g.ttl", "--format", "n3"], 2,
     "Error: unknown format 'n3'; choose one of ttl, nt, jsonld, trig, xml"),
    (["--out", "{tmp}/g.ttl", "--out", "{tmp}/g.nt", "--format", "nt"], 2,
     "Error: --format goes with a single --out; with several, each file's extension names "
     "its format"),
    (["--out", "{tmp}/g.ttl", "--issued", "last week"], 2,
     "Error: --issued must be an ISO 8601 date like 2026-11-25, not 'last week'"),
    (["--out", "{tmp}/a/g.ttl", "--out", "{tmp}/b/g.ttl"], 2,
     "Error: two outputs have the same file name; each needs its own distribution"),
])
def test_export_cli_refuses_bad_options(args: list[str], code: int, message: str,
                                        handmade_path: Path, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, ["export", "--data", str(handmade_path), *args])
    assert result.exit_code == code, result.output
    assert result.output.strip() == message.replace("{tmp}", str(tmp_path))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("content", "message"), [
    (None, "Error: {path}: no such file"),
    (b"\x00\x01\x02\xff\xfe", "Error: {path}: not a UTF-8 RDF file"),
])
def test_export_cli_unreadable_data_exits_3(content: bytes | None, message: str,
                                            tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["export", "--data", str(path), "--out", str(tmp_path / "o.nt")])
    assert result.exit_code == 3, result.output
    assert result.output.strip() == message.format(path=path)
