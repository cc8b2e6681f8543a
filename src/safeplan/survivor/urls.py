from django.urls import path

from safeplan.survivor.views import access, diary, public, space, tech

app_name = "survivor"

# Short, neutral paths: what a browser keeps (history, new-tab tiles, address-bar suggestions,
# session-restore data) must not say diary, plan, code words or bag. A letter per page; no ids.
urlpatterns = [
    path("", public.start, name="start"),
    path("i/", public.about, name="about"),
    path("t/", public.helplines, name="helplines"),
    path("r/", public.legal, name="legal"),
    path("q/", public.self_check, name="self_check"),
    path("n/", access.new, name="new"),
    path("w/", access.words, name="words"),
    path("v/", access.check, name="check"),
    path("o/", access.open_space, name="open"),
    path("z/", access.lock, name="lock"),
    path("x/", access.leave, name="exit"),
    path("k/", access.keep, name="keep"),
    path("h/", space.home, name="home"),
    path("p/", space.plan, name="plan"),
    path("p/c/", space.choose, name="choose"),
    path("p/r/", space.readback, name="readback"),
    path("b/", space.bag, name="bag"),
    # One fixed path per list slot (the same slots in a plan space and a notes space); reverse with slot=<n>.
    *(path(f"l/{slot}/", space.list_page, {"slot": slot}, name="list") for slot in space.LIST_SLOTS),
    *(path(f"l/{slot}/r/", space.list_remove, {"slot": slot}, name="list_remove") for slot in space.LIST_SLOTS),
    path("s/", space.settings_page, name="settings"),
    path("c/", space.share, name="share"),
    path("d/", diary.diary_list, name="diary"),
    path("d/n/", diary.diary_new, name="diary_new"),
    path("d/a/", diary.diary_amend, name="diary_amend"),
    path("d/f/", diary.diary_download, name="diary_download"),
    path("d/v/", diary.diary_photo, name="diary_photo"),
    path("e/", tech.questions, name="tech"),
    path("e/l/", tech.checklist, name="tech_list"),
]
