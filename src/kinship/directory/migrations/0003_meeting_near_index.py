"""Index for "near me" search on a weekday (docs/decisions/0003-near-me-search.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_feed_import_fields"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                fields=["day", "latitude", "longitude", "start_time"],
                name="directory_meeting_near_idx",
            ),
        ),
    ]
