from django.urls import path

from paradesk.drafting import views

app_name = "drafting"

urlpatterns = [
    path("matters/<int:matter_id>/drafts/", views.matter_drafts, name="matter"),
    path("drafts/<int:draft_id>/", views.draft_detail, name="draft"),
    path("drafts/<int:draft_id>/submit/", views.submit, name="submit"),
    path("drafts/<int:draft_id>/finalize/", views.finalize, name="finalize"),
    path("templates/", views.library, name="library"),
    path("templates/<int:template_id>/", views.template_detail, name="template"),
    path(
        "templates/<int:template_id>/v<int:number>/download/",
        views.template_download,
        name="template_download",
    ),
]
