# MaracDecision moves to the marac app. Only Django's model state changes here: the
# table and its rows stay, and marac/0001_initial takes them over (renaming the table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("risk", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="MaracDecision")],
            database_operations=[],
        ),
    ]
