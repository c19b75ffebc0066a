"""Turns the outside world (feeds, folder inbox, HTTP push) into documents; no Telegram here."""
