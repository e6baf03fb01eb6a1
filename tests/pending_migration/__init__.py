"""A migration module with one migration that is never applied, for the /readyz test (through
MIGRATION_MODULES, given to an app that has no migration of its own)."""
