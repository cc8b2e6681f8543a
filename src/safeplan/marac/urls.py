from django.urls import path

from safeplan.marac.views import areas, briefing, decisions, hearing, meetings, referrals, releases, research, shared

app_name = "marac"

urlpatterns = [
    # The decision keeps the address it had when it lived in risk.
    path("cases/<int:case_id>/risk/<int:assessment_id>/marac-decision/", decisions.decision, name="decision"),
    path("cases/<int:case_id>/marac/refer/", referrals.refer, name="refer"),
    path("cases/<int:case_id>/marac/referrals/<int:referral_id>/", referrals.case_referral, name="case_referral"),
    path("cases/<int:case_id>/marac/items/<int:item_id>/victim/", hearing.victim_update, name="victim_update"),
    path("marac/referrals/", referrals.queue, name="queue"),
    path("marac/referrals/<int:referral_id>/", referrals.queued_referral, name="queued_referral"),
    path("marac/referrals/<int:referral_id>/return/", referrals.referral_return, name="referral_return"),
    path("marac/referrals/<int:referral_id>/accept/", meetings.referral_accept, name="referral_accept"),
    path("marac/meetings/", meetings.meeting_list, name="meetings"),
    path("marac/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("marac/meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("marac/meetings/<int:meeting_id>/invite/", meetings.meeting_invite, name="meeting_invite"),
    path("marac/meetings/<int:meeting_id>/circulate/", meetings.meeting_circulate, name="meeting_circulate"),
    path("marac/meetings/<int:meeting_id>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("marac/meetings/<int:meeting_id>/held/", hearing.meeting_held, name="meeting_held"),
    path("marac/meetings/<int:meeting_id>/minutes/", hearing.minutes, name="minutes"),
    path("marac/meetings/<int:meeting_id>/minutes/issue/", hearing.minutes_issue, name="minutes_issue"),
    path("marac/shared/", shared.shared_list, name="shared"),
    path("marac/shared/<int:item_id>/research/", research.research, name="research"),
    path("marac/shared/<int:item_id>/record/", hearing.item_record, name="item_record"),
    path("marac/shared/<int:item_id>/close/", hearing.item_close, name="item_close"),
    path("marac/actions/overdue/", hearing.overdue_actions, name="overdue_actions"),
    path("marac/briefings/", briefing.briefing_list, name="briefings"),
    path("marac/briefings/<int:neighbourhood_id>/", briefing.briefing, name="briefing"),
    path("marac/shared/<int:item_id>/", shared.shared_case, name="shared_case"),
    path("marac/shared/<int:item_id>/acknowledge/", shared.shared_acknowledge, name="shared_acknowledge"),
    path("marac/shared/<int:item_id>/actions/new/", shared.action_new, name="action_new"),
    path("marac/actions/<int:action_id>/close/", shared.action_close, name="action_close"),
    path("marac/releases/", releases.release_list, name="releases"),
    path("marac/releases/<int:alert_id>/dealt-with/", releases.release_dealt_with, name="release_dealt_with"),
    path("marac/areas/", areas.area_list, name="areas"),
    path("marac/areas/new/", areas.area_new, name="area_new"),
    path("marac/areas/<int:area_id>/", areas.area_detail, name="area"),
    path("marac/areas/<int:area_id>/settings/", areas.area_edit, name="area_edit"),
    path("marac/areas/<int:area_id>/coordinators/", areas.area_coordinators, name="area_coordinators"),
    path("marac/areas/<int:area_id>/neighbourhoods/new/", areas.neighbourhood_new, name="neighbourhood_new"),
    path("marac/areas/<int:area_id>/protocols/new/", areas.protocol_new, name="protocol_new"),
    path(
        "marac/areas/<int:area_id>/protocols/<int:protocol_id>/signatures/new/",
        areas.signature_new,
        name="signature_new",
    ),
]
