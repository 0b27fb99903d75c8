"""`make admin ARGS=…`: the staff's command line for the calendar, on the configured store."""
