from django.urls import path

from dangvien.rules import views

urlpatterns = [
    path("rules/", views.rulebook, name="rules"),
]
