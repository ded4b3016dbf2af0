"""Background work, run by `manage.py db_worker` (django-tasks-db) or immediately in tests."""

from django.tasks import task

from claims import services


@task()
def extract_article(article_id: int) -> dict[str, int] | None:
    """Extract quotes and numbers from one stored article; safe to run again."""
    summary = services.run_extraction(article_id)
    return None if summary is None else vars(summary)
