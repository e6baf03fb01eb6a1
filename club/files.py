"""Files written inside a transaction that then fails are deleted again.

Django 5.2 has transaction.on_commit but no on_rollback. A service that writes files to storage
inside its transaction (listing photos) runs under `atomic_removing_files()` instead of
`transaction.atomic` and calls `remove_on_failure(storage, name)` after each write: if the block
ends with an exception (its transaction or savepoint was rolled back), the files are deleted; if
it succeeds inside another such block, they become that block's, and go if it fails.

Not covered: a caller's own plain `transaction.atomic` that rolls back after the service
returned. No caller does (ATOMIC_REQUESTS is off); such a caller should use this block too."""

import functools
import logging
import threading

from django.db import transaction

logger = logging.getLogger(__name__)
_local = threading.local()


def _stack() -> list:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


class atomic_removing_files:  # noqa: N801 - used like transaction.atomic
    """`with atomic_removing_files():` or `@atomic_removing_files()`. The state of each block lives
    in a per-thread stack, never on this object, so one decorated function is safe in threads."""

    def __call__(self, func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            with atomic_removing_files():
                return func(*args, **kwargs)

        return inner

    def __enter__(self):
        atomic = transaction.atomic()
        atomic.__enter__()
        _stack().append((atomic, []))
        return self

    def __exit__(self, exc_type, exc, traceback):
        atomic, written = _stack().pop()
        try:
            atomic.__exit__(exc_type, exc, traceback)
        except BaseException:
            _remove(written)  # the commit itself failed
            raise
        if exc_type is not None:
            _remove(written)
        elif _stack():
            _stack()[-1][1].extend(written)
        return False


def _remove(written) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not delete %s after a rollback", name)


def remove_on_failure(storage, name: str) -> None:
    """Delete `name` from `storage` if the enclosing atomic_removing_files block fails."""
    stack = _stack()
    if not stack:
        raise RuntimeError("remove_on_failure() outside an atomic_removing_files() block")
    stack[-1][1].append((storage, name))
