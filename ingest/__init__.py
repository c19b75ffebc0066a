"""Turns the outside world (feeds, a folder inbox, HTTP push) into documents; knows nothing of Telegram."""
