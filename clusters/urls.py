from django.urls import path

from clusters import views

app_name = "clusters"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/tokens/", views.personal_tokens, name="personal_tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        views.revoke_personal_token,
        name="revoke_personal_token",
    ),
    path("directory/people/", views.profile_directory, name="profile_directory"),
    path("directory/tags/suggest/", views.tag_suggest, name="tag_suggest"),
    path("directory/people/me/edit/", views.my_profile_edit, name="my_profile_edit"),
    path("directory/people/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("directory/people/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("directory/organisations/", views.organisation_directory, name="organisation_directory"),
    path(
        "directory/organisations/<str:slug>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "directory/organisations/<str:slug>/edit/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "directory/organisations/<str:slug>/members/<int:profile_pk>/",
        views.membership_decide,
        name="membership_decide",
    ),
    path(
        "directory/organisations/<str:slug>/products/new/",
        views.product_add,
        name="product_add",
    ),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/brands/", views.local_brands, name="local_brands"),
    path("catalogue/<int:pk>/", views.product_detail, name="product_detail"),
    path("catalogue/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("catalogue/<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("catalogue/<int:pk>/photos/", views.product_photo_add, name="product_photo_add"),
    path(
        "catalogue/<int:pk>/photos/<int:photo_pk>/remove/",
        views.product_photo_remove,
        name="product_photo_remove",
    ),
    path("catalogue/<int:pk>/brands/", views.product_brand, name="product_brand"),
]
