from celery import shared_task

from . import rollup, services


@shared_task
def purge_search_log():
    """Beat task (daily): the search log keeps INSIGHTS_SEARCH_LOG_DAYS days."""
    return services.purge_search_log()


@shared_task
def rollup_closed_days():
    """Beat task (a little after midnight): the dashboard's aggregates of the days over and not
    rolled up yet (yesterday, and any day missed). Idempotent."""
    return rollup.rollup_closed_days()
