"""The embedded store: one SQLite file (database.py) and one module of adapters per domain."""
