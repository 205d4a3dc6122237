"""The password policy: length, kinds of characters, not the user name, not
one of the last N passwords; on the API, the reset form and the CLI."""

from __future__ import annotations

from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.security import audit
from tests.factories import site_context

from .conftest import STRONG

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("Short-1a", "at least 12 characters"),
        ("alllowercaseletters", "Must mix at least 3"),
        ("ALLUPPER-BUT-NO-digits-x", None),  # four kinds: accepted
        ("lower-and-digits-123", None),  # lower, digits, other: three kinds
        ("ລະຫັດລັບລາວຍາວ12a", None),  # Lao letters count as "other"
        ("ລະຫັດລັບລາວຍາວຍາວ", "Must mix at least 3"),
        ("my-name-is-alice-1", "user name"),
    ],
)
def test_new_accounts_follow_the_policy(password: str, says: str | None) -> None:
    data = {"name": "alice", "email": "alice@example.invalid", "password": password}
    if says is None:
        assert helpers.call_action("user_create", context=site_context(), **data)["name"] == "alice"
        return
    with pytest.raises(tk.ValidationError) as err:
        helpers.call_action("user_create", context=site_context(), **data)
    assert any(says in m for m in err.value.error_dict["password"])
    assert model.User.get("alice") is None


def test_no_reuse_of_the_last_five_passwords(events: Any) -> None:
    user = factories.User(password=STRONG)
    context = {"user": user["name"], "ignore_auth": False}

    def change(old: str, new: str) -> None:
        helpers.call_action(
            "user_update",
            context=dict(context),
            id=user["id"],
            email=user["email"],
            password=new,
            old_password=old,
        )

    with pytest.raises(tk.ValidationError) as err:
        change(STRONG, STRONG)
    assert "last 5 passwords" in err.value.error_dict["password"][0]
    history = [STRONG] + [f"Another-pass-{n}x" for n in range(4)]
    for old, new in zip(history, history[1:], strict=False):
        change(old, new)
    for earlier in history:
        with pytest.raises(tk.ValidationError):
            change(history[-1], earlier)
    change(history[-1], "Brand-new-pass-9")
    change("Brand-new-pass-9", STRONG)  # six changes later, the first one is allowed again
    assert model.User.get(user["id"]).validate_password(STRONG)
    assert len(events(audit.PASSWORD_CHANGED)) == 6
    assert STRONG not in "".join(audit.lines())


@pytest.mark.ckan_config(config.PASSWORD_HISTORY, 0)
@pytest.mark.ckan_config(config.PASSWORD_MIN_LENGTH, 8)
@pytest.mark.ckan_config(config.PASSWORD_MIN_CLASSES, 1)
def test_the_policy_follows_its_settings() -> None:
    user = factories.User(password="lowercase")
    helpers.call_action(
        "user_update", context=site_context(), id=user["id"], email=user["email"], password="lowercase"
    )


def test_the_reset_form_refuses_a_weak_or_reused_password(app: Any) -> None:
    user = factories.User(password=STRONG)
    obj = model.User.get(user["id"])
    mailer.create_reset_key(obj)
    key = obj.reset_key
    url = f"/user/reset/{user['id']}?key={key}"
    weak = app.post(url, data={"password1": "weakpass", "password2": "weakpass"})
    assert "at least 12 characters" in weak.body
    reused = app.post(url, data={"password1": STRONG, "password2": STRONG})
    assert "last 5 passwords" in reused.body
    assert model.User.get(user["id"]).validate_password(STRONG)
    app.post(url, data={"password1": "A-fresh-one-42", "password2": "A-fresh-one-42"})
    assert model.User.get(user["id"]).validate_password("A-fresh-one-42")


def test_ckan_user_add_follows_the_policy(cli: Any) -> None:
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["user", "add", "weakling", "email=w@example.invalid", "password=weak"])
    assert model.User.get("weakling") is None
    assert "at least 12 characters" in result.output
