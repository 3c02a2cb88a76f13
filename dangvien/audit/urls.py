from django.urls import path

from dangvien.audit import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
]
