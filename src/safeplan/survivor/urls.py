from django.urls import path

from safeplan.survivor import diary_views, views

app_name = "survivor"

urlpatterns = [
    path("", views.start, name="start"),
    path("about/", views.about, name="about"),
    path("help/", views.helplines, name="helplines"),
    path("legal/", views.legal, name="legal"),
    path("check/", views.self_check, name="self_check"),
    path("new/", views.new, name="new"),
    path("words/", views.words, name="words"),
    path("open/", views.open_space, name="open"),
    path("lock/", views.lock, name="lock"),
    path("exit/", views.leave, name="exit"),
    path("home/", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("plan/choose/", views.choose, name="choose"),
    path("bag/", views.bag, name="bag"),
    # One fixed path per list (no ids or slugs in survivor URLs); reverse with name=<list>.
    *(path(f"list/{name}/", views.list_page, {"name": name}, name="list") for name in views.LISTS),
    *(path(f"list/{name}/remove/", views.list_remove, {"name": name}, name="list_remove") for name in views.LISTS),
    path("settings/", views.settings_page, name="settings"),
    path("share/", views.share, name="share"),
    path("diary/", diary_views.diary_list, name="diary"),
    path("diary/new/", diary_views.diary_new, name="diary_new"),
    path("diary/amend/", diary_views.diary_amend, name="diary_amend"),
    path("diary/download/", diary_views.diary_download, name="diary_download"),
]
