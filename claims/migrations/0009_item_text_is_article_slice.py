"""An item's stored text is its article's slice: enforced by the database too.

A quote's `text` is `body[start:end]`; a number's `text` is that slice cut to its 300-character
column. The services keep it so (they lock the article while they read it); these triggers are
the last line of defence, so a write path that forgets cannot store words the article does not
hold at those offsets.

PostgreSQL checks every insert, every change of an item's text, offsets or article, and every
change of an article's body, at commit (constraint triggers, deferred): a text revision moves
items one by one and changes the body in between, so only the committed state is meaningful.
SQLite has no deferred triggers: it checks every insert, and every update that changes an
item's text or the length of its span, immediately (an item moving with unchanged words keeps
its text and length, which is what a revision does between its steps).
"""

from django.db import migrations

# table -> how many characters of the slice the text column keeps (None: all of it)
TABLES = {"claims_quote": None, "claims_numericclaim": 300}


def _slice(item: str, limit: int | None, smaller: str) -> str:
    """SQL for the article text (`a.body`) at the offsets of `item`, cut to `limit`;
    `smaller` is the backend's two-argument minimum (LEAST, MIN)."""
    length = f'{item}."end" - {item}.start'
    if limit is not None:
        length = f"{smaller}({length}, {limit})"
    return f"substr(a.body, {item}.start + 1, {length})"


POSTGRES_ITEM = """
CREATE OR REPLACE FUNCTION {table}_text_is_article_slice() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {table} i JOIN claims_article a ON a.id = i.article_id
               WHERE i.id = NEW.id AND i.text IS DISTINCT FROM {slice}) THEN
        RAISE EXCEPTION '% % text is not the slice of article % at its offsets',
            TG_TABLE_NAME, NEW.id, NEW.article_id
            USING ERRCODE = 'check_violation', CONSTRAINT = '{table}_text_is_article_slice';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER {table}_text_is_article_slice
    AFTER INSERT OR UPDATE OF text, start, "end", article_id ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION {table}_text_is_article_slice();
"""

POSTGRES_ARTICLE = """
CREATE OR REPLACE FUNCTION claims_article_body_keeps_item_text() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM claims_quote i JOIN claims_article a ON a.id = i.article_id
               WHERE a.id = NEW.id AND i.text IS DISTINCT FROM {quote_slice})
       OR EXISTS (SELECT 1 FROM claims_numericclaim i JOIN claims_article a ON a.id = i.article_id
               WHERE a.id = NEW.id AND i.text IS DISTINCT FROM {claim_slice}) THEN
        RAISE EXCEPTION 'article % text no longer holds the words of its items', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_article_body_keeps_item_text';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER claims_article_body_keeps_item_text
    AFTER UPDATE OF body ON claims_article
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_article_body_keeps_item_text();
"""

SQLITE_ITEM = """
CREATE TRIGGER {table}_text_is_article_slice_{event}
BEFORE {event_clause} ON {table}
WHEN {when}NEW.text IS NOT (SELECT {slice} FROM claims_article a WHERE a.id = NEW.article_id)
BEGIN SELECT RAISE(ABORT, '{table}_text_is_article_slice'); END;
"""

SQLITE_CHANGED = (
    '(NEW.text IS NOT OLD.text OR NEW."end" - NEW.start <> OLD."end" - OLD.start '
    "OR NEW.article_id <> OLD.article_id) AND "
)


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table, limit in TABLES.items():
            slice_ = _slice("i", limit, "LEAST")
            schema_editor.execute(POSTGRES_ITEM.format(table=table, slice=slice_), params=None)
        slices = {
            "quote_slice": _slice("i", TABLES["claims_quote"], "LEAST"),
            "claim_slice": _slice("i", TABLES["claims_numericclaim"], "LEAST"),
        }
        schema_editor.execute(POSTGRES_ARTICLE.format(**slices), params=None)
    elif vendor == "sqlite":
        for table, limit in TABLES.items():
            slice_ = _slice("NEW", limit, "MIN")
            for event, clause, when in (
                ("insert", "INSERT", ""),
                ("update", 'UPDATE OF text, start, "end", article_id', SQLITE_CHANGED),
            ):
                schema_editor.execute(
                    SQLITE_ITEM.format(
                        table=table, event=event, event_clause=clause, when=when, slice=slice_
                    )
                )
    else:
        raise NotImplementedError(f"No text triggers for database vendor {vendor!r}")


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER {table}_text_is_article_slice ON {table}")
            schema_editor.execute(f"DROP FUNCTION {table}_text_is_article_slice()")
        else:
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER {table}_text_is_article_slice_{event}")
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER claims_article_body_keeps_item_text ON claims_article"
        )
        schema_editor.execute("DROP FUNCTION claims_article_body_keeps_item_text()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_decision_move_and_editors_revise")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
