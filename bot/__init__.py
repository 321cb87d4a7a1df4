"""App wiring: settings, the dialog runtime, channels and the command line."""
