"""Channels that deliver reminders: e-mail over SMTP and a signed JSON webhook."""
