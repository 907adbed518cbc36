from django.urls import path

from . import views

app_name = "helpdesk"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.new_request, name="new"),
    path("<uuid:public_id>/", views.request_detail, name="request"),
    path("<uuid:public_id>/files/<uuid:file_id>/", views.attachment, name="attachment"),
]
