"""A CallbackContext that hands handlers the typed `Services`, not a raw dict."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import Services

__all__ = ["SERVICES_KEY", "WatchbotContext"]

SERVICES_KEY = "services"


class WatchbotContext(
    CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
):
    """The context every Watchbot handler and job receives."""

    @property
    def services(self) -> Services:
        """The services built at start-up (stored once in bot_data by build_application)."""
        services = self.application.bot_data[SERVICES_KEY]
        assert isinstance(services, Services)
        return services

    @classmethod
    def attach(
        cls, application: Application[Any, Any, Any, Any, Any, Any], services: Services
    ) -> None:
        """Store the services where `services` finds them."""
        application.bot_data[SERVICES_KEY] = services
