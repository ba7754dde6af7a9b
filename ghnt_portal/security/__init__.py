"""Security plumbing: two-factor login, brute-force lock, log redaction, privacy statement."""
