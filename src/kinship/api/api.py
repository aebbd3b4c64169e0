"""The Ninja API object; each app's router is mounted here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Kinship API", version="1", urls_namespace="api")
