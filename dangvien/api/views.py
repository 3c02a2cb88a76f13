"""Authentication endpoint: a token for a user name and password, with the login lock-out."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangvien.api.serializers import CredentialsSerializer, TokenSerializer
from dangvien.core.exceptions import ValidationFailed
from dangvien.http.serializers import ErrorSerializer
from dangvien.users.services import login_authenticate


class ObtainTokenView(APIView):
    """POST a user name and password, get the API token (``Authorization: Token …``).

    Goes through ``login_authenticate``: failures count toward the lock-out of the web login,
    and a locked-out name is refused here too.
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Obtain an API token",
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="Wrong credentials, inactive or locked-out account."
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = CredentialsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # AccountLocked (a DomainError) becomes a 400 through the exception handler.
        user = login_authenticate(
            request=request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise ValidationFailed(
                _("The user name or password is incorrect."), code="invalid_credentials"
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
