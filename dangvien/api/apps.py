from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dangvien.api"
    label = "api"
