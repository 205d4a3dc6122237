"""The laodata plugin: wires CKAN interfaces to the concerns of this package."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.xloader.interfaces import IXloader

from . import locales
from .access import activity, bulk_page
from .access.labels import LABELS
from .api import cors
from .dcat import harvest
from .logic import action as action_index
from .portal import content, facets, feeds, site
from .search import seam
from .search.translations import add_translations
from .security import login, reset, sessions, signals, tokens
from .tables import loading
from .views import delivery, errors, ratelimit
from .workflow import queue

# Replace CKAN's search connection as soon as the plugin is loaded: CKAN checks
# the search engine during start-up, before IConfigurable hooks run.
seam.install(tk.config)


@tk.blanket.actions(action_index.registered)
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
class LaodataPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IPermissionLabels)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IFeed)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.ITranslation)  # catalogs in i18n/{lo,vi}, domain ckanext-laodata
    p.implements(p.ISignal)
    p.implements(p.IApiToken, inherit=True)
    p.implements(p.IAuthenticator, inherit=True)
    p.implements(p.INotifier, inherit=True)
    p.implements(IXloader, inherit=True)
    p.implements(IDCATRDFHarvester, inherit=True)

    # IConfigurer
    def update_config(self, config_: CKANConfig) -> None:
        seam.install(config_)
        locales.install(config_)  # CKAN's own strings in lo/vi: i18n-ckan/
        tk.add_template_directory(config_, "templates")
        tk.add_public_directory(config_, "public")
        tk.add_resource("assets", "laodata")

    # IPackageController
    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return queue.index_since(add_translations(pkg_dict))

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        activity.restamp(str(pkg_dict.get("id") or pkg_dict.get("name")))

    def before_dataset_view(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return content.dataset_for_view(pkg_dict)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: Any) -> dict[str, Any]:
        return facets.label_values(search_results)

    # IOrganizationController (portal/content.py: the unit in the reader's language)
    def before_view(self, data_dict: dict[str, Any]) -> dict[str, Any]:
        return content.unit_for_view(data_dict)

    # IFacets (portal/facets.py)
    def dataset_facets(self, facets_dict: Any, package_type: str) -> Any:
        return facets.dataset_facets()

    def group_facets(self, facets_dict: Any, group_type: str, package_type: str | None) -> Any:
        return facets.dataset_facets()

    def organization_facets(self, facets_dict: Any, organization_type: str, package_type: str | None) -> Any:
        return facets.dataset_facets(with_units=False)

    # IFeed (portal/feeds.py: the Atom feeds in the reader's language)
    def get_feed_class(self) -> Any:
        return feeds.LaodataFeed

    def get_item_additional_fields(self, dataset_dict: dict[str, Any]) -> dict[str, Any]:
        return feeds.item_fields(dataset_dict)

    # IMiddleware
    def make_middleware(self, app: Any, config: Any) -> Any:
        return cors.install(
            site.install(delivery.install(errors.install(bulk_page.install(ratelimit.install(app)))))
        )

    # IXloader (tables/loading.py): which files are copied into the DataStore
    def can_upload(self, resource_id: str) -> bool:
        return loading.can_load(resource_id)

    # IDCATRDFHarvester (dcat/harvest.py: what a dataset harvested from a province becomes)
    def before_create(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: Any) -> None:
        harvest.before_create(harvest_object, dataset_dict)

    def after_create(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: Any) -> str | None:
        return harvest.land(harvest_object, dataset_dict["id"])

    def before_update(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: Any) -> None:
        harvest.before_update(harvest_object, dataset_dict)

    def after_update(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: Any) -> str | None:
        return harvest.land(harvest_object, dataset_dict["id"])

    # IPermissionLabels (access/labels.py)
    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return LABELS.get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return LABELS.get_user_dataset_labels(user_obj)

    # ISignal (security/signals.py: the audit log's lines for CKAN's signals)
    def get_signal_subscriptions(self) -> Any:
        return signals.subscriptions()

    # IApiToken (security/tokens.py: no token outlives the maximum lifetime)
    def create_api_token_schema(self, schema: Any) -> Any:
        return tokens.schema(schema)

    def postprocess_api_token(
        self, data: dict[str, Any], jti: str, data_dict: dict[str, Any]
    ) -> dict[str, Any]:
        return tokens.cap(data)

    # IAuthenticator (security/login.py: lock and throttle; security/sessions.py: idle and barred accounts)
    def login(self) -> Any:
        return login.login()

    def identify(self) -> Any:
        return sessions.identify()

    # INotifier (security/reset.py: reset links are mailed by the worker)
    def notify_about_topic(self, already_notified: bool, topic: str, details: Any = None) -> bool:
        return reset.notify_about_topic(already_notified, topic, details)
