"""Offsets must point inside the article text: enforced by the database, not only by forms.

A check constraint cannot look at another table, so each backend gets triggers that refuse a
quote or claim whose span (or speaker mention, or sentence) ends past its article's body, and
an article body change that would leave an existing span outside the text.
"""

from django.db import migrations

SPAN_COLUMNS = {
    "claims_quote": ["end", "speaker_end"],
    "claims_numericclaim": ["end", "sentence_end"],
}

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION claims_{table}_span_inside_article() RETURNS trigger AS $$
DECLARE body_length integer;
BEGIN
    SELECT char_length(body) INTO body_length FROM claims_article WHERE id = NEW.article_id;
    IF {condition} THEN
        RAISE EXCEPTION 'span of % % ends outside article % (% characters)',
            TG_TABLE_NAME, NEW.id, NEW.article_id, body_length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER claims_{table}_span_inside_article
    BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION claims_{table}_span_inside_article();
"""

POSTGRES_ARTICLE = """
CREATE OR REPLACE FUNCTION claims_article_body_keeps_spans() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM claims_quote WHERE article_id = NEW.id
               AND ("end" > char_length(NEW.body) OR speaker_end > char_length(NEW.body)))
       OR EXISTS (SELECT 1 FROM claims_numericclaim WHERE article_id = NEW.id
               AND ("end" > char_length(NEW.body) OR sentence_end > char_length(NEW.body))) THEN
        RAISE EXCEPTION 'article % body change would leave spans outside the text', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER claims_article_body_keeps_spans
    BEFORE UPDATE OF body ON claims_article
    FOR EACH ROW EXECUTE FUNCTION claims_article_body_keeps_spans();
"""

SQLITE_TRIGGER = """
CREATE TRIGGER claims_{table}_span_inside_article_{event}
BEFORE {event} ON {table}
WHEN {condition}
BEGIN SELECT RAISE(ABORT, 'span ends outside its article text'); END;
"""

SQLITE_ARTICLE = """
CREATE TRIGGER claims_article_body_keeps_spans
BEFORE UPDATE OF body ON claims_article
WHEN EXISTS (SELECT 1 FROM claims_quote WHERE article_id = NEW.id
             AND ("end" > length(NEW.body) OR speaker_end > length(NEW.body)))
  OR EXISTS (SELECT 1 FROM claims_numericclaim WHERE article_id = NEW.id
             AND ("end" > length(NEW.body) OR sentence_end > length(NEW.body)))
BEGIN SELECT RAISE(ABORT, 'article body change would leave spans outside the text'); END;
"""


def _too_long(columns: list[str], length: str) -> str:
    # A NULL column (no speaker mention) compares as NULL, which neither backend treats as true.
    return " OR ".join(f'NEW."{column}" > {length}' for column in columns)


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table, columns in SPAN_COLUMNS.items():
        if vendor == "postgresql":
            condition = _too_long(columns, "body_length")
            schema_editor.execute(
                POSTGRES_FUNCTION.format(table=table, condition=condition), params=None
            )
        elif vendor == "sqlite":
            length = "(SELECT length(body) FROM claims_article WHERE id = NEW.article_id)"
            for event in ("INSERT", "UPDATE"):
                condition = _too_long(columns, length)
                schema_editor.execute(
                    SQLITE_TRIGGER.format(table=table, event=event, condition=condition)
                )
        else:
            raise NotImplementedError(f"No span triggers for database vendor {vendor!r}")
    schema_editor.execute(
        POSTGRES_ARTICLE if vendor == "postgresql" else SQLITE_ARTICLE, params=None
    )


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table in SPAN_COLUMNS:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER claims_{table}_span_inside_article ON {table}")
            schema_editor.execute(f"DROP FUNCTION claims_{table}_span_inside_article()")
        else:
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(f"DROP TRIGGER claims_{table}_span_inside_article_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER claims_article_body_keeps_spans ON claims_article")
        schema_editor.execute("DROP FUNCTION claims_article_body_keeps_spans()")
    else:
        schema_editor.execute("DROP TRIGGER claims_article_body_keeps_spans")


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
