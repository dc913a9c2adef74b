"""Cluster mode (issue 17): crawl workers on many hosts, one writer, jobs and records in Redis."""
