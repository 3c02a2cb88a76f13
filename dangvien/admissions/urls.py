"""Web routes of the admissions app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.admissions import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("admissions/", views.index, name="admissions"),
    path("org/<str:code>/admissions/", views.board, name="admission_board"),
    path("org/<str:code>/admissions/register/", views.register, name="admission_register"),
    path("org/<str:code>/admissions/readmit/", views.readmit, name="admission_readmit"),
    path("org/<str:code>/admissions/days-off/", views.day_off, name="admission_days_off"),
    path("org/<str:code>/admissions/targets/", views.targets, name="admission_targets"),
    path("org/<str:code>/admissions/overdue/", views.overdue, name="admission_overdue"),
    path("admissions/candidate/<int:pk>/", views.candidate, name="admission_candidate"),
    path(
        "admissions/candidate/<int:pk>/<slug:slug>/",
        views.candidate_action,
        name="admission_candidate_action",
    ),
]
