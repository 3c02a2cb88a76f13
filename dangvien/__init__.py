"""dangvien: the system of record for party-building organizational work."""
