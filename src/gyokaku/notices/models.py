"""Mails to staff (お知らせ・督促) and what was sent, so nothing is sent twice.

Glossary:
- Kind 種類: 調査開始 (a round opened), 締切前 (the deadline is near and items are unsubmitted),
  差戻し (an item was returned), 承認待ちのまとめ (a daily digest for the plan office), 督促
  (the plan office reminds a department by hand).
- Notice: one mail of one kind about one event (``key``) to one person; the unique constraint is
  what makes a second run of ``gyokaku remind`` send nothing already sent.
- NoticeSetting: the kinds a person turned off (督促 cannot be turned off).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", "進捗調査の開始"
    DEADLINE = "deadline", "締切前のお知らせ"
    RETURNED = "returned", "差戻しのお知らせ"
    DIGEST = "digest", "承認待ちのまとめ（毎日）"
    REMIND = "remind", "督促"


# What a person may turn off: everything but a reminder the plan office sends by hand.
OPTIONAL_KINDS = (Kind.ROUND_OPENED, Kind.DEADLINE, Kind.RETURNED, Kind.DIGEST)


class Notice(models.Model):
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    key = models.CharField("出来事", max_length=100)  # e.g. "round-12", "returned-345"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField("件名", max_length=200)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "送信したお知らせ"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "user"], name="notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.user_id}"


class NoticeSetting(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_setting"
    )
    off = models.JSONField("受け取らない種類", default=list, blank=True)  # [Kind, ...]

    class Meta:
        verbose_name = "お知らせの設定"

    def __str__(self) -> str:
        return f"{self.user_id}: off {self.off}"
