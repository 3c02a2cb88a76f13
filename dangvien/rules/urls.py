from django.urls import path

from dangvien.rules import views

urlpatterns = [
    path("", views.rulebook, name="rules"),
]
