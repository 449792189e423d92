"""The database engine's inverted index of 2-grams (see search.models.SearchEntry.grams).

SQLite: an FTS5 table over `grams`, kept in step by triggers. PostgreSQL: a GIN index on the
'simple' tsvector of `grams`. Either way a term's 2-grams are looked up, not scanned for.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE site_search_grams USING fts5("
    "grams, content='site_search_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER site_search_grams_insert AFTER INSERT ON site_search_searchentry BEGIN "
    "INSERT INTO site_search_grams(rowid, grams) VALUES (new.id, new.grams); END",
    "CREATE TRIGGER site_search_grams_delete AFTER DELETE ON site_search_searchentry BEGIN "
    "INSERT INTO site_search_grams(site_search_grams, rowid, grams) "
    "VALUES ('delete', old.id, old.grams); END",
    "CREATE TRIGGER site_search_grams_update AFTER UPDATE ON site_search_searchentry BEGIN "
    "INSERT INTO site_search_grams(site_search_grams, rowid, grams) "
    "VALUES ('delete', old.id, old.grams); "
    "INSERT INTO site_search_grams(rowid, grams) VALUES (new.id, new.grams); END",
    "INSERT INTO site_search_grams(site_search_grams) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS site_search_grams_insert",
    "DROP TRIGGER IF EXISTS site_search_grams_delete",
    "DROP TRIGGER IF EXISTS site_search_grams_update",
    "DROP TABLE IF EXISTS site_search_grams",
]
POSTGRES_CREATE = [
    "CREATE INDEX site_search_entry_grams ON site_search_searchentry "
    "USING gin (to_tsvector('simple', grams))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS site_search_entry_grams"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_search_entry")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
