"""Findings, recommendations and responses, one rule family at a time.

Every example sentence is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract.items import find_items
from graph.extract.sentences import split_sentences
from graph.model import Document, Finding, Inspection, Recommendation, Response, Span


def read(body: str) -> tuple[tuple[Finding, ...], tuple[Recommendation, ...], tuple[Response, ...]]:
    """Items of `body` read as one relevant passage about one inspection."""
    document = Document(identifier="t.txt", path=Path("t.txt"), body=body)
    visit = Inspection(type="focused-visit", evidence=(Span(0, 1, body[:1]),))
    findings, recommendations, responses = find_items(document, split_sentences(body), (visit,))
    for item in (*findings, *recommendations, *responses):
        assert body[item.quote.start:item.quote.end] == item.quote.text
    return findings, recommendations, responses


def quotes(items: tuple) -> list[str]:
    return [item.quote.text for item in items]


# Findings


def test_finding_attributed_to_the_inspection_keeps_its_source() -> None:
    findings, _, _ = read(
        "The Director explained that Ofsted had recognised that early help was strong."
    )
    assert quotes(findings) == ["Ofsted had recognised that early help was strong"]
    assert findings[0].polarity == "strength"
    assert findings[0].theme == "early-help"


def test_finding_from_the_letter_and_from_inspectors() -> None:
    findings, _, _ = read(
        "The letter noted that caseloads were too high. Inspectors found that visits to "
        "children in care were regular."
    )
    assert quotes(findings) == [
        "The letter noted that caseloads were too high",
        "Inspectors found that visits to children in care were regular",
    ]
    assert [f.polarity for f in findings] == ["weakness", "strength"]


def test_passive_judgement_is_a_finding() -> None:
    findings, _, _ = read(
        "The Leader said that, overall, services had been judged as good by Ofsted."
    )
    assert quotes(findings) == ["overall, services had been judged as good by Ofsted"]


def test_recognition_of_two_things_gives_two_findings() -> None:
    findings, _, _ = read(
        "Officers noted the Ofsted recognition of the improved MASH and care leavers "
        "being contacted every month."
    )
    assert quotes(findings) == [
        "the Ofsted recognition of the improved MASH",
        "care leavers being contacted every month",
    ]
    assert [f.theme for f in findings] == ["front-door", "care-leavers"]


def test_areas_for_improvement_list_gives_one_finding_per_point() -> None:
    findings, _, _ = read(
        "Officers set out the areas for improvement, such as the timeliness of assessments, "
        "the quality of supervision and the recording of visits."
    )
    assert quotes(findings) == [
        "the timeliness of assessments", "the quality of supervision", "the recording of visits",
    ]
    assert {f.polarity for f in findings} == {"weakness"}


def test_whereas_splits_a_strength_from_a_weakness() -> None:
    findings, _, _ = read(
        "Ofsted found that planning was something which the service was doing well whereas "
        "supervision was an area which required improvement."
    )
    assert quotes(findings) == [
        "Ofsted found that planning was something which the service was doing well",
        "supervision was an area which required improvement",
    ]
    assert [f.polarity for f in findings] == ["strength", "weakness"]


def test_councillor_views_and_publication_news_are_not_findings() -> None:
    findings, _, _ = read(
        "Councillor Shah welcomed the improvements recognised by Ofsted. "
        "The Ofsted letter had been delayed by the election. "
        "A Member asked whether inspectors found any drift."
    )
    assert findings == ()


def test_sentence_after_an_attributed_finding_can_continue_it() -> None:
    findings, _, _ = read(
        "Ofsted had recognised that leadership was stable. Staff morale was good but "
        "progress had been hindered by high turnover."
    )
    assert quotes(findings) == [
        "Ofsted had recognised that leadership was stable",
        "Staff morale was good",
    ]


def test_bulleted_list_under_a_finding_gives_one_finding_per_line() -> None:
    findings, _, _ = read(
        "The inspectors identified the following:\n"
        "  • Children were seen alone.\n"
        "  • Supervision records were not always up to date.\n"
        "The meeting moved on."
    )
    assert quotes(findings) == [
        "Children were seen alone", "Supervision records were not always up to date",
    ]
    assert [f.polarity for f in findings] == ["strength", "weakness"]


# Recommendations


def test_recommendation_noun_phrase_is_quoted_from_its_determiner() -> None:
    _, recommendations, _ = read(
        "The Council had accepted the Ofsted recommendation that pathway plans be reviewed."
    )
    assert quotes(recommendations) == ["the Ofsted recommendation that pathway plans be reviewed"]


def test_recommended_that_is_a_recommendation_not_a_finding() -> None:
    findings, recommendations, _ = read(
        "Inspectors recommended that return home interviews be offered to every child."
    )
    assert findings == ()
    assert quotes(recommendations) == [
        "Inspectors recommended that return home interviews be offered to every child",
    ]


def test_area_for_priority_action_is_a_finding_and_a_recommendation() -> None:
    findings, recommendations, _ = read("The visit letter gave one Area for Priority Action.")
    assert quotes(findings) == ["The visit letter gave one Area for Priority Action"]
    assert quotes(recommendations) == ["one Area for Priority Action"]
    assert recommendations[0].addresses == (0,)


def test_a_priority_action_plan_is_the_councils_response_not_a_recommendation() -> None:
    # "Priority Action" names an Area for Priority Action, but not in a plan's name.
    findings, recommendations, _ = read(
        "Following the inspection, the Priority Action Plan had been drafted and agreed.")
    assert quotes(findings) == quotes(recommendations) == []
    _, recommendations, _ = read("The inspection identified two priority actions.")
    assert quotes(recommendations) == ["two priority actions"]


def test_reference_back_to_a_recommendation_is_not_a_new_one() -> None:
    _, recommendations, _ = read(
        "With regard to progress against the Ofsted recommendation, a further visit is due."
    )
    assert recommendations == ()


# Responses and links


def test_actions_answer_the_recommendation_they_name() -> None:
    _, recommendations, responses = read(
        "There were plans in place to recruit more permanent staff in response to the "
        "recommendations made by Ofsted around workforce stability. A new case recording "
        "system had been introduced."
    )
    assert quotes(recommendations) == [
        "the recommendations made by Ofsted around workforce stability",
    ]
    assert quotes(responses) == [
        "There were plans in place to recruit more permanent staff",
        "A new case recording system had been introduced",
    ]
    assert responses[0].responds_to == ("R0",)
    assert responses[0].theme == "workforce"


def test_measures_listed_to_address_this_issue_answer_the_finding_before() -> None:
    findings, _, responses = read(
        "Ofsted found high turnover of social workers, and the measures in place to address "
        "this issue such as the retention payment and the overseas recruitment drive."
    )
    assert quotes(findings) == ["Ofsted found high turnover of social workers"]
    assert quotes(responses) == ["the retention payment", "the overseas recruitment drive"]
    assert {r.responds_to for r in responses} == {("F0",)}


def test_two_actions_joined_by_and_are_one_response() -> None:
    _, _, responses = read(
        "Ofsted found that staff turnover was high. Exit interviews had been conducted and "
        "the feedback had shaped the recruitment offer."
    )
    assert quotes(responses) == [
        "Exit interviews had been conducted and the feedback had shaped the recruitment offer",
    ]


def test_response_links_by_shared_words_then_theme_then_need() -> None:
    findings, _, responses = read(
        "Inspectors found that the front door was effective. Inspectors found that life story "
        "work was not routinely completed. Inspectors found that agency use was too high.\n"
        "A life story work toolkit had been launched for all social workers. "
        "A recruitment campaign had been launched for permanent posts."
    )
    assert len(findings) == 3
    assert [r.responds_to for r in responses] == [("F1",), ("F2",)]


def test_questions_and_opinions_give_no_responses() -> None:
    _, _, responses = read(
        "Ofsted found that caseloads were high. Councillor Ross asked whether a new panel had "
        "been set up and what training had been delivered."
    )
    assert responses == ()


def test_nothing_without_an_inspection_and_no_responses_without_targets() -> None:
    body = "A new panel had been set up."
    document = Document(identifier="t.txt", path=Path("t.txt"), body=body)
    assert find_items(document, split_sentences(body), ()) == ((), (), ())
    visit = Inspection(type="other", evidence=())
    assert find_items(document, split_sentences(body), (visit,)) == ((), (), ())


def test_second_that_clause_and_pronoun_report_go_on_with_the_inspectors() -> None:
    findings, _, _ = read(
        "Inspectors noted that thresholds were applied well but that some strategy meetings "
        "were delayed. They also found that carers did not feel listened to."
    )
    assert quotes(findings) == [
        "Inspectors noted that thresholds were applied well",
        "some strategy meetings were delayed",
        "They also found that carers did not feel listened to",
    ]
    assert [f.polarity for f in findings] == ["strength", "weakness", "weakness"]


def test_strengths_including_a_list_give_one_finding_each() -> None:
    findings, _, _ = read(
        "The summary identified several strengths, including stable leadership, effective "
        "early help and good support for disabled children."
    )
    assert quotes(findings) == [
        "stable leadership", "effective early help", "good support for disabled children",
    ]


def test_lettered_list_under_recommendations_gives_one_each() -> None:
    _, recommendations, _ = read(
        "The key recommendations were:\n\n"
        "(a)    improve the timeliness of assessments;\n\n"
        "(b)    strengthen oversight of placements; and\n\n"
        "(c)    improve workforce stability.\n\n"
        "The Director then spoke."
    )
    assert quotes(recommendations) == [
        "improve the timeliness of assessments", "strengthen oversight of placements",
        "improve workforce stability",
    ]


def test_resolutions_and_members_discussion_topics_are_not_actions() -> None:
    _, _, responses = read(
        "Ofsted found that caseloads were high.\n"
        "RESOLVED: That a task and finish group be established.\n"
        "Members discussed the following:\n"
        "  • Staff evaluations, training and support;\n"
        "  • the cost of agency staff.\n"
    )
    assert responses == ()


def test_short_heading_lines_introduce_bulleted_findings() -> None:
    findings, _, _ = read(
        "Ofsted visited in March.\n\nStrengths identified by inspectors\n\n"
        "  • Visits to children were regular.\n\nAreas for development\n\n"
        "  • Plans were not always specific.\n\nThe Director thanked staff."
    )
    assert quotes(findings) == ["Visits to children were regular", "Plans were not always specific"]
    assert [f.polarity for f in findings] == ["strength", "weakness"]


def test_members_discussion_list_is_not_a_list_of_findings() -> None:
    findings, _, _ = read(
        "Ofsted visited in March.\n"
        "Following the presentation, Members discussed the following areas for improvement:\n"
        "  • the shortage of social workers;\n  • high caseloads.\n"
    )
    assert findings == ()


# Second round: lists, modal recommendations, actions, links, inspections


def test_numbered_paragraph_after_a_bulleted_list_is_not_one_of_its_points() -> None:
    body = (
        "3. The letter noted these weaknesses:\n"
        "• the stability of the fostering panel;\n"
        "• the pace of adoption matching.\n"
        "4. Since then a new fostering recruitment campaign has been launched.\n"
    )
    findings, _, responses = read(body)
    assert quotes(findings) == ["the stability of the fostering panel",
                                "the pace of adoption matching"]
    assert quotes(responses) == [
        "Since then a new fostering recruitment campaign has been launched"]


def test_strengths_included_lists_noun_phrases_split_before_a_determiner() -> None:
    findings, _, _ = read(
        "Strengths included the calm and settled leadership of the service and the "
        "quality of return interviews."
    )
    assert quotes(findings) == [
        "Strengths included the calm and settled leadership of the service",
        "the quality of return interviews",
    ]


def test_modal_recommendation_and_its_second_that_clause() -> None:
    _, recommendations, _ = read(
        "The letter said the council should ensure that plans for disabled children are "
        "reviewed on time, and that families receive copies of them."
    )
    assert quotes(recommendations) == [
        "the council should ensure that plans for disabled children are reviewed on time",
        "families receive copies of them",
    ]


def test_should_improve_introduces_a_list_of_recommendations() -> None:
    body = (
        "Inspectors said that leaders should improve:\n"
        "- the recording of visits to children in care;\n"
        "- the timeliness of health checks.\n"
    )
    _, recommendations, _ = read(body)
    assert quotes(recommendations) == ["the recording of visits to children in care",
                                       "the timeliness of health checks"]


def test_review_recommended_that_introduces_a_list_of_recommendations() -> None:
    body = (
        "The review recommended that:\n"
        "(a) the trust publish a workforce plan;\n"
        "(b) the council appoint a lead for fostering.\n"
    )
    _, recommendations, _ = read(body)
    assert quotes(recommendations) == ["the trust publish a workforce plan",
                                       "the council appoint a lead for fostering"]


def test_areas_for_priority_action_list_gives_recommendations() -> None:
    body = (
        "Inspectors identified Areas for Priority Action, which required the council to:\n"
        "• reduce waiting times for the duty team;\n"
        "• make sure that every child in care has an allocated worker.\n"
    )
    _, recommendations, _ = read(body)
    assert quotes(recommendations)[-2:] == [
        "reduce waiting times for the duty team",
        "make sure that every child in care has an allocated worker",
    ]


def test_present_perfect_and_passive_actions_are_responses() -> None:
    body = (
        "Ofsted found that the fostering service lacked capacity. A contract for supported "
        "lodgings had been re-tendered. The panel now meets weekly to track each case. A "
        "parenting course had been scheduled for the spring."
    )
    _, _, responses = read(body)
    assert quotes(responses) == [
        "A contract for supported lodgings had been re-tendered",
        "The panel now meets weekly to track each case",
        "A parenting course had been scheduled for the spring",
    ]


def test_actions_announced_as_key_actions_are_each_a_response() -> None:
    _, _, responses = read(
        "Ofsted found that respite provision was weak. Key actions included expanding the "
        "short breaks offer, training new foster carers and opening a second respite unit."
    )
    assert len(responses) == 3


def test_a_performance_figure_is_not_an_action() -> None:
    _, _, responses = read(
        "Ofsted found that reviews were late. Officers said that only 40% of reviews had "
        "been completed on time."
    )
    assert responses == ()


def test_a_second_that_clause_after_a_finding_that_judges_stays_a_finding() -> None:
    findings, _, responses = read(
        "Inspectors noted that the duty team was busy and that a skilled team delivered "
        "consistently strong work."
    )
    assert quotes(findings)[-1] == "a skilled team delivered consistently strong work"
    assert responses == ()


def test_a_whole_plan_answers_every_weakness_but_not_the_overall_judgement() -> None:
    body = (
        "Ofsted judged the service as requires improvement. The letter identified these "
        "areas for improvement:\n"
        "• the timeliness of adoption matching;\n"
        "• the stability of fostering placements.\n"
        "In response, an improvement plan has been agreed by the partnership.\n"
    )
    findings, _, responses = read(body)
    assert quotes(findings)[0].startswith("Ofsted judged")
    assert responses[0].responds_to == ("F1", "F2")


def test_a_plan_prepared_in_response_to_the_recommendations_answers_them_all() -> None:
    body = (
        "The report made two recommendations:\n"
        "- to improve the supervision of duty workers;\n"
        "- to strengthen the tracking of private fostering.\n"
        "An action plan had been prepared in response to the recommendations and would be "
        "monitored by the board.\n"
    )
    _, recommendations, responses = read(body)
    assert len(recommendations) == 2
    assert responses[0].quote.text.endswith("would be monitored by the board")
    assert responses[0].responds_to == ("R0", "R1")


def test_an_action_links_by_shared_words_and_acronyms() -> None:
    body = (
        "Ofsted found that EHC reviews were late and that the IRO caseloads were high. "
        "Officers added that extra EHC coordinators had been recruited."
    )
    _, _, responses = read(body)
    assert responses[0].responds_to == ("F0",)


def test_a_finding_belongs_to_the_inspection_named_in_its_sentence_else_the_main_one() -> None:
    body = (
        "At the July visit inspectors found that planning was weak. "
        "In the March inspection Ofsted found that the front door was effective. "
        "Inspectors also found that supervision was regular."
    )
    document = Document(identifier="t.txt", path=Path("t.txt"), body=body)
    july = body.index("July visit")
    march = body.index("March inspection")
    visits = (
        Inspection(type="focused-visit", evidence=(Span(july, july + 10, "July visit"),)),
        Inspection(type="ilacs", evidence=(
            Span(march, march + 16, "March inspection"),
            Span(march, march + 16, "March inspection"))),
    )
    findings, _, _ = find_items(document, split_sentences(body), visits)
    assert [f.inspection for f in findings] == [0, 1, 1]


def test_a_bare_source_and_verb_is_not_a_finding_of_its_own() -> None:
    findings, _, _ = read(
        "The commissioner had concluded that, although caseloads had improved, the trust "
        "remained unsustainable."
    )
    assert "The commissioner had concluded that" not in quotes(findings)
    assert any("unsustainable" in quote for quote in quotes(findings))


def test_a_verbless_and_clause_completes_the_finding_before_it() -> None:
    findings, _, _ = read("Ofsted rated fostering as good overall, and good for care leavers.")
    assert quotes(findings) == ["Ofsted rated fostering as good overall, and good for care leavers"]


def test_a_sentence_naming_the_commissioner_belongs_to_the_dfe_review() -> None:
    body = "The visit was in May. The commissioner found that the trust lacked a clear plan."
    document = Document(identifier="t.txt", path=Path("t.txt"), body=body)
    visits = (
        Inspection(type="monitoring-visit", evidence=(Span(4, 9, "visit"), Span(4, 9, "visit"))),
        Inspection(type="dfe-review", evidence=(Span(0, 3, "The"),)),
    )
    findings, _, _ = find_items(document, split_sentences(body), visits)
    assert [f.inspection for f in findings] == [1]


# Round 3: rule families for answers in questions, routine work, lists and judgements


def test_routine_work_that_now_happens_and_modal_plans_are_responses() -> None:
    _, _, responses = read(
        "Inspectors found that step-down decisions were not checked.\n"
        "Each step-down decision was now checked by a senior practitioner. "
        "Heads of service would audit ten files every quarter. "
        "Nine apprentices had joined the youth offer programme."
    )
    assert quotes(responses) == [
        "Each step-down decision was now checked by a senior practitioner",
        "Heads of service would audit ten files every quarter",
        "Nine apprentices had joined the youth offer programme",
    ]


def test_well_established_service_is_not_an_action() -> None:
    _, _, responses = read(
        "Inspectors found that fostering recruitment was slow. "
        "Youth services were well established in every district."
    )
    assert responses == ()


def test_answer_to_a_question_links_to_the_finding_on_its_topic() -> None:
    findings, _, responses = read(
        "Inspectors found that return interviews for runaways were late. "
        "Inspectors found that supervision records were brief.\n"
        "In response to a question about runaways, the Director said that a coordinator "
        "post had been created."
    )
    assert len(findings) == 2
    assert quotes(responses) == ["a coordinator post had been created"]
    assert responses[0].responds_to == ("F0",)


def test_answer_after_a_members_numbered_question_links_to_its_topic() -> None:
    findings, _, responses = read(
        "Inspectors found that homeless teenagers waited too long for help. "
        "Inspectors found that supervision records were brief.\n"
        "4.2 Councillor Vale asked about homeless teenagers. The Director said that the joint "
        "protocol had been rewritten."
    )
    assert len(findings) == 2
    assert quotes(responses) == ["the joint protocol had been rewritten"]
    assert responses[0].responds_to == ("F0",)


def test_action_answers_its_main_theme_before_a_nearer_target() -> None:
    findings, _, responses = read(
        "Inspectors found that children saw too many changes of social worker. "
        "Inspectors found that adoption decisions for some children in care were slow.\n"
        "A retention payment for social workers in the children in care teams had been "
        "introduced."
    )
    assert len(findings) == 2
    assert responses[0].responds_to == ("F0",)


def test_action_naming_nothing_answers_the_area_for_priority_action_first() -> None:
    _, recommendations, responses = read(
        "Inspectors identified one Area for Priority Action: the local authority should "
        "ensure that strategy meetings are timely and that their outcomes are recorded. "
        "Ofsted also said that the local authority should improve the quality of return "
        "interviews.\nThe first Improvement Board meeting had been held."
    )
    assert len(recommendations) == 2
    assert recommendations[0].quote.text.endswith("their outcomes are recorded")
    assert responses[0].responds_to == ("R0",)


def test_plan_built_around_the_recommendations_answers_them_all() -> None:
    _, recommendations, responses = read(
        "Ofsted recommended that the council improve pathway plans. Ofsted recommended that "
        "the council reduce caseloads.\nThe Director presented the improvement plan, which "
        "was structured around the two recommendations and would be reviewed by officers "
        "in each locality every single month of the year."
    )
    assert len(recommendations) == 2
    assert quotes(responses) == [
        "the improvement plan, which was structured around the two recommendations"
    ]
    assert responses[0].responds_to == ("R0", "R1")


def test_committee_noting_an_area_for_priority_action_is_not_one() -> None:
    findings, recommendations, _ = read(
        "That the outcome of the visit and the Area for Priority Action be noted."
    )
    assert findings == () and recommendations == ()


def test_last_point_of_an_inline_list_after_and_is_a_finding() -> None:
    findings, _, _ = read(
        "The Director said that the visit had found two areas for improvement: the "
        "timeliness of health checks, and the quality of pathway plans."
    )
    assert quotes(findings)[-1] == "the quality of pathway plans"
    assert len(findings) == 2


def test_earlier_judgement_after_since_is_a_finding() -> None:
    findings, _, _ = read(
        "This was the second visit since the council's services were judged inadequate in "
        "2020."
    )
    assert quotes(findings) == ["the council's services were judged inadequate in 2020"]


def test_sub_judgements_listed_under_an_introduction_are_findings() -> None:
    findings, _, _ = read(
        "The overall effectiveness of services was judged to be good. The sub-judgements "
        "were:\n- the help and protection of children - good\n"
        "- the experiences of care leavers - outstanding\n"
    )
    assert "the experiences of care leavers - outstanding" in quotes(findings)


def test_singled_out_strength_and_not_aspirations_or_audits() -> None:
    findings, _, _ = read(
        "The mentoring scheme was described as a real strength. The Director was "
        "committed to being judged outstanding at the next inspection. The share of files "
        "rated good in our monthly audits had risen. The visit focused on care leavers."
    )
    assert quotes(findings) == ["The mentoring scheme was described as a real strength"]


def test_procedural_members_clause_does_not_silence_the_rest() -> None:
    findings, _, _ = read(
        "Members considered a report on the third monitoring visit since the council's "
        "services were judged inadequate in 2021."
    )
    assert quotes(findings) == ["the council's services were judged inadequate in 2021"]


def test_cabinet_member_welcoming_the_letter_is_not_a_finding() -> None:
    findings, _, _ = read(
        "The Cabinet Member welcomed the letter and said that morale in the teams remained "
        "strong."
    )
    assert findings == ()


def test_list_inside_the_subject_of_an_action_is_one_action() -> None:
    _, _, responses = read(
        "Inspectors found that too many posts were filled by agency staff.\n"
        "The Director said that a retention offer, including a loyalty bonus and a lighter "
        "first-year caseload, would be launched in May."
    )
    assert quotes(responses) == [
        "a retention offer, including a loyalty bonus and a lighter first-year caseload, "
        "would be launched in May"
    ]


def test_second_that_clause_of_an_officer_recalling_history_is_not_a_finding() -> None:
    findings, _, _ = read(
        "She reminded Members that the last inspection had judged services inadequate, and "
        "that since then the service had moved to new offices."
    )
    assert len(findings) == 1
    assert findings[0].quote.text.endswith("had judged services inadequate")


# Rules learnt from the written gold sets tests/fixtures/blind2 and blind3


def test_roman_numbered_points_under_a_lettered_paragraph_are_a_list() -> None:
    body = (
        "(c) The letter set out what needs to improve:\n"
        "(i) the timeliness of health assessments for children coming into care;\n"
        "(ii) the sufficiency of local placements.\n"
    )
    _, recommendations, _ = read(body)
    assert quotes(recommendations) == [
        "the timeliness of health assessments for children coming into care",
        "the sufficiency of local placements",
    ]


def test_a_second_point_of_a_recommendation_after_and_is_one_of_its_own() -> None:
    _, recommendations, _ = read(
        "Ofsted recommended that the local authority should improve the quality of pathway "
        "plans, and increase the range of training opportunities for care leavers."
    )
    assert len(recommendations) == 2
    assert recommendations[1].quote.text == (
        "increase the range of training opportunities for care leavers")


def test_an_introduction_to_responses_that_names_the_recommendations_gives_responses() -> None:
    body = (
        "The report had set out the following recommendations:\n"
        "1. Improve the quality of plans.\n"
        "2. Reduce caseloads.\n"
        "The Director then took members through the service's response to each "
        "recommendation:\n"
        "1. A new practice framework had been introduced in January.\n"
        "2. Twelve social workers had been recruited to reduce caseloads.\n"
    )
    _, recommendations, responses = read(body)
    assert quotes(recommendations) == ["Improve the quality of plans", "Reduce caseloads"]
    assert len(responses) == 2
    assert responses[1].responds_to == ("R1",)


def test_each_line_of_a_judgement_table_is_a_finding() -> None:
    findings, _, _ = read(
        "Overall effectiveness: Good\n"
        "The experiences and progress of children who need help and protection: "
        "Requires improvement\n"
    )
    assert len(findings) == 2
    assert findings[0].theme == "other"
    assert findings[1].polarity == "weakness"


def test_a_committee_decision_is_no_finding_whatever_it_mentions() -> None:
    findings, _, _ = read(
        "Ofsted found that supervision was not regular.\n"
        "RESOLVED:\n"
        "1. To note the outcome of the inspection and the overall judgement of Good.\n"
    )
    assert quotes(findings) == ["Ofsted found that supervision was not regular"]


@pytest.mark.parametrize("sentence", [
    "The Council was working with neighbouring authorities on a regional fostering hub.",
    "A new children's home was expected to open in the spring.",
    "The Improvement Board, chaired by the Chief Executive, would monitor delivery monthly.",
    "The partners were now preparing a joint written statement of action.",
    "The return home interview service had been brought back in house in October.",
])
def test_plans_partnerships_and_oversight_are_responses(sentence: str) -> None:
    body = "Ofsted found that return home interviews were late. " + sentence
    _, _, responses = read(body)
    assert quotes(responses) == [sentence.rstrip(".")]


def test_preparing_for_the_next_inspection_is_no_response() -> None:
    _, _, responses = read(
        "Ofsted found that plans were weak. Officers were preparing for the next visit.")
    assert responses == ()


def test_labelled_lines_of_an_action_log_are_items_and_actions_answer_the_line_above() -> None:
    body = (
        "Finding: Supervision is regular but is not always reflective.\n"
        "Action taken: A refreshed supervision policy has been issued to every team.\n"
        "Finding: Children at risk of exploitation are helped by a skilled team.\n"
        "Action taken: None required.\n"
    )
    findings, _, responses = read(body)
    assert quotes(findings) == [
        "Supervision is regular but is not always reflective",
        "Children at risk of exploitation are helped by a skilled team",
    ]
    assert quotes(responses) == ["A refreshed supervision policy has been issued to every team"]
    assert responses[0].responds_to == ("F0",)


@pytest.mark.parametrize("sentence", [
    "The Emergency Duty Team will escalate any strategy discussion held without police.",
    "Team managers will use a new template that records the reasons for each decision.",
    "A chronology template has been built into the case recording system.",
])
def test_what_a_named_team_will_do_is_a_response(sentence: str) -> None:
    _, _, responses = read("Ofsted found that strategy discussions were late. " + sentence)
    assert quotes(responses) == [sentence.rstrip(".")]


def test_a_sentence_announcing_findings_is_none_but_the_next_ones_report_them() -> None:
    findings, _, _ = read(
        "The letter also identified areas for improvement. Too many children had several "
        "changes of social worker. Initial health assessments were not completed on time."
    )
    assert quotes(findings) == [
        "Too many children had several changes of social worker",
        "Initial health assessments were not completed on time",
    ]
    assert {f.polarity for f in findings} == {"weakness"}
