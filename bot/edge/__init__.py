"""The web edge: what every request meets before a handler (headers, timeouts, rate limits, health)."""
