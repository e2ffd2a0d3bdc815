"""End-to-end verifiable ballots (端到端可验证, DESIGN §12): ristretto255, exponential ElGamal and the proofs that let
anyone check a published result. The group comes from libsodium (group.py, the only module that touches it); this
package writes the protocol on top, as docs/verification.md specifies it."""
