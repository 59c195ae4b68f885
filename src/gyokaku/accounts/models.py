"""People, roles, departments (所管課) and personal API tokens.

Everything a person may see or do is scoped to one municipality (their profile's). Roles:
- admin        システム管理者: users, departments, and everything a coordinator may do
- coordinator  計画担当 (行政経営課): rounds, assignments, review, publication
- editor       所管課 担当者: their own departments' items, while a round is open
- chief        課長: reads everything internal; confirms or returns their departments' items at
               the 課長 step of a plan's approval chain (承認ルート)
- director     部長: the same at the 部長 step, for every department of their 部 (bureau)
- viewer       閲覧者: reads everything internal of the municipality
- committee    委員会委員 (行財政改革推進委員会): an outside member; reads only the years the plan
               office shares with the committee (committee app) and writes opinions there. Not
               internal: everywhere else they are treated as the public (``actor_for``).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from gyokaku.plans.models import Municipality


class Role(models.TextChoices):
    ADMIN = "admin", "システム管理者"
    COORDINATOR = "coordinator", "計画担当"
    EDITOR = "editor", "所管課担当者"
    CHIEF = "chief", "課長"
    DIRECTOR = "director", "部長"
    VIEWER = "viewer", "閲覧者"
    COMMITTEE = "committee", "委員会委員"


# The roles that act at a step of an approval chain, and need departments to act for (a 部長's
# departments tell which 部 they lead).
APPROVER_ROLES = frozenset({Role.CHIEF, Role.DIRECTOR})


class Bureau(models.Model):
    """部: a group of departments (総務部, 財務部 …), which a 部長 leads."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="bureaus")
    code = models.CharField("部コード", max_length=30)
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "部"
        ordering = ["municipality", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="bureau_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """所管課."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="departments"
    )
    code = models.CharField("所管課コード", max_length=30)
    name = models.CharField("名称", max_length=100)
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name="部",
    )

    class Meta:
        verbose_name = "所管課"
        ordering = ["municipality", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="department_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="profiles"
    )
    role = models.CharField("役割", max_length=20, choices=Role.choices)
    departments = models.ManyToManyField(Department, blank=True, related_name="members")

    class Meta:
        verbose_name = "利用者の所属"

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    @property
    def is_plan_office(self) -> bool:
        return self.role in (Role.ADMIN, Role.COORDINATOR)


TOKEN_PREFIX = "gyk_"


def token_digest(raw: str) -> str:
    # Tokens are long random strings, so a fast hash is enough: only the digest is stored.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A personal API token (`Authorization: Bearer gyk_…`); only its digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名前", max_length=100, blank=True)
    prefix = models.CharField(max_length=12)  # shown in lists to tell tokens apart
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API トークン"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def new_raw() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
