"""The authority resolver: register, lineage, hosts and names in the text (issue 3, part 1)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.extract.authority import (
    DATA_DIR,
    authority_for_host,
    authority_in_text,
    by_code,
    lookup,
    register,
    resolve_authority,
)
from graph.ingest import read_document
from graph.model import Document


def document(body: str, **meta: str) -> Document:
    return Document(identifier="test.txt", path=Path("test.txt"), body=body, **meta)


def test_register_holds_current_and_former_authorities() -> None:
    current = [entry for entry in register() if not entry.end_date]
    assert len(current) == 153
    assert len(register()) == 161
    assert len({entry.gss for entry in register()}) == 161


def test_register_successors_exist_and_end_before_they_start() -> None:
    for entry in register():
        for successor in entry.replaced_by:
            assert by_code()[successor].start_date > entry.end_date


def test_register_attribution_is_shipped() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "mySociety" in readme and "MIT" in readme


def test_host_exceptions_name_registered_codes() -> None:
    with (DATA_DIR / "hosts.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["gss"] in by_code(), row


@pytest.mark.parametrize(
    ("name", "gss"),
    [
        ("Bristol, City of", "E06000023"),
        ("City of Bristol", "E06000023"),
        ("Bristol City Council", "E06000023"),
        ("Bournemouth, Christchurch & Poole", "E06000058"),
        ("BCP Council", "E06000058"),
        ("Hammersmith & Fulham", "E09000013"),
        ("Kingston Upon Hull", "E06000010"),
        ("Telford & Wrekin", "E06000020"),
        ("St. Helens", "E08000013"),
        ("Durham", "E06000047"),
        ("RBWM", "E06000040"),
        ("London Borough of Camden", "E09000007"),
        ("Kent County Council", "E10000016"),
        ("E08000009", "E08000009"),
    ],
)
def test_lookup_accepts_the_usual_variants(name: str, gss: str) -> None:
    found = lookup(name)
    assert found is not None and found.gss == gss


def test_recoded_authorities_accept_the_new_code_and_publish_the_shared_registers() -> None:
    assert lookup("E08000038").gss == "E08000016"
    assert lookup("E08000039").gss == "E08000019"
    assert lookup("Sheffield").gss == "E08000019"


@pytest.mark.parametrize(
    ("name", "date", "gss"),
    [
        ("Northamptonshire", "2020-02-11", "E10000021"),
        ("North Northamptonshire", "2020-02-11", "E10000021"),
        ("North Northamptonshire", "2022-05-01", "E06000061"),
        ("Buckinghamshire", "2019-06-01", "E06000060"),
        ("Buckinghamshire", "2021-06-01", "E06000060"),
        ("Dorset", "2018-11", "E06000059"),
        ("Dorset", "2020", "E06000059"),
        ("North Yorkshire", "2022-09-01", "E06000065"),
        ("North Yorkshire", "2024-01-15", "E06000065"),
        ("Cumbria", "2022-01-01", "E10000006"),
        ("Poole", "2021-03-01", "E06000058"),
    ],
)
def test_reorganised_authorities_resolve_to_one_successor_or_as_of_the_date(
    name: str, date: str, gss: str
) -> None:
    assert lookup(name, date).gss == gss


@pytest.mark.parametrize(
    ("url", "gss"),
    [
        ("https://moderngov.cheshireeast.gov.uk/ecminutes/ieListDocuments.aspx?MId=1", "E06000049"),
        ("https://democracy.medway.gov.uk/mgIssueHistoryHome.aspx?IId=1", "E06000035"),
        ("https://councillors.herefordshire.gov.uk/ieListDocuments.aspx?CId=1", "E06000019"),
        ("https://trafford.moderngov.co.uk/ieListMeetings.aspx", "E08000009"),
        ("https://democratic.trafford.gov.uk/ieIssueDetails.aspx?IId=1", "E08000009"),
        ("https://committees.westsussex.gov.uk/", "E10000032"),
        ("https://democracy.lbhf.gov.uk/", "E09000013"),
        ("https://democracy.bcpcouncil.gov.uk/", "E06000058"),
        ("https://cmis.hullcc.gov.uk/", "E06000010"),
        ("https://democracy.towerhamlets.gov.uk/", "E09000030"),
        ("https://democracy.hants.gov.uk/", "E10000014"),
        ("https://moderngov.southwark.gov.uk/", "E09000028"),
    ],
)
def test_hosts_resolve_by_their_labels(url: str, gss: str) -> None:
    found = authority_for_host(url)
    assert found is not None and found.gss == gss


def test_unknown_host_resolves_to_nothing() -> None:
    assert authority_for_host("https://democracy.example.org/item/1") is None


def test_subject_wording_wins_over_passing_mentions() -> None:
    body = (
        "Halton received the focused visit in October. The shortage of social workers was "
        "compared with Wigan and other neighbouring authorities such as Warrington."
    )
    assert authority_in_text(body).gss == "E06000006"


def test_greater_manchester_is_not_manchester() -> None:
    body = ("Trafford were doing well in retaining staff, better than most Greater "
            "Manchester authorities.")
    assert authority_in_text(body).gss == "E08000009"


def test_possessive_childrens_services_names_the_subject() -> None:
    body = "An update on the inspection of Manchester's Children's Services was given."
    assert authority_in_text(body).gss == "E08000003"


def test_councillor_surnames_are_not_authorities() -> None:
    body = "Councillor Blackburn asked about agency staff. Mr W Bolton replied."
    assert authority_in_text(body) is None


def test_words_inside_other_names_are_not_matched() -> None:
    body = ("Children's services in North Yorkshire were praised. A Kentish charity met "
            "staff at Bury St Edmunds.")
    assert authority_in_text(body).gss == "E06000065"


def test_no_name_gives_no_authority() -> None:
    body = "The Cabinet Member explained that the Ofsted letter had been delayed."
    assert authority_in_text(body) is None


def test_a_tie_between_two_authorities_gives_no_authority() -> None:
    assert authority_in_text("Officers from Stockport and Oldham attended.") is None


def test_front_matter_first_then_host_then_text() -> None:
    body = "Halton received the focused visit."
    assert resolve_authority(document(body, authority="Trafford")).gss == "E08000009"
    url = "https://moderngov.cheshireeast.gov.uk/ecminutes/ieListDocuments.aspx"
    assert resolve_authority(document(body, source_url=url)).gss == "E06000049"
    assert resolve_authority(document(body)).gss == "E06000006"


def test_front_matter_gss_code_and_meeting_date_drive_lineage() -> None:
    body = "The Cabinet considered the monitoring visit letter."
    found = resolve_authority(document(body, authority="Northamptonshire",
                                       meeting_date="2020-02-11"))
    assert found.gss == "E10000021"
    assert resolve_authority(document(body, authority="E06000060")).gss == "E06000060"


def test_the_councils_full_name_outweighs_a_passing_mention() -> None:
    body = ("Stockport Metropolitan Borough Council\n\nChildren and Families Scrutiny Committee\n\n"
            "Officers compared caseloads with those in Oldham.")
    assert authority_in_text(body).gss == "E08000007"


def test_a_comparison_is_not_enough_but_a_plain_mention_is() -> None:
    assert authority_in_text("Officers compared the approach with Salford.") is None
    assert authority_in_text("The Salford model was praised.").gss == "E08000006"


@pytest.mark.parametrize(
    ("example", "gss"),
    [
        ("02-halton-focused-visit-2021.txt", "E06000006"),
        ("05-cheshire-east-url-only.txt", "E06000049"),
        ("06-northamptonshire-2020.txt", "E10000021"),
    ],
)
def test_example_minutes_resolve_from_text_host_and_date(example: str, gss: str) -> None:
    path = Path(__file__).resolve().parent.parent / "examples" / "minutes" / example
    if not path.is_file():
        pytest.skip(f"{example} is not among the examples")
    assert resolve_authority(read_document(path)).gss == gss


def test_every_authority_has_its_dfe_code_and_a_slug() -> None:
    with (DATA_DIR / "authorities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["dfe_code"].isdigit() and len(row["dfe_code"]) == 3 for row in rows)
    assert len({row["slug"] for row in rows}) == len(rows)


def test_a_neighbour_named_before_a_verb_is_still_a_neighbour() -> None:
    body = ("Ofsted inspected children's services in Cumberland in May 2023. Members heard "
            "that neighbouring Westmorland and Furness had faced similar pressures, and that "
            "councils such as Lancashire have reported the same.")
    assert authority_in_text(body) .name == "Cumberland"
