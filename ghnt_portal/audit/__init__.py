"""Audit trail (django-auditlog) and optimistic locking for the portal's shared registers."""
