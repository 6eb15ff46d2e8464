from django.apps import AppConfig


class CsbaConfig(AppConfig):
    name = "csba"
    verbose_name = "CSBA"

    def ready(self):
        from . import admin_access  # noqa: F401  (the admin of API tokens and login throttles)
        from .api import strict

        strict.install()
        _forget_tokens_on_changes()


def _forget_tokens_on_changes() -> None:
    """A token kept by ``csba.tokens`` is dropped when it, its user, the
    user's groups or a seller account change."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .tokens import forget_checked_tokens

    user_model = get_user_model()
    for model in (user_model, "csba.ApiToken", "sellers.SellerAccount"):
        post_save.connect(forget_checked_tokens, sender=model, dispatch_uid=f"forget-tokens-save-{model}")
        post_delete.connect(forget_checked_tokens, sender=model, dispatch_uid=f"forget-tokens-delete-{model}")
    m2m_changed.connect(forget_checked_tokens, sender=user_model.groups.through, dispatch_uid="forget-tokens-groups")
