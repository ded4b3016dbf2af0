"""Personal API tokens: a user makes one (its secret shown once), sees theirs, revokes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from claims import services
from claims.forms_tokens import ApiTokenForm
from claims.models import ApiToken
from claims.views.common import HtmxHttpRequest, render_htmx

TEMPLATE = "claims/token_list.html"


def _context(request: HtmxHttpRequest, form: ApiTokenForm, **extra) -> dict:
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return {"form": form, "tokens": tokens, **extra}


@never_cache  # the page that shows a new secret must not be kept by any cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        context = _context(request, ApiTokenForm(user=request.user))
        return render_htmx(request, TEMPLATE, context, fragment="token-panel")
    form = ApiTokenForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            token, secret = services.create_token(request.user, **form.cleaned_data)
        except services.ClaimDeskError as exc:
            form.add_error(None, str(exc))
        else:
            context = _context(request, ApiTokenForm(user=request.user), new=token, secret=secret)
            return render_htmx(request, TEMPLATE, context, fragment="token-panel")
    context = _context(request, form)
    return render_htmx(request, TEMPLATE, context, fragment="token-panel", status=400)


@login_required
@require_POST
def token_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # others' tokens: 404
    services.revoke_token(token, user=request.user)
    if request.htmx:
        context = _context(request, ApiTokenForm(user=request.user))
        return render_htmx(request, TEMPLATE, context, fragment="token-table")
    messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
    return redirect("claims:token-list")
