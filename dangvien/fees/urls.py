from django.urls import path

from dangvien.fees import views

urlpatterns = [
    path("fees/", views.fees_index, name="fees"),
    path("org/<str:code>/fees/", views.organization_fees, name="organization_fees"),
    path("org/<str:code>/fees/<str:month>/", views.collection_sheet, name="fee_sheet"),
    path("member/<int:pk>/fees/basis/", views.member_fee_basis, name="member_fee_basis"),
    path("member/<int:pk>/fees/relief/", views.member_fee_relief, name="member_fee_relief"),
]
