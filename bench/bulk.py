"""Fast loading for bench/generate.py (PostgreSQL only): rows streamed with COPY (psycopg 3's
`cursor.copy()`), explicit primary keys so that the rows of the next table can point at them,
the indexes dropped during the load and rebuilt after (one sort each instead of a million
insertions), and the search vector computed by the database as the rows arrive.

Nothing here is used by the site: only the benchmarks load data this way."""

import contextlib
import functools
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, connections
from django.db.models import Model
from django.utils import timezone

# The expression of listings.services.listing_index_text (SearchVector("title", weight="A",
# config="french_unaccent") + SearchVector("description", weight="B", ...)), as Django compiles it.
# tests/test_bench_generate.py checks that both give the same vector.
SEARCH_VECTOR_TRIGGER = """
CREATE OR REPLACE FUNCTION bench_listing_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(NEW.title, '')), 'A')
        || setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(NEW.description, '')), 'B');
    RETURN NEW;
END $$;
CREATE TRIGGER bench_listing_search_vector BEFORE INSERT ON listings_listing
    FOR EACH ROW EXECUTE FUNCTION bench_listing_search_vector();
"""
DROP_SEARCH_VECTOR_TRIGGER = """
DROP TRIGGER IF EXISTS bench_listing_search_vector ON listings_listing;
DROP FUNCTION IF EXISTS bench_listing_search_vector();
"""


def next_id(model: type[Model]) -> int:
    """The first free primary key: rows are loaded with explicit ids (see copy_rows)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def _defaults(model: type[Model], given: list[str]) -> tuple[list[str], tuple]:
    """Columns the rows do not give, with the value Django would have written (the field's
    default, `now` for auto_now / auto_now_add), prepared once for the whole load."""
    now = timezone.now()
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key or getattr(field, "generated", False):
            continue  # a generated column is the database's to write (COPY refuses it)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_db_prep_save(field.get_default(), connection)  # "" for a text field
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name} has no default: give it")
        columns.append(field.column)
        values.append(value)
    return columns, tuple(values)


def parallel(tasks) -> list:
    """Run the callables side by side, each in a thread with its own database connection (two
    cores: the database works for one while Python prepares the other's rows). Inside a
    transaction (the tests) other connections would not see its rows: one after the other."""
    if connection.in_atomic_block or len(tasks) < 2:
        return [task() for task in tasks]

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        return [future.result() for future in [pool.submit(_closing, task) for task in tasks]]


def in_background(task):
    """Start `task` in a thread with its own connection; returns the function that waits for it
    (and raises its error). Inside a transaction: run now."""
    if connection.in_atomic_block:
        task()
        return lambda: None
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(_closing, task)
    pool.shutdown(wait=False)
    return future.result


def _closing(task):
    try:
        return task()
    finally:
        connections.close_all()  # this thread's connections


def _copy(table: str, names: str, defaults: tuple, rows) -> int:
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row + defaults)
            count += 1
    return count


def copy_rows(model: type[Model], columns: list[str], *streams) -> int:
    """COPY the rows of each stream (tuples in the order of `columns`, the first being "id"; one
    connection per stream, see parallel) into the model's table; every other column gets its
    default. A stream must not query the database once started: read first, then yield. Moves
    the id sequence past the last id. Returns the number of rows."""
    table = model._meta.db_table
    missing, defaults = _defaults(model, columns)
    names = ", ".join(f'"{column}"' for column in columns + missing)
    count = sum(parallel([functools.partial(_copy, table, names, defaults, rows) for rows in streams]))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
        )
    return count


def _build(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")


@contextlib.contextmanager
def indexes_dropped(*models: type[Model]):
    """Drop the tables' indexes (except those behind a constraint: primary key, unique
    constraints), yield, then build them again, as the migrations defined them, two at a time
    (the GIN indexes, the slowest, first). Building an index over a million rows is one sort;
    keeping it during the load is a million insertions."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)""",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        start = time.perf_counter()
        if connection.in_atomic_block:  # the tests: the deferred foreign key checks first
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        definitions = sorted((definition for _name, definition in indexes), key=lambda d: " USING gin " not in d)
        parallel([functools.partial(_build, definitions[0::2]), functools.partial(_build, definitions[1::2])])
        elapsed = time.perf_counter() - start
        print(f"  {len(indexes)} indexes of {', '.join(tables)} rebuilt: {elapsed:.1f} s", flush=True)


@contextlib.contextmanager
def search_vector_on_insert():
    """While loading annonces, the database fills search_vector as listing_index_text would."""
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_VECTOR_TRIGGER)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(DROP_SEARCH_VECTOR_TRIGGER)
