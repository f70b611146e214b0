from django.urls import path

from paradesk.drafting import views

app_name = "drafting"

urlpatterns = [
    path("matters/<id:matter_id>/drafts/", views.matter_drafts, name="matter"),
    path("drafts/<id:draft_id>/", views.draft_detail, name="draft"),
    path("drafts/<id:draft_id>/submit/", views.submit, name="submit"),
    path("drafts/<id:draft_id>/finalize/", views.finalize, name="finalize"),
    path("templates/", views.library, name="library"),
    path("templates/<id:template_id>/", views.template_detail, name="template"),
    path(
        "templates/<id:template_id>/v<id:number>/download/",
        views.template_download,
        name="template_download",
    ),
]
