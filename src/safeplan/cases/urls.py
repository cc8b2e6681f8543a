from django.urls import path

from safeplan.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, {"scope": "mine"}, name="mine"),
    path("team/", views.case_list, {"scope": "team"}, name="team"),
    path("shared/", views.case_list, {"scope": "shared"}, name="shared"),
    path("search/", views.case_search, name="search"),
    path("new/", views.case_create, name="create"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/summary/", views.case_edit, name="edit"),
    path("<int:case_id>/close/", views.case_close, name="close"),
    path("<int:case_id>/reopen/", views.case_reopen, name="reopen"),
    path("<int:case_id>/handover/", views.case_handover, name="handover"),
    path("<int:case_id>/handovers/<int:handover_id>/acknowledge/", views.handover_acknowledge, name="handover_ack"),
    path("<int:case_id>/people/new/", views.person_edit, name="person_add"),
    path("<int:case_id>/people/<int:person_id>/", views.person_edit, name="person_edit"),
    path("<int:case_id>/safe-contact/", views.safe_contact_edit, name="safe_contact"),
    path("<int:case_id>/locations/new/", views.location_add, name="location_add"),
    path("<int:case_id>/locations/<int:location_id>/reveal/", views.location_reveal, name="location_reveal"),
    path("<int:case_id>/shares/new/", views.case_share, name="share"),
    path("<int:case_id>/shares/<int:share_id>/revoke/", views.share_revoke, name="share_revoke"),
    path("<int:case_id>/audit/", views.case_audit, name="audit"),
]
