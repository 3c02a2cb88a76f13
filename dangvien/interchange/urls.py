"""Web routes of the interchange app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.interchange import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("import/<int:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
]
