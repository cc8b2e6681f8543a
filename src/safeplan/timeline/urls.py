from django.urls import path

from safeplan.timeline import closing_views, note_views, views

app_name = "timeline"

# Included under cases/, next to the cases app: "obligations/" is not an int, so it never
# meets cases' "<int:case_id>/".
urlpatterns = [
    path("obligations/", views.my_obligations, name="my_obligations"),
    path("obligations/team-overdue/", views.team_overdue, name="team_overdue"),
    path("obligations/undelivered/<int:mail_id>/dealt-with/", views.undelivered_resolve, name="undelivered_resolve"),
    path("<int:case_id>/timeline/", views.timeline, name="timeline"),
    path("<int:case_id>/events/new/", views.event_new, name="event_new"),
    path("<int:case_id>/events/<int:event_id>/", views.event_detail, name="event_detail"),
    path(
        "<int:case_id>/events/<int:event_id>/withdrawal-checklist/",
        views.withdrawal_checklist,
        name="withdrawal_checklist",
    ),
    path("<int:case_id>/obligations/<int:obligation_id>/notify/", views.notify, name="notify"),
    path("<int:case_id>/obligations/<int:obligation_id>/complete/", views.complete, name="complete"),
    path("<int:case_id>/notes/", note_views.note_list, name="notes"),
    path("<int:case_id>/notes/new/", note_views.note_new, name="note_new"),
    path("<int:case_id>/notes/<int:note_id>/correct/", note_views.note_correct, name="note_correct"),
    path("<int:case_id>/contacts/new/", note_views.contact_new, name="contact_new"),
    path("<int:case_id>/close/tasks/", closing_views.settle, name="settle"),
]
