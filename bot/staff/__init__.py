"""The staff desk: a back-office application where departments see and decide their cards."""
