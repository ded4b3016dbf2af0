from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.models import Article


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.with_review_counts().select_related("outlet")[:20]
    return render(request, "claims/dashboard.html", {"articles": articles})
