from django.urls import path

from paradesk.documents import views

app_name = "documents"
urlpatterns = [
    path("search/", views.search, name="search"),
    path(
        "documents/<id:document_id>/v<id:number>/page/<id:page>/",
        views.page_view,
        name="page",
    ),
    path(
        "documents/<id:document_id>/v<id:number>/page/<id:page>.png",
        views.page_image,
        name="page_image",
    ),
    path("matters/<id:matter_id>/documents/upload/", views.upload, name="upload"),
    path("documents/<id:document_id>/", views.detail, name="detail"),
    path("documents/<id:document_id>/tags/", views.tag, name="tag"),
    path("matters/<id:matter_id>/documents/", views.matter_documents, name="list"),
    path(
        "documents/<id:document_id>/versions/",
        views.add_version,
        name="add_version",
    ),
    path(
        "documents/versions/<id:version_id>/unlock/",
        views.unlock,
        name="unlock",
    ),
    path(
        "documents/versions/<id:version_id>/retry/",
        views.retry_ingest,
        name="retry_ingest",
    ),
    path(
        "documents/versions/<id:version_id>/download/",
        views.download,
        name="download",
    ),
]
