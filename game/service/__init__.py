"""The service layer: commands in, stored events and per-role projections out."""

from .classroom import Classroom
from .sessions import Result, Service, UnknownSession, new_id

__all__ = ["Classroom", "Result", "Service", "UnknownSession", "new_id"]
