"""The rule book: letters (sources), approvals per plot, and what is in force on a date."""
from .loader import embedded_path, load_rulebook
from .model import Approval, InForce, Limit, Resolution, RuleBook, Source, Stated

__all__ = ["Approval", "InForce", "Limit", "Resolution", "RuleBook", "Source", "Stated",
           "embedded_path", "load_rulebook"]
