"""The service layer: commands in, stored events and per-role projections out."""

from .sessions import Result, Service, UnknownSession, new_id

__all__ = ["Result", "Service", "UnknownSession", "new_id"]
