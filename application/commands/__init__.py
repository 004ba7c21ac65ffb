"""Typed commands: one msgspec Struct per thing staff can do, named for it (`SignAgreement`)."""
