"""The service layer: filing a case, staff decisions, the engine's repository, group commit, queued jobs.

Between the engine (``handlers``, pure) and the tables (``models``): it writes the
database in transactions and queues follow-up work through ``casework.jobs``.
"""
