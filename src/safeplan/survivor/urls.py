from django.urls import path

from safeplan.survivor.views import access, diary, public, space, tech

app_name = "survivor"

urlpatterns = [
    path("", public.start, name="start"),
    path("about/", public.about, name="about"),
    path("help/", public.helplines, name="helplines"),
    path("legal/", public.legal, name="legal"),
    path("check/", public.self_check, name="self_check"),
    path("new/", access.new, name="new"),
    path("words/", access.words, name="words"),
    path("open/", access.open_space, name="open"),
    path("lock/", access.lock, name="lock"),
    path("exit/", access.leave, name="exit"),
    path("k/", access.keep, name="keep"),
    path("home/", space.home, name="home"),
    path("plan/", space.plan, name="plan"),
    path("plan/choose/", space.choose, name="choose"),
    path("bag/", space.bag, name="bag"),
    # One fixed path per list (no ids or slugs in survivor URLs); reverse with name=<list>.
    *(path(f"list/{name}/", space.list_page, {"name": name}, name="list") for name in space.LISTS),
    *(path(f"list/{name}/remove/", space.list_remove, {"name": name}, name="list_remove") for name in space.LISTS),
    path("settings/", space.settings_page, name="settings"),
    path("share/", space.share, name="share"),
    path("diary/", diary.diary_list, name="diary"),
    path("diary/new/", diary.diary_new, name="diary_new"),
    path("diary/amend/", diary.diary_amend, name="diary_amend"),
    path("diary/download/", diary.diary_download, name="diary_download"),
    path("tech/", tech.questions, name="tech"),
    path("tech/list/", tech.checklist, name="tech_list"),
]
