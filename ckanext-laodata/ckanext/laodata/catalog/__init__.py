"""The target catalog (DESIGN §3, §6): import file parsing, export, delivery status."""
