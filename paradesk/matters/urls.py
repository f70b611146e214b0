from django.urls import path

from paradesk.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="list"),
    path("open/", views.matter_open, name="open"),
    path("<int:matter_id>/", views.matter_detail, name="detail"),
    path("<int:matter_id>/edit/", views.matter_edit, name="edit"),
    path("<int:matter_id>/parties/add/", views.party_add, name="party_add"),
    path(
        "<int:matter_id>/parties/<int:party_id>/remove/",
        views.party_remove,
        name="party_remove",
    ),
    path("<int:matter_id>/team/add/", views.team_add, name="team_add"),
    path(
        "<int:matter_id>/team/<int:user_id>/remove/",
        views.team_remove,
        name="team_remove",
    ),
    path("<int:matter_id>/walls/add/", views.wall_add, name="wall_add"),
]
