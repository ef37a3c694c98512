"""Messages to people and staff (email and text), queued in the database and sent with retries.

Queue with `queue_message` inside the request's transaction, so a message exists exactly when
the thing it announces was saved; `send_due` delivers, from `flask outbox send` or just after a
request (`send_soon`).
"""
