"""Audit events (監査ログ): append-only record of every write, who did it and what changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


# Actions whose writes no anonymous reader can see: drafts and their moves before publication
# (the public reads the published snapshot, issue 12 #3), sign-ins, tokens, mail settings.
# Any other action — a new one too — counts as public, so a kept answer is never stale.
PRIVATE_ACTIONS = frozenset(
    {
        "progress.update",
        "progress.submit",
        "progress.confirm",
        "progress.return",
        "progress.approve",
        "access.refused",
        "auth.login",
        "auth.logout",
        "auth.login_failed",
        "auth.session_expired",
        "auth.password_change",
        "auth.token_failed",
        "token.create",
        "token.revoke",
        "notice.settings",
        "notice.remind",
        "user.password_reset",
        # the approval chain, 個票 proposals and committee work before its publication
        "chain.set",
        "sheet_proposal.submit",
        "sheet_proposal.decline",
        "committee.share",
        "committee.close",
        "committee.opinion.add",  # only while the year is open (its edits and withdrawals may
        "committee.reply",  # come after publication, so they stay public)
    }
)


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    # Who, as a person reads it: a username, or "cli:<os user>" for the command line.
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=60, db_index=True)  # e.g. "plan.import"
    plan_slug = models.CharField(max_length=100, blank=True, db_index=True)
    target = models.CharField(max_length=200, blank=True)  # e.g. a node key
    summary = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {"field": [old, new]} or a list
    # Whether the write may change what the public reads (web/public_cache.py keys kept public
    # answers by the newest such event). False only for actions in PRIVATE_ACTIONS.
    public = models.BooleanField(default=True)

    # What the log page shows as the target (audit.selectors.label_targets); not stored.
    target_label: str = ""

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["public", "id"], name="audit_public_id")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events cannot be deleted")
