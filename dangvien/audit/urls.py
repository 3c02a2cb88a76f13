from django.urls import path

from dangvien.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit"),
]
