"""Query parameters: typed, bound as RDF terms in a VALUES block, never pasted as text."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from graph.errors import UsageError
from graph.query import (
    bind_parameters,
    inline_query,
    load_library,
    parse_param_options,
    prepare,
    run_query,
    where_brace,
    with_bindings,
)
from graph.store import ENGINES, store_from_graph

LIBRARY = load_library()
HOSTILE = 'x" } ; DROP ALL ; {"'


def findings(graph: Graph, engine: str = "oxigraph", **values: str) -> list[str]:
    store = store_from_graph(graph, engine)
    result = run_query(LIBRARY["trace"], values, store=store)
    return sorted({str(row["finding"]).split("/id/finding/")[1] for row in result.records()})


TRAFFORD = ["trafford-2021-06/f1", "trafford-2021-06/f2", "trafford-2021-06/f3"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", ["Trafford", "trafford", "TRAFFORD", "E08000009"])
def test_query_params_authority_by_name_any_case_or_gss(handmade_graph: Graph, engine: str,
                                                        value: str) -> None:
    assert findings(handmade_graph, engine, authority=value) == TRAFFORD


@pytest.mark.parametrize("engine", ENGINES)
def test_query_params_theme_type_and_since(handmade_graph: Graph, engine: str) -> None:
    assert findings(handmade_graph, engine, theme="workforce") == [
        "halton-2022-01/f1", "trafford-2021-06/f1"]
    assert findings(handmade_graph, engine, type="monitoring-visit") == ["halton-2022-01/f1"]
    assert findings(handmade_graph, engine, since="2021-06-01") == ["halton-2022-01/f1"]
    # A start known only to the month counts as on or after any day of that month.
    assert findings(handmade_graph, engine, since="2021-03-20") == [
        "halton-2022-01/f1", *TRAFFORD]
    assert findings(handmade_graph, engine, since="2022") == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["authority", "theme", "type"])
def test_query_params_hostile_value_gives_no_rows_not_an_error(handmade_graph: Graph,
                                                               engine: str, name: str) -> None:
    assert findings(handmade_graph, engine, **{name: HOSTILE}) == []


def test_query_params_hostile_value_leaves_the_query_text_unchanged() -> None:
    query = LIBRARY["trace"]
    text = prepare(query, {"authority": HOSTILE})
    brace = where_brace(query.text)
    values_line = (r'  VALUES (?param_authority ?param_theme ?param_type ?param_since) '
                   r'{ ("x\" } ; DROP ALL ; {\"" UNDEF UNDEF UNDEF) }')
    assert text == query.text[:brace + 1] + "\n" + values_line + query.text[brace + 1:]


def test_query_params_hostile_value_on_every_text_parameter(handmade_graph: Graph) -> None:
    store = store_from_graph(handmade_graph)
    for name, query in LIBRARY.items():
        for parameter in query.parameters:
            if parameter.type != "date":
                result = run_query(query, {parameter.name: HOSTILE}, store=store)
                assert result.rows == (), (name, parameter.name)


def test_query_params_are_typed() -> None:
    bindings = bind_parameters(LIBRARY["trace"], {
        "authority": "Halton", "theme": "workforce", "type": "focused-visit", "since": "2021-03"})
    assert bindings == {
        "param_authority": Literal("Halton"),
        "param_theme": URIRef("https://w3id.org/ofsted-kg/def/theme/workforce"),
        "param_type": URIRef("https://w3id.org/ofsted-kg/def/inspection-type/focused-visit"),
        "param_since": Literal("2021-03", datatype=XSD.gYearMonth),
    }
    assert bind_parameters(LIBRARY["trace"], {})["param_since"] is None


@pytest.mark.parametrize("value", ["yesterday", "2021-13-01", "2021-02-30", "21-01-01"])
def test_query_params_bad_date_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError, match=rf"--param since='{value}' is not a date like"):
        bind_parameters(LIBRARY["trace"], {"since": value})


def test_query_params_unknown_name_lists_the_accepted_ones() -> None:
    with pytest.raises(UsageError) as error:
        bind_parameters(LIBRARY["search"], {"colour": "red"})
    assert str(error.value) == "query 'search' has no parameter 'colour'; it accepts: words"


def test_query_params_options_are_name_equals_value() -> None:
    assert parse_param_options(["words=a=b", "authority=Halton"]) == {
        "words": "a=b", "authority": "Halton"}
    for bad in ["authority", "a b=1", "x)=1", "=1"]:
        with pytest.raises(UsageError, match=rf"--param '{re.escape(bad)}' is not NAME=VALUE"):
            parse_param_options([bad])


def test_query_params_bind_in_an_inline_query(handmade_graph: Graph) -> None:
    query = inline_query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                         "SELECT ?a WHERE { ?a rdfs:label ?label FILTER(?label = ?param_name) }")
    result = run_query(query, {"name": "Halton"}, store=store_from_graph(handmade_graph))
    assert [str(row[0]) for row in result.rows] == [
        "https://w3id.org/ofsted-kg/id/authority/E06000006"]
    with pytest.raises(UsageError, match="has no parameter 'other'"):
        bind_parameters(query, {"other": "x"})


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * WHERE { ?s ?p ?o }", "{ ?s"),
    ("SELECT * { ?s ?p ?o }", "{ ?s"),
    ('# WHERE { in a comment\nSELECT * WHERE { ?s ?p "where {" }', "{ ?s"),
    ("SELECT ?s FROM <http://x/g#where> where\n{ ?s ?p ?o }", "{ ?s"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . }", "{ ?s ?p ?o . }"),
    ("SELECT * WHERE { ?s ?p '''a ' WHERE { b''' }", "{ ?s"),
])
def test_query_params_go_into_the_outermost_where_group(text: str, expected: str) -> None:
    assert text[where_brace(text):].startswith(expected)


def test_query_params_no_bindings_leave_the_text_alone() -> None:
    assert with_bindings("SELECT * {}", {}) == "SELECT * {}"
