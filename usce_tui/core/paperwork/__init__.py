"""Paperwork: documents that expire, visa steps of a trip, and correspondence with programs."""
