"""The event vocabulary of docs/design.md, Events: the names a history and a pack may use.

Names are jurisdiction-neutral. The attribute models of each type live with the
event models; this is the list the linter checks pack references against.
"""

from __future__ import annotations

__all__ = ["EVENT_TYPES"]

EVENT_TYPES: frozenset[str] = frozenset({
    # catalog
    "catalog.change", "catalog.extension_granted", "catalog.updated", "catalog.published",
    # sharing request
    "request.submitted", "request.forwarded", "request.replied", "request.delivered",
    "request.objected", "request.decided",
    "request.reviewed", "request.extension_granted",
    # data quality
    "quality.objection", "quality.forwarded", "quality.extension_granted", "quality.resolved",
    # resource and service
    "resource.replacement_available", "resource.users_notified", "resource.retired",
    "service.changed", "service.terminated",
    # use and security
    "use.out_of_scope", "sharing.suspended", "sharing.terminated", "security.incident",
    "security.reported", "security.response_started",
    "collection.duplicate", "records.destroyed", "logs.deleted",
    # provision: how a department supplies data to the platform (Jinzhong plan)
    "provision.started",
    # classification
    "data.classified",
    # reporting
    "report.submitted",
    # enforcement and disputes
    "rectification.ordered", "rectification.completed", "rectification.refused", "sanction.proposed",
    # conduct established by an inspection or a complaint, and officials' conduct
    "conduct.found", "staff.misconduct",
    "dispute.raised", "dispute.negotiation_failed", "dispute.escalated", "dispute.decided",
})
