"""The clinic's URLs and a hello-world view, the benchmark's baseline on the same settings and
middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [
    path("hello/", hello, name="hello"),
    path("", include("sciatica_pt.clinic.urls")),
]
