"""The audit log: `record` writes events, `read` filters, labels and exports them."""
