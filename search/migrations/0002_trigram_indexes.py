"""PostgreSQL only: trigram indexes so `LIKE '%term%'` on the compact columns uses an index."""

from django.db import migrations

COLUMNS = ["text", "title_text", "suggest_text"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS site_search_entry_{column}_trgm "
            f"ON site_search_searchentry USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS site_search_entry_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_search_entry")]
    operations = [migrations.RunPython(create, drop)]
