"""The dashboard's figures, block by block (one module per part of the site). Every figure is
aggregated in SQL: the number of queries is fixed whatever the size of the data."""

from .community_figures import community_block
from .events_figures import events_block
from .exchanges_figures import exchanges_block
from .listings_figures import listings_block
from .members_figures import members_block
from .search_figures import search_block
from .tables import Block


def dashboard_blocks(period) -> list[Block]:
    return [make(period) for make in BLOCKS.values()]


BLOCKS = {
    "members": members_block,
    "listings": listings_block,
    "exchanges": exchanges_block,
    "events": events_block,
    "community": community_block,
    "search": search_block,
}


def table_by_key(period, key: str):
    """One table (a CSV download), computing only its own block; None for an unknown key."""
    make = BLOCKS.get(key.split("-", 1)[0])
    if make is None:
        return None
    return next((table for table in make(period).tables if table.key == key), None)
