"""gyokaku user add|list."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from tests.support.commands import gyokaku, refused
from tests.support.world import World

from gyokaku.accounts.models import Profile
from gyokaku.audit.models import AuditEvent

User = get_user_model()


def test_it_adds_an_editor_with_departments_and_a_password(world: World) -> None:
    out, _ = gyokaku(
        "user",
        "add",
        "frank",
        "--role",
        "editor",
        "--department",
        "dx",
        "--department",
        "shimin",
        "--municipality",
        "022012",
        "--password-stdin",
        stdin="s3cret pass\n",
    )
    assert "frank" in out and "追加しました" in out
    user = User.objects.get(username="frank")
    assert user.check_password("s3cret pass")
    profile = Profile.objects.get(user=user)
    assert profile.role == "editor"
    assert profile.municipality.code == "022012"
    assert sorted(profile.departments.values_list("code", flat=True)) == ["dx", "shimin"]
    event = AuditEvent.objects.filter(action="user.create", target="frank").get()
    assert event.actor_label.startswith("cli")


def test_it_leaves_the_password_unusable_and_says_how_to_set_one(world: World) -> None:
    out, _ = gyokaku("user", "add", "grace", "--role", "viewer", "--municipality", "022012")
    assert not User.objects.get(username="grace").has_usable_password()
    assert "gyokaku changepassword grace" in out


def test_it_picks_the_only_municipality(db: None) -> None:
    from gyokaku.plans.models import Municipality

    Municipality.objects.create(code="022012", name="青森市")
    gyokaku("user", "add", "heidi", "--role", "coordinator")
    assert Profile.objects.get(user__username="heidi").municipality.code == "022012"


def test_it_updates_an_existing_user(world: World) -> None:
    out, _ = gyokaku("user", "add", "dave", "--role", "coordinator", "--municipality", "022012")
    assert "更新しました" in out
    assert Profile.objects.get(user__username="dave").role == "coordinator"
    assert User.objects.get(username="dave").has_usable_password()  # kept


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--role", "boss", "--municipality", "022012"], "--role"),
        (["--municipality", "022012"], "--role"),
        (["--role", "editor", "--municipality", "022012"], "--department"),
        (["--role", "editor", "--department", "nope", "--municipality", "022012"], "nope"),
        (["--role", "viewer", "--municipality", "999999"], "--municipality"),
        (["--role", "viewer"], "--municipality"),  # two municipalities: which one?
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(
    world: World, args: list[str], names: str
) -> None:
    message = refused("user", "add", "ivan", *args)
    assert names in message
    assert not User.objects.filter(username="ivan").exists()


def test_it_refuses_an_empty_password_line(world: World) -> None:
    message = refused(
        "user",
        "add",
        "ivan",
        "--role",
        "viewer",
        "--municipality",
        "022012",
        "--password-stdin",
        stdin="\n",
    )
    assert "--password-stdin" in message
    assert not User.objects.filter(username="ivan").exists()


def test_it_lists_users_with_role_and_departments(world: World) -> None:
    out, _ = gyokaku("user", "list")
    alice = next(line for line in out.splitlines() if line.startswith("alice "))
    assert "editor" in alice and "022012" in alice and "dx" in alice
    assert "mallory" in out and "011002" in out
