from django.urls import include, path

urlpatterns = [
    path("", include("paradesk.ops.urls")),
    path("", include("paradesk.firm.urls")),
    path("matters/", include("paradesk.matters.urls")),
    path("", include("paradesk.work.urls")),
    path("", include("paradesk.documents.urls")),
    path("", include("paradesk.chronology.urls")),
    path("", include("paradesk.drafting.urls")),
    path("api/v1/", include("paradesk.api.urls")),
]

handler404 = "paradesk.ops.views.not_found"
handler500 = "paradesk.ops.views.server_error"
