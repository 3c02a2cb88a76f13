from django.urls import path

from dangvien.committees import views

urlpatterns = [
    path("org/<str:code>/terms/new/", views.term_add, name="term_create"),
    path("org/<str:code>/posts/new/", views.post_assign, name="post_assign"),
    path("org/<str:code>/terms/pilot/", views.term_pilot, name="term_pilot"),
    path("org/<str:code>/posts/<int:pk>/end/", views.post_end, name="post_end"),
    path("org/<str:code>/posts/<int:pk>/member/", views.post_identify, name="post_identify"),
]
