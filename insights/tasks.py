from celery import shared_task

from . import services


@shared_task
def purge_search_log():
    """Beat task (daily): the search log keeps INSIGHTS_SEARCH_LOG_DAYS days."""
    return services.purge_search_log()
