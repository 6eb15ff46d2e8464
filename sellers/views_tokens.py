"""The seller's API tokens (/seller/api-tokens/): made, named, listed and
revoked here; a new token is shown once, on the page that made it (never
stored, never put in a message or a redirect)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from csba import clock
from csba.errors import DomainError
from csba.forms import add_domain_errors
from csba.roles import SELLERS, role_required
from csba.tokens import token_create, token_list, token_revoke

from . import selectors


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("What the token is for, e.g. the integration."),
    )


@never_cache
@role_required(SELLERS)
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    seller = selectors.seller_for_user(request.user)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = token_create(user=request.user, seller=seller, name=form.cleaned_data["name"], now=clock.now())
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            form = TokenForm()
    return render(
        request,
        "sellers/api_tokens.html",
        {"seller": seller, "form": form, "created": created, "tokens": list(token_list(seller=seller))},
        status=201 if created else (400 if form.errors else 200),
    )


@role_required(SELLERS)
@require_POST
def api_token_revoke(request, pk: int):
    seller = selectors.seller_for_user(request.user)
    token = token_revoke(token_id=pk, seller=seller, now=clock.now())
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("seller:api_tokens")
