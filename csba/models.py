"""The project's own rows: dead letters of tasks that could not be carried out;
API tokens and login throttles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadLetter(models.Model):
    """A task that failed for good: its retries ran out, it raised an error no
    retry can cure, or it was delivered again and again because it killed the
    worker running it (a poison message). The message is taken off its queue
    (the queue goes on with the next one) and kept here for an operator, who
    can send it again from the admin once the cause is fixed."""

    task_name = models.CharField(max_length=200)
    task_id = models.CharField(max_length=64, unique=True)
    queue = models.CharField(max_length=64, blank=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=32)
    exception = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    failed_at = models.DateTimeField()
    retried_at = models.DateTimeField(null=True, blank=True)
    retried_as = models.CharField(max_length=64, blank=True)

    class Reason(models.TextChoices):
        FAILED = "failed", "Failed (retries exhausted or not retryable)"
        WORKER_LOST = "worker_lost", "Killed its worker on every delivery"

    class Meta:
        ordering = ["-failed_at", "-pk"]
        indexes = [models.Index(fields=["task_name", "failed_at"], name="deadletter_task_failed")]

    def __str__(self) -> str:
        return f"{self.task_name} [{self.task_id}]"


class ApiToken(models.Model):
    """A token an integrator or a seller sends instead of a password
    (``Authorization: Token csba_<prefix>_<secret>``). The token is shown once
    when it is made; only its prefix (to find it) and a SHA-256 digest of the
    whole are kept. It acts as ``user``; a seller's token (and an
    integration an operator limits to one seller) carries ``seller``."""

    is_api_token = True  # csba.idempotency scopes keys by token

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    seller = models.ForeignKey(
        "sellers.SellerAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("The seller this token is limited to."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the integration."))
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user")]

    def __str__(self) -> str:
        return f"{self.name} (csba_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginScope(models.TextChoices):
    ACCOUNT = "account", _("Account")
    ADDRESS = "address", _("Address")


class LoginThrottle(models.Model):
    """Failed sign-ins of one account (user name) or one address (IP): each
    failure past the free ones makes the next attempt wait longer; past the
    lockout threshold the account or address is locked until ``locked_until``
    or until an operator lifts it (admin: Login throttles)."""

    scope = models.CharField(max_length=8, choices=LoginScope.choices)
    key = models.CharField(max_length=255)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField()
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_failure_at"]
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="login_throttle_scope_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}: {self.failures} failures"
