"""Full-text search over post bodies and thread titles (read by `kinship.forums.search`).

SQLite: two FTS5 external-content tables, one over `forums_post.body` and one over
`forums_thread.title`, with the `unicode61 remove_diacritics 2` tokenizer (so "recaida"
finds "recaída"). Triggers keep them in step on every insert, update and delete, however
the row is written (actions, `QuerySet.update`, the moderation queue, erasure, flush);
`rebuild` indexes the rows that exist already.

Each trigger reads only its own table's OLD/NEW row. A trigger or view that named the other
table would make Django's SQLite "remake" of that table (a later AddField, AlterField...)
fail at its rename step ("error in trigger ...: no such table"). A remake does drop the
remade table's own triggers, so a migration that remakes `forums_post` or `forums_thread`
on SQLite must afterwards run `SQLITE_TRIGGERS` (for that table), `OPENING_POST_INDEX`
(for `forums_post`) and `SQLITE_REBUILD` again; `test_search.py` checks that every trigger
and the index exist after all migrations.

PostgreSQL: `forums_post.search_vector` and `forums_thread.search_vector`, stored
generated columns `to_tsvector('kinship_search', body)` and `(..., title)`, each with a
GIN index. PostgreSQL keeps them in step itself. The vectors are stored, not expression
indexes, because ranking and the match test read them for every candidate: computed at
query time, a common word took seconds on 50,000 posts. Django does not know the columns
(they are not model fields, so the models stay portable to SQLite); it never names them in
an INSERT or UPDATE, and PostgreSQL refuses writes to them anyway. A later AlterField that
changes the type of `body` or `title` must drop the column first and add it again after.

`kinship_search` is the `simple` configuration with the `unaccent` dictionary in front,
as the unaccent documentation shows: boards are in English and Spanish, so words are not
stemmed, but accents fold. `unaccent` is a trusted extension: the database owner may
create it.
"""

from django.db import migrations

SQLITE_TOKENIZER = "unicode61 remove_diacritics 2"

SQLITE_TABLES = [
    f"""
    CREATE VIRTUAL TABLE forums_post_search USING fts5(
        body, content='forums_post', content_rowid='id', tokenize='{SQLITE_TOKENIZER}'
    )
    """,
    f"""
    CREATE VIRTUAL TABLE forums_thread_search USING fts5(
        title, content='forums_thread', content_rowid='id', tokenize='{SQLITE_TOKENIZER}'
    )
    """,
]

# An external-content index forgets a row by being told the values it indexed, so the
# delete and update triggers pass the OLD values.
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER forums_post_search_insert AFTER INSERT ON forums_post BEGIN
        INSERT INTO forums_post_search(rowid, body) VALUES (new.id, new.body);
    END
    """,
    """
    CREATE TRIGGER forums_post_search_delete AFTER DELETE ON forums_post BEGIN
        INSERT INTO forums_post_search(forums_post_search, rowid, body)
        VALUES ('delete', old.id, old.body);
    END
    """,
    """
    CREATE TRIGGER forums_post_search_update AFTER UPDATE OF id, body ON forums_post
    WHEN old.id IS NOT new.id OR old.body IS NOT new.body BEGIN
        INSERT INTO forums_post_search(forums_post_search, rowid, body)
        VALUES ('delete', old.id, old.body);
        INSERT INTO forums_post_search(rowid, body) VALUES (new.id, new.body);
    END
    """,
    """
    CREATE TRIGGER forums_thread_search_insert AFTER INSERT ON forums_thread BEGIN
        INSERT INTO forums_thread_search(rowid, title) VALUES (new.id, new.title);
    END
    """,
    """
    CREATE TRIGGER forums_thread_search_delete AFTER DELETE ON forums_thread BEGIN
        INSERT INTO forums_thread_search(forums_thread_search, rowid, title)
        VALUES ('delete', old.id, old.title);
    END
    """,
    """
    CREATE TRIGGER forums_thread_search_update AFTER UPDATE OF id, title ON forums_thread
    WHEN old.id IS NOT new.id OR old.title IS NOT new.title BEGIN
        INSERT INTO forums_thread_search(forums_thread_search, rowid, title)
        VALUES ('delete', old.id, old.title);
        INSERT INTO forums_thread_search(rowid, title) VALUES (new.id, new.title);
    END
    """,
]

# Title matches are turned into opening posts one thread at a time; without this index that
# join read every post of the forum (the planner's best plan at 500,000 posts).
OPENING_POST_INDEX = (
    "CREATE INDEX forums_post_opening_search ON forums_post (thread_id) WHERE is_opening"
)

SQLITE_REBUILD = [
    "INSERT INTO forums_post_search(forums_post_search) VALUES ('rebuild')",
    "INSERT INTO forums_thread_search(forums_thread_search) VALUES ('rebuild')",
]

SQLITE_DROP = [
    "DROP INDEX IF EXISTS forums_post_opening_search",
    "DROP TRIGGER IF EXISTS forums_post_search_insert",
    "DROP TRIGGER IF EXISTS forums_post_search_delete",
    "DROP TRIGGER IF EXISTS forums_post_search_update",
    "DROP TRIGGER IF EXISTS forums_thread_search_insert",
    "DROP TRIGGER IF EXISTS forums_thread_search_delete",
    "DROP TRIGGER IF EXISTS forums_thread_search_update",
    "DROP TABLE IF EXISTS forums_post_search",
    "DROP TABLE IF EXISTS forums_thread_search",
]

POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION kinship_search (COPY = simple)",
    """
    ALTER TEXT SEARCH CONFIGURATION kinship_search
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple
    """,
    """
    ALTER TABLE forums_post ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('kinship_search', body)) STORED
    """,
    "CREATE INDEX forums_post_body_search ON forums_post USING gin (search_vector)",
    """
    ALTER TABLE forums_thread ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('kinship_search', title)) STORED
    """,
    "CREATE INDEX forums_thread_title_search ON forums_thread USING gin (search_vector)",
]

# The unaccent extension stays: it may have been there before, or be used by others.
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS forums_post_opening_search",
    "DROP INDEX IF EXISTS forums_post_body_search",
    "ALTER TABLE forums_post DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS forums_thread_title_search",
    "ALTER TABLE forums_thread DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS kinship_search",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [*SQLITE_TABLES, *SQLITE_TRIGGERS, OPENING_POST_INDEX, *SQLITE_REBUILD])
    elif vendor == "postgresql":
        _run(schema_editor, [*POSTGRESQL_CREATE, OPENING_POST_INDEX])


def drop_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("forums", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search, drop_search),
    ]
