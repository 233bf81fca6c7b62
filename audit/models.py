"""The security audit log's rows (written only by ``audit.log.audit_log``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """A security event (login, lockout, denied access, export, import, reveal, workflow step, delete).
    Append-only: the admin shows it read-only and nobody may change or delete it there."""

    class Kind(models.TextChoices):
        LOGIN = "login", "登录成功"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        LOGOUT = "logout", "退出登录"
        PERMISSION_DENIED = "denied", "越权访问"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        REVEAL = "reveal", "查看完整身份证号"
        TRANSITION = "transition", "流程操作"
        DELETE = "delete", "删除"
        DOWNLOAD = "download", "下载附件"
        # A township clerk's number found registered in another township, or refused at the hourly limit
        # (orgs.idlookups): each answer says whether a person is registered somewhere in the county.
        ID_LOOKUP = "id_lookup", "身份证号查询"

    class Result(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"

    occurred_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    kind = models.CharField("事件", max_length=20, choices=Kind.choices, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.SUCCESS)
    detail = models.TextField("说明", blank=True)

    TOWNSHIP_STAFF_ACTIONS = ()
    COUNTY_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "安全审计日志"
        verbose_name_plural = "安全审计日志"
        ordering = ["-occurred_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"
