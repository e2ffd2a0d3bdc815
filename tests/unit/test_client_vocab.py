"""The clients' labels are generated from the server's domain and both clients share one voting core."""
from server import client_vocab
from server.domain import vocab


def test_the_committed_vocabulary_is_what_the_domain_renders_now():
    assert (client_vocab.H5_CORE / "vocab.js").read_text(encoding="utf-8") == client_vocab.render(), \
        "run `python -m server.client_vocab` (make does) and commit the result"


def test_the_mini_program_uses_identical_copies_of_the_shared_files():
    for name in client_vocab.SHARED:
        assert (client_vocab.MP_CORE / name).read_bytes() == (client_vocab.H5_CORE / name).read_bytes(), name


def test_the_rendered_labels_are_the_domains():
    rendered = client_vocab.render()
    for key, label in {**vocab.STATUSES, **vocab.ROLES, **vocab.TASK_KINDS}.items():
        assert f'"{key}": "{label}"' in rendered
    assert "export const SESSION_STATES" in rendered and "export const WARNING_CRITERIA" in rendered
