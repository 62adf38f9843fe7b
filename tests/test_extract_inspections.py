"""Inspections: kinds, dates at the text's precision, judgements, merging (issue 3, part 2)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.extract.inspections import (
    DateMention,
    Draft,
    find_inspections,
    find_meeting_date,
    holds,
    parse_dates,
)
from graph.extract.sentences import split_sentences
from graph.model import Document, Inspection, Span


def document(body: str, **meta: str) -> Document:
    return Document(identifier="test.txt", path=Path("test.txt"), body=body, **meta)


def inspections(body: str, meeting_date: str | None = None) -> tuple[Inspection, ...]:
    doc = document(body)
    return find_inspections(doc, split_sentences(body), meeting_date, None)


def only(body: str, meeting_date: str | None = None) -> Inspection:
    found = inspections(body, meeting_date)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "notation"),
    [
        ("Members discussed the outcome of the recent focus visit by Ofsted.", "focused-visit"),
        ("The Ofsted focused visit looked at children in need.", "focused-visit"),
        ("The fourth monitoring visit considered care leavers.", "monitoring-visit"),
        ("The joint targeted area inspection looked at exploitation.", "jtai"),
        ("The local area SEND inspection reported in May.", "send-area"),
        ("Ofsted's inspection under the single inspection framework was in 2016.", "sif"),
        ("The Department for Education (DfE) review praised the service.", "dfe-review"),
        ("A short inspection of the service was carried out.", "ilacs-short"),
        ("The standard inspection lasted two weeks.", "ilacs-standard"),
        ("The inspection of local authority children's services was published.", "ilacs"),
        ("Members welcomed the outcome of the full inspection.", "ilacs"),
    ],
)
def test_inspection_kinds(sentence: str, notation: str) -> None:
    assert only(sentence).type == notation


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on 13th and 14th November 2021", "2021-11-13", "2021-11-14"),
        ("on 16 and 17 October 2019", "2019-10-16", "2019-10-17"),
        ("from 30 November to 2 December 2021", "2021-11-30", "2021-12-02"),
        ("from the 1st to the 12th of July 2024", "2024-07-01", "2024-07-12"),
        ("in March and April 2022", "2022-03", "2022-04"),
        ("in March 2019", "2019-03", None),
        ("on 24/01/2022", "2022-01-24", None),
        ("during 2018", "2018", None),
    ],
)
def test_dates_keep_the_precision_of_the_text(text: str, start: str, end: str | None) -> None:
    (_, _, first, last), *_ = parse_dates(text, None)
    assert (first, last) == (start, end)


def test_month_without_year_is_read_against_the_meeting_date() -> None:
    assert parse_dates("took place in October", "2022-01-24")[0][2] == "2021-10"
    assert parse_dates("took place in January", "2022-01-24")[0][2] == "2022-01"
    assert parse_dates("on 13 and 14 October", "2022-01-24")[0][2:] == ("2021-10-13", "2021-10-14")


def test_may_without_a_year_is_the_verb() -> None:
    assert parse_dates("Members may wish to note the report", "2022-01-24") == []


def test_running_text_date_beats_the_heading_date() -> None:
    body = (
        "Ofsted Focused Visit 13th and 14th November 2021\n\n"
        "Wigan received the focused visit to its children's services on 13 and 14 October. "
        "The letter was published on 17 November 2021.\n"
    )
    found = only(body, "2022-01-24")
    assert (found.type, found.start, found.end) == ("focused-visit", "2021-10-13", "2021-10-14")
    assert len(found.evidence) == 2


def test_publication_date_dates_a_visit_only_when_nothing_else_does() -> None:
    found = only("The Ofsted monitoring visit letter was published on 6 May 2022.")
    assert found.start == "2022-05-06"
    found = only("The Ofsted monitoring visit took place in March 2022. The visit letter was "
                 "published on 6 May 2022.")
    assert found.start == "2022-03"


def test_future_visits_are_not_recorded() -> None:
    body = (
        "Following the Ofsted inspection in March 2019 the plan was agreed. Another visit "
        "would take place in October 2021 to look at help and protection. There would be 2 "
        "inspections the following week.\n"
    )
    found = only(body, "2021-07-01")
    assert (found.type, found.start) == ("ilacs", "2019-03")


def test_mentions_of_one_visit_merge_and_several_inspections_stay_apart() -> None:
    body = (
        "The improvement journey began after the Ofsted inspection in March 2019.\n"
        "Officers described the latest visit of Ofsted in March 2021 and the review of the "
        "Department for Education (DfE) in May 2021.\n"
        "Members asked about the scope of the focus visit.\n"
        "With regards to the recent Ofsted focus visit, members asked about referrals.\n"
    )
    found = {(i.type, i.start) for i in inspections(body, "2021-07-01")}
    assert found == {("ilacs", "2019-03"), ("focused-visit", "2021-03"), ("dfe-review", "2021-05")}
    focused = next(i for i in inspections(body, "2021-07-01") if i.type == "focused-visit")
    assert len(focused.evidence) == 3


def test_generic_mentions_join_the_named_visit() -> None:
    body = (
        "OFSTED MONITORING\n\n"
        "The Director said that Ofsted had visited recently. The inspection found that "
        "services for children in care had improved.\n"
    )
    found = only(body)
    assert found.type == "monitoring-visit"
    assert [span.text[:9] for span in found.evidence] == ["OFSTED MO", "The Direc", "The inspe"]


def test_a_framework_is_not_an_inspection() -> None:
    body = ("The focused visit was carried out in line with the Inspection of Local Authority "
            "Children's Services (ILACS) framework.")
    assert [i.type for i in inspections(body)] == ["focused-visit"]


@pytest.mark.parametrize(
    ("sentence", "judgement"),
    [
        ("Children's services had been judged as “good” by Ofsted after the inspection.", "good"),
        ("The Ofsted inspection rated the council inadequate.", "inadequate"),
        ("The ILACS judgement was requires improvement to be good.", "requires-improvement"),
        ("Ofsted's inspection judged services to be outstanding.", "outstanding"),
    ],
)
def test_judgements(sentence: str, judgement: str) -> None:
    assert only(sentence).judgement == judgement


def test_judgement_without_a_named_inspection_makes_a_full_one() -> None:
    found = only("Services had been rated inadequate by Ofsted in 2019.")
    assert (found.type, found.start, found.judgement) == ("ilacs", "2019", "inadequate")


def test_an_undated_judgement_said_again_is_the_same_inspection() -> None:
    body = ("Children's services were judged good by Ofsted. Members welcomed this.\n"
            "The director said services were judged good by Ofsted and thanked staff.\n"
            "A member recalled that they had once been judged inadequate by Ofsted.")
    found = [(i.type, i.start, i.judgement) for i in inspections(body)]
    assert found == [("ilacs", None, "good"), ("ilacs", None, "inadequate")]


def test_good_progress_is_not_a_judgement() -> None:
    assert only("The inspection judged that good progress had been made.").judgement is None


def test_a_document_about_ofsted_always_has_an_inspection() -> None:
    found = only("Members welcomed the Ofsted letter and its praise for leaders.")
    assert found.type == "other"


def test_a_document_without_ofsted_has_no_inspection() -> None:
    assert inspections("The highways programme was noted.") == ()


def test_evidence_spans_are_exact() -> None:
    body = "Intro.\n\nThe Ofsted focused visit took place on 2 and 3 March 2021.\n"
    for span in only(body).evidence:
        assert body[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("body", "meeting_date"),
    [
        ("Issue - meetings\n\nMeeting: 24/01/2022 - Children's Board (Item 25)\n", "2022-01-24"),
        ("  • Meeting of Children's Select Committee, Friday 24th January 2020 11.00 am\n",
         "2020-01-24"),
        ("Minutes of the meeting held on 5 March 2021\n", "2021-03-05"),
        ("Agenda item\n\nThe Ofsted visit took place in March 2021.\n", None),
        # The minutes of an earlier meeting, agreed or linked, do not date this one.
        ("To approve the minutes of the meeting held on 3 May 2022 as a correct record.\n"
         "Meeting of Cabinet, Tuesday 7 June 2022\n", "2022-06-07"),
        ("Minutes of the last meeting held on 3 May 2022\n", None),
        ("Minutes from the meeting held on 3 May 2022 pdf icon PDF 90 KB\n", None),
    ],
)
def test_meeting_date_from_the_page(body: str, meeting_date: str | None) -> None:
    assert find_meeting_date(document(body)) == meeting_date


def test_meeting_date_from_front_matter_wins() -> None:
    doc = document("Meeting: 24/01/2022\n", meeting_date="2022-02-01")
    assert find_meeting_date(doc) == "2022-02-01"


def test_school_and_childrens_home_inspections_are_not_the_authoritys() -> None:
    body = ("The school inspection found good teaching. The children's home inspection was "
            "rated good by Ofsted.")
    assert inspections(body) == ()


def test_a_grade_before_its_cue_is_a_judgement() -> None:
    found = only("Since the inadequate judgement in the Ofsted inspection of 2018, work had "
                 "continued.")
    assert (found.type, found.start, found.judgement) == ("ilacs", "2018", "inadequate")


def test_a_judgement_needs_the_inspection_in_its_sentence() -> None:
    body = "The Ofsted focused visit took place in May 2022. Staff rated the training good."
    assert only(body).judgement is None


def test_a_season_gives_the_year() -> None:
    assert parse_dates("the inspection in spring 2023", None)[0][2] == "2023"


def test_will_makes_a_visit_future() -> None:
    body = ("The Ofsted monitoring visit in March 2022 found progress. Ofsted will carry out "
            "a focused visit in the autumn.")
    found = only(body, "2022-06-01")
    assert (found.type, found.start) == ("monitoring-visit", "2022-03")


def test_two_judgements_in_one_sentence_are_two_inspections() -> None:
    body = ("The ILACS inspection was carried out between 7 and 18 March 2022. Inspectors "
            "judged the overall effectiveness of services to be good, an improvement on the "
            "requires improvement judgement of 2018.")
    found = {(i.type, i.start, i.judgement) for i in inspections(body, "2022-06-14")}
    assert found == {("ilacs", "2022-03-07", "good"), ("ilacs", "2018", "requires-improvement")}


def test_a_visit_date_with_its_weekday_is_not_the_meeting_date() -> None:
    body = ("Agenda item\n\nOfsted carried out a focused visit on Tuesday 12 October 2021 and "
            "looked at children in need, including those on child protection plans.\n")
    assert find_meeting_date(document(body)) is None


def test_without_a_meeting_date_a_bare_month_is_read_against_the_latest_date() -> None:
    body = ("Ofsted's focused visit took place in October. The letter was published on "
            "17 November 2021.")
    assert only(body).start == "2021-10"


def test_a_grade_used_as_an_adjective_is_not_a_judgement() -> None:
    found = only("The Ofsted inspection judged that leaders had a good understanding of practice.")
    assert found.judgement is None


def test_may_after_in_or_the_is_the_month() -> None:
    assert parse_dates("the earlier visit in May", "2023-01-10")[0][2] == "2022-05"
    assert parse_dates("at the May visit inspectors saw", "2023-01-10")[0][2] == "2022-05"
    assert parse_dates("in May be asked to attend", "2023-01-10") == []


def test_last_month_and_last_year_read_against_the_meeting_date() -> None:
    assert parse_dates("a focused visit last month", "2023-01-10")[0][2] == "2022-12"
    assert parse_dates("the inspection last year", "2023-01-10")[0][2] == "2022"
    assert parse_dates("a visit last month", None) == []


def test_an_earlier_visit_named_in_passing_is_its_own_visit() -> None:
    body = ("OFSTED MONITORING VISIT - JUNE 2023\n\nThe report set out the third monitoring "
            "visit. The visit took place on 6 and 7 June 2023. Members asked whether the "
            "earlier monitoring visit in February had found the same. Since the visit a new "
            "audit tool was used.\n")
    found = [(i.type, i.start) for i in inspections(body, "2023-09-12")]
    assert found == [("monitoring-visit", "2023-06-06"), ("monitoring-visit", "2023-02")]
    assert len(inspections(body, "2023-09-12")[0].evidence) == 4


def test_a_judgement_before_ilacs_began_is_a_sif_inspection() -> None:
    body = ("The Ofsted inspection took place in March 2023 and judged services good overall. "
            "Services had previously been judged inadequate in 2016.")
    found = {(i.type, i.start, i.judgement) for i in inspections(body, "2023-06-01")}
    assert found == {("ilacs", "2023-03", "good"), ("sif", "2016", "inadequate")}


def test_the_overall_judgement_wins_over_an_area_judged_first() -> None:
    body = ("The Ofsted inspection took place in March 2023. Help and protection was judged "
            "inadequate, and the overall effectiveness of services was judged to require "
            "improvement.")
    assert only(body, "2023-06-01").judgement == "requires-improvement"


def test_an_undated_earlier_judgement_is_an_inspection_of_its_own() -> None:
    body = ("Ofsted's inspection in October 2022 judged services good; they had previously "
            "been judged inadequate.")
    found = {(i.start, i.judgement) for i in inspections(body, "2023-01-10")}
    assert found == {("2022-10", "good"), (None, "inadequate")}


def test_a_judgement_a_few_words_after_its_cue() -> None:
    body = "Ofsted judged the council’s services to be outstanding overall."
    assert only(body).judgement == "outstanding"


def test_an_undated_mention_joins_the_latest_inspection_not_an_earlier_one() -> None:
    body = ("The full inspection took place in May 2023. It was the first full inspection "
            "since 2019, when services had been judged inadequate. Members noted the Ofsted "
            "inspection report.")
    latest, earlier = inspections(body, "2023-09-01")
    assert (latest.start, earlier.start, earlier.judgement) == ("2023-05", "2019", "inadequate")
    assert latest.evidence[-1].text.startswith("Members noted")


@pytest.mark.parametrize(
    "sentence",
    [
        "The Children's Services Commissioner had reviewed the service in March 2023.",
        "The service was reviewed by the DfE in March 2023.",
        "The Commissioner's report of March 2023 was published.",
    ],
)
def test_commissioner_and_dfe_reviews(sentence: str) -> None:
    assert only(sentence, "2023-06-01").type == "dfe-review"


def test_a_judgement_at_a_previous_inspection_is_that_inspections() -> None:
    body = ("The short inspection took place in April 2023 and Ofsted judged the overall "
            "effectiveness of services as good. The council had been judged good at its "
            "previous full inspection.")
    found = {(i.type, i.start, i.judgement) for i in inspections(body, "2023-06-01")}
    assert found == {("ilacs-short", "2023-04", "good"), ("ilacs", None, "good")}


def test_the_primary_inspection_is_the_latest_mentioned_more_than_once() -> None:
    from graph.extract.inspections import primary_inspection
    body = ("The monitoring visit took place on 4 and 5 May 2023, the fifth since services "
            "were judged inadequate in 2021. The visit looked at care leavers. Members noted "
            "the visit letter.")
    found = inspections(body, "2023-07-01")
    assert found[primary_inspection(found)].type == "monitoring-visit"
    assert primary_inspection(()) == 0


def test_the_review_adds_evidence_to_a_dfe_review_only() -> None:
    body = ("The Commissioner's review was published in June 2023. The review recommended "
            "a new board.")
    (review,) = inspections(body, "2023-09-01")
    assert (review.type, review.start, len(review.evidence)) == ("dfe-review", "2023-06", 2)
    assert inspections("The review recommended a new board.", "2023-09-01") == ()


def test_a_date_in_an_earlier_judgement_is_not_the_visit_date() -> None:
    body = "The Ofsted focused visit showed progress since the 2020 inadequate judgement."
    found = {(i.type, i.start) for i in inspections(body, "2023-09-01")}
    assert found == {("focused-visit", None), ("ilacs", "2020")}


def test_the_year_before_an_inspection_word_dates_it() -> None:
    body = ("The Ofsted focused visit took place in May 2023. The council stays rated 'good' "
            "following the 2021 inspection.")
    found = {(i.type, i.start, i.judgement) for i in inspections(body, "2023-07-01")}
    assert found == {("focused-visit", "2023-05", None), ("ilacs", "2021", "good")}


def test_a_send_revisit_and_a_dfe_review_with_words_between() -> None:
    assert only("Ofsted and the CQC revisited the local area in February 2023.",
                "2023-05-01").type == "send-area"
    assert only("The DfE's six-monthly review in November 2022 found progress.",
                "2023-01-01").type == "dfe-review"


def test_a_meeting_that_is_not_an_inspection() -> None:
    found = inspections("The annual conversation with Ofsted on 2 May 2023 is not an "
                        "inspection.", "2023-06-01")
    assert found == ()  # ANNOTATION.md: `other` only for what is treated like an inspection


def test_a_report_on_the_visit_of_a_date_keeps_the_date() -> None:
    found = only("Members received the report on the focused visit of 9 and 10 May 2023.",
                 "2023-07-01")
    assert (found.start, found.end) == ("2023-05-09", "2023-05-10")


def test_visits_in_the_plural_with_two_dates_are_two_visits() -> None:
    body = ("The sixth monitoring visit took place on 3 and 4 April 2023. Earlier monitoring "
            "visits in May 2022 and November 2022 had looked at the front door.")
    found = [(i.type, i.start) for i in inspections(body, "2023-06-01")]
    assert found == [("monitoring-visit", "2023-04-03"), ("monitoring-visit", "2022-05"),
                     ("monitoring-visit", "2022-11")]


def test_the_overall_word_belongs_to_the_judgement_it_stands_beside() -> None:
    found = only("The Ofsted inspection of children's services in September 2022 rated "
                 "leadership as outstanding and overall effectiveness as good.")
    assert found.judgement == "good"


def test_an_area_judged_after_the_overall_judgement_does_not_replace_it() -> None:
    found = only("Overall effectiveness was judged to require improvement to be good, and "
                 "help and protection were judged good by Ofsted in its inspection in 2021.")
    assert found.judgement == "requires-improvement"


def test_time_on_site_dates_the_inspection() -> None:
    found = inspections("The report set out the outcome of the Ofsted inspection of children's "
                        "services. Inspectors were on site from 3 to 7 June 2024.")
    assert [(i.start, i.end) for i in found] == [("2024-06-03", "2024-06-07")]


def test_a_dated_earlier_judgement_is_an_inspection_of_its_own() -> None:
    found = inspections("The Ofsted inspection of children's services judged overall "
                        "effectiveness to be good, up from the previous judgement of "
                        "inadequate in 2017.")
    assert [(i.start, i.judgement) for i in found] == [(None, "good"), ("2017", "inadequate")]


def test_an_earlier_judgement_named_after_a_visit_has_only_its_own_words_as_evidence() -> None:
    visit, earlier = inspections(
        "The Director presented the letter on the second monitoring visit since services "
        "were judged inadequate in March 2022.", "2023-06-01")
    assert (visit.type, earlier.judgement) == ("monitoring-visit", "inadequate")
    assert [s.text for s in earlier.evidence] == [
        "since services were judged inadequate in March 2022"]


@pytest.mark.parametrize(
    ("body", "judgement"),
    [
        ("The Ofsted inspection of children's services in 2022 found services to be "
         "outstanding in every area.", "outstanding"),
        ("Members recalled that Ofsted had judged the service inadequate under the previous "
         "framework in 2014.", "inadequate"),
    ],
)
def test_judgement_wordings(body: str, judgement: str) -> None:
    assert [i.judgement for i in inspections(body, "2024-06-01")] == [judgement]


@pytest.mark.parametrize(
    "body",
    [
        "Ofsted had inspected the authority's residential children's home, Elm Lodge, in "
        "April 2024 and rated it outstanding.",
        "The Director reported on the annual engagement meeting held with Ofsted in March.",
    ],
)
def test_a_provider_inspection_or_an_engagement_meeting_is_no_inspection(body: str) -> None:
    assert inspections(body, "2024-06-01") == ()


def test_a_visit_and_an_earlier_inspection_in_one_sentence_are_two_inspections() -> None:
    body = ("The monitoring visit took place on 5 and 6 July 2022. The visit was the fifth since "
            "the inspection of November 2018, which had judged services to be inadequate.")
    found = inspections(body, "2022-09-20")
    assert sorted((i.type, i.start) for i in found) == [
        ("ilacs", "2018-11"), ("monitoring-visit", "2022-07-05")]


def test_a_date_long_before_the_inspection_a_sentence_names_is_not_its_date() -> None:
    body = ("Ofsted carried out a standard inspection between 9 and 20 May 2022. Return home "
            "interviews had been brought back in house from 1 August 2022, and most were now "
            "offered within 72 hours, compared with far fewer at the time of the inspection.")
    found = inspections(body, "2022-09-20")
    assert [(i.type, i.start) for i in found] == [("ilacs-standard", "2022-05-09")]


def best_of_all(dates: list[DateMention]) -> DateMention | None:
    """`Draft.best_date` as it was, reading every date at every call."""
    if not dates:
        return None
    chosen = max(dates, key=lambda d: (d.strength, len(d.start), -d.offset))
    finer = [d for d in dates if d.strength > 0 and len(d.start) > len(chosen.start)
             and d.start.startswith(chosen.start)]
    return max(finer, key=lambda d: (len(d.start), d.strength, -d.offset)) if finer else chosen


def test_a_drafts_best_date_read_as_dates_come_is_the_best_of_them_all() -> None:
    """`best_date` reads only the dates added since it last looked (a long page adds one
    mention at a time): in any order and any steps, it gives what reading them all gives."""
    rng = random.Random(11)
    starts = ["2021", "2021-05", "2021-05-10", "2021-06", "2022", "2022-05", "2022-05-10"]
    for _ in range(500):
        draft = Draft(type="ilacs")
        for _step in range(rng.randint(1, 6)):
            draft.dates += [DateMention(rng.choice(starts), None, rng.randint(0, 3),
                                        rng.randint(-1, 2), 4)
                            for _ in range(rng.randint(0, 4))]
            assert draft.best_date() == best_of_all(draft.dates)


def test_evidence_is_searched_by_its_starts_as_a_scan_would() -> None:
    rng = random.Random(7)
    spans = sorted((Span(start, start + length, "x" * length)
                    for start, length in ((rng.randint(0, 20), rng.randint(1, 3))
                                          for _ in range(40))), key=lambda s: s.start)
    for start in range(25):
        for length in range(1, 5):
            span = Span(start, start + length, "x" * length)
            assert holds(spans, span) == (span in spans)
    assert not holds([], Span(0, 1, "x"))


def test_a_dated_inspection_counts_without_naming_ofsted() -> None:
    """Issue 10: "the first inspection in 2016" is an earlier inspection the text dates."""
    body = ("The service was rated good by Ofsted in 2020. For care leavers, the first "
            "inspection in 2016 had raised serious concerns.")
    assert {(i.type, i.start) for i in inspections(body)} == {("ilacs", "2020"), ("sif", "2016")}


def test_two_dated_generic_mentions_in_one_sentence_are_two_inspections() -> None:
    body = ("A councillor compared the inspection in 2012, which judged services outstanding, "
            "and the inspection in 2016 that found them weaker.")
    assert [(i.type, i.start) for i in inspections(body)] == [("other", "2012"), ("sif", "2016")]


def test_a_regulatory_inspection_is_a_setting_and_keeps_its_date() -> None:
    body = ("Since then there had been an assurance visit by Ofsted in April 2021 and a "
            "regulatory inspection of the adoption service in June 2021.")
    assert [(i.type, i.start) for i in inspections(body, "2021-09-01")] == [("other", "2021-04")]


def test_a_date_opening_the_sentence_dates_the_inspection_it_reports() -> None:
    body = ("In October 2019 the council's services for children in need of help and "
            "protection and for care leavers were inspected by Ofsted. The inspection report "
            "was received in December.")
    assert only(body, "2020-03-01").start == "2019-10"


def test_the_publication_date_of_a_judgement_is_not_another_inspection() -> None:
    body = ("The Ofsted inspection took place from 2 to 20 May 2016. The report was published "
            "on 4 August 2016 and judged services as requires improvement.")
    found = only(body)
    assert (found.type, found.start, found.judgement) == ("sif", "2016-05-02",
                                                          "requires-improvement")


def test_a_month_without_a_year_reads_against_the_latest_dated_month() -> None:
    """Without a meeting date, a bare year ("likely in 2028") does not date the page."""
    body = ("The judgement was published in June 2025 after the Ofsted inspection in April. "
            "The next cycle of work would run to 2028.")
    assert only(body).start == "2025-04"


def test_an_inspection_the_council_expects_is_not_recorded() -> None:
    body = ("The Ofsted inspection in March 2023 judged services good. The council would "
            "expect to receive another inspection in 2026.")
    assert [(i.type, i.start) for i in inspections(body)] == [("ilacs", "2023-03")]


@pytest.mark.parametrize(
    "sentence",
    ["Ofsted judged the council's services as requiring improvement in 2015.",
     "Ofsted had rated the service as needing improvement in 2015."],
)
def test_requires_improvement_in_other_words(sentence: str) -> None:
    found = only(sentence)
    assert (found.start, found.judgement) == ("2015", "requires-improvement")


def test_review_visits_by_the_department_for_education() -> None:
    body = "Review visits by the Department for Education had taken place on 2 May 2019."
    assert (only(body).type, only(body).start) == ("dfe-review", "2019-05-02")


@pytest.mark.parametrize(
    "sentence",
    ["Members noted the strengths found in the recent joint CQC and Ofsted inspection.",
     "The inspection looked at how well the area met the needs of children with special "
     "educational needs, and Ofsted wrote a detailed letter."],
)
def test_the_inspection_of_a_send_sentence_is_a_send_inspection(sentence: str) -> None:
    assert only(sentence).type == "send-area"


def test_a_send_sentence_joins_the_jtai_it_describes() -> None:
    body = ("The JTAI letter was published on 9 July 2024. In May 2024, the CQC, the police "
            "inspectorate and Ofsted jointly inspected the response to youth violence.")
    found = only(body)
    assert (found.type, found.start) == ("jtai", "2024-05")


def test_a_grade_hoped_for_at_future_inspections_is_no_judgement() -> None:
    body = ("The Ofsted focused visit took place in May 2019. Its recommendations would help "
            "the council achieve an outstanding rating at future inspections.")
    found = only(body, "2019-09-01")
    assert (found.type, found.judgement) == ("focused-visit", None)


@pytest.mark.parametrize(
    "sentence",
    ["Most early years providers inspected this year were judged good or outstanding.",
     "The share of care settings judged good by the inspectorate rose again."],
)
def test_judgements_of_settings_are_not_the_authority_s(sentence: str) -> None:
    assert inspections(sentence) == ()


def kinds_and_dates(body: str, meeting_date: str | None = None) -> set[tuple[str, str | None]]:
    return {(i.type, i.start) for i in inspections(body, meeting_date)}


@pytest.mark.parametrize(
    "sentence",
    [
        "The inspection regime changed in April 2021.",
        "The national inspection programme stopped in March 2020.",
        "Ofsted makes a full inspection every few years, members heard in 2021.",
    ],
)
def test_the_way_inspections_are_run_is_no_inspection(sentence: str) -> None:
    body = f"The focused visit took place on 4 and 5 May 2021. {sentence}"
    assert kinds_and_dates(body, "2021-07-01") == {("focused-visit", "2021-05-04")}


@pytest.mark.parametrize(
    ("published", "found"),
    [("August 2019", {("2019-06-10", "inadequate")}),
     ("January 2020", {("2019-06-10", None), ("2020-01", "inadequate")})],
)
def test_a_judgement_dated_soon_after_an_inspection_is_its_publication(
        published: str, found: set[tuple[str, str | None]]) -> None:
    body = ("Ofsted inspectors were on site from 10 to 21 June 2019. The council was rated "
            f"inadequate by Ofsted in {published}.")
    assert {(i.start, i.judgement) for i in inspections(body)} == found


def test_a_reports_date_is_not_a_later_inspection() -> None:
    body = ("The Ofsted inspection ran from 4 to 15 March 2024. Ofsted explained its findings "
            "in a final report on 9 September 2024 and the council was judged to be good.")
    assert {(i.start, i.judgement) for i in inspections(body)} == {("2024-03-04", "good")}


def test_an_earlier_judgement_takes_the_date_of_its_own_clause() -> None:
    body = ("Ofsted made a full inspection between 6 and 17 June 2022, the first one since "
            "2019 when the council was found to require improvement.")
    found = {(i.start, i.judgement) for i in inspections(body)}
    assert found == {("2022-06-06", None), ("2019", "requires-improvement")}


@pytest.mark.parametrize(
    ("sentence", "start", "judgement"),
    [
        ("In March 2016, Ofsted rated the service inadequate.", "2016-03", "inadequate"),
        ("In 2015 Ofsted rated the effectiveness of the help given to families and to children "
         "in care as requiring improvement.", "2015", "requires-improvement"),
    ],
)
def test_an_earlier_judgement_before_the_inspection_discussed(sentence: str, start: str,
                                                              judgement: str) -> None:
    body = f"{sentence} The ILACS inspection in May 2019 judged services to be good."
    found = {(i.type, i.start, i.judgement) for i in inspections(body)}
    assert found == {("sif", start, judgement), ("ilacs", "2019-05", "good")}


def test_a_visit_takes_the_kind_its_sentence_names() -> None:
    body = ("Ofsted inspected the council in May 2016 and rated it good. Focused visits "
            "followed for councils rated good and the first visit came on 12 and 13 June 2018. "
            "Another focused visit came on 2 and 3 July 2019.")
    found = {(i.type, i.start, i.judgement) for i in inspections(body, "2019-09-01")}
    assert found == {("sif", "2016-05", "good"), ("focused-visit", "2018-06-12", None),
                     ("focused-visit", "2019-07-02", None)}


def test_an_undated_inspection_discussed_keeps_an_old_judgement_apart() -> None:
    body = ("12/05/2022 - Ofsted Inspection Outcome\n\n"
            "The council had been judged inadequate by Ofsted in March 2015. This inspection "
            "found that the overall judgement was requires improvement to be good.\n")
    found = {(i.type, i.start, i.judgement) for i in inspections(body, "2022-05-12")}
    assert found == {("ilacs", None, "requires-improvement"), ("sif", "2015-03", "inadequate")}


@pytest.mark.parametrize(
    ("body", "meeting_date", "expected"),
    [
        pytest.param(
            ("The focused visit took place in August 2020. Ofsted visits now ended with a "
             "shorter letter, effective from 2 November."),
            "2020-12-01", {("focused-visit", "2020-08")},
            id="a-date-a-restriction-applies-from-does-not-date-a-visit"),
        pytest.param(
            ("Officers explained the work arising from the March 2019 SEND area inspection "
             "and the June 2019 focused visit by Ofsted."),
            None, {("send-area", "2019-03"), ("focused-visit", "2019-06")},
            id="a-date-written-before-the-name-is-that-inspections"),
        pytest.param(
            ("Officers will bring the findings of the Ofsted inspection carried out from 5 to 16 "
             "September 2022 to Cabinet. Another inspection will take place next year."),
            "2022-11-01", {("ilacs", "2022-09-05")},
            id="a-report-still-to-come-on-an-inspection-that-took-place"),
        pytest.param(
            ("Ofsted Inspection of Children's Services 2016\n\n"
             "Members asked how the plan would answer the Ofsted inspection.\n"),
            None, {("sif", "2016")},
            id="a-year-in-a-heading-dates-its-inspection"),
        pytest.param(
            "Officers summarised the Ofsted and CQC inspection of SEND help in March 2023.",
            None, {("send-area", "2023-03")},
            id="ofsted-with-another-inspectorate-is-a-joint-inspection"),
        pytest.param(
            ("Ofsted made a full inspection in May 2022. Leaders met Ofsted for the full "
             "inspection follow-up and an annual conversation on 8 February 2024."),
            "2024-03-01", {("ilacs", "2022-05")},
            id="a-meeting-with-ofsted-does-not-date-an-inspection"),
        pytest.param(
            ("The Ofsted inspection report was at last received by the council's team on 6 March "
             "2023. Inspectors had been on site from 9 to 20 January 2023."),
            None, {("ilacs", "2023-01-09")},
            id="a-reports-arrival-is-not-the-inspection"),
        pytest.param(
            ("The Ofsted focused visit took place in May 2021. Councillor visits to frontline "
             "teams took place in June 2021, and Ofsted praised home visits."),
            "2021-09-01", {("focused-visit", "2021-05")},
            id="visits-by-others-are-not-inspections"),
    ],
)
def test_what_dates_an_inspection(body: str, meeting_date: str | None,
                                  expected: set[tuple[str, str | None]]) -> None:
    """Which inspections a page names and when: one case per rule (its id)."""
    assert kinds_and_dates(body, meeting_date) == expected
