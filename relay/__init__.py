"""Every Redis command of the cluster mode (issue 17), and nothing else: the storage layer's
second half beside db/. Connections come from `relay.connect.open_redis`."""

from relay.connect import RedisConnectError, RedisURLError, open_redis, redact

__all__ = ["RedisConnectError", "RedisURLError", "open_redis", "redact"]
