# MaracDecision moved here from risk with its rows: the model state is created over
# the existing table (risk_maracdecision), which is then renamed to this app's name.
# Encrypted values are bound to "<app>.<model>.<field>", so each reason is re-encrypted
# from "risk.maracdecision.reason" to "marac.maracdecision.reason".

import django.db.models.deletion
import django.utils.timezone
import safeplan.encryption
from django.conf import settings
from django.db import migrations, models

from safeplan.domain.fieldcrypto import decrypt_text, encrypt_text

OLD_CONTEXT = "risk.maracdecision.reason"
NEW_CONTEXT = "marac.maracdecision.reason"


def _rebind(schema_editor, table, source, target):
    ring = settings.FIELD_KEYRING
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, reason FROM {quote(table)} WHERE reason <> ''")
        for pk, token in cursor.fetchall():
            plain = decrypt_text(ring, token, source)
            cursor.execute(
                f"UPDATE {quote(table)} SET reason = %s WHERE id = %s", [encrypt_text(ring, plain, target), pk]
            )


def reasons_to_marac(apps, schema_editor):
    _rebind(schema_editor, "marac_maracdecision", OLD_CONTEXT, NEW_CONTEXT)


def reasons_to_risk(apps, schema_editor):
    _rebind(schema_editor, "marac_maracdecision", NEW_CONTEXT, OLD_CONTEXT)


def content_type_to_marac(apps, schema_editor):
    """Move the decision's content type (and so its permissions) to the marac app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="marac", model="maracdecision").exists():
        ContentType.objects.using(db).filter(app_label="risk", model="maracdecision").update(app_label="marac")


def content_type_to_risk(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="risk", model="maracdecision").exists():
        ContentType.objects.using(db).filter(app_label="marac", model="maracdecision").update(app_label="risk")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("risk", "0002_move_marac_decision_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MaracDecision",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("decision", models.CharField(choices=[("refer", "Refer to MARAC"), ("do_not_refer", "Do not refer to MARAC")], max_length=20, verbose_name="decision")),
                        ("reason", safeplan.encryption.EncryptedTextField(verbose_name="reason")),
                        ("decided_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("assessment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="marac_decisions", to="risk.assessment")),
                        ("decided_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-decided_at", "-pk"],
                        "db_table": "risk_maracdecision",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="maracdecision", table=None),
        migrations.RunPython(reasons_to_marac, reasons_to_risk),
        migrations.RunPython(content_type_to_marac, content_type_to_risk),
    ]
