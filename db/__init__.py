"""Storage: the schema (migrations) and every SQL statement claimwatch runs."""

from db.connect import DatabaseFileError, default_db_path, open_db

__all__ = ["DatabaseFileError", "default_db_path", "open_db"]
