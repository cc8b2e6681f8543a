from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeplan.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from safeplan.cases import textscan
        from safeplan.cases.models import Case, CaseShare, Handover, Person, SafeContact

        textscan.register(Case, ("summary", "closure_note"), case_field="pk", mutable=True)
        textscan.register(Person, ("other_names", "relationship", "notes"), case_field="case", mutable=True)
        fields = ("third_party", "work_details", "safe_times", "never_other", "notes")
        textscan.register(SafeContact, fields, case_field="case", mutable=True)
        textscan.register(Handover, ("reason",), case_field="case", mutable=True)
        textscan.register(CaseShare, ("reason",), case_field="case", mutable=True)
