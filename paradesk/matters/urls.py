from django.urls import path

from paradesk.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="list"),
    path("open/", views.matter_open, name="open"),
    path("<id:matter_id>/", views.matter_detail, name="detail"),
    path("<id:matter_id>/edit/", views.matter_edit, name="edit"),
    path("<id:matter_id>/parties/add/", views.party_add, name="party_add"),
    path(
        "<id:matter_id>/parties/<id:party_id>/remove/",
        views.party_remove,
        name="party_remove",
    ),
    path("<id:matter_id>/team/add/", views.team_add, name="team_add"),
    path(
        "<id:matter_id>/team/<id:user_id>/remove/",
        views.team_remove,
        name="team_remove",
    ),
    path("<id:matter_id>/walls/add/", views.wall_add, name="wall_add"),
]
