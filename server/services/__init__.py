"""Use cases: plain values + the db session in, domain errors out."""
