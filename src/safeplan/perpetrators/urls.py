from django.urls import path

from safeplan.perpetrators import views

app_name = "perpetrators"

urlpatterns = [
    path("cases/<int:case_id>/people/<int:person_id>/index/", views.person_index, name="person"),
    path("cases/<int:case_id>/people/<int:person_id>/index/decide/", views.decide, name="decide"),
    path("cases/<int:case_id>/people/<int:person_id>/index/ask/", views.ask, name="ask"),
    path("perpetrators/enquiries/", views.enquiries, name="enquiries"),
    path("perpetrators/enquiries/answered/", views.enquiry_answered, name="enquiry_answered"),
    path("perpetrators/serial/", views.serial_list, name="serial"),
    path("perpetrators/serial/<int:perpetrator_id>/review/", views.serial_review, name="serial_review"),
]
