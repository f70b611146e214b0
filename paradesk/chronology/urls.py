from django.urls import path

from paradesk.chronology import views

app_name = "chronology"
urlpatterns = [
    path("matters/<int:matter_id>/chronology/", views.matter_chronology, name="matter"),
    path("matters/<int:matter_id>/chronology/build/", views.build, name="build"),
    path("matters/<int:matter_id>/chronology/add/", views.add_entry, name="add"),
    path(
        "matters/<int:matter_id>/chronology/merge/", views.merge_entries, name="merge"
    ),
    path("matters/<int:matter_id>/chronology/submit/", views.submit, name="submit"),
    path(
        "matters/<int:matter_id>/chronology/export.<str:fmt>",
        views.export,
        name="export",
    ),
    path("chronology/entries/<int:entry_id>/", views.edit_entry, name="edit"),
    path(
        "chronology/entries/<int:entry_id>/delete/", views.delete_entry, name="delete"
    ),
    path(
        "chronology/entries/<int:entry_id>/restore/",
        views.restore_entry,
        name="restore",
    ),
    path("chronology/entries/<int:entry_id>/split/", views.split_entry, name="split"),
]
