"""The Watchbot application: settings, CLI, pipeline, scheduler, Telegram handlers and delivery."""

__version__ = "0.1.0"
