from django.urls import path

from paradesk.documents import views

app_name = "documents"
urlpatterns = [
    path("search/", views.search, name="search"),
    path(
        "documents/<int:document_id>/v<int:number>/page/<int:page>/",
        views.page_view,
        name="page",
    ),
    path(
        "documents/<int:document_id>/v<int:number>/page/<int:page>.png",
        views.page_image,
        name="page_image",
    ),
    path("matters/<int:matter_id>/documents/upload/", views.upload, name="upload"),
    path("documents/<int:document_id>/", views.detail, name="detail"),
    path("documents/<int:document_id>/tags/", views.tag, name="tag"),
    path("matters/<int:matter_id>/documents/", views.matter_documents, name="list"),
    path(
        "documents/<int:document_id>/versions/",
        views.add_version,
        name="add_version",
    ),
    path(
        "documents/versions/<int:version_id>/unlock/",
        views.unlock,
        name="unlock",
    ),
    path(
        "documents/versions/<int:version_id>/retry/",
        views.retry_ingest,
        name="retry_ingest",
    ),
    path(
        "documents/versions/<int:version_id>/download/",
        views.download,
        name="download",
    ),
]
