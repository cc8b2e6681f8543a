"""Split the audit trail into N keyed chains with checkpoints.

Existing events stay exactly as they were, as chain 1 with their plain SHA-256 links (key id ""),
so they still verify; the single head row (id 1) becomes chain 1's head, and the first keyed
event in chain 1 binds their head under the audit key.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="auditchainhead", name="audit_chain_head_single_row"),
        migrations.RenameField(model_name="auditchainhead", old_name="id", new_name="chain"),
        migrations.AlterField(
            model_name="auditchainhead",
            name="chain",
            field=models.PositiveSmallIntegerField(primary_key=True, serialize=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["id"], "verbose_name": "audit event"},
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "sequence"), name="audit_event_chain_sequence"),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(unique=True)),
                ("written_at", models.DateTimeField()),
                ("line", models.TextField()),
            ],
            options={"ordering": ["number"]},
        ),
    ]
