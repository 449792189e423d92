from django.urls import path

from collaboration import views

app_name = "collaboration"

urlpatterns = [
    path("collaboration/", views.request_list, name="list"),
    path("collaboration/new/", views.request_create, name="create"),
    path("collaboration/mine/", views.my_requests, name="mine"),
    path("collaboration/moderation/", views.moderation, name="moderation"),
    path("collaboration/<int:pk>/", views.request_detail, name="detail"),
    path("collaboration/<int:pk>/edit/", views.request_edit, name="edit"),
    path("collaboration/<int:pk>/interest/", views.request_interest, name="interest"),
    path("collaboration/<int:pk>/publish/", views.request_publish, name="publish"),
    path("collaboration/<int:pk>/matched/", views.request_matched, name="matched"),
    path("collaboration/<int:pk>/close/", views.request_close, name="close"),
    path("collaboration/<int:pk>/hide/", views.request_hide, name="hide"),
    path("collaboration/<int:pk>/unhide/", views.request_unhide, name="unhide"),
    path("collaboration/responses/<int:pk>/decide/", views.response_decide, name="decide"),
    path("collaboration/responses/<int:pk>/messages/", views.response_message, name="message"),
    path("collaboration/attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
