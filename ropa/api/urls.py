"""The API under /api/v1/: the register's resources (a router) and the report, check and timeline endpoints."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import tokens, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("third-parties", views.ThirdPartyViewSet, basename="thirdparty")
router.register("data-categories", views.DataCategoryViewSet, basename="datacategory")
router.register("data-subjects", views.DataSubjectCategoryViewSet, basename="datasubjectcategory")
router.register("purposes", views.PurposeViewSet, basename="purpose")
router.register("security-measures", views.SecurityMeasureViewSet, basename="securitymeasure")
router.register("adequacy-decisions", views.AdequacyDecisionViewSet, basename="adequacydecision")

urlpatterns = [
    path("auth/token/", tokens.TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
    path("", include("ropa.reports.api_urls")),
    path("", include("ropa.checks.api_urls")),
    path("", include("ropa.timeline.api_urls")),
    path("", include("ropa.importing.api_urls")),
    path("", include("ropa.notice.api_urls")),
]
