from django.db import migrations


def mark(apps, schema_editor):
    """Mark the accounts existing credentials act through, so no list of people offers them."""
    ServiceCredential = apps.get_model("api", "ServiceCredential")
    User = apps.get_model("accounts", "User")
    User.objects.filter(pk__in=ServiceCredential.objects.values("account_id")).update(is_service_account=True)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_replayedcreate"),
        ("accounts", "0006_service_accounts"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
