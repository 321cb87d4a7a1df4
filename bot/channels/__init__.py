"""Channel adapters: thin translations between a platform and the engine's events and replies."""
