"""The worker side of the crawl: the process pool (pool.py), the per-page time limit
(timelimit.py) and the one round trip per page (page.py)."""
