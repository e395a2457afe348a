"""Prefect's API for the runs: the servers this project starts and keeps, and Prefect's settings.

    hosting/env.py      Prefect configured before it is imported (quiet, its home in the data dir)
    hosting/server.py   a temporary or kept server on loopback; the API checked, a fault one line
    hosting/keeper.py   the kept server's process (`python -m hosting.keeper`), stopping when idle

Imports only parsers (bounded texts); never flows.
"""
