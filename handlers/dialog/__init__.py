"""The dialog: a router that sends each event to the handler module of its concern."""
