"""Metrics: figures about the service with value, unit and the clause they came from."""

from __future__ import annotations

import pytest

from graph.extract.metrics import find_metrics
from graph.extract.sentences import split_sentences
from graph.model import Metric


def metrics(body: str) -> tuple[Metric, ...]:
    found = find_metrics(split_sentences(body))
    for metric in found:
        assert body[metric.quote.start : metric.quote.end] == metric.quote.text
    return found


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Stability had improved, with 58% of social workers in post for a year or more.",
         58, "percent"),
        ("The Director noted that the turnover rate of 21.5% was below the national average.",
         21.5, "percent"),
        ("There was a 9 per cent fall in the number of children in care.", 9, "percent"),
        ("A new academy had opened and 14 recruits were completing the programme.", 14, "count"),
        ("An overseas campaign had resulted in seven posts being filled.", 7, "count"),
        ("The average caseload was 17 children per social worker.", 17, "count"),
        ("Spending on agency staff had reached £2.5m in the year.", 2_500_000, "pounds"),
    ],
)
def test_a_figure_about_the_service_is_a_metric(sentence: str, value: float, unit: str) -> None:
    (metric,) = metrics(sentence)
    assert (metric.value, metric.unit) == (value, unit)


def test_from_to_gives_one_metric_with_the_latest_value() -> None:
    (metric,) = metrics("Work on the front door cut the re-referral rate from 27% to 16%.")
    assert metric.value == 16
    assert metric.measure == "re-referral rate (from 27%)"
    assert "from 27% to 16%" in metric.quote.text


def test_coordinated_targets_are_two_metrics() -> None:
    body = ("He said the Council had a target of an average caseload of 20 for social workers "
            "and 15 for newly qualified social workers.")
    first, second = metrics(body)
    assert (first.value, second.value) == (20, 15)
    assert second.quote.text == "15 for newly qualified social workers"


def test_quote_is_the_clause_not_the_sentence() -> None:
    body = ("The Director provided workforce data, stating that the vacancy rate was 11% and "
            "there was a turnover of about 16%, which was an improvement.")
    first, second = metrics(body)
    assert first.quote.text == "the vacancy rate was 11%"
    assert second.quote.text == "there was a turnover of about 16%"
    assert first.measure == "vacancy rate"


@pytest.mark.parametrize(
    "sentence",
    [
        "The meeting was held on 14 March 2022 at 10.30 am.",
        "Meeting of the Children's Select Committee (Item 10.)",
        "Ofsted Focused Visit report pdf icon PDF 57 KB",
        "There would be 2 inspections the following week.",
        "Staff had weekly protected learning time, usually for two hours.",
        "Over the last 18 months caseloads had fallen.",
        "The Children Act 1989 sets the duty under section 17.",
        "The service did not want to be in the same position in two years' time.",
        "The improvement plan had four themes.",
        "Inspectors gave two Areas for Priority Action.",
        "The response to COVID-19 was discussed.",
        "14:30 Update on the children in care of the borough",
        "The panel discussed Ofsted Focused Visit 3 - children in need.",
    ],
)
def test_dates_times_labels_and_durations_are_not_metrics(sentence: str) -> None:
    assert metrics(sentence) == ()


def test_numbered_list_items_are_not_metrics() -> None:
    assert metrics("1) That the report be noted\n2) That the Committee receive updates\n") == ()


def test_a_count_after_number_of_is_a_metric_and_the_earlier_value_is_not() -> None:
    (metric,) = metrics("The number of children in care was 672, up from 640 last year.")
    assert (metric.value, metric.unit) == (672, "count")


def test_and_between_nouns_does_not_cut_the_quote() -> None:
    (metric,) = metrics("Officers said 72% of children in care and care leavers had a plan.")
    assert metric.quote.text.endswith("72% of children in care and care leavers had a plan")


def test_a_compared_value_is_part_of_the_metric_it_is_compared_with() -> None:
    found = metrics("Visits were on time for 88% of children, compared with 64% a year ago.")
    assert [(m.value, m.quote.text) for m in found] == [
        (88, "Visits were on time for 88% of children, compared with 64% a year ago")]
    assert found[0].measure == "children (against 64%)"


@pytest.mark.parametrize(
    ("body", "value", "quote"),
    [
        ("There were 510 children on plans, up from 470.", 510,
         "There were 510 children on plans, up from 470"),
    ],
)
def test_a_figure_and_its_target_or_earlier_value_are_one_metric(
        body: str, value: float, quote: str) -> None:
    (metric,) = metrics(body)
    assert (metric.value, metric.quote.text) == (value, quote)


def test_a_target_with_no_figure_before_it_is_a_metric_of_its_own() -> None:
    (metric,) = metrics("The service had set a target of an average caseload of 19 for staff.")
    assert metric.value == 19


def test_a_reporting_verb_and_its_that_are_not_in_the_quote() -> None:
    (metric,) = metrics("The Head of Service said that mentoring had been offered to 35 "
                        "agency staff.")
    assert metric.quote.text == "mentoring had been offered to 35 agency staff"


def test_an_average_named_before_was_makes_a_count_a_metric() -> None:
    (metric,) = metrics("The Principal Social Worker confirmed that the average caseload "
                        "across the locality teams was 19.")
    assert (metric.value, metric.quote.text) == (
        19, "the average caseload across the locality teams was 19")


def test_money_in_millions_is_its_value_in_pounds() -> None:
    (metric,) = metrics("The Cabinet had agreed £3.4m of additional funding for the service.")
    assert (metric.value, metric.unit) == (3_400_000, "pounds")


def test_risen_to_gives_the_current_value() -> None:
    found = metrics("Officers said the number of care leavers in touch had risen to 230.")
    assert [(m.value, m.unit) for m in found] == [(230, "count")]


def test_a_total_named_before_its_verb_is_a_count() -> None:
    (metric,) = metrics("Average caseloads in the assessment teams currently stand at 21.")
    assert (metric.value, metric.unit) == (21, "count")


def test_a_threshold_is_not_a_metric() -> None:
    found = metrics("Children with four or more moves had dropped to 7%.")
    assert [(m.value, m.unit) for m in found] == [(7, "percent")]


def test_what_money_bought_is_not_a_second_metric() -> None:
    found = metrics("The council spent £1.5m on three new family hubs.")
    assert [(m.value, m.unit) for m in found] == [(1500000, "pounds")]


def test_a_comma_in_a_listed_subject_does_not_cut_the_quote() -> None:
    (metric,) = metrics("The share of care leavers in work, study or training was 61%.")
    assert metric.quote.text == "The share of care leavers in work, study or training was 61%"


def test_a_minute_number_opening_a_sentence_is_no_metric() -> None:
    assert metrics("17 The Head of Service presented a report on the children in care.\n") == ()


def test_a_figure_and_its_target_are_two_metrics() -> None:
    first, second = metrics("The average caseload in the duty team was currently 23, "
                            "against a target of 17.")
    assert (first.value, first.quote.text) == (
        23, "The average caseload in the duty team was currently 23")
    assert (second.value, second.quote.text) == (17, "against a target of 17")


@pytest.mark.parametrize(
    "sentence",
    [
        "Four additional team managers had been appointed to the locality teams.",
        "Nine experienced practitioners were recruited from overseas in the autumn.",
        "The Council had agreed a plan to open two new residential homes next year.",
    ],
)
def test_a_count_of_what_the_council_did_or_plans_is_no_metric(sentence: str) -> None:
    assert metrics(sentence) == ()


def test_a_count_that_joined_stays_a_metric() -> None:
    (metric,) = metrics("He added that 16 newly qualified social workers had joined in May.")
    assert metric.value == 16


def test_a_number_of_with_a_long_noun_before_its_verb_is_a_count() -> None:
    (metric,) = metrics("The Head of Service confirmed that the number of young people "
                        "subject to a child in need plan had risen to 1,040.")
    assert metric.value == 1040


def test_an_earlier_value_in_brackets_closes_its_bracket_in_the_quote() -> None:
    (metric,) = metrics("He said there were 284 children on protection plans (up from 251).")
    assert metric.value == 284
    assert metric.quote.text.endswith("(up from 251)")


def test_the_whole_a_part_is_counted_out_of_is_no_metric() -> None:
    (metric,) = metrics("Officers reported that 38 of the 50 audited cases were rated good.")
    assert metric.value == 38


def test_a_rate_per_head_of_population_is_a_metric() -> None:
    (metric,) = metrics("The rate of children in care was 66 per 10,000 in March.")
    assert metric.value == 66


def test_two_figures_of_one_quote_are_one_metric() -> None:
    (metric,) = metrics("The letter said a delay had arisen in one or two cases.")
    assert metric.quote.text == "The letter said a delay had arisen in one or two cases"
