from django.urls import path
from django.http import HttpResponse

app_name = "web"
urlpatterns = [path("", lambda r: HttpResponse("dangvien"), name="home")]
