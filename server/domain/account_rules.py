"""Rules of staff accounts: what a username may look like, and who manages whose account."""
from __future__ import annotations

import re
import unicodedata

USERNAME_MIN, USERNAME_MAX = 3, 50
# Lower-case ASCII letters and digits, joined by single . _ - or @: no look-alikes (City_Admin is city_admin),
# no leading or trailing punctuation (city_admin. is refused), nothing that needs a second look.
USERNAME_PATTERN = re.compile(r"^[a-z0-9]+(?:[._@-][a-z0-9]+)*$")
USERNAME_RULE = "用户名为 3–50 位小写英文字母和数字，可用单个 . _ - @ 连接，不能以符号开头或结尾（不区分大小写）"


def normalize_username(raw: str) -> str:
    """What a username is compared as: full-width forms folded (ＡＢＣ is abc), trimmed, lower case."""
    return unicodedata.normalize("NFKC", raw or "").strip().lower()


def username_problem(username: str) -> str | None:
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX or not USERNAME_PATTERN.match(username):
        return USERNAME_RULE
    return None


PASSWORD_MIN = 8
PASSWORD_MIN_SCORE = 2  # zxcvbn: 0–1 fall to a few thousand guesses ("12345678", "password", the username)


def password_problem(password: str, user_inputs: list[str] = ()) -> str | None:
    """At least 8 characters and not easily guessed, by zxcvbn (Dropbox's maintained strength estimator), which
    also knows the account's own words (its username)."""
    from zxcvbn import zxcvbn

    if len(password or "") < PASSWORD_MIN:
        return f"密码至少 {PASSWORD_MIN} 位"
    if zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])["score"] < PASSWORD_MIN_SCORE:
        return "密码太容易被猜到：请用更长、不含用户名和常见词语或连续数字的密码"
    return None


def username_skeleton(username: str) -> str:
    """What two usernames look alike as: without the . _ - @ between the letters (city.admin is city_admin)."""
    return re.sub(r"[._@-]", "", username)


# Who may be designated an organization's account administrator (账号管理员): its department's staff, and at a
# branch its secretary, who then looks after the accounts of the branch's other committee members (副书记、组织委员).
ADMIN_ROLES = ("org_staff", "secretary")


def may_manage(manager_org_path: str, manager_is_admin: bool, target_org_path: str) -> bool:
    """An account is managed by the staff of a superior organization, or by a designated administrator of its own
    organization; never by an ordinary colleague (who could otherwise take over or lock out the others)."""
    if target_org_path == manager_org_path:
        return manager_is_admin
    return target_org_path.startswith(manager_org_path)
