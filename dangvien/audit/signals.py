"""Signals of the audit log."""

from django.dispatch import Signal

#: Sent once a transaction that recorded a change of the data (an audit row of a creation,
#: change or deletion: the data version moved) has committed; no arguments but the sender.
data_changed = Signal()
