from django.urls import path

from safeplan.perpetrators import management_views, views

app_name = "perpetrators"

urlpatterns = [
    path("cases/<int:case_id>/people/<int:person_id>/index/", views.person_index, name="person"),
    path("cases/<int:case_id>/people/<int:person_id>/index/decide/", views.decide, name="decide"),
    path("cases/<int:case_id>/people/<int:person_id>/index/ask/", views.ask, name="ask"),
    path("cases/<int:case_id>/people/<int:person_id>/management/", management_views.overview, name="management"),
    path("cases/<int:case_id>/people/<int:person_id>/orders/new/", management_views.order_new, name="order_new"),
    path(
        "cases/<int:case_id>/people/<int:person_id>/orders/breach/", management_views.order_breach, name="order_breach"
    ),
    path(
        "cases/<int:case_id>/people/<int:person_id>/orders/expiry/", management_views.order_expiry, name="order_expiry"
    ),
    path("cases/<int:case_id>/people/<int:person_id>/custody/", management_views.custody, name="custody"),
    path("cases/<int:case_id>/people/<int:person_id>/release/", management_views.release, name="release"),
    path("cases/<int:case_id>/people/<int:person_id>/plan/", management_views.plan, name="plan"),
    path("cases/<int:case_id>/people/<int:person_id>/plan/review/", management_views.plan_review, name="plan_review"),
    path("perpetrators/enquiries/", views.enquiries, name="enquiries"),
    path("perpetrators/enquiries/answered/", views.enquiry_answered, name="enquiry_answered"),
    path("perpetrators/serial/", views.serial_list, name="serial"),
    path("perpetrators/serial/<int:perpetrator_id>/review/", views.serial_review, name="serial_review"),
]
