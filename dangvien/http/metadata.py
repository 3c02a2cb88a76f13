"""The answer to ``OPTIONS`` on an API route: what the route is, renders and parses.

DRF's default (``SimpleMetadata``) also describes the body of each write by instantiating the
view's serializer, which our viewsets do not declare (each action reads its own input
serializer, and the OpenAPI schema at ``/api/schema/`` describes every body): ``OPTIONS`` on
an action route was a 500. The schema is the description of the bodies; this answers without
them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this class while it loads
    from rest_framework.views import APIView


class RouteMetadata(BaseMetadata):
    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "allowed_methods": view.allowed_methods,
            "schema": "/api/schema/",
        }
