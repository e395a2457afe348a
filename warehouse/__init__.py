"""The DuckDB warehouse: migrations, loaders, queries. Every function takes a connection."""
