"""What the exchange services raise. Views show `message` next to `field` (or at the top); the API
answers 400 with `{field: [message]}`, or 409 for a conflict."""


class ExchangeError(Exception):
    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        self.code = code


class ExchangeConflict(ExchangeError):
    """The dates or seats are taken: `conflicts` lists the exchanges (or blocked periods) in the way."""

    def __init__(self, message, *, conflicts=()):
        super().__init__(message, code="conflict")
        self.conflicts = list(conflicts)


class ForbiddenTransition(ExchangeError):
    """The exchange is not in a state that allows this change, or this member may not make it."""

    def __init__(self, message):
        super().__init__(message, code="forbidden")
