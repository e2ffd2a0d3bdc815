"""ristretto255 through libsodium, against the published vectors of RFC 9496 (appendix A)."""
import hashlib

import pytest

from server.domain.e2e import group

# RFC 9496 A.1: the encodings of 0·B … 15·B.
MULTIPLES_OF_THE_GENERATOR = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
    "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
    "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
    "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
    "f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
    "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
    "903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
    "02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
    "20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
    "bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
    "e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
    "aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
    "46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
    "e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
]

# Encodings every implementation must refuse (RFC 9496 A.2's kinds): a field element not below p, a negative one.
NOT_POINTS = [
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # p itself: not canonical
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # 2^255 − 1 > p
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  # the top bit set
    "0100000000000000000000000000000000000000000000000000000000000000",  # s = 1 is negative (odd)
]


@pytest.mark.parametrize("k", range(16))
def test_small_multiples_of_the_generator_encode_as_rfc_9496_says(k):
    assert group.base_mul(k).hex() == MULTIPLES_OF_THE_GENERATOR[k]
    assert group.mul(k, group.GENERATOR).hex() == MULTIPLES_OF_THE_GENERATOR[k]


def test_adding_the_generator_walks_the_published_multiples():
    point = group.IDENTITY
    for k in range(16):
        assert point.hex() == MULTIPLES_OF_THE_GENERATOR[k]
        point = group.add(point, group.GENERATOR)


def test_the_order_times_the_generator_is_the_identity_and_minus_one_is_its_inverse():
    assert group.base_mul(group.ORDER) == group.IDENTITY
    assert group.add(group.base_mul(group.ORDER - 1), group.GENERATOR) == group.IDENTITY


@pytest.mark.parametrize("encoded", NOT_POINTS)
def test_non_canonical_or_negative_encodings_are_refused(encoded):
    with pytest.raises(group.InvalidPoint):
        group.check_point(bytes.fromhex(encoded))


def test_every_published_multiple_is_accepted_as_a_point():
    for encoded in MULTIPLES_OF_THE_GENERATOR:
        assert group.check_point(bytes.fromhex(encoded)).hex() == encoded


def test_a_hash_reduces_mod_the_order_as_integers_do():
    digest = hashlib.sha512(b"reduce me").digest()
    assert group.hash_to_scalar(digest) == int.from_bytes(digest, "little") % group.ORDER
